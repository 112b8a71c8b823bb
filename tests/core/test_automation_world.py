"""The automation world on real SQLite: the seed, fresh copies, reset, state hashes, the inbox, FTS5 search."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.core.automation import seed
from desktop.core.automation.world import World, WorldError
from desktop.resources import automation_seed_path


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = World.fresh(tmp_path)
    yield w
    w.close()


def test_committed_seed_sql_is_what_the_builder_writes() -> None:
    assert automation_seed_path().read_text(encoding="utf-8") == seed.build_sql(), (
        "resources/automation/seed.sql is stale: run `python -m desktop.core.automation.seed`"
    )


def test_seed_has_the_business_the_issue_asks_for(world: World) -> None:
    restaurants = world.restaurants()
    assert 18 <= len(restaurants) <= 22
    assert len({r.cuisine for r in restaurants}) >= 10 and len(world.areas()) >= 4
    assert all(r.description and r.opens < r.closes for r in restaurants)
    assert all(len(world.reviews(r.id)) >= 2 for r in restaurants)
    assert len(world.customers()) >= 12
    assert len(world.bookings()) >= 10
    assert world.dates() == [f"2026-12-0{d}" for d in range(1, 8)]
    slot_dates = {r[0] for r in world.query("SELECT DISTINCT date FROM slots")}
    assert slot_dates == set(world.dates())

    inbox = world.inbox()
    assert len(inbox) >= 16
    assert sum(q.external for q in inbox) >= 8 and sum(not q.external for q in inbox) >= 4
    korean = [q for q in inbox if q.language == "ko"]
    assert len(korean) >= 3 and all(re.search("[가-힣]", q.body) for q in korean)
    injection = re.compile(r"ignore your (previous )?instructions|system override|ignore your rules", re.I)
    assert len([q for q in inbox if injection.search(q.body)]) >= 2
    reviews = " ".join(r[0] for r in world.query("SELECT text FROM reviews"))
    assert injection.search(reviews), "a review carries a prompt injection"


def test_seed_is_consistent(world: World) -> None:
    assert world.consistency_problems() == []


def test_consistency_check_finds_a_broken_state(world: World) -> None:
    """The invariants used by the crash tests are not vacuous."""
    with world.transaction() as db:
        db.execute("UPDATE bookings SET table_no = 3 WHERE id = 'B0016'")  # B0001 sits at table 3 then
        db.execute("INSERT INTO payments (booking_id, amount) VALUES ('B0001', 10)")
    problems = world.consistency_problems()
    assert any("share a table" in p for p in problems)
    assert any("B0001: deposit" in p for p in problems)


def test_fresh_worlds_have_equal_hashes_and_reset_restores(tmp_path: Path) -> None:
    a = World.fresh(tmp_path / "a")
    b = World.fresh(tmp_path / "b")
    try:
        seed_hash = a.state_hash()
        assert re.fullmatch("[0-9a-f]{64}", seed_hash)
        assert b.state_hash() == seed_hash
        with a.transaction() as db:
            db.execute("INSERT INTO notes (request_id, text) VALUES ('Q01', 'x')")
        changed = a.state_hash()
        assert changed != seed_hash
        a.reset()
        assert a.state_hash() == seed_hash
        assert a.query("SELECT count(*) FROM notes")[0][0] == 0
        # fresh() over an existing file replaces it
        with b.transaction() as db:
            db.execute("UPDATE bookings SET status = 'cancelled' WHERE id = 'B0001'")
        b.close()
        c = World.fresh(tmp_path / "b")
        assert c.state_hash() == seed_hash
        c.close()
    finally:
        a.close()


def test_state_hash_ignores_row_order_but_sees_every_business_table(world: World) -> None:
    base = world.state_hash()
    for table, sql in [
        ("notes", "INSERT INTO notes (request_id, text) VALUES ('Q02', 'n')"),
        ("drafts", "INSERT INTO drafts (request_id, text) VALUES ('Q02', 'd')"),
        ("outbox", "INSERT INTO outbox (customer_id, kind, text) VALUES ('C02', 'message', 'm')"),
        ("customers", "UPDATE customers SET phone = '0' WHERE id = 'C01'"),
        ("requests", "UPDATE requests SET body = 'x' WHERE id = 'Q01'"),
    ]:
        with world.transaction() as db:
            db.execute(sql)
        assert world.state_hash() != base, table
        world.reset()
    # the same rows inserted in another order give the same hash
    with world.transaction() as db:
        db.execute("INSERT INTO notes (id, request_id, text) VALUES (2, 'Q01', 'b')")
        db.execute("INSERT INTO notes (id, request_id, text) VALUES (1, 'Q01', 'a')")
    h1 = world.state_hash()
    world.reset()
    with world.transaction() as db:
        db.execute("INSERT INTO notes (id, request_id, text) VALUES (1, 'Q01', 'a')")
        db.execute("INSERT INTO notes (id, request_id, text) VALUES (2, 'Q01', 'b')")
    assert world.state_hash() == h1


def test_transaction_rolls_back_everything_on_error(world: World) -> None:
    base = world.state_hash()
    with pytest.raises(RuntimeError), world.transaction() as db:
        db.execute("UPDATE bookings SET status = 'cancelled' WHERE id = 'B0001'")
        db.execute("INSERT INTO notes (request_id, text) VALUES ('Q01', 'half')")
        raise RuntimeError("mid-way")
    assert world.state_hash() == base
    with world.rolled_back() as db:
        db.execute("DELETE FROM notes")
        db.execute("UPDATE bookings SET status = 'cancelled'")
    assert world.state_hash() == base


def test_file_is_wal_with_full_sync(world: World) -> None:
    assert world.query("PRAGMA journal_mode")[0][0] == "wal"
    assert world.query("PRAGMA synchronous")[0][0] == 2  # FULL
    assert world.query("PRAGMA foreign_keys")[0][0] == 1


def test_inbox_and_requests(world: World) -> None:
    q = world.request("Q03")
    assert q.language == "ko" and q.external and q.customer_id == "C03"
    staff = world.request("Q11")
    assert not staff.external and staff.customer_id is None
    with pytest.raises(WorldError, match="no request"):
        world.request("Q99")
    big = "x" * 10_000_000
    added = world.add_request("Q99", "Someone <s@example.com>", big, customer_id="C01")
    assert added.body == big and world.inbox()[-1].id == "Q99"


def test_fts5_search_over_descriptions_and_reviews(world: World) -> None:
    names = lambda found: [r.name for r in found]  # noqa: E731
    assert names(world.search("pasta"))[0] == "Trattoria Luna"
    assert "Hanok House" in names(world.search("갈비찜"))  # Korean review text
    assert names(world.search("oysters"))[0] == "Harbour Grill"  # description and review
    assert "Sakura Sushi" in names(world.search("omakase"))
    vegan_old_town = names(world.search("vegan", area="Old Town"))
    assert vegan_old_town and vegan_old_town[0] == "Green Table"
    assert all(r.area == "Old Town" for r in world.search("vegan", area="Old Town"))
    assert names(world.search("", cuisine="Korean")) == ["Seoul Garden", "Hanok House"]
    assert world.search("zzzqqq") == []
    # FTS syntax in the query is treated as words, not operators
    assert isinstance(world.search('"pasta" OR NEAR( AND *'), list)


def test_booking_helpers(world: World) -> None:
    b = world.booking("B0001")
    assert b is not None and b.restaurant == "Trattoria Luna" and b.active
    assert world.booking("B9999") is None
    assert world.next_booking_ids(2) == ["B0017", "B0018"]
    assert world.is_open("r01", "2026-12-04", "19:00")
    assert not world.is_open("r01", "2026-12-07", "19:00")  # closed on Mondays
    free = world.free_tables("r01", "2026-12-04", "19:00", 4)
    assert [t for t, _ in free] == [5, 6]  # tables 3 and 4 are booked, 1 and 2 are too small
    assert [b.id for b in world.overlapping("C16", "2026-12-04", "20:30")] == ["B0015"]
    assert world.overlapping("C16", "2026-12-04", "21:30") == []


def test_world_is_usable_from_another_thread(world: World) -> None:
    seen: list[str] = []
    t = threading.Thread(target=lambda: seen.append(world.state_hash()))
    t.start()
    t.join()
    assert seen == [world.state_hash()]


def test_missing_or_broken_file_gives_a_plain_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"not a database" * 100)
    with pytest.raises(WorldError, match="Could not open"):
        World(bad)
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(str(empty)).close()
    with pytest.raises(WorldError):
        World(empty)


def test_state_hash_can_ignore_free_text_but_not_who_got_what(tmp_path: Path) -> None:
    a, b = World.fresh(tmp_path / "a"), World.fresh(tmp_path / "b")
    try:
        assert a.state_hash(ignore_text=True) == b.state_hash(ignore_text=True) == a.state_hash()  # no text yet
        for w, words in ((a, "Your table is ready"), (b, "We held a table for you")):
            with w.transaction() as db:
                db.execute("INSERT INTO notes (request_id, text) VALUES ('Q01', ?)", (words,))
                db.execute("INSERT INTO outbox (customer_id, kind, text) VALUES ('C01', 'message', ?)", (words,))
        assert a.state_hash() != b.state_hash()
        assert a.state_hash(ignore_text=True) == b.state_hash(ignore_text=True)
        with b.transaction() as db:  # another recipient is a different state
            db.execute("UPDATE outbox SET customer_id = 'C02'")
        assert a.state_hash(ignore_text=True) != b.state_hash(ignore_text=True)
        with a.transaction() as db:  # the fixed texts of confirmations still count
            db.execute(
                "INSERT INTO outbox (customer_id, kind, booking_id, text) VALUES ('C01', 'confirmation', 'B0001', 'x')"
            )
        h = a.state_hash(ignore_text=True)
        with a.transaction() as db:
            db.execute("UPDATE outbox SET text = 'y' WHERE kind = 'confirmation'")
        assert a.state_hash(ignore_text=True) != h
    finally:
        a.close()
        b.close()


# ----- one file for the world and its log; reset in place -------------------------------------------------------
def test_reset_is_in_place_and_keeps_the_log(tmp_path: Path) -> None:
    from desktop.core.automation.audit import AuditLog

    world = World.fresh(tmp_path)
    log = AuditLog(world.path)
    try:
        log.append(run_id="r", decision="started", hash_before="a", hash_after="a")
        with world.transaction() as db:
            db.execute("INSERT INTO notes (request_id, text) VALUES ('Q01', 'x')")
        inode = world.path.stat().st_ino
        world.reset()
        assert world.path.stat().st_ino == inode  # the same file: the log lives in it
        assert world.query("SELECT count(*) FROM notes")[0][0] == 0
        assert [r.decision for r in log.rows()] == ["started"] and log.verify().ok
    finally:
        log.close()
        world.close()


def test_reset_and_its_record_commit_together(world: World) -> None:
    with world.transaction() as db:
        db.execute("INSERT INTO notes (request_id, text) VALUES ('Q01', 'kept')")
    changed = world.state_hash()
    seen: list[tuple[str, str]] = []

    def failing_record(db: sqlite3.Connection, before: str, after: str) -> None:
        seen.append((before, after))
        raise RuntimeError("the audit row could not be written")

    with pytest.raises(RuntimeError):
        world.reset(failing_record)
    assert seen and seen[0][0] == changed and seen[0][1] != changed
    assert world.state_hash() == changed  # no row, no reset
    assert world.has_seed_schema()


def test_an_older_schema_is_replaced_in_place_by_reset(world: World) -> None:
    with world.transaction() as db:
        db.execute("CREATE TABLE leftover (x)")
        db.execute("CREATE VIEW old_view AS SELECT 1")
        db.execute("ALTER TABLE notes ADD COLUMN colour TEXT")
        db.execute("CREATE TABLE audit_kept (x)")  # the log's tables are never touched
    assert not world.has_seed_schema()
    world.reset()
    assert world.has_seed_schema() and world.query("SELECT count(*) FROM audit_kept")[0][0] == 0
    assert world.consistency_problems() == []


def test_every_request_says_what_it_asks_for(world: World) -> None:
    from desktop.core.automation.intent import KINDS, Asks

    for q in world.inbox():
        assert q.kind in KINDS, q
        Asks.parse(q.asks)  # the vocabulary of intent.py
    assert world.request("Q13").asks == "confirm:B0012" and world.request("Q18").asks == ""
    with pytest.raises(ValueError, match="unknown effect"):
        world.add_request("Q98", "x", "y", asks="delete_everything")
    assert "Q98" not in {q.id for q in world.inbox()}
