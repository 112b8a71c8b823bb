"""Run history storage: damaged files are moved aside, unwritable folders keep history in memory, and a
comparison is saved and exported with its run."""

from __future__ import annotations

import json
import os
import sqlite3
from pathlib import Path

import pytest

from desktop.core.store import RunStore, is_corrupt, to_markdown


def a_run(prompt: str = "The capital of France is", **extra: object) -> dict[str, object]:
    return {
        "created": 1.0,
        "mode": "completion",
        "model": "SmolLM2",
        "prompt": prompt,
        "output": " Paris",
        "settings": {"temperature": 0.0},
        "metrics": {"ttft_s": 0.05, "gen_tps": 50.0, "n_generated": 1},
        "tokens": [{"token": 1, "text": " Paris", "p": 0.9, "t": 0.05, "alts": [[1, " Paris", 0.9]]}],
        **extra,
    }


def test_a_file_of_random_bytes_is_moved_aside_and_a_fresh_history_starts(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    junk = os.urandom(16384)
    path.write_bytes(junk)
    (tmp_path / "history.sqlite3-wal").write_bytes(b"stale")  # must not be replayed into the new file
    store = RunStore(path)
    try:
        assert store.moved_aside is not None and store.moved_aside.name.startswith("history.sqlite3.corrupt-")
        assert store.moved_aside.read_bytes() == junk  # kept, for whoever wants to rescue it
        assert Path(f"{store.moved_aside}-wal").read_bytes() == b"stale"
        notices = store.take_notices()
        assert len(notices) == 1 and str(store.moved_aside) in str(notices[0].message)
        assert store.take_notices() == []  # said once
        run_id = store.save(a_run())
        assert store.get(run_id)["output"] == " Paris"  # type: ignore[index]
        assert not store.in_memory and store.note == ""
    finally:
        store.close()
    again = RunStore(path)  # the next start is quiet
    assert again.take_notices() == [] and len(again.list()) == 1
    again.close()


def test_damage_inside_a_valid_file_is_found_at_open(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = RunStore(path)
    for i in range(50):
        store.save(a_run(f"prompt {i} " + "x" * 2000))
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[2 * page : 4 * page] = b"\xff" * (2 * page)  # the header stays valid, two pages are garbage
    path.write_bytes(bytes(data))
    store = RunStore(path)
    try:
        assert store.moved_aside is not None
        assert store.list() == []
        assert len(store.take_notices()) == 1
    finally:
        store.close()


def test_a_folder_that_cannot_be_created_keeps_history_in_memory(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    store = RunStore(blocker / "history.sqlite3")
    try:
        assert store.in_memory and "cannot be written" in str(store.note)
        notices = store.take_notices()
        assert len(notices) == 1 and str(blocker) in str(notices[0].message)
        run_id = store.save(a_run())
        store.update(run_id, a_run(compare={"model": "Gemma", "output": " a"}))
        assert [r.id for r in store.list()] == [run_id]
        assert store.get(run_id)["compare"]["model"] == "Gemma"  # type: ignore[index]
        assert store.take_notices() == []
    finally:
        store.close()


def test_unable_to_open_the_database_file_keeps_history_in_memory(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    path.mkdir()  # SQLite: "unable to open database file", as in a folder without write permission
    store = RunStore(path)
    try:
        assert store.in_memory
        assert "unable to open database file" in str(store.take_notices()[0].message)
        store.save(a_run())
        assert len(store.list()) == 1
    finally:
        store.close()


def test_runs_saved_before_are_still_listed_when_the_file_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.sqlite3"
    store = RunStore(path)
    store.save(a_run("saved yesterday"))
    store.close()

    def unwritable(self: RunStore) -> sqlite3.Connection:  # the fault: a read-only folder
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(RunStore, "_open_file", unwritable)
    store = RunStore(path)
    try:
        assert store.in_memory
        assert [r.title for r in store.list()] == ["saved yesterday"]
        assert "1 runs saved before are shown" in str(store.take_notices()[0].message)
        assert path.exists() and store.moved_aside is None  # an unwritable file is not damaged: left alone
    finally:
        store.close()


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores file permissions")
def test_a_read_only_folder_keeps_history_in_memory(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    store = RunStore(folder / "history.sqlite3")
    store.save(a_run("before"))
    store.close()
    folder.chmod(0o555)
    try:
        store = RunStore(folder / "history.sqlite3")
        assert store.in_memory and [r.title for r in store.list()] == ["before"]
        store.save(a_run("after"))
        assert len(store.list()) == 2
        store.close()
    finally:
        folder.chmod(0o755)


def test_update_replaces_a_saved_run_and_markdown_holds_the_comparison(tmp_path: Path) -> None:
    store = RunStore(tmp_path / "history.sqlite3")
    try:
        run = a_run(mode="chat", messages=[{"role": "user", "content": "Hi"}])
        run["settings"] = {"chat_format": "template"}
        run_id = store.save(run)
        compare = {
            "model": "Gemma 3 270m",
            "chat_format": "gemma",
            "output": " Bonjour",
            "tokens": [{"token": 2, "text": " Bonjour", "p": 0.5, "alts": [[2, " Bonjour", 0.5]]}],
            "metrics": {"ttft_s": 0.1, "gen_tps": 20.0, "n_generated": 1},
            "stop_reason": "eos",
        }
        store.update(run_id, {**run, "compare": compare})
        saved = store.get(run_id)
        assert saved is not None and saved["compare"] == compare and len(store.list()) == 1
    finally:
        store.close()
    text = to_markdown(saved)
    assert "- chat_format: template" in text
    assert "## Compared with Gemma 3 270m" in text and "- chat_format: gemma" in text
    assert " Bonjour" in text.split("## Compared with")[1]
    assert json.loads(json.dumps(saved))["compare"]["output"] == " Bonjour"


def test_is_corrupt_tells_damage_from_other_errors() -> None:
    assert is_corrupt(sqlite3.DatabaseError("file is not a database"))
    assert not is_corrupt(sqlite3.OperationalError("unable to open database file"))
    assert not is_corrupt(OSError("disk full"))


def test_a_history_file_of_an_older_version_gains_how_each_run_ended(tmp_path: Path) -> None:
    """Files made before runs kept their ending in a column of their own open, keep their runs, and list
    new runs with how they ended (the History list marks a stopped run)."""
    path = tmp_path / "history.sqlite3"
    old = sqlite3.connect(str(path))
    old.executescript(
        "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, created REAL NOT NULL, kind TEXT NOT NULL, "
        "title TEXT NOT NULL, model TEXT NOT NULL, data TEXT NOT NULL);"
    )
    old.execute("INSERT INTO runs (created, kind, title, model, data) VALUES (1.0, 'completion', 'old', 'm', '{}')")
    old.commit()
    old.close()
    store = RunStore(path)
    try:
        store.save({"prompt": "stopped", "model": "m", "stop_reason": "cancelled", "created": 2.0})
        store.save({"prompt": "finished", "model": "m", "stop_reason": "length", "created": 3.0})
        listed = store.list()
        assert [(r.title, r.ended) for r in listed] == [("finished", "length"), ("stopped", "cancelled"), ("old", "")]
        store.update(listed[1].id, {"prompt": "stopped", "model": "m", "stop_reason": "closed"})
        assert store.list()[1].ended == "closed"
    finally:
        store.close()
