"""HistoryService: damaged or unwritable history is reported once through the message bridge, and the
app keeps saving runs."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.store import RunStore
from desktop.services.history_service import HistoryService
from desktop.services.messages import bridge


@pytest.fixture
def errors() -> Iterator[list[tuple[str, str, str]]]:
    """What the message bridge was asked to show as errors during the test."""
    seen: list[tuple[str, str, str]] = []

    def record(title: str, message: str, details: str) -> None:
        seen.append((title, message, details))

    bridge().error.connect(record)
    yield seen
    bridge().error.disconnect(record)


def test_a_corrupt_database_is_moved_aside_reported_once_and_runs_are_saved_again(
    qtbot: QtBot, tmp_path: Path, errors: list[tuple[str, str, str]]
) -> None:
    path = tmp_path / "history.sqlite3"
    path.write_bytes(os.urandom(8192))
    service = HistoryService(path)
    try:
        with qtbot.waitSignal(service.changed, timeout=10000):
            service.save({"created": 1.0, "mode": "completion", "prompt": "Hi", "output": "!"})
        qtbot.waitUntil(lambda: len(errors) == 1, timeout=5000)
        with qtbot.waitSignal(service.changed, timeout=10000):
            service.refresh()
        qtbot.wait(100)
    finally:
        service.shutdown()
    asides = list(tmp_path.glob("history.sqlite3.corrupt-*"))
    assert len(asides) == 1
    assert len(errors) == 1 and str(asides[0]) in errors[0][1]  # once, saying where the old file went
    assert service.note == ""
    store = RunStore(path)
    assert [r.title for r in store.list()] == ["Hi"]
    store.close()


def test_an_unwritable_folder_is_said_once_and_shown_as_a_note(
    qtbot: QtBot, tmp_path: Path, errors: list[tuple[str, str, str]]
) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("not a folder")
    service = HistoryService(blocker / "history.sqlite3")
    lists: list[list[str]] = []
    service.changed.connect(lambda runs: lists.append([r.title for r in runs]))
    try:
        qtbot.waitUntil(lambda: lists == [[]] and "cannot be written" in service.note, timeout=10000)
        saved: list[int] = []
        handle = service.save({"created": 1.0, "mode": "completion", "prompt": "Hi"}, on_saved=saved.append)
        qtbot.waitUntil(lambda: len(lists) == 2, timeout=10000)
        assert lists[-1] == ["Hi"] and saved == [handle.id]
        service.update(handle, {"created": 1.0, "mode": "completion", "prompt": "Hi again"})
        qtbot.waitUntil(lambda: len(lists) == 3, timeout=10000)
        assert lists[-1] == ["Hi again"]
        qtbot.wait(100)
    finally:
        service.shutdown()
    assert len(errors) == 1 and errors[0][0] == "History is not saved"


def test_export_writes_markdown_and_json_off_the_gui_thread_and_says_when_it_cannot(
    qtbot: QtBot, tmp_path: Path, errors: list[tuple[str, str, str]]
) -> None:
    import json
    import threading

    run = {"created": 1.0, "mode": "completion", "prompt": "Hi", "output": "!", "tokens": [], "metrics": {}}
    service = HistoryService(tmp_path / "history.sqlite3")
    done: list[Path] = []
    threads: list[str] = []
    original = service.worker.submit

    def spy(fn: object, *args: object, **kwargs: object) -> object:
        def job() -> object:
            threads.append(threading.current_thread().name)
            return fn(*args)  # type: ignore[operator]

        return original(job, **kwargs)  # type: ignore[arg-type]

    service.worker.submit = spy  # type: ignore[method-assign]
    try:
        service.export(run, tmp_path / "run.md", "md", done.append)
        service.export(run, tmp_path / "run.json", "json", done.append)
        qtbot.waitUntil(lambda: len(done) == 2, timeout=10000)
        assert done == [tmp_path / "run.md", tmp_path / "run.json"]
        assert "Hi" in (tmp_path / "run.md").read_text() and json.loads((tmp_path / "run.json").read_text()) == run
        assert threads == ["history", "history"]  # the history's own thread, not the GUI's
        (tmp_path / "folder").mkdir()
        service.export(run, tmp_path / "folder", "md", done.append)  # a folder where the file should go
        qtbot.waitUntil(lambda: len(errors) == 1, timeout=10000)
        assert errors[0][0] == "Could not export the run" and len(done) == 2
        assert [p.name for p in tmp_path.iterdir() if ".tmp" in p.name] == []  # nothing half-written left
    finally:
        service.shutdown()
