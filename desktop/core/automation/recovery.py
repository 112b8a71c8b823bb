"""What the next start finds after the app stopped: runs that never ended, and a world the log does not explain.

World and log share one file and every effect commits with its row, so after any crash (``kill -9`` included)
the world's hash is the one the log last recorded. :func:`recover` checks exactly that at open, and

- gives every run that has a ``started`` row but no ``ended`` row an ``interrupted`` row (the app stopped
  during it: killed, crashed, or the machine went down), saying after which step;
- says so, in words, when the world is not the one the log last recorded (changed by another program, or the
  log's rows were removed); :func:`repair` then puts the world back to the seed, with a row that records it.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.automation.audit import AuditLog, AuditRow
from desktop.core.automation.world import World, WorldError, seed_hash
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message

REPAIR_RUN = "repair"
OLDER_WORLD = QT_TRANSLATE_NOOP(
    "CoreAutomation", "The world was made by an older version of the app; it is back to the seed."
)


@dataclass
class OpenReport:
    """What :func:`recover` found and did."""

    world_hash: str
    logged_hash: str  # the hash the log last recorded (the seed's for an empty log)
    interrupted: list[AuditRow] = field(default_factory=list)  # the rows it wrote now, one per run
    mismatch: Message | None = None  # why the world is not the one the log last recorded; None if it is

    @property
    def consistent(self) -> bool:
        return self.mismatch is None


def _when(seconds: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(seconds))


def open_runs(rows: list[AuditRow]) -> list[list[AuditRow]]:
    """Each run that started and never ended (or was already marked interrupted), with its rows. A run with a
    fresh world (the default) begins with its ``reset`` row, then ``started``: any ``started`` row counts."""
    runs: dict[str, list[AuditRow]] = {}
    closed: set[str] = set()
    started: set[str] = set()
    for r in rows:
        runs.setdefault(r.run_id, []).append(r)
        if r.decision in ("ended", "interrupted"):
            closed.add(r.run_id)
        elif r.decision == "started":
            started.add(r.run_id)
    return [found for run_id, found in runs.items() if run_id in started and run_id not in closed]


def recover(world: World, log: AuditLog) -> OpenReport:
    """Check the world against the log, and record runs the app never ended. Call at open, before any run."""
    rows = log.rows()
    last = next((r for r in reversed(rows) if r.hash_after), None)
    logged = last.hash_after if last is not None else seed_hash()
    now = world.state_hash()
    report = OpenReport(now, logged)
    for run in open_runs(rows):
        first, final = next(r for r in run if r.decision == "started"), run[-1]
        report.interrupted.append(
            log.append(
                run_id=first.run_id,
                level=first.level,
                model=first.model,
                step=final.step,
                tool="",
                args={"last_row": final.id},
                risk="",
                decision="interrupted",
                decided_by="app",
                result=f"The app stopped during this run after step {final.step} (killed, crashed, or the machine "
                f"went down); nothing ran after row {final.id}.",
                hash_before=logged,
                hash_after=logged,
            )
        )
    if now != logged:
        if last is None:
            report.mismatch = message(
                QT_TRANSLATE_NOOP(
                    "CoreAutomation",
                    "The audit log has no rows, but the world is not the seed: it was changed outside the app, or "
                    "the log's rows were removed.",
                )
            )
        else:
            report.mismatch = message(
                QT_TRANSLATE_NOOP(
                    "CoreAutomation",
                    "The world is not the one the audit log last recorded (row {row}, {when}, world {logged}; now "
                    "{now}): it was changed outside the app, or rows were removed from the log.",
                ),
                row=last.id,
                when=_when(last.time),
                logged=logged[:12],
                now=now[:12],
            )
    return report


def reset_recorded(
    world: World, log: AuditLog, *, run_id: str, result: str, level: str = "", decided_by: str = "person"
) -> AuditRow:
    """Put the world back to the seed with a ``reset`` row that says why, in one transaction (a fresh world for a
    run, the Reset button, a repair)."""
    rows: list[AuditRow] = []

    def record(db: sqlite3.Connection, before: str, after: str) -> None:
        rows.append(
            log.write(
                db,
                run_id=run_id,
                level=level,
                tool="",
                args={},
                decision="reset",
                decided_by=decided_by,
                result=result,
                hash_before=before,
                hash_after=after,
            )
        )

    world.reset(record)
    log.committed(rows[-1])
    return rows[-1]


def repair(world: World, log: AuditLog) -> AuditRow:
    """The world is not the one the log last recorded: put it back to the seed, with a row that says so."""
    return reset_recorded(
        world, log, run_id=REPAIR_RUN,
        result="Repaired: the world was not the one the log last recorded; it is back to the seed.",
    )  # fmt: skip


@dataclass
class Opened:
    """The automation database, open: what :func:`open_automation` found, in words (``notes``) and in data."""

    world: World
    log: AuditLog
    report: OpenReport
    notes: list[Message] = field(default_factory=list)


def open_automation(path: Path, make_log: Callable[[], AuditLog]) -> Opened:
    """Open the database at ``path`` (world and log), or make it. One that cannot be opened as a world (damaged,
    emptied to 0 bytes) is moved aside, not overwritten, and a new one is started; a world an older version made
    is put back to the seed with a row; then :func:`recover`. ``make_log`` opens the log on ``path`` with its key
    and head file."""
    notes: list[Message] = []
    world: World | None = None
    if path.exists():
        try:
            world = World(path)
        except WorldError as exc:
            notes.append(_move_aside(path, exc))
    if world is None:
        world = World.fresh(path.parent, path.name)
    log = make_log()
    if not world.has_seed_schema():
        reset_recorded(world, log, run_id="upgrade", decided_by="app", result=message(OLDER_WORLD).english())
        notes.append(message(OLDER_WORLD))
    return Opened(world, log, recover(world, log), notes)


def _move_aside(path: Path, exc: WorldError) -> Message:
    aside = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
    for suffix in ("", "-wal", "-shm"):
        source = Path(str(path) + suffix)
        if source.exists():
            source.replace(Path(str(aside) + suffix))
    return message(
        QT_TRANSLATE_NOOP(
            "CoreAutomation",
            "The automation database could not be opened ({error}); it was moved to {path} and a new one started. "
            "Verify compares the new log with the head recorded before.",
        ),
        error=exc.text,
        path=str(aside),
    )
