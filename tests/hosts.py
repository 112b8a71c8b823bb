"""Driving a model host in tests: one way to load a model and wait for the result."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.core.host.client import HostProcess


def load_model(host: HostProcess, path: Path, **params: Any) -> dict[str, Any]:
    """Load ``path`` in a started host, skipping progress events; the load's result data."""
    rid = host.send("load", path=str(path), **params)
    while (event := host.read_event()) is not None and event["type"] == "progress":
        pass
    assert event is not None and event["id"] == rid and event["type"] == "result", event
    return dict(event["data"])
