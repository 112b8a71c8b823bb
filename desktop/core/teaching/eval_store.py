"""Evaluation results kept in SQLite: each run's two models, every output, and the person's blind votes.

One connection, used only on the service's worker thread. A run and its outputs are written in one
transaction, so a crash leaves a whole run or none."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY,
    created REAL NOT NULL,
    model_a TEXT NOT NULL,
    model_b TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS outputs (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    side TEXT NOT NULL CHECK (side IN ('a', 'b')),
    item_id TEXT NOT NULL,
    output TEXT NOT NULL,
    PRIMARY KEY (run_id, side, item_id)
);
CREATE TABLE IF NOT EXISTS votes (
    run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    item_id TEXT NOT NULL,
    winner TEXT NOT NULL CHECK (winner IN ('a', 'b', 'tie')),
    PRIMARY KEY (run_id, item_id)
);
"""


class EvalStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(str(path), isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA foreign_keys=ON")
        self.db.executescript(SCHEMA)

    def save_run(self, model_a: str, model_b: str, outputs: dict[str, dict[str, str]]) -> int:
        """A finished run: ``outputs`` is side ("a", "b") -> item id -> text. Returns the run's id."""
        with self.db:
            self.db.execute("BEGIN")
            cur = self.db.execute(
                "INSERT INTO runs (created, model_a, model_b) VALUES (?, ?, ?)", (time.time(), model_a, model_b)
            )
            run_id = int(cur.lastrowid or 0)
            self.db.executemany(
                "INSERT INTO outputs VALUES (?, ?, ?, ?)",
                [(run_id, side, item, text) for side, texts in outputs.items() for item, text in texts.items()],
            )
        return run_id

    def vote(self, run_id: int, item_id: str, winner: str) -> None:
        self.db.execute("INSERT OR REPLACE INTO votes VALUES (?, ?, ?)", (run_id, item_id, winner))

    def run(self, run_id: int) -> dict[str, Any] | None:
        row = self.db.execute("SELECT created, model_a, model_b FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            return None
        outputs: dict[str, dict[str, str]] = {"a": {}, "b": {}}
        for side, item, text in self.db.execute(
            "SELECT side, item_id, output FROM outputs WHERE run_id = ?", (run_id,)
        ):
            outputs[side][item] = text
        votes = dict(self.db.execute("SELECT item_id, winner FROM votes WHERE run_id = ?", (run_id,)).fetchall())
        return {
            "id": run_id,
            "created": row[0],
            "model_a": row[1],
            "model_b": row[2],
            "outputs": outputs,
            "votes": votes,
        }

    def close(self) -> None:
        self.db.close()
