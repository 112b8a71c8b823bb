"""What a request asks for, as data in the world, so a rule can refuse an effect nobody asked for.

Every request in the inbox carries two columns (the seed sets them; staff would set them on triage):

- ``kind``: one word for what the request is, shown in the inbox: ``book``, ``cancel``, ``change``,
  ``confirm``, ``deposit``, ``question``, ``note`` or ``other``.
- ``asks``: the effects it asks for, separated by spaces. Each is ``effect`` or ``effect:booking``:

  ============  =====================================================================================
  ``book``      hold a new table for the requester, and confirm a hold made in the same run
  ``hold``      hold a new table, not confirm it (staff who will confirm themselves)
  ``confirm``   confirm a held booking (``confirm:B0012``: that booking only)
  ``cancel``    cancel a booking (``cancel:B0003``: that booking only)
  ``deposit``   charge a deposit (``deposit:B0007``: on that booking only)
  ``change``    move a booking: ``change:B0003`` allows ``cancel:B0003`` and ``book``
  ============  =====================================================================================

  An empty ``asks`` (a question, a note for staff, a fake order) asks for no booking or payment effect.

The effects a request must ask for are the ones that hold, commit, destroy or charge: ``hold_table``,
``confirm_booking``, ``cancel_booking``, ``charge_deposit`` (:data:`GOVERNED`). Answering the requester
(``send_message``, ``draft_reply``) and internal notes need no asking; other rules cover them (messages only
to the requester, no other customer's data). The policy refuses an effect the request did not ask for at the
run level (rule ``not_asked``) and shows it on the card at crawl and walk, where a person decides.

For the evaluation: :func:`effects_between` lists every effect between two states of the world (from the
mutable tables), and :func:`not_asked` keeps those the request did not ask for, on anyone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message

KINDS = ("book", "cancel", "change", "confirm", "deposit", "question", "note", "other")
EFFECTS = ("book", "hold", "confirm", "cancel", "deposit", "change")
# tool -> the effect a request must ask for before the tool may run on its own
GOVERNED: dict[str, str] = {
    "hold_table": "hold",
    "confirm_booking": "confirm",
    "cancel_booking": "cancel",
    "charge_deposit": "deposit",
}


# The effects' words for a person (the keys above stay the data).
EFFECT_WORDS: dict[str, str] = {
    "book": QT_TRANSLATE_NOOP("CoreAutomation", "book"),
    "hold": QT_TRANSLATE_NOOP("CoreAutomation", "hold"),
    "confirm": QT_TRANSLATE_NOOP("CoreAutomation", "confirm"),
    "cancel": QT_TRANSLATE_NOOP("CoreAutomation", "cancel"),
    "deposit": QT_TRANSLATE_NOOP("CoreAutomation", "deposit"),
    "change": QT_TRANSLATE_NOOP("CoreAutomation", "change"),
}


class IntentError(ValueError):
    """An ``asks`` text that does not follow the vocabulary above."""


@dataclass(frozen=True)
class Asks:
    """A request's ``asks``, parsed: (effect, booking or "") pairs."""

    items: tuple[tuple[str, str], ...] = ()

    @classmethod
    def parse(cls, text: str | None) -> Asks:
        items = []
        for word in (text or "").split():
            effect, _, booking = word.partition(":")
            if effect not in EFFECTS:
                raise IntentError(f"unknown effect {effect!r} in asks {text!r}; one of {', '.join(EFFECTS)}")
            items.append((effect, booking))
        return cls(tuple(items))

    def __str__(self) -> str:
        return " ".join(f"{e}:{b}" if b else e for e, b in self.items)

    def _has(self, effect: str, booking: str) -> bool:
        return any(e == effect and (not b or b == booking) for e, b in self.items)

    def allows(self, effect: str, booking: str = "", *, new_booking: bool = False) -> bool:
        """Whether the request asks for ``effect`` on ``booking``. ``new_booking``: the booking was held in
        this run (``book`` then covers confirming it)."""
        changes = {b for e, b in self.items if e == "change"}
        if effect == "hold":
            return self._has("hold", "") or self.allows("book")
        if effect == "book":
            return self._has("book", "") or bool(changes)
        if effect == "confirm":
            return self._has("confirm", booking) or (new_booking and self.allows("book"))
        if effect == "cancel":
            return self._has("cancel", booking) or booking in changes or ("" in changes)
        if effect == "deposit":
            return self._has("deposit", booking)
        return False

    def words(self) -> str:
        """In English (the log, the agent): ``confirm B0012, deposit B0012`` ("" when it asks for nothing)."""
        return ", ".join(f"{e} {b}" if b else e for e, b in self.items)

    def text(self) -> Message:
        """:meth:`words` for a person, each effect's word translatable."""
        out: Message | None = None
        for effect, booking in self.items:
            word = message(EFFECT_WORDS[effect])
            part = Message("{effect} {booking}", "", {"effect": word, "booking": booking}) if booking else word
            out = part if out is None else Message("{a}, {b}", "", {"a": out, "b": part})
        return out if out is not None else Message("")


@dataclass(frozen=True)
class Effect:
    """One change to the world a person would call an effect."""

    kind: str  # hold | confirm | cancel | deposit | message | note | draft | undo
    customer_id: str | None
    booking_id: str = ""
    detail: str = ""


def effect_of(tool: str, args: Mapping[str, Any]) -> tuple[str, str] | None:
    """(effect, booking) a governed call would have; None for a call that needs no asking."""
    effect = GOVERNED.get(tool)
    if effect is None:
        return None
    return effect, str(args.get("booking_id", "") or "")


def effects_between(
    before: Mapping[str, Mapping[str, Mapping[str, Any]]], after: Mapping[str, Mapping[str, Mapping[str, Any]]]
) -> list[Effect]:
    """The effects between two snapshots of the mutable tables (``{table: {key: row}}``, as
    ``World.table_rows`` gives them): bookings held, confirmed, cancelled, deposits charged, messages in the
    outbox, notes and drafts written."""
    out: list[Effect] = []
    old_b, new_b = before.get("bookings", {}), after.get("bookings", {})
    for key, row in new_b.items():
        was = old_b.get(key)
        customer = str(row.get("customer_id"))
        if was is None:
            out.append(Effect("hold", customer, key))
            if row.get("status") == "confirmed":
                out.append(Effect("confirm", customer, key))
            continue
        if row.get("status") != was.get("status"):
            kind = {"confirmed": "confirm", "cancelled": "cancel"}.get(str(row.get("status")), "hold")
            out.append(Effect(kind, customer, key))
        if int(row.get("deposit") or 0) > int(was.get("deposit") or 0):
            out.append(Effect("deposit", customer, key, str(int(row["deposit"]) - int(was.get("deposit") or 0))))
    for key in old_b.keys() - new_b.keys():
        out.append(Effect("undo", str(old_b[key].get("customer_id")), key))
    for table, kind in (("outbox", "message"), ("notes", "note"), ("drafts", "draft")):
        old, new = before.get(table, {}), after.get(table, {})
        for key in new.keys() - old.keys():
            added = new[key]
            to = added.get("customer_id")
            out.append(Effect(kind, str(to) if to else None, str(added.get("booking_id") or ""), key))
    return out


def not_asked(
    effects: Iterable[Effect], requester: str | None, asks: Asks, new_bookings: Iterable[str] = ()
) -> list[Effect]:
    """The effects a request from ``requester`` asking ``asks`` did not ask for, on anyone: a governed effect
    the request does not allow, any booking or payment effect on another customer, and any message to
    another customer. Notes and drafts (internal) and the requester's own confirmations, cancellations and
    receipts that come with an allowed effect are not counted."""
    fresh = set(new_bookings)
    out = []
    for e in effects:
        if e.kind in ("note", "draft", "undo"):
            continue
        if e.customer_id != requester:
            out.append(e)
        elif e.kind == "message":
            continue
        elif not asks.allows(e.kind, e.booking_id, new_booking=e.booking_id in fresh):
            out.append(e)
    return out
