"""The screenshot scripts (`make screenshots`): they take every picture the README shows, the pictures are
committed, and a picture whose state was never reached is not written but named (the script then exits 1)."""

from __future__ import annotations

import importlib
import re
import sys
import tempfile
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHOTS = "resources/screenshots/"


def script(name: str) -> ModuleType:
    """A module of ``scripts/`` (they are run as files, not installed as a package)."""
    if str(ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(ROOT / "scripts"))
    return importlib.import_module(name)


def readme_pictures() -> set[str]:
    """The README's pictures under resources/screenshots/, but the per-size folder (taken by ``--sizes``)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = set(re.findall(r"resources/screenshots/([\w/.-]+\.png)", text))
    return {name for name in found if not name.startswith("sizes/")}


def test_the_scripts_take_every_picture_the_readme_shows() -> None:
    shots = script("screenshots")
    taken = set(shots.ENGLISH) | set(shots.KOREAN) | set(shots.SERVER)
    shown = readme_pictures()
    assert shown, "the README shows no screenshot: the pattern is wrong"
    assert shown - taken == set(), "the README shows pictures no script takes"
    assert {"lessons.png", "ko/lessons.png", "vision-supervision.png", "compare-server.png"} <= taken


def test_every_picture_the_scripts_take_is_committed() -> None:
    shots = script("screenshots")
    for name in {**shots.ENGLISH, **shots.KOREAN, **shots.SERVER}:
        assert (ROOT / SHOTS / name).is_file(), name


def test_a_picture_whose_state_was_not_reached_is_named_not_written(
    make_window: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtGui import QImage

    (tmp_path / "temp").mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "temp"))  # what the window showed goes there, not /tmp
    shots = script("screenshots")
    window = make_window(start_host=False)
    window.resize(*shots.SIZE)
    taker = shots.Shots(window, tmp_path)
    assert not taker.take("not.png", False, "the run gave no tokens")
    assert not (tmp_path / "not.png").exists()
    assert taker.missing == ["not.png: the run gave no tokens"]
    assert (tmp_path / "temp" / "fm-shots-not-taken" / "not.png").is_file()  # what the window showed instead
    assert taker.take("ko/models.png", True)
    image = QImage(str(tmp_path / "ko" / "models.png"))
    assert (image.width(), image.height()) == shots.SIZE
