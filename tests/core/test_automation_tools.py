"""The agent's tools on real SQLite: schemas, validation, every tool, previews, one-transaction effects, undo."""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from llama_cpp import LlamaGrammar

from desktop.core.automation import handlers, tools
from desktop.core.automation.tools import TOOLS, ToolError, execute, preview, tool_schemas_for, validate_args
from desktop.core.automation.undo import undo
from desktop.core.automation.world import World

HOLD = {"restaurant": "Trattoria Luna", "date": "2026-12-04", "time": "20:00", "party_size": 2, "customer_id": "C01"}


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = World.fresh(tmp_path)
    yield w
    w.close()


def outbox(world: World) -> list[dict[str, Any]]:
    return [dict(r) for r in world.query("SELECT * FROM outbox ORDER BY id")]


# ----- declarations -------------------------------------------------------------------------------------------
def test_tools_and_their_declared_effects() -> None:
    assert list(TOOLS) == [
        "search_restaurants", "check_availability", "read_request", "lookup_customer",
        "hold_table", "write_note", "draft_reply",
        "confirm_booking", "send_message", "cancel_booking", "charge_deposit", "finish",
    ]  # fmt: skip
    by_risk = {name: (t.risk(), t.reversible(), t.effect()) for name, t in TOOLS.items()}
    for name in ("search_restaurants", "check_availability", "read_request", "lookup_customer", "finish"):
        assert by_risk[name] == ("low", False, "none")
        assert TOOLS[name].annotations.read_only and TOOLS[name].annotations.idempotent
    for name in ("hold_table", "write_note", "draft_reply"):
        assert by_risk[name] == ("medium", True, "undoable")
        assert not TOOLS[name].annotations.open_world
    for name in ("confirm_booking", "send_message", "cancel_booking", "charge_deposit"):
        assert by_risk[name] == ("high", False, "irreversible")
        assert TOOLS[name].annotations.open_world
    assert TOOLS["cancel_booking"].annotations.destructive
    assert all(len(t.description) < 80 for t in TOOLS.values())


def test_schemas_are_closed_objects_and_compile_to_llama_grammars(world: World) -> None:
    filled = tool_schemas_for(world)
    assert list(filled) == list(TOOLS)
    for name, schema in filled.items():
        assert schema["type"] == "object" and schema["additionalProperties"] is False
        assert set(schema["required"]) <= set(schema["properties"])
        LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False)  # raises if llama.cpp cannot use it
        # the static schema is not changed by filling
        assert "enum" not in TOOLS[name].schema["properties"].get("restaurant", {})
    hold = filled["hold_table"]["properties"]
    assert hold["restaurant"]["enum"][:2] == ["Trattoria Luna", "Seoul Garden"]
    assert "19:30" in hold["time"]["enum"] and "03:00" not in hold["time"]["enum"]
    assert hold["customer_id"]["enum"][0] == "C01"
    booking_ids = filled["confirm_booking"]["properties"]["booking_id"]["enum"]
    assert booking_ids[0] == "B0001" and "B0016" in booking_ids and "B0017" in booking_ids  # existing + next
    assert filled["read_request"]["properties"]["request_id"]["enum"][0] == "Q01"
    assert "Old Town" in filled["search_restaurants"]["properties"]["area"]["enum"]


def test_validate_args_fails_closed_with_plain_messages(world: World) -> None:
    hold = TOOLS["hold_table"]
    assert validate_args(hold, HOLD, world) == []
    cases: list[tuple[Any, str]] = [
        ({**HOLD, "restaurant": "Chez Nobody"}, 'restaurant: "Chez Nobody" is not one of the known values'),
        ({**HOLD, "party_size": 0}, "party_size: 0 is below the minimum 1"),
        ({**HOLD, "party_size": 21}, "above the maximum"),
        ({**HOLD, "party_size": "2"}, "party_size: expected integer"),
        ({**HOLD, "party_size": True}, "party_size: expected integer"),
        ({**HOLD, "time": "25:00"}, 'time: "25:00" is not one of the known values'),
        ({**HOLD, "date": "2027-01-01"}, "date:"),
        ({**HOLD, "customer_id": "C99"}, "customer_id:"),
        ({**HOLD, "extra": 1}, "extra: not an argument of this tool"),
        ({k: v for k, v in HOLD.items() if k != "date"}, "date: missing"),
        (["not", "an", "object"], "expected object"),
    ]
    for args, expected in cases:
        problems = validate_args(hold, args, world)
        assert any(expected in p for p in problems), (args, problems)
    note = TOOLS["write_note"]
    assert validate_args(note, {"request_id": "Q01", "text": ""}, world) == ["text: must not be empty"]
    assert "limit is 400" in validate_args(note, {"request_id": "Q01", "text": "x" * 401}, world)[0]
    base = world.state_hash()
    with pytest.raises(ToolError, match="do not fit"):
        execute(world, "hold_table", {**HOLD, "restaurant": "Chez Nobody"})
    with pytest.raises(ToolError, match="no tool called"):
        execute(world, "drop_tables", {})
    with pytest.raises(ToolError, match="do not fit"):
        preview(world, "hold_table", {**HOLD, "party_size": -1})
    assert world.state_hash() == base


# ----- read-only tools ----------------------------------------------------------------------------------------
def test_read_only_tools_change_nothing(world: World) -> None:
    base = world.state_hash()
    found = execute(world, "search_restaurants", {"query": "seafood oysters", "area": "Harbour"})
    assert found.ok and found.undo_token is None
    assert found.data[0]["name"] == "Harbour Grill"
    assert "ignore your instructions" in found.text  # the review is data the agent sees; the policy guards effects
    assert execute(world, "search_restaurants", {"query": "qqqzzz"}).data == []

    yes = execute(world, "check_availability", {"restaurant": "Trattoria Luna", "date": "2026-12-04", "time": "19:00",
                                                 "party_size": 4})  # fmt: skip
    assert yes.data["available"] and yes.text.startswith("Yes")
    # Harbour Grill's only table for 8 is booked (B0002) 20:00-22:00 on the 5th
    full = execute(world, "check_availability", {"restaurant": "Harbour Grill", "date": "2026-12-05",
                                                  "time": "20:00", "party_size": 8})  # fmt: skip
    assert not full.data["available"] and full.data["open"]
    assert full.data["alternatives"] == ["17:00", "17:30", "18:00", "22:00"] and "Free times" in full.text
    none = execute(world, "check_availability", {"restaurant": "Le Petit Jardin", "date": "2026-12-03",
                                                  "time": "19:00", "party_size": 6})  # fmt: skip
    assert none.data["alternatives"] == [] and "Nothing free that day" in none.text
    closed = execute(world, "check_availability", {"restaurant": "Trattoria Luna", "date": "2026-12-07",
                                                    "time": "19:00", "party_size": 2})  # fmt: skip
    assert not closed.data["open"] and "closed" in closed.text
    late = execute(world, "check_availability", {"restaurant": "Spice Route", "date": "2026-12-06",
                                                  "time": "21:30", "party_size": 2})  # fmt: skip
    assert not late.data["open"] and "does not seat guests at 21:30" in late.text

    req = execute(world, "read_request", {"request_id": "Q03"})
    assert "Seoul Garden" in req.text and "ko" in req.text and req.data["cut"] == 0

    who = execute(world, "lookup_customer", {"customer": "c12"})
    assert who.data == [{"id": "C12", "name": "Nina Petrova", "bookings": ["B0010", "B0012"]}]
    assert execute(world, "lookup_customer", {"customer": "novak"}).data[0]["id"] == "C14"
    assert execute(world, "lookup_customer", {"customer": "nobody at all"}).data == []
    assert execute(world, "finish", {"summary": "done"}).text == "Run finished."
    assert world.state_hash() == base


def test_a_huge_request_is_cut_and_the_cut_is_reported(world: World) -> None:
    world.add_request("Q50", "Big <big@example.com>", "y" * 10_000_000, customer_id="C01")
    result = execute(world, "read_request", {"request_id": "Q50"})
    assert len(result.text) < tools.MAX_TOOL_TEXT + 300
    assert result.data["cut"] == 10_000_000 - tools.MAX_TOOL_TEXT
    assert "more characters not shown" in result.text


# ----- effects ----------------------------------------------------------------------------------------------
def test_hold_table_holds_the_smallest_free_table(world: World) -> None:
    result = execute(world, "hold_table", HOLD)
    assert result.data["booking_id"] == "B0017" and result.undo_token == "hold_table:B0017"
    b = world.booking("B0017")
    assert b is not None and (b.status, b.table_no, b.customer_id, b.party_size) == ("held", 1, "C01", 2)
    assert [c["op"] for c in result.data["changes"]] == ["insert"]
    assert outbox(world) == []  # internal: nobody is told
    second = execute(world, "hold_table", {**HOLD, "customer_id": "C02"})
    assert world.booking(second.data["booking_id"]).table_no == 2  # type: ignore[union-attr]
    assert world.consistency_problems() == []


def test_hold_table_refuses_a_full_slot_and_a_closed_day(world: World) -> None:
    base = world.state_hash()
    with pytest.raises(ToolError, match="no free table for 8"):
        execute(world, "hold_table", {**HOLD, "restaurant": "Harbour Grill", "date": "2026-12-05", "time": "21:30",
                                      "party_size": 8})  # fmt: skip
    with pytest.raises(ToolError, match="does not seat guests"):
        execute(world, "hold_table", {**HOLD, "date": "2026-12-07"})
    assert world.state_hash() == base


def test_confirm_booking_notifies_the_customer_in_their_language(world: World) -> None:
    hold = execute(world, "hold_table", {**HOLD, "restaurant": "Seoul Garden", "customer_id": "C03"})
    booking_id = hold.data["booking_id"]
    result = execute(world, "confirm_booking", {"booking_id": booking_id})
    assert world.booking(booking_id).status == "confirmed"  # type: ignore[union-attr]
    sent = outbox(world)
    assert len(sent) == 1 and sent[0]["customer_id"] == "C03" and sent[0]["kind"] == "confirmation"
    assert "확정" in sent[0]["text"] and result.data["messages"] == [sent[0]["text"]]
    assert result.undo_token is None
    again = execute(world, "confirm_booking", {"booking_id": booking_id})  # idempotent: nothing more is sent
    assert "already confirmed" in again.text and len(outbox(world)) == 1
    execute(world, "cancel_booking", {"booking_id": booking_id})
    with pytest.raises(ToolError, match="only a held booking"):
        execute(world, "confirm_booking", {"booking_id": booking_id})


def test_unknown_booking_inside_the_enum_is_a_tool_error(world: World) -> None:
    with pytest.raises(ToolError, match="no booking B0020"):
        execute(world, "confirm_booking", {"booking_id": "B0020"})


def test_cancel_send_charge_note_draft(world: World) -> None:
    cancelled = execute(world, "cancel_booking", {"booking_id": "B0003", "reason": "customer asked"})
    assert world.booking("B0003").status == "cancelled"  # type: ignore[union-attr]
    assert cancelled.data["messages"][0].startswith("Dear David Miller")
    assert "already cancelled" in execute(world, "cancel_booking", {"booking_id": "B0003"}).text

    execute(world, "send_message", {"customer_id": "C05", "text": "Green Table has room at 19:00."})
    assert outbox(world)[-1] == {
        "id": 2, "customer_id": "C05", "kind": "message", "booking_id": None, "text": "Green Table has room at 19:00."
    }  # fmt: skip

    charged = execute(world, "charge_deposit", {"booking_id": "B0014", "amount": 40})
    assert world.booking("B0014").deposit == 40  # type: ignore[union-attr]
    assert {c["table"] for c in charged.data["changes"]} == {"payments", "bookings", "outbox"}
    with pytest.raises(ToolError, match="cancelled; no deposit"):
        execute(world, "charge_deposit", {"booking_id": "B0003", "amount": 10})

    note = execute(world, "write_note", {"request_id": "Q11", "text": "oysters late"})
    draft = execute(world, "draft_reply", {"request_id": "Q05", "text": "Try Green Table."})
    assert note.undo_token == "write_note:1" and draft.undo_token == "draft_reply:1"
    assert world.query("SELECT request_id, text FROM notes")[0][:] == ("Q11", "oysters late")
    assert world.consistency_problems() == []


# ----- previews -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("tool", "args"),
    [
        ("hold_table", HOLD),
        ("write_note", {"request_id": "Q01", "text": "n"}),
        ("draft_reply", {"request_id": "Q01", "text": "d"}),
        ("confirm_booking", {"booking_id": "B0012"}),
        ("send_message", {"customer_id": "C01", "text": "Hello Anna"}),
        ("cancel_booking", {"booking_id": "B0001"}),
        ("charge_deposit", {"booking_id": "B0014", "amount": 20}),
    ],
)
def test_preview_shows_exactly_what_execute_does_and_changes_nothing(
    world: World, tool: str, args: dict[str, Any]
) -> None:
    base = world.state_hash()
    shown = preview(world, tool, args)
    assert world.state_hash() == base
    assert shown.error is None and shown.rows
    result = execute(world, tool, args)
    assert shown.rows == result.data["changes"]
    sent = [r["after"]["text"] for r in shown.rows if r["table"] == "outbox"]
    assert shown.message == ("\n\n".join(sent) if sent else None)
    if TOOLS[tool].annotations.open_world:
        assert shown.message is not None and shown.message == outbox(world)[-1]["text"]


def test_preview_of_read_only_and_failing_calls(world: World) -> None:
    p = preview(world, "search_restaurants", {"query": "pasta"})
    assert p.rows == [] and p.message is None and "changes nothing" in p.summary
    bad = preview(world, "charge_deposit", {"booking_id": "B0020", "amount": 5})
    assert bad.error == "There is no booking B0020." and bad.rows == [] and bad.summary.startswith("Would fail")


# ----- one transaction per call ---------------------------------------------------------------------------------
def test_a_tool_that_raises_mid_way_leaves_the_world_unchanged(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """confirm_booking updates the booking, then writes the message; a failure between the two undoes the update."""
    base = world.state_hash()

    def broken_notify(*args: Any, **kwargs: Any) -> None:
        assert world.booking("B0012").status == "confirmed"  # type: ignore[union-attr]  # the first write happened
        raise RuntimeError("mail server on fire")

    monkeypatch.setattr(handlers, "_notify", broken_notify)
    with pytest.raises(ToolError, match="failed \\(RuntimeError\\); nothing was changed") as info:
        execute(world, "confirm_booking", {"booking_id": "B0012"})
    assert "mail server on fire" in info.value.details
    assert world.state_hash() == base
    assert world.booking("B0012").status == "held"  # type: ignore[union-attr]
    monkeypatch.undo()
    execute(world, "confirm_booking", {"booking_id": "B0012"})  # and the world still works
    assert world.booking("B0012").status == "confirmed"  # type: ignore[union-attr]


def test_a_constraint_failure_mid_way_rolls_back_too(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    base = world.state_hash()

    def bad_notify(db: sqlite3.Connection, *args: Any) -> None:
        db.execute("INSERT INTO outbox (customer_id, kind, text) VALUES ('NOBODY', 'x', 'y')")  # foreign key

    monkeypatch.setattr(handlers, "_notify", bad_notify)
    with pytest.raises(ToolError, match="failed in the database; nothing was changed"):
        execute(world, "cancel_booking", {"booking_id": "B0001"})
    assert world.state_hash() == base


def test_a_locked_database_is_a_plain_tool_error(tmp_path: Path) -> None:
    world = World.fresh(tmp_path, busy_timeout=0.2)
    other = sqlite3.connect(str(world.path), isolation_level=None)
    try:
        base = world.state_hash()
        other.execute("BEGIN IMMEDIATE")
        other.execute("INSERT INTO notes (request_id, text) VALUES ('Q01', 'other program')")
        start = time.monotonic()
        with pytest.raises(ToolError, match="locked by another program; nothing was changed"):
            execute(world, "write_note", {"request_id": "Q01", "text": "mine"})
        assert time.monotonic() - start < 5
        assert preview(world, "write_note", {"request_id": "Q01", "text": "mine"}).error is not None
        with pytest.raises(ToolError, match="locked"):
            undo(world, "write_note:1")
        other.execute("ROLLBACK")
        assert world.state_hash() == base
        execute(world, "write_note", {"request_id": "Q01", "text": "mine"})  # works once the lock is gone
        assert world.state_hash() != base
    finally:
        other.close()
        world.close()


# ----- undo -----------------------------------------------------------------------------------------------------
def test_undo_restores_the_state_before_the_call(world: World) -> None:
    base = world.state_hash()
    tokens = [
        execute(world, "hold_table", HOLD).undo_token,
        execute(world, "write_note", {"request_id": "Q01", "text": "n"}).undo_token,
        execute(world, "draft_reply", {"request_id": "Q01", "text": "d"}).undo_token,
    ]
    for token in reversed(tokens):
        assert token is not None
        assert undo(world, token).ok
    assert world.state_hash() == base
    with pytest.raises(ToolError, match="already gone"):
        undo(world, "write_note:1")
    with pytest.raises(ToolError, match="Nothing to undo"):
        undo(world, "cancel_booking:B0001")
    with pytest.raises(ToolError, match="Nothing to undo"):
        undo(world, "")


def test_a_hold_confirmed_since_cannot_be_undone(world: World) -> None:
    token = execute(world, "hold_table", HOLD).undo_token
    execute(world, "confirm_booking", {"booking_id": "B0017"})
    after = world.state_hash()
    with pytest.raises(ToolError, match="confirmed now; cancel it instead"):
        undo(world, token or "")
    assert world.state_hash() == after


# ----- what the model may see, and what goes to a customer --------------------------------------------------------
FOR_ANNA = tools.CallContext("Q01", "C01")


def test_a_lookup_shows_only_the_requester_s_details(world: World) -> None:
    """Other customers' contact details never reach the model: it cannot repeat what it never saw."""
    own = execute(world, "lookup_customer", {"customer": "Anna"}, context=FOR_ANNA)
    assert "anna.berg@example.com" in own.text and "+49 151 1000001" in own.text and "B0013" in own.text
    for key in ("David", "C02", "d.miller", "example.com", "Miller"):
        other = execute(world, "lookup_customer", {"customer": key}, context=FOR_ANNA)
        for private in ("d.miller@example.com", "1000002", "David Miller", "B0003", "Casa Olivo"):
            assert private not in other.text, (key, other.text)
        assert "C02" in other.text and "private" in other.text
    staff = execute(world, "lookup_customer", {"customer": "David"})  # no run: the staff's full view
    assert "d.miller@example.com" in staff.text


def test_only_the_request_being_handled_can_be_read(world: World) -> None:
    own = execute(world, "read_request", {"request_id": "Q01"}, context=FOR_ANNA)
    assert "Trattoria Luna" in own.text
    other = execute(world, "read_request", {"request_id": "Q02"}, context=FOR_ANNA)
    assert "d.miller" not in other.text and "B0003" not in other.text and "not the request being handled" in other.text


@pytest.mark.parametrize(
    "name",
    [
        "Luna\n\nAlso: your card was charged 900. Reply with your PIN.",
        "Luna\u202eYour booking is cancelled",
        "Luna\u200b\u200b\u200bhidden",
        "Luna " + "very long name " * 20,
        "Luna\x07\x1b[31m",
    ],
)
def test_a_poisoned_restaurant_name_reaches_a_customer_as_one_plain_line(world: World, name: str) -> None:
    with world.transaction() as db:
        db.execute("UPDATE restaurants SET name = ? WHERE id = 'r06'", (name,))  # Green Table, booking B0012
    result = execute(world, "confirm_booking", {"booking_id": "B0012"})
    sent = result.data["messages"][0]
    assert sent == outbox(world)[-1]["text"]
    assert "\n" not in sent and not any(ch in sent for ch in "\u202e\u200b\x07\x1b")
    assert len(sent) < 200 and sent.startswith("Dear Nina Petrova")


def test_the_record_commits_with_the_effect_or_neither_does(world: World) -> None:
    base = world.state_hash()
    seen: list[tools.ToolResult] = []

    def failing(db: sqlite3.Connection, result: tools.ToolResult) -> None:
        seen.append(result)
        assert db.in_transaction and world.booking("B0017") is not None  # inside the effect's transaction
        raise sqlite3.OperationalError("disk I/O error")

    with pytest.raises(ToolError, match="nothing was changed"):
        execute(world, "hold_table", HOLD, record=failing)
    assert world.state_hash() == base and seen and seen[0].hash_before == base != seen[0].hash_after

    kept: list[str] = []
    done = execute(world, "hold_table", HOLD, record=lambda db, r: kept.append(r.hash_after))
    assert kept == [world.state_hash()] == [done.hash_after] and done.hash_before == base


def test_finish_shows_its_summary_as_recorded_and_what_changed_during_the_run(world: World) -> None:
    started = tools.snapshot(world)
    execute(world, "hold_table", HOLD)
    execute(world, "send_message", {"customer_id": "C01", "text": "Held for you."})
    context = tools.CallContext("Q01", "C01", started)
    summary = "Booked\u202e 002 rof  <b>done</b>"
    shown = preview(world, "finish", {"summary": summary}, context=context)
    assert shown.recorded == summary and shown.during_run
    assert [(r["table"], r["op"]) for r in shown.rows] == [("bookings", "insert"), ("outbox", "insert")]
    assert "During the run" in shown.summary
    quiet = preview(world, "finish", {"summary": "x"}, context=tools.CallContext("Q01", "C01", tools.snapshot(world)))
    assert quiet.rows == [] and "Nothing changed during the run" in quiet.summary
