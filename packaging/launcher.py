"""The frozen app's entry point: the same ``desktop.app.main`` as ``fm-explorer``, which also serves
``--model-host`` when the app re-runs itself as its model host."""

import sys

from desktop.app import main

if __name__ == "__main__":
    sys.exit(main())
