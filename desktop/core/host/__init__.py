"""The model host: a child process that owns the llama.cpp model, so that llama.cpp aborting on a
bad file costs one error message, never the app. ``client`` runs in the app, ``server`` in the child."""
