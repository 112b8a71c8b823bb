"""A run's record as JSON in slices: the same text as ``json.dumps``, and the interpreter's lock free
between slices, so the window's thread runs while the history's thread writes a flooded run."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

from desktop.core.json_slices import dumps_in_slices
from desktop.core.store import RunStore


def flooded_run(n: int = 8192, chars: int = 1000) -> dict[str, Any]:
    text = "0123456789" * (chars // 10)
    tokens = [{"token": -1, "text": text, "p": None, "t": i / 1000, "alts": []} for i in range(n)]
    return {"mode": "completion", "prompt": "Flood", "output": "".join(t["text"] for t in tokens), "tokens": tokens}


def test_the_text_is_json_dumps_own() -> None:
    run = flooded_run(300, 10)
    run["output"] = ('한국어 "quoted" \\ \n\t \u202e \U0001f600 ' * 5000)[:200_000]  # escapes, bidi, non-BMP
    run["messages"] = [{"role": "user", "content": "hi"}] * 100
    run["metrics"] = {"n": 1, "x": None, "ok": True, "f": 0.1}
    run["empty"] = []
    assert dumps_in_slices(run) == json.dumps(run)
    assert json.loads(dumps_in_slices(run)) == run


def test_the_interpreter_lock_is_free_while_a_flooded_run_is_written(tmp_path: Any) -> None:
    """Another thread writes a flooded run's 16 MB record; this thread keeps running meanwhile. (With one
    ``json.dumps`` call it does not run at all until the dump is over: the C encoder holds the lock.)"""
    run = flooded_run()
    begun, done = threading.Event(), threading.Event()
    texts: list[str] = []

    def write() -> None:
        begun.set()
        texts.append(dumps_in_slices(run))
        done.set()

    worker = threading.Thread(target=write)
    worker.start()
    begun.wait()
    during = 0
    while not done.is_set():
        during += 1  # each pass needs the lock
        time.sleep(0.0005)
    worker.join()
    assert json.loads(texts[0]) == run
    assert during >= 6, during  # 2 with one json.dumps call: before it starts, and after it ends


def test_the_history_writes_the_same_record_it_reads(tmp_path: Any) -> None:
    store = RunStore(tmp_path / "history.sqlite3")
    run = flooded_run(200)
    run_id = store.save(run)
    assert store.get(run_id) is not None and store.get(run_id)["tokens"] == run["tokens"]  # type: ignore[index]
    store.close()
