"""SQLite persistence of runs (completion history). One connection, used by one thread."""

from __future__ import annotations

import json
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created REAL NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    model TEXT NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS runs_created ON runs (created DESC);
"""


@dataclass(frozen=True)
class RunSummary:
    id: int
    created: float
    kind: str
    title: str
    model: str


class RunStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.db = sqlite3.connect(str(path))
        self.db.executescript(SCHEMA)
        self.db.execute("PRAGMA journal_mode=WAL")

    def save(self, run: dict[str, Any], kind: str = "completion") -> int:
        title = run_title(run)
        cur = self.db.execute(
            "INSERT INTO runs (created, kind, title, model, data) VALUES (?, ?, ?, ?, ?)",
            (run.get("created", time.time()), kind, title, str(run.get("model", "")), json.dumps(run)),
        )
        self.db.commit()
        return int(cur.lastrowid or 0)

    def list(self, kind: str = "completion", limit: int = 500) -> list[RunSummary]:
        rows = self.db.execute(
            "SELECT id, created, kind, title, model FROM runs WHERE kind = ? ORDER BY created DESC LIMIT ?",
            (kind, limit),
        ).fetchall()
        return [RunSummary(*row) for row in rows]

    def get(self, run_id: int) -> dict[str, Any] | None:
        row = self.db.execute("SELECT data FROM runs WHERE id = ?", (run_id,)).fetchone()
        if row is None:
            return None
        data: dict[str, Any] = json.loads(row[0])
        data["id"] = run_id
        return data

    def delete(self, run_id: int) -> None:
        self.db.execute("DELETE FROM runs WHERE id = ?", (run_id,))
        self.db.commit()

    def close(self) -> None:
        self.db.close()


def run_title(run: dict[str, Any]) -> str:
    if run.get("mode") == "chat" and run.get("messages"):
        source = str(run["messages"][-1].get("content", ""))
    else:
        source = str(run.get("prompt", ""))
    line = " ".join(source.split())
    return (line[:60] + "…") if len(line) > 60 else (line or "(empty)")


def _fmt(value: Any, unit: str, scale: float = 1.0, digits: int = 1) -> str:
    return f"{value * scale:.{digits}f} {unit}" if isinstance(value, (int, float)) else "–"


def to_markdown(run: dict[str, Any]) -> str:
    """A run as a readable Markdown document."""
    m = run.get("metrics") or {}
    s = run.get("settings") or {}
    lines = [f"# {run_title(run)}", "", f"- Model: {run.get('model', '')}", f"- Mode: {run.get('mode', '')}"]
    lines += [f"- {k}: {v}" for k, v in s.items()]
    lines += [
        "",
        "## Speed",
        "",
        "| figure | value |",
        "| --- | --- |",
        f"| time to first token | {_fmt(m.get('ttft_s'), 'ms', 1000)} |",
        f"| time per output token | {_fmt(m.get('tpot_s'), 'ms', 1000)} |",
        f"| prompt tokens/s | {_fmt(m.get('prompt_tps'), 'tok/s')} |",
        f"| generation tokens/s | {_fmt(m.get('gen_tps'), 'tok/s')} |",
        f"| prompt tokens | {m.get('n_prompt', '–')} |",
        f"| generated tokens | {m.get('n_generated', '–')} |",
        "",
    ]
    if run.get("mode") == "chat":
        lines += ["## Conversation", ""]
        for msg in run.get("messages", []):
            lines += [f"**{msg.get('role', '')}**: {msg.get('content', '')}", ""]
        lines += [f"**assistant**: {run.get('output', '')}", ""]
    else:
        lines += ["## Prompt", "", "```text", str(run.get("prompt", "")), "```", ""]
        lines += ["## Output", "", "```text", str(run.get("output", "")), "```", ""]
    tokens = run.get("tokens") or []
    if tokens:
        lines += ["## Tokens", "", "| # | token | probability | top alternatives |", "| --- | --- | --- | --- |"]
        for i, t in enumerate(tokens):
            alts = ", ".join(f"{a[1]!r} {a[2]:.1%}" for a in (t.get("alts") or [])[:3])
            lines.append(f"| {i} | {t.get('text', '')!r} | {t.get('p', 0):.1%} | {alts} |")
    return "\n".join(lines) + "\n"
