"""The privacy matcher against families of disguises, for every customer of the seed world, and the rule that uses
it: another customer's name, e-mail or phone never leaves in a message, however it is written, while the
requester's own data, ordinary booking text and a name the requester wrote herself pass."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from desktop.core.automation.policy import Level, RunContext, decide
from desktop.core.automation.privacy import digit_runs, find_in, find_private_data, normalize
from desktop.core.automation.records import Customer
from desktop.core.automation.seed import CUSTOMERS
from desktop.core.automation.tools import TOOLS
from desktop.core.automation.world import World

PEOPLE = [Customer(*c) for c in CUSTOMERS]
ZWSP, RLO, PDF, WJ = "\u200b", "\u202e", "\u202c", "\u2060"
CYRILLIC = str.maketrans("aceopxyABCEHKMOPTX", "асеорхуАВСЕНКМОРТХ")
GREEK = str.maketrans("AoBEHIKMNOTXYvi", "ΑοΒΕΗΙΚΜΝΟΤΧΥνι")


def full_width(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else "\u3000" if c == " " else c for c in text)


def between(text: str, mark: str) -> str:
    """``mark`` between every two characters."""
    return mark.join(text)


Disguise = Callable[[str], str]
EMAIL_DISGUISES: dict[str, Disguise] = {
    "plain": lambda e: e,
    "capitals": str.upper,
    "at-dot words": lambda e: e.replace("@", " at ").replace(".", " dot "),
    "(at) (dot)": lambda e: e.replace("@", " (at) ").replace(".", " (dot) "),
    "[at] [dot]": lambda e: e.replace("@", "[at]").replace(".", "[dot]"),
    "spaces": lambda e: e.replace("@", " @ ").replace(".", " . "),
    "zero-width inside": lambda e: between(e, ZWSP),
    "bidi inside": lambda e: RLO + e[:3] + PDF + e[3:],
    "word joiners": lambda e: between(e, WJ),
    "full width": full_width,
    "cyrillic look-alikes": lambda e: e.translate(CYRILLIC),
    "greek look-alikes": lambda e: e.translate(GREEK),
    "small @": lambda e: e.replace("@", "\ufe6b"),
    "korean at": lambda e: e.replace("@", " 골뱅이 "),
}


def national(phone: str) -> str:
    """+49 151 1000001 -> 0151 1000001 (the number as its own country writes it)."""
    _country, rest = phone.split(" ", 1)
    return "0" + rest


PHONE_DISGUISES: dict[str, Disguise] = {
    "plain": lambda p: p,
    "digits only": lambda p: "".join(c for c in p if c.isdigit()),
    "dashes": lambda p: p.replace(" ", "-"),
    "dots": lambda p: p.replace(" ", "."),
    "brackets": lambda p: p.replace(" ", " (", 1).replace(" ", ") ", 1),
    "national": national,
    "national slashed": lambda p: national(p).replace(" ", "/"),
    "full width digits": full_width,
    "arabic-indic digits": lambda p: "".join(chr(0x660 + int(c)) if c.isdigit() else c for c in p),
    "zero-width inside": lambda p: between(p, ZWSP),
    "spaced digits": lambda p: " ".join(c for c in p if c.isdigit()),
    "em dashes": lambda p: p.replace(" ", " \u2014 "),
}
NAME_DISGUISES: dict[str, Disguise] = {
    "plain": lambda n: n,
    "capitals": str.upper,
    "lower": str.lower,
    "reversed": lambda n: ", ".join(reversed(n.split())),
    "no space": lambda n: n.replace(" ", ""),
    "spaced letters": lambda n: " ".join(n.replace(" ", "  ")),
    "zero-width inside": lambda n: between(n, ZWSP),
    "cyrillic look-alikes": lambda n: n.translate(CYRILLIC),
    "full width": full_width,
    "accents": lambda n: "".join(c + "\u0301" if c in "aeiou" else c for c in n),
    "hyphen": lambda n: n.replace(" ", "-"),
    "line break": lambda n: n.replace(" ", "\n"),
}


def kinds(found: list) -> set[tuple[str, str]]:  # type: ignore[type-arg]
    return {(f.customer_id, f.kind) for f in found}


@pytest.mark.parametrize("disguise", EMAIL_DISGUISES)
def test_every_email_is_found_through_each_disguise(disguise: str) -> None:
    for c in PEOPLE:
        text = f"Hello, the address is {EMAIL_DISGUISES[disguise](c.email)} as you asked."
        assert (c.id, "email") in kinds(find_in(text, PEOPLE, "C99")), (disguise, text)


@pytest.mark.parametrize("disguise", PHONE_DISGUISES)
def test_every_phone_is_found_through_each_disguise(disguise: str) -> None:
    for c in PEOPLE:
        text = f"Call {PHONE_DISGUISES[disguise](c.phone)} today."
        assert (c.id, "phone") in kinds(find_in(text, PEOPLE, "C99")), (disguise, text)


@pytest.mark.parametrize("disguise", NAME_DISGUISES)
def test_every_name_is_found_through_each_disguise(disguise: str) -> None:
    for c in PEOPLE:
        text = f"Your table is next to {NAME_DISGUISES[disguise](c.name)} tonight."
        assert (c.id, "name") in kinds(find_in(text, PEOPLE, "C99")), (disguise, text)


def test_the_requester_s_own_data_and_ordinary_booking_text_pass() -> None:
    for c in PEOPLE:
        own = f"Dear {c.name}, we will write to {c.email} or call {c.phone}."
        assert find_in(own, PEOPLE, c.id) == [], c
    ordinary = [
        "Table 4 at 19:00 on 2026-12-04 for 2 people, booking B0017, deposit 40.",
        "Held table 6 (8 seats) at Harbour Grill on 2026-12-06 at 19:00 for 6: booking B0018.",
        "Hanna Bergman and Davidson Millers are not our customers.",  # longer words that contain a name
        "Annabelle Bergstrom says hi.",
        "Please call the restaurant at +49 30 1234567.",
        "예약이 확정되었습니다 (예약 번호 B0017). 감사합니다.",
        "We meet at example street; dot your i's.",
    ]
    for text in ordinary:
        assert find_in(text, PEOPLE, "C01") == [], text


def test_a_name_the_requester_wrote_herself_may_be_used_but_never_contact_details() -> None:
    request = "Please book a table for me and my friend David Miller at 20:00. Anna"
    reply = "Dear Anna, your table for you and David Miller is held."
    assert find_in(reply, PEOPLE, "C01", named_by_requester=request) == []
    leaked = find_in(reply + " His e-mail is d.miller@example.com.", PEOPLE, "C01", named_by_requester=request)
    assert kinds(leaked) == {("C02", "email")}
    other = find_in("and Sara Lind too", PEOPLE, "C01", named_by_requester=request)  # someone she did not name
    assert kinds(other) == {("C05", "name")}


def test_normalize_and_digit_runs() -> None:
    assert normalize(f"Ａｎｎ{ZWSP}а Ｂerg") == "anna berg"
    assert normalize("ΗΕΛΛΟ") == "heλλo"  # capitals that look Latin become Latin, others stay
    assert digit_runs("+49 (151) 100-00-01, and 2026-12-04 at 20:00") == ["491511000001", "20261204", "20", "00"]


# ----- the rule that uses it ------------------------------------------------------------------------------------
@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = World.fresh(tmp_path)
    yield w
    w.close()


@pytest.mark.parametrize("level", list(Level))
def test_the_private_data_rule_blocks_disguised_leaks_at_every_level(world: World, level: Level) -> None:
    david = world.customer("C02")
    assert david is not None
    ctx = RunContext(level=level, request=world.request("Q01"), approved_tools=set(TOOLS))
    leaks = [
        *(f(david.email) for f in EMAIL_DISGUISES.values()),
        *(f(david.phone) for f in PHONE_DISGUISES.values()),
        *(f(david.name) for f in NAME_DISGUISES.values()),
    ]
    for leak in leaks:
        for tool, args in (
            ("send_message", {"customer_id": "C01", "text": f"FYI: {leak}"}),
            ("draft_reply", {"request_id": "Q01", "text": f"FYI: {leak}"}),
        ):
            v = decide(TOOLS[tool], args, ctx, world)
            assert (v.action, v.rule) == ("block", "private_data"), (tool, leak, v)
    assert find_private_data(f"FYI: {leaks[0]}", world, "C01") != []


def test_a_poisoned_restaurant_name_cannot_carry_another_customer_s_data_into_a_confirmation(world: World) -> None:
    ctx = RunContext(level=Level.RUN, request=world.request("Q13"))
    assert decide(TOOLS["confirm_booking"], {"booking_id": "B0012"}, ctx, world).action == "auto"
    for poison in ("Green Table - write to d.miller (at) example (dot) com", "Green Table, call 0151 1000002"):
        with world.transaction() as db:
            db.execute("UPDATE restaurants SET name = ? WHERE id = 'r06'", (poison,))
        v = decide(TOOLS["confirm_booking"], {"booking_id": "B0012"}, ctx, world)
        assert (v.action, v.rule) == ("block", "private_data"), (poison, v)


def test_the_rule_allows_a_friend_the_requester_named(world: World) -> None:
    world.add_request(
        "Q50", "Anna Berg <anna.berg@example.com>", "A table for me and David Miller on Friday, please.",
        customer_id="C01", kind="book", asks="book",
    )  # fmt: skip
    request = world.request("Q50")
    ctx = RunContext(level=Level.RUN, request=request)
    ok = {"request_id": "Q50", "text": "Dear Anna, a table for you and David Miller is held for Friday."}
    assert decide(TOOLS["draft_reply"], ok, ctx, world).action == "auto"
    leak = {**ok, "text": ok["text"] + " David's phone: +49 151 1000002."}
    assert decide(TOOLS["draft_reply"], leak, ctx, world).rule == "private_data"
    stranger = RunContext(level=Level.RUN, request=dataclasses.replace(request, body="A table for me, please."))
    assert decide(TOOLS["draft_reply"], ok, stranger, world).rule == "private_data"
