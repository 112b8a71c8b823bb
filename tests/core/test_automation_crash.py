"""kill -9 at chosen instants: a real child process runs agent runs back to back (a fresh world for each, recorded
as the app does) and is killed inside a tool's transaction, between an effect and its row, after a row but before
its commit, after the commit but before the head is recorded, inside a reset, inside a model step, or at a random
moment. After each kill, the next start finds the world's hash equal to the log's last hash, every row the child
saw committed, contiguous ids, a log that verifies against its head, a consistent business, and gives the run it
never ended an ``interrupted`` row."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from desktop.core.automation.audit import AuditLog, HeadFile
from desktop.core.automation.recovery import open_runs, recover
from desktop.core.automation.world import World

ROOT = Path(__file__).resolve().parents[2]
KEY = bytes(range(32))

CHILD = """
import sys, time
from pathlib import Path
from desktop.core.automation import handlers
from desktop.core.automation.agent import AgentRun, ApproveAll
from desktop.core.automation.audit import AuditLog, HeadFile
from desktop.core.automation.host_model import ScriptedModel
from desktop.core.automation.recovery import reset_recorded
from desktop.core.automation.world import World

folder, point = Path(sys.argv[1]), sys.argv[2]
world = World(folder / "automation.sqlite3")
log = AuditLog(world.path, bytes.fromhex(sys.argv[3]), HeadFile(folder / "elsewhere" / "heads.json"))


def mark(word):
    print(word, flush=True)
    if word == point:
        time.sleep(0.3)  # the parent kills inside this pause


real_notify = handlers._notify
def notify(db, *args):  # confirm and cancel: the booking is updated, the customer not yet told
    mark("IN_EFFECT")
    real_notify(db, *args)
handlers._notify = notify

real_insert = AuditLog._insert
def insert(self, db, values):
    mark("BEFORE_ROW")
    row = real_insert(self, db, values)
    mark("AFTER_ROW")  # inserted, not committed
    return row
AuditLog._insert = insert

real_committed = AuditLog.committed
def committed(self, row):
    mark("BEFORE_HEAD")  # committed, the head outside the log not yet recorded
    real_committed(self, row)
    print("ROW", row.id, flush=True)
AuditLog.committed = committed

real_objects = World._objects
def objects(self, *args, **kw):
    mark("IN_RESET")  # inside the reset's transaction
    return real_objects(self, *args, **kw)
World._objects = objects

real_next = ScriptedModel.next_call
def next_call(self, *args):
    mark("IN_MODEL")
    return real_next(self, *args)
ScriptedModel.next_call = next_call

HOLD = {"restaurant": "Trattoria Luna", "date": "2026-12-04", "time": "20:00", "party_size": 2, "customer_id": "C01"}
for n in range(10000):
    reset_recorded(world, log, run_id=f"run-{n}", result="A fresh world for the run.", level="run")
    model = ScriptedModel([
        ("hold_table", HOLD),
        ("write_note", {"request_id": "Q01", "text": f"note {n}"}),
        ("confirm_booking", {"booking_id": "B0017"}),
        ("draft_reply", {"request_id": "Q01", "text": "Your table is booked."}),
        ("send_message", {"customer_id": "C01", "text": "See you on Friday."}),
    ])
    AgentRun(world, log, model, ApproveAll(), "run", "Q01", run_id=f"run-{n}").run()
    print("RUN", n, flush=True)
"""


def _run_and_kill(folder: Path, point: str, nth: int, jitter: bool = False) -> list[int]:
    """Start the child; kill -9 it at the ``nth`` time it reaches ``point``; return the row ids it saw committed."""
    World.fresh(folder, name="automation.sqlite3").close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), point, KEY.hex()],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=str(ROOT),
    )  # fmt: skip
    committed: list[int] = []
    seen = 0
    try:
        assert child.stdout is not None
        for line in child.stdout:
            word, _, rest = line.strip().partition(" ")
            if word == "ROW":
                committed.append(int(rest))
            if word == point:
                seen += 1
                if seen == nth:
                    if jitter:
                        threading.Event().wait(random.uniform(0, 0.02))
                    os.kill(child.pid, signal.SIGKILL)
                    break
    finally:
        child.kill()
        _, err = child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL, err
    return committed


def _check_next_start(folder: Path, committed: list[int]) -> None:
    world = World(folder / "automation.sqlite3")
    log = AuditLog(world.path, KEY, HeadFile(folder / "elsewhere" / "heads.json"))
    try:
        rows = log.rows()
        ids = [r.id for r in rows]
        assert set(committed) <= set(ids), "a row the child saw committed is missing"
        assert ids == list(range(1, len(ids) + 1))
        verified = log.verify()
        assert verified.ok, verified.message
        assert world.consistency_problems() == []
        unfinished = open_runs(rows)
        report = recover(world, log)
        assert report.consistent, report.mismatch  # the world is the one the log last recorded
        assert report.world_hash == rows[-1].hash_after if rows else True
        assert [r.run_id for r in report.interrupted] == [run[0].run_id for run in unfinished]
        assert len(unfinished) <= 1 and open_runs(log.rows()) == []
        assert recover(world, log).interrupted == []  # said once
        assert log.verify().ok
    finally:
        log.close()
        world.close()


# Each run writes: reset, started, hold, note, confirm, draft, message, finish, ended (9 rows); the 3rd, 5th and
# 7th rows of a run record effects (a hold, a confirmation that notifies, a message).
POINTS = [
    ("IN_EFFECT", 2),  # inside confirm_booking's transaction: the booking is confirmed, the message not written
    ("BEFORE_ROW", 3),  # the hold is made, its row not yet inserted
    ("BEFORE_ROW", 14),  # the second run's confirmation is made, its row not yet inserted
    ("AFTER_ROW", 5),  # the confirmation's row inserted in its transaction, not committed
    ("AFTER_ROW", 16),  # the second run's message: its row inserted, not committed
    ("BEFORE_HEAD", 7),  # the message committed; the head outside the log one row behind
    ("IN_RESET", 6),  # inside the second run's fresh world reset
    ("IN_MODEL", 3),  # inside a model step: nothing to record but the run
]


@pytest.mark.slow
@pytest.mark.parametrize(("point", "nth"), POINTS, ids=[f"{p}-{n}" for p, n in POINTS])
def test_kill_at_a_chosen_instant_leaves_world_and_log_agreeing(tmp_path: Path, point: str, nth: int) -> None:
    committed = _run_and_kill(tmp_path, point, nth)
    assert committed, "the child committed nothing before the kill"
    _check_next_start(tmp_path, committed)


@pytest.mark.slow
def test_kill_at_random_instants(tmp_path: Path) -> None:
    for attempt in range(3):
        folder = tmp_path / f"try-{attempt}"
        committed = _run_and_kill(folder, "ROW", random.randint(5, 40), jitter=True)
        _check_next_start(folder, committed)
