"""FM Explorer: explore foundation models on your own machine, offline."""

__version__ = "0.1.0"
APP_NAME = "FM Explorer"
