"""The audit log on real SQLite: append-only, the hash chain finds a changed row, exports, and crash safety:
a child process killed with SIGKILL in the middle of many tool calls and audit appends loses no committed row and
leaves the world exactly as after its last whole call."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.core.automation import tools
from desktop.core.automation.audit import GENESIS, AuditError, AuditLog, AuditRow
from desktop.core.automation.world import World

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def audit(tmp_path: Path) -> Iterator[AuditLog]:
    log = AuditLog(tmp_path / "audit.sqlite3")
    yield log
    log.close()


def add(log: AuditLog, step: int, **kw: Any) -> AuditRow:
    values: dict[str, Any] = {
        "run_id": "run-1", "level": "walk", "model": "SmolLM2", "step": step, "tool": "hold_table",
        "args": {"restaurant": "Seoul Garden", "party_size": 4, "note": "창가 자리"}, "risk": "medium",
        "decision": "auto", "decided_by": "policy", "result": "Held table 2", "error": "", "duration_ms": 12.5,
        "hash_before": "a" * 64, "hash_after": "b" * 64,
    }  # fmt: skip
    values.update(kw)
    return log.append(**values)


def raw(log: AuditLog) -> sqlite3.Connection:
    """A second connection to the file: another program, or someone with the file."""
    return sqlite3.connect(str(log.path), isolation_level=None)


def test_append_and_read_back(audit: AuditLog) -> None:
    first = add(audit, 1, undo_token="hold_table:B0017")
    second = add(audit, 2, run_id="run-2", decision="blocked", decided_by="requester_only", error="Blocked")
    assert (first.id, second.id) == (1, 2)
    assert first.prev_hash == GENESIS and second.prev_hash == first.row_hash
    rows = audit.rows()
    assert rows == [first, second]
    assert rows[0].args == {"restaurant": "Seoul Garden", "party_size": 4, "note": "창가 자리"}
    assert rows[0].undo_token == "hold_table:B0017" and rows[0].duration_ms == 12.5
    assert audit.rows("run-2") == [second] and audit.rows(limit=1) == [second]
    assert audit.runs() == ["run-1", "run-2"]
    assert audit.verify().ok and audit.verify().rows == 2
    with pytest.raises(AuditError, match="Unknown audit decision"):
        add(audit, 3, decision="maybe")
    assert len(audit.rows()) == 2


def test_rows_survive_reopening_and_the_file_is_wal_full(tmp_path: Path) -> None:
    log = AuditLog(tmp_path / "a.sqlite3")
    row = add(log, 1)
    assert log._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert log._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL: durable when append returns
    log.close()
    again = AuditLog(tmp_path / "a.sqlite3")
    try:
        assert again.rows() == [row]
        assert add(again, 2).prev_hash == row.row_hash
        assert again.verify().ok
    finally:
        again.close()


def test_update_and_delete_are_refused(audit: AuditLog) -> None:
    add(audit, 1)
    add(audit, 2)
    other = raw(audit)
    try:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            other.execute("UPDATE audit SET decision = 'approved' WHERE id = 1")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            other.execute("DELETE FROM audit WHERE id = 2")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            other.execute("DELETE FROM audit")
    finally:
        other.close()
    assert len(audit.rows()) == 2 and audit.verify().ok


def _tamper(log: AuditLog, *sql: str) -> None:
    """Someone with the file drops the triggers and edits it."""
    other = raw(log)
    try:
        other.execute("DROP TRIGGER audit_no_update")
        other.execute("DROP TRIGGER audit_no_delete")
        for statement in sql:
            other.execute(statement)
    finally:
        other.close()


@pytest.mark.parametrize(
    ("statement", "bad_row", "words"),
    [
        ("UPDATE audit SET decision = 'approved', decided_by = 'person' WHERE id = 3", 3, "changed"),
        ("UPDATE audit SET args = '{\"amount\":5}' WHERE id = 2", 2, "changed"),
        ("UPDATE audit SET hash_after = 'c' WHERE id = 4", 4, "changed"),
        ("UPDATE audit SET duration_ms = 13.5 WHERE id = 1", 1, "changed"),
        ("DELETE FROM audit WHERE id = 3", 4, "removed or changed"),
        ("DELETE FROM audit WHERE id = 5", 5, "removed from the end"),
        ("UPDATE audit SET row_hash = 'f' WHERE id = 2", 2, "changed"),
    ],
)
def test_verify_finds_a_changed_or_removed_row(audit: AuditLog, statement: str, bad_row: int, words: str) -> None:
    for step in range(1, 6):
        add(audit, step, decision="rejected" if step == 3 else "auto")
    assert audit.verify().ok
    _tamper(audit, statement)
    result = audit.verify()
    assert not result.ok and result.first_bad_row == bad_row and words in result.message


def test_export_jsonl_and_csv(audit: AuditLog, tmp_path: Path) -> None:
    rows = [add(audit, 1), add(audit, 2, tool="send_message", args={"text": 'a "quoted", line\nnext'})]
    assert audit.export_jsonl(tmp_path / "a.jsonl") == 2
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [r.to_dict() for r in rows]
    assert audit.export_csv(tmp_path / "a.csv") == 2
    with (tmp_path / "a.csv").open(encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    assert [int(r["id"]) for r in table] == [1, 2]
    assert json.loads(table[1]["args"]) == {"text": 'a "quoted", line\nnext'}
    assert table[1]["row_hash"] == rows[1].row_hash


def test_appends_from_threads_and_a_second_connection_keep_one_chain(audit: AuditLog) -> None:
    second = AuditLog(audit.path)
    try:
        threads = [
            threading.Thread(target=lambda log=log, n=n: [add(log, n * 100 + i) for i in range(15)])
            for n, log in enumerate([audit, audit, second, second])
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        rows = audit.rows()
        assert len(rows) == 60 and [r.id for r in rows] == list(range(1, 61))
        assert audit.verify().ok
    finally:
        second.close()


def test_a_broken_file_is_a_plain_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"garbage" * 1000)
    with pytest.raises(AuditError, match="Could not open the audit log"):
        AuditLog(bad)


# ----- crash safety ----------------------------------------------------------------------------------------------
# A deterministic plan of calls: hold a table, confirm it, charge a deposit, write a note; then the next restaurant.
PLAN = """
from desktop.core.automation.seed import DATES, RESTAURANTS, slot_times

def plan(i, world):
    k, phase = divmod(i, 4)
    name, opens, closes = RESTAURANTS[k % 20][1], RESTAURANTS[k % 20][5], RESTAURANTS[k % 20][6]
    times = slot_times(opens, closes)
    latest = world.booking_ids()[-1]
    if phase == 0:
        return "hold_table", {"restaurant": name, "date": DATES[(k // 20) % 7], "time": times[(k * 3) % len(times)],
                              "party_size": 2, "customer_id": f"C{k % 16 + 1:02d}"}
    if phase == 1:
        return "confirm_booking", {"booking_id": latest}
    if phase == 2:
        return "charge_deposit", {"booking_id": latest, "amount": 10}
    return "write_note", {"request_id": "Q01", "text": f"note {i}"}
"""

CHILD = (
    PLAN
    + """
import sys, time
from pathlib import Path
from desktop.core.automation import tools
from desktop.core.automation.audit import AuditLog
from desktop.core.automation.world import World

folder, mode = Path(sys.argv[1]), sys.argv[2]
world = World(folder / "world.sqlite3")
audit = AuditLog(folder / "audit.sqlite3")
if mode == "in-transaction":
    real_notify = tools._notify
    def slow_notify(db, *args):
        print("IN_TXN", flush=True)  # the call's first write is done, the message is not
        time.sleep(0.2)
        real_notify(db, *args)
    tools._notify = slow_notify
for i in range(100000):
    tool, args = plan(i, world)
    before = world.state_hash()
    try:
        result, error, decision = tools.execute(world, tool, args).text, "", "auto"
    except tools.ToolError as exc:
        result, error, decision = "", exc.message, "error"
    row = audit.append(run_id="crash", level="run", model="scripted", step=i, tool=tool, args=args,
                       risk=tools.TOOLS[tool].risk(), decision=decision, decided_by="policy", result=result,
                       error=error, duration_ms=0.0, hash_before=before, hash_after=world.state_hash())
    print("ROW", row.id, flush=True)
"""
)


def _plan() -> Any:
    namespace: dict[str, Any] = {}
    exec(PLAN, namespace)
    return namespace["plan"]


def _run_and_kill(folder: Path, mode: str, kill_after: tuple[str, int]) -> list[int]:
    """Start the child, kill -9 it after it printed ``kill_after[0]`` ``kill_after[1]`` times; return the row
    ids it reported as committed."""
    World.fresh(folder).close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder), mode],
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
            if word == kill_after[0]:
                seen += 1
                if seen == kill_after[1]:
                    if mode == "anywhere":
                        threading.Event().wait(random.uniform(0, 0.05))
                    os.kill(child.pid, signal.SIGKILL)
                    break
    finally:
        child.kill()
        _, err = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL, err
    return committed


def _replay(folder: Path, calls: int) -> list[str]:
    """Hashes after each of the first ``calls`` calls of the plan, on a fresh world."""
    plan, hashes = _plan(), []
    world = World.fresh(folder)
    try:
        for i in range(calls):
            tool, args = plan(i, world)
            with contextlib.suppress(tools.ToolError):
                tools.execute(world, tool, args)
            hashes.append(world.state_hash())
    finally:
        world.close()
    return hashes


def _check_after_crash(folder: Path, committed: list[int]) -> tuple[list[AuditRow], str]:
    audit = AuditLog(folder / "audit.sqlite3")
    world = World(folder / "world.sqlite3")
    try:
        rows = audit.rows()
        ids = [r.id for r in rows]
        assert set(committed) <= set(ids), "a row the child saw committed is missing"
        assert ids == list(range(1, len(ids) + 1))
        assert audit.verify().ok, audit.verify().message
        assert world.consistency_problems() == []
        assert audit._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return rows, world.state_hash()
    finally:
        audit.close()
        world.close()


@pytest.mark.slow
def test_kill_inside_a_tool_transaction_leaves_no_half_applied_call(tmp_path: Path) -> None:
    """SIGKILL while a call has made its first write but not its second: after restart the world is exactly as
    after the last whole call, and every committed audit row is there."""
    committed = _run_and_kill(tmp_path / "run", "in-transaction", ("IN_TXN", 6))
    rows, world_hash = _check_after_crash(tmp_path / "run", committed)
    assert len(rows) >= 10
    assert world_hash == rows[-1].hash_after  # the killed call left nothing behind
    replay = _replay(tmp_path / "replay", len(rows))
    assert [r.hash_after for r in rows] == replay  # the audit log tells the true history
    assert [r.hash_before for r in rows[1:]] == replay[:-1]


@pytest.mark.slow
def test_kill_at_a_random_moment_loses_no_committed_row(tmp_path: Path) -> None:
    committed = _run_and_kill(tmp_path / "run", "anywhere", ("ROW", random.randint(12, 20)))
    rows, world_hash = _check_after_crash(tmp_path / "run", committed)
    replay = _replay(tmp_path / "replay", len(rows) + 1)
    assert [r.hash_after for r in rows] == replay[: len(rows)]
    # killed after its last row, or after one more whole call whose row was not yet written; never in between
    assert world_hash in (replay[len(rows) - 1], replay[len(rows)])
