"""SQLite persistence of runs (completion history). One connection, used by one thread.

History never stops the app: a damaged database file is moved aside (``history.sqlite3.corrupt-<time>``)
and a fresh one started; a folder that cannot be written keeps history in memory for this session
(with the runs already saved there, when they can be read). Either way ``notices`` holds one message
for the person, and ``note`` a line to show beside the history while it lasts."""

from __future__ import annotations

import contextlib
import json
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from desktop.core.cut import cut, one_line
from desktop.core.json_slices import dumps_in_slices
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message

SCHEMA = """
CREATE TABLE IF NOT EXISTS runs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created REAL NOT NULL,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    model TEXT NOT NULL,
    data TEXT NOT NULL,
    ended TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS runs_created ON runs (created DESC);
"""

T = TypeVar("T")


def create_tables(db: sqlite3.Connection) -> None:
    """The schema, where it is missing; a file of an older version gains the columns added since."""
    db.executescript(SCHEMA)
    if "ended" not in {row[1] for row in db.execute("PRAGMA table_info(runs)")}:
        db.execute("ALTER TABLE runs ADD COLUMN ended TEXT NOT NULL DEFAULT ''")


# SQLite's primary result codes for a damaged file (sqlite3.SQLITE_CORRUPT / SQLITE_NOTADB from 3.11).
_CORRUPT_CODES = {11, 26}


@dataclass(frozen=True)
class RunSummary:
    id: int
    created: float
    kind: str
    title: str
    model: str
    ended: str = ""  # the run's stop_reason: "cancelled", "closed" and "error" are shown in the list


@dataclass(frozen=True)
class Notice:
    """Something the person should hear about once: a title and a message they can act on (translatable
    Messages, context "CoreHistory": show them through desktop.i18n.translate_message / error_text)."""

    title: str | Message
    message: str | Message
    details: str = ""


def is_corrupt(exc: BaseException) -> bool:
    """The database file itself is damaged (as opposed to locked, read-only or missing)."""
    if not isinstance(exc, sqlite3.DatabaseError):
        return False
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return (code & 0xFF) in _CORRUPT_CODES
    text = str(exc).lower()
    return "not a database" in text or "malformed" in text


def _not_sqlite(path: Path) -> bool:
    """A file is there, and it does not start as every SQLite database does."""
    if not path.is_file():
        return False
    with path.open("rb") as f:
        head = f.read(16)
    return bool(head) and head != b"SQLite format 3\x00"


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    code = getattr(exc, "sqlite_errorcode", None)
    if isinstance(code, int):
        return (code & 0xFF) in (5, 6)  # SQLITE_BUSY, SQLITE_LOCKED
    return "locked" in str(exc).lower()


class RunStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.in_memory = False
        self.moved_aside: Path | None = None
        self.note: str | Message = ""  # a line to show beside the history while it is not saved to disk
        self.notices: list[Notice] = []
        self.db = self._open()

    # -- opening -----------------------------------------------------------------------------------
    def _open(self) -> sqlite3.Connection:
        try:
            if _not_sqlite(self.path):  # before SQLite opens it: closing, it would delete the journal files
                self._move_aside()
            return self._open_file()
        except sqlite3.DatabaseError as exc:
            if not is_corrupt(exc):
                return self._open_memory(exc)
            try:
                self._move_aside()
                return self._open_file()
            except (OSError, sqlite3.Error) as again:
                return self._open_memory(again)
        except OSError as exc:
            return self._open_memory(exc)

    def _open_file(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(str(self.path))
        try:
            create_tables(db)
            db.execute("PRAGMA journal_mode=WAL")
            row = db.execute("PRAGMA quick_check(1)").fetchone()
            if row is None or row[0] != "ok":
                raise sqlite3.DatabaseError(f"database disk image is malformed ({row[0] if row else 'no answer'})")
            # Reading works in a folder that cannot be written; writing then fails on the first save.
            # Take the write lock once, now, so that the person hears about it before a run is lost.
            try:
                db.execute("BEGIN IMMEDIATE")
                db.execute("ROLLBACK")
            except sqlite3.OperationalError as exc:
                if not _is_busy(exc):  # another connection writing now is no reason to leave the file
                    raise
        except BaseException:
            db.close()
            raise
        return db

    def _move_aside(self) -> None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        n = 1
        while aside.exists():
            n += 1
            aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}-{n}")
        self.path.replace(aside)
        for suffix in ("-wal", "-shm", "-journal"):  # a stale journal must never be replayed into the new file
            side = self.path.with_name(self.path.name + suffix)
            if side.exists():
                side.replace(aside.with_name(aside.name + suffix))
        self.moved_aside = aside
        self.notices.append(
            Notice(
                message(QT_TRANSLATE_NOOP("CoreHistory", "History was damaged")),
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreHistory",
                        "The history file could not be read, so it was moved aside to {path} and a new, empty "
                        "history was started. Runs from now on are saved as before.",
                    ),
                    path=str(aside),
                ),
            )
        )

    def _open_memory(self, exc: BaseException) -> sqlite3.Connection:
        """Keep history for this session only, starting from what the file holds if it can be read."""
        self.in_memory = True
        folder = self.path.parent
        db = sqlite3.connect(":memory:")
        kept = 0
        if self.path.is_file():
            with contextlib.suppress(sqlite3.Error, OSError):
                source = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
                try:
                    source.backup(db)
                finally:
                    source.close()
        try:
            create_tables(db)
            kept = int(db.execute("SELECT COUNT(*) FROM runs").fetchone()[0])
        except sqlite3.DatabaseError:  # a copy of a damaged file: start empty
            db.close()
            db = sqlite3.connect(":memory:")
            create_tables(db)
        self.note = message(
            QT_TRANSLATE_NOOP(
                "CoreHistory", "History is not saved: {folder} cannot be written. Runs are kept until you quit."
            ),
            folder=str(folder),
        )
        if kept:
            text = QT_TRANSLATE_NOOP(
                "CoreHistory",
                "The history in {folder} cannot be written ({error}). The app keeps working, and this session's "
                "runs stay in the list until you quit. The {kept} runs saved before are shown. Make the folder "
                "writable to save them again.",
            )
        else:
            text = QT_TRANSLATE_NOOP(
                "CoreHistory",
                "The history in {folder} cannot be written ({error}). The app keeps working, and this session's "
                "runs stay in the list until you quit. Make the folder writable to save them again.",
            )
        self.notices.append(
            Notice(
                message(QT_TRANSLATE_NOOP("CoreHistory", "History is not saved")),
                message(text, folder=str(folder), error=f"{type(exc).__name__}: {exc}", kept=kept),
            )
        )
        return db

    def take_notices(self) -> list[Notice]:
        notices, self.notices = self.notices, []
        return notices

    def _guard(self, fn: Callable[[], T]) -> T:
        """Run ``fn``; if the file turns out to be damaged now, move it aside, start afresh, run it again."""
        try:
            return fn()
        except sqlite3.DatabaseError as exc:
            if not is_corrupt(exc) or self.in_memory:
                raise
            with contextlib.suppress(sqlite3.Error):
                self.db.close()
            try:
                self._move_aside()
                self.db = self._open_file()
            except (OSError, sqlite3.Error) as again:
                self.db = self._open_memory(again)
            return fn()

    # -- runs --------------------------------------------------------------------------------------
    def save(self, run: dict[str, Any], kind: str = "completion") -> int:
        def insert() -> int:
            cur = self.db.execute(
                "INSERT INTO runs (created, kind, title, model, data, ended) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    run.get("created", time.time()),
                    kind,
                    run_title(run),
                    str(run.get("model", "")),
                    _dump(run),
                    str(run.get("stop_reason", "")),
                ),
            )
            self.db.commit()
            return int(cur.lastrowid or 0)

        return self._guard(insert)

    def update(self, run_id: int, run: dict[str, Any]) -> None:
        """Replace a saved run's data (a comparison that finished after its run was saved)."""

        def write() -> None:
            self.db.execute(
                "UPDATE runs SET title = ?, model = ?, data = ?, ended = ? WHERE id = ?",
                (run_title(run), str(run.get("model", "")), _dump(run), str(run.get("stop_reason", "")), run_id),
            )
            self.db.commit()

        self._guard(write)

    def list(self, kind: str = "completion", limit: int = 500) -> list[RunSummary]:
        rows = self._guard(
            lambda: self.db.execute(
                "SELECT id, created, kind, title, model, ended FROM runs WHERE kind = ? ORDER BY created DESC LIMIT ?",
                (kind, limit),
            ).fetchall()
        )
        return [RunSummary(*row) for row in rows]

    def get(self, run_id: int) -> dict[str, Any] | None:
        row = self._guard(lambda: self.db.execute("SELECT data FROM runs WHERE id = ?", (run_id,)).fetchone())
        if row is None:
            return None
        data: dict[str, Any] = json.loads(row[0])
        data["id"] = run_id
        return data

    def delete(self, run_id: int) -> None:
        def remove() -> None:
            self.db.execute("DELETE FROM runs WHERE id = ?", (run_id,))
            self.db.commit()

        self._guard(remove)

    def close(self) -> None:
        self.db.close()


def _dump(run: dict[str, Any]) -> str:
    # In slices: a flooded run's record is megabytes, and one json.dumps call would hold the window's thread.
    return dumps_in_slices({k: v for k, v in run.items() if k not in ("id", "saved")})


def run_title(run: dict[str, Any]) -> str:
    if run.get("mode") == "chat" and run.get("messages"):
        source = str(run["messages"][-1].get("content", ""))
    else:
        source = str(run.get("prompt", ""))
    return cut(one_line(source), 60, note="…")[0] or "(empty)"


def _fmt(value: Any, unit: str, scale: float = 1.0, digits: int = 1) -> str:
    return f"{value * scale:.{digits}f} {unit}" if isinstance(value, (int, float)) else "–"


def _speed(m: dict[str, Any]) -> list[str]:
    return [
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


def _tokens(tokens: list[dict[str, Any]]) -> list[str]:
    if not tokens:
        return []
    lines = ["| # | token | probability | top alternatives |", "| --- | --- | --- | --- |"]
    for i, t in enumerate(tokens):
        alts = ", ".join(f"{a[1]!r} {a[2]:.1%}" for a in (t.get("alts") or [])[:3])
        lines.append(f"| {i} | {t.get('text', '')!r} | {t.get('p', 0):.1%} | {alts} |")
    return [*lines, ""]


def to_markdown(run: dict[str, Any]) -> str:
    """A run as a readable Markdown document, with the comparison that ran beside it, if any."""
    s = run.get("settings") or {}
    lines = [f"# {run_title(run)}", "", f"- Model: {run.get('model', '')}", f"- Mode: {run.get('mode', '')}"]
    lines += [f"- {k}: {v}" for k, v in s.items()]
    if run.get("stop_reason"):
        lines.append(f"- Ended: {run['stop_reason']}")
    lines += ["", "## Speed", "", *_speed(run.get("metrics") or {})]
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
        lines += ["## Tokens", "", *_tokens(tokens)]
    compare = run.get("compare")
    if isinstance(compare, dict):
        lines += [f"## Compared with {compare.get('model', '')}", "", "The same prompt and sampling settings.", ""]
        if compare.get("chat_format"):
            lines.append(f"- chat_format: {compare['chat_format']}")
        lines += [f"- Ended: {compare.get('stop_reason', '') or '–'}", ""]
        if compare.get("error"):
            lines += [f"The comparison did not finish: {compare['error']}", ""]
        lines += ["### Output", "", "```text", str(compare.get("output", "")), "```", ""]
        lines += ["### Speed", "", *_speed(compare.get("metrics") or {})]
        if compare.get("tokens"):
            lines += ["### Tokens", "", *_tokens(compare["tokens"])]
    return "\n".join(lines).rstrip("\n") + "\n"
