"""The audit log on real SQLite: append-only, keyed (HMAC) rows, contiguous ids, a head kept outside the file, and
every tamper class of issue #18 found by Verify: a row changed with its chain recomputed, rows removed in the
middle, at the start, at the end with the counter lowered, every row removed, a 0-byte file, a copy without its
-wal file. Exports are atomic and formula-safe. Crash safety with real child processes is in
test_automation_crash.py."""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.core.automation.audit import GENESIS, AuditError, AuditLog, AuditRow, HeadFile, hashed_fields
from desktop.core.automation.keys import audit_key
from desktop.core.automation.world import World
from desktop.core.remote.secrets import KeyStore

KEY = b"k" * 32


@pytest.fixture
def heads(tmp_path: Path) -> HeadFile:
    return HeadFile(tmp_path / "elsewhere" / "heads.json")  # outside the log's folder


@pytest.fixture
def audit(tmp_path: Path, heads: HeadFile) -> Iterator[AuditLog]:
    log = AuditLog(tmp_path / "log" / "audit.sqlite3", KEY, heads)
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


def raw(path: Path) -> sqlite3.Connection:
    """A second connection to the file: another program, or someone with the file."""
    return sqlite3.connect(str(path), isolation_level=None)


def test_append_and_read_back(audit: AuditLog, heads: HeadFile) -> None:
    first = add(audit, 1, undo_token="hold_table:B0017")
    second = add(audit, 2, run_id="run-2", decision="blocked", decided_by="requester_only", error="Blocked")
    assert (first.id, second.id) == (1, 2)
    assert first.prev_hash == GENESIS and second.prev_hash == first.row_hash
    rows = audit.rows()
    assert rows == [first, second] and audit.last_row() == second
    assert rows[0].args == {"restaurant": "Seoul Garden", "party_size": 4, "note": "창가 자리"}
    assert rows[0].undo_token == "hold_table:B0017" and rows[0].duration_ms == 12.5
    assert audit.rows("run-2") == [second] and audit.rows(limit=1) == [second]
    assert audit.runs() == ["run-1", "run-2"]
    head = heads.read(audit.path)
    assert head is not None and (head.last_id, head.last_hash) == (2, second.row_hash)
    result = audit.verify()
    assert result.ok and result.rows == 2
    assert "consistent with the head recorded at" in result.message and "(row 2)" in result.message
    with pytest.raises(AuditError, match="Unknown audit decision"):
        add(audit, 3, decision="maybe")
    assert len(audit.rows()) == 2


def test_rows_are_keyed_hashes_not_plain_sha256(audit: AuditLog) -> None:
    row = add(audit, 1)
    values = row.to_dict()
    values["args"] = json.dumps(values["args"], ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    payload = json.dumps([values[c] for c in hashed_fields()], ensure_ascii=False, separators=(",", ":"))
    assert row.row_hash != hashlib.sha256(payload.encode("utf-8")).hexdigest()
    other = AuditLog(audit.path, b"another key" * 3, None)
    try:
        assert not other.verify().ok  # the same rows, checked with another key
    finally:
        other.close()


def test_rows_survive_reopening_and_the_file_is_wal_full(tmp_path: Path, heads: HeadFile) -> None:
    log = AuditLog(tmp_path / "a.sqlite3", KEY, heads)
    row = add(log, 1)
    assert log._db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert log._db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL: durable when append returns
    log.close()
    again = AuditLog(tmp_path / "a.sqlite3", KEY, heads)
    try:
        assert again.rows() == [row]
        assert add(again, 2).prev_hash == row.row_hash
        assert again.verify().ok
    finally:
        again.close()


def test_update_and_delete_are_refused(audit: AuditLog) -> None:
    add(audit, 1)
    add(audit, 2)
    other = raw(audit.path)
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


def _tamper(path: Path, *sql: str) -> None:
    """Someone with the file drops the triggers and edits it."""
    other = raw(path)
    try:
        other.execute("DROP TRIGGER IF EXISTS audit_no_update")
        other.execute("DROP TRIGGER IF EXISTS audit_no_delete")
        for statement in sql:
            other.execute(statement)
    finally:
        other.close()


def _recompute_chain(path: Path) -> None:
    """The attack an unkeyed chain cannot see: every row's hash computed again (with sha256, not knowing the key)."""
    db = raw(path)
    try:
        columns = hashed_fields()
        prev = GENESIS
        for r in db.execute(f"SELECT {', '.join(columns)} FROM audit ORDER BY id").fetchall():
            values = dict(zip(columns, r, strict=True))
            values["prev_hash"] = prev
            text = json.dumps([values[c] for c in columns], ensure_ascii=False, separators=(",", ":"))
            prev = hashlib.sha256(text.encode("utf-8")).hexdigest()
            db.execute("UPDATE audit SET prev_hash = ?, row_hash = ? WHERE id = ?", (values["prev_hash"], prev, r[0]))
    finally:
        db.close()


@pytest.mark.parametrize(
    ("statements", "bad_row", "words"),
    [
        (["UPDATE audit SET decision = 'approved', decided_by = 'person' WHERE id = 3"], 3, "changed"),
        (["UPDATE audit SET args = '{\"amount\":5}' WHERE id = 2"], 2, "changed"),
        (["UPDATE audit SET hash_after = 'c' WHERE id = 4"], 4, "changed"),
        (["UPDATE audit SET duration_ms = 13.5 WHERE id = 1"], 1, "changed"),
        (["UPDATE audit SET row_hash = 'f' WHERE id = 2"], 2, "changed"),
        (["DELETE FROM audit WHERE id = 3"], 4, "jump from 2 to 4"),
        (["DELETE FROM audit WHERE id = 1"], 2, "starts at row 2"),
        (["DELETE FROM audit WHERE id = 3", "UPDATE audit SET id = 3 WHERE id = 4"], 3, "does not follow"),
        (["DELETE FROM audit WHERE id = 5"], 5, "removed from the end"),
        (
            ["DELETE FROM audit WHERE id >= 4", "UPDATE sqlite_sequence SET seq = 3 WHERE name = 'audit'"],
            4,
            "removed from the end",
        ),  # the tail cut with the counter lowered
        (["UPDATE audit SET result = 'nothing happened' WHERE id = 2", "RECOMPUTE"], 1, "changed"),
    ],
    ids=[
        "decision",
        "args",
        "hash_after",
        "duration",
        "row_hash",
        "middle row removed",
        "first row removed",
        "ids renumbered",
        "last row removed",
        "tail cut, counter lowered",
        "chain recomputed",
    ],
)
def test_verify_finds_each_kind_of_tampering(audit: AuditLog, statements: list[str], bad_row: int, words: str) -> None:
    for step in range(1, 6):
        add(audit, step, decision="rejected" if step == 3 else "auto")
    assert audit.verify().ok
    _tamper(audit.path, *[s for s in statements if s != "RECOMPUTE"])
    if "RECOMPUTE" in statements:
        _recompute_chain(audit.path)
    result = audit.verify()
    assert not result.ok and result.first_bad_row == bad_row and words in result.message, result.message


def test_verify_finds_every_row_removed(audit: AuditLog) -> None:
    for step in range(1, 4):
        add(audit, step)
    _tamper(audit.path, "DELETE FROM audit", "DELETE FROM sqlite_sequence")
    result = audit.verify()
    assert not result.ok and "has no rows" in result.message and "says it had 3" in result.message


def test_verify_finds_a_zero_byte_file(tmp_path: Path, heads: HeadFile) -> None:
    path = tmp_path / "log" / "audit.sqlite3"
    log = AuditLog(path, KEY, heads)
    for step in range(1, 4):
        add(log, step)
    log.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    path.write_bytes(b"")
    again = AuditLog(path, KEY, heads)  # SQLite takes a 0-byte file for an empty database
    try:
        result = again.verify()
        assert not result.ok and "has no rows" in result.message, result.message
    finally:
        again.close()


def test_verify_finds_a_copy_without_its_wal_file(tmp_path: Path, heads: HeadFile) -> None:
    path = tmp_path / "log" / "audit.sqlite3"
    log = AuditLog(path, KEY, heads)
    log._db.execute("PRAGMA wal_autocheckpoint = 0")  # the newest rows stay in the -wal file, as in a busy app
    for step in range(1, 4):
        add(log, step)
    log._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for step in range(4, 8):
        add(log, step)
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(path, copy)  # the database file alone: rows 4..7 are only in audit.sqlite3-wal
    log.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    shutil.copyfile(copy, path)  # put back as the log
    again = AuditLog(path, KEY, heads)
    try:
        assert [r.id for r in again.rows()] == [1, 2, 3]
        result = again.verify()
        assert not result.ok and "ends at row 3" in result.message and "row 7" in result.message, result.message
    finally:
        again.close()


def test_verify_says_what_it_cannot_see(tmp_path: Path, heads: HeadFile) -> None:
    path = tmp_path / "log" / "audit.sqlite3"
    no_head = AuditLog(path, KEY, None)
    try:
        add(no_head, 1)
        result = no_head.verify()
        assert result.ok and "No head is kept outside this log" in result.message
    finally:
        no_head.close()
    lost = AuditLog(path, KEY, heads)  # the app's log, but its head file has no entry (removed, or a moved log)
    try:
        result = lost.verify()
        assert not result.ok and "no head was recorded outside the log" in result.message
        add(lost, 2)
        assert lost.verify().ok
    finally:
        lost.close()
    other_key = AuditLog(path, b"x" * 32, heads)
    try:
        result = other_key.verify()
        assert not result.ok and "another key" in result.message
    finally:
        other_key.close()


def test_a_row_written_after_the_head_verifies_and_is_said(audit: AuditLog, tmp_path: Path) -> None:
    """A crash between a commit and the head's update leaves the head one row behind: that row still verifies."""
    add(audit, 1)
    world = World.fresh(tmp_path / "w")
    log = AuditLog(world.path, KEY, audit.heads)
    try:
        add(log, 1)
        with world.transaction() as db:
            log.write(db, run_id="r", decision="auto", tool="write_note")  # committed, head not recorded
        result = log.verify()
        assert result.ok and "the 1 row(s) after it were written later" in result.message
    finally:
        log.close()
        world.close()


def test_write_joins_the_caller_s_transaction_on_the_same_file(tmp_path: Path) -> None:
    world = World.fresh(tmp_path / "w")
    log = AuditLog(world.path, KEY, None)
    elsewhere = AuditLog(tmp_path / "other.sqlite3", KEY, None)
    try:
        with pytest.raises(AuditError, match="transaction"):
            log.write(world._db, run_id="r", decision="auto")
        with pytest.raises(RuntimeError), world.transaction() as db:
            db.execute("INSERT INTO notes (request_id, text) VALUES ('Q01', 'x')")
            log.write(db, run_id="r", decision="auto", tool="write_note")
            raise RuntimeError("the call failed after its row was written")
        assert log.rows() == [] and world.query("SELECT count(*) FROM notes")[0][0] == 0  # neither stayed
        with world.transaction() as db, pytest.raises(AuditError, match="another file"):
            elsewhere.write(db, run_id="r", decision="auto")
    finally:
        for thing in (log, elsewhere, world):
            thing.close()


def test_export_jsonl_and_a_formula_safe_csv(audit: AuditLog, tmp_path: Path) -> None:
    rows = [
        add(audit, 1),
        add(audit, 2, tool="send_message", args={"text": 'a "quoted", line\nnext'}),
        add(audit, 3, result='- C01 gets =HYPERLINK("http://x")', error="@SUM(A1)", decided_by="+person"),
        add(audit, 4, result="\u200b=1+1", decided_by="＝cmd"),
    ]
    assert audit.export_jsonl(tmp_path / "a.jsonl") == 4
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in lines] == [r.to_dict() for r in rows]
    assert audit.export_csv(tmp_path / "a.csv") == 4
    with (tmp_path / "a.csv").open(encoding="utf-8", newline="") as f:
        table = list(csv.DictReader(f))
    assert [int(r["id"]) for r in table] == [1, 2, 3, 4]
    assert json.loads(table[1]["args"]) == {"text": 'a "quoted", line\nnext'}
    assert table[1]["row_hash"] == rows[1].row_hash
    assert table[2]["result"] == '\'- C01 gets =HYPERLINK("http://x")'
    assert table[2]["error"] == "'@SUM(A1)" and table[2]["decided_by"] == "'+person"
    assert table[3]["result"] == "'\u200b=1+1" and table[3]["decided_by"] == "'＝cmd"
    assert table[0]["duration_ms"] == "12.5"  # numbers stay numbers


def test_exports_are_atomic(audit: AuditLog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    add(audit, 1)
    target = tmp_path / "out.csv"
    target.write_text("the previous export", encoding="utf-8")

    def full_disk(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)  # a fault: the disk fills during the write
    for export in (audit.export_csv, audit.export_jsonl):
        with pytest.raises(OSError, match="No space"):
            export(target)
        assert target.read_text(encoding="utf-8") == "the previous export"
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["out.csv"]  # no temporary file left


def test_appends_from_threads_and_a_second_connection_keep_one_chain(audit: AuditLog) -> None:
    second = AuditLog(audit.path, KEY, audit.heads)
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
        AuditLog(bad, KEY)


def test_the_key_lives_outside_the_log_s_folder_and_stays(tmp_path: Path) -> None:
    no_keyring = KeyStore(backend=None)
    no_keyring._checked = True  # this machine's keyring is the fail backend anyway; say so explicitly
    first = audit_key(no_keyring, tmp_path / "config")
    again = audit_key(no_keyring, tmp_path / "config")
    assert first.key == again.key and len(first.key) == 32
    key_file = Path(first.where)
    assert key_file.parent == tmp_path / "config" and key_file.stat().st_mode & 0o077 == 0  # the user's only

    class MemoryKeyring:
        priority = 1

        def __init__(self) -> None:
            self.store: dict[tuple[str, str], str] = {}

        def get_password(self, service: str, name: str) -> str | None:
            return self.store.get((service, name))

        def set_password(self, service: str, name: str, value: str) -> None:
            self.store[(service, name)] = value

    with_keyring = KeyStore(backend=MemoryKeyring())
    kept = audit_key(with_keyring, tmp_path / "unused")
    assert kept.where == "keyring" and audit_key(with_keyring, tmp_path / "unused").key == kept.key
    assert not (tmp_path / "unused").exists()
