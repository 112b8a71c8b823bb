"""Who decides a tool call: the autonomy level (crawl, walk, run) and the guardrails, enforced in code.

Guardrails are checked first, at EVERY level, before any effect; a person's approval never overrides one (they
may edit the arguments, which are then checked again). Only then does the level choose "auto" or "ask":

- crawl: every call waits for a person (``finish`` runs on its own);
- walk: read-only and internal reversible calls run on their own; anything that reaches a customer, moves money or
  cannot be undone waits for a person;
- run: everything runs on its own, within the guardrails.

A tool the person approved "for this run" (``RunContext.approved_tools``) runs on its own at crawl and walk.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from desktop.core.automation.tools import Tool, args_problems, joined
from desktop.core.automation.world import Request, World
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message

if TYPE_CHECKING:
    from desktop.core.automation.audit import AuditLog

MAX_PARTY_SIZE = 8  # larger parties go to the manager
MAX_DEPOSIT = 200  # per booking, in total
MAX_DEPOSIT_PER_GUEST = 20
MAX_CALLS_PER_RUN = 40  # any tool
MAX_EFFECTS_PER_RUN = 8  # calls that change the world
MAX_OPEN_WORLD_PER_RUN = 4  # calls that reach a customer or money
MAX_CALLS_PER_MINUTE = 30

# The rule names a block carries (shown in the panel, written to the audit log, fed back to the agent). The
# names are keys and stay as they are; what each rule means is RULE_TEXT (translatable, context CoreAutomation,
# shown through desktop.i18n.translate_message) and RULES (its English, for the model and the audit log).
RULE_TEXT: dict[str, Message] = {
    "invalid_args": message(QT_TRANSLATE_NOOP("CoreAutomation", "arguments must fit the tool's schema")),
    "rate_limit": message(
        QT_TRANSLATE_NOOP("CoreAutomation", "a run may make only so many calls, effects and customer contacts")
    ),
    "requester_only": message(
        QT_TRANSLATE_NOOP(
            "CoreAutomation", "effects only for the customer who wrote the request, notes only on this request"
        )
    ),
    "private_data": message(
        QT_TRANSLATE_NOOP("CoreAutomation", "a message must not contain another customer's name, e-mail or phone")
    ),
    "party_size": message(QT_TRANSLATE_NOOP("CoreAutomation", "parties of at most {size}"), size=MAX_PARTY_SIZE),
    "business_hours": message(QT_TRANSLATE_NOOP("CoreAutomation", "bookings only when the restaurant seats guests")),
    "double_booking": message(
        QT_TRANSLATE_NOOP("CoreAutomation", "a customer cannot hold two bookings at the same time")
    ),
    "deposit_limit": message(
        QT_TRANSLATE_NOOP("CoreAutomation", "deposits of at most {per_guest} per guest and {total} per booking"),
        per_guest=MAX_DEPOSIT_PER_GUEST,
        total=MAX_DEPOSIT,
    ),
}
RULES: dict[str, str] = {name: text.english() for name, text in RULE_TEXT.items()}


class Level(str, Enum):
    CRAWL = "crawl"
    WALK = "walk"
    RUN = "run"


@dataclass
class Verdict:
    action: str  # "auto" | "ask" | "block"
    rule: str | None
    message: str  # English: the audit log, the agent, logs
    text: Message | None = None  # the same for a person (translatable); None: show ``message``

    @property
    def shown(self) -> Message | str:
        """What the UI passes to ``desktop.i18n.translate_message``."""
        return self.text if self.text is not None else self.message


def _verdict(action: str, rule: str | None, text: Message) -> Verdict:
    return Verdict(action, rule, text.english(), text)


@dataclass
class RunContext:
    """What the policy knows about the run. The agent loop calls ``record(tool)`` after each call it ran."""

    level: Level
    request: Request
    approved_tools: set[str] = field(default_factory=set)
    calls_made: int = 0
    started: float = field(default_factory=time.monotonic)
    effects_made: int = 0
    open_world_made: int = 0
    call_times: list[float] = field(default_factory=list)

    def record(self, tool: Tool) -> None:
        self.calls_made += 1
        self.call_times.append(time.monotonic())
        if not tool.annotations.read_only:
            self.effects_made += 1
        if tool.annotations.open_world:
            self.open_world_made += 1


def decide(tool: Tool, args: dict[str, Any], ctx: RunContext, world: World) -> Verdict:
    """auto, ask or block for one proposed call. Guardrails first, at every level."""
    blocked = guardrail(tool, args, ctx, world)
    if blocked is not None:
        return blocked
    if tool.name == "finish":
        return _verdict("auto", None, message(QT_TRANSLATE_NOOP("CoreAutomation", "Ending the run changes nothing.")))
    if tool.name in ctx.approved_tools and ctx.level in (Level.CRAWL, Level.WALK):
        return _verdict(
            "auto",
            None,
            message(QT_TRANSLATE_NOOP("CoreAutomation", "You approved {tool} for this run."), tool=tool.name),
        )
    if ctx.level == Level.CRAWL:
        return _verdict(
            "ask", None, message(QT_TRANSLATE_NOOP("CoreAutomation", "Crawl: every call waits for a person."))
        )
    if ctx.level == Level.WALK:
        if tool.annotations.read_only:
            return _verdict(
                "auto", None, message(QT_TRANSLATE_NOOP("CoreAutomation", "Walk: reading runs on its own."))
            )
        if tool.reversible():
            return _verdict(
                "auto",
                None,
                message(QT_TRANSLATE_NOOP("CoreAutomation", "Walk: internal and undoable, runs on its own.")),
            )
        return _verdict(
            "ask",
            None,
            message(
                QT_TRANSLATE_NOOP(
                    "CoreAutomation", "Walk: this reaches a customer or cannot be undone, so a person decides."
                )
            ),
        )
    return _verdict("auto", None, message(QT_TRANSLATE_NOOP("CoreAutomation", "Run: within the guardrails.")))


def guardrail(tool: Tool, args: dict[str, Any], ctx: RunContext, world: World) -> Verdict | None:
    """The first guardrail the call breaks, as a block verdict; None if it breaks none."""
    for check in (_invalid_args, _rate_limit, _requester_only, _private_data, _party_size, _business_hours,
                  _double_booking, _deposit_limit):  # fmt: skip
        found = check(tool, args, ctx, world)
        if found is not None:
            rule, why = found
            return _verdict(
                "block",
                rule,
                message(
                    QT_TRANSLATE_NOOP("CoreAutomation", "Blocked by the rule {rule}: {reason}"),
                    rule=repr(rule),
                    reason=why,
                ),
            )
    return None


_Found = tuple[str, Message | str] | None


def _invalid_args(tool: Tool, args: dict[str, Any], ctx: RunContext, world: World) -> _Found:
    problems = args_problems(tool, args, world)
    return ("invalid_args", joined(problems)) if problems else None


def _rate_limit(tool: Tool, args: dict[str, Any], ctx: RunContext, world: World) -> _Found:
    if tool.name == "finish":
        return None
    if ctx.calls_made >= MAX_CALLS_PER_RUN:
        return "rate_limit", message(
            QT_TRANSLATE_NOOP("CoreAutomation", "this run already made {count} calls (limit {limit})."),
            count=ctx.calls_made,
            limit=MAX_CALLS_PER_RUN,
        )
    now = time.monotonic()
    recent = [t for t in ctx.call_times if now - t < 60]
    if len(recent) >= MAX_CALLS_PER_MINUTE:
        return "rate_limit", message(
            QT_TRANSLATE_NOOP("CoreAutomation", "{count} calls in the last minute (limit {limit})."),
            count=len(recent),
            limit=MAX_CALLS_PER_MINUTE,
        )
    if not tool.annotations.read_only and ctx.effects_made >= MAX_EFFECTS_PER_RUN:
        return "rate_limit", message(
            QT_TRANSLATE_NOOP("CoreAutomation", "this run already changed the world {count} times (limit {limit})."),
            count=ctx.effects_made,
            limit=MAX_EFFECTS_PER_RUN,
        )
    if tool.annotations.open_world and ctx.open_world_made >= MAX_OPEN_WORLD_PER_RUN:
        return "rate_limit", message(
            QT_TRANSLATE_NOOP("CoreAutomation", "this run already reached customers {count} times (limit {limit})."),
            count=ctx.open_world_made,
            limit=MAX_OPEN_WORLD_PER_RUN,
        )
    return None


def _requester_only(tool: Tool, args: dict[str, Any], ctx: RunContext, world: World) -> _Found:
    if tool.annotations.read_only:
        return None
    owner = ctx.request.customer_id
    if "request_id" in args and args["request_id"] != ctx.request.id:
        return "requester_only", message(
            QT_TRANSLATE_NOOP("CoreAutomation", "notes and drafts go on the request being handled ({request})."),
            request=ctx.request.id,
        )
    target: str | None = None
    if "customer_id" in args:
        target = str(args["customer_id"])
    elif "booking_id" in args:
        booking = world.booking(str(args["booking_id"]))
        if booking is None:
            return None  # the tool itself reports an unknown booking
        target = booking.customer_id
    else:
        return None
    if owner is None:
        return "requester_only", message(
            QT_TRANSLATE_NOOP(
                "CoreAutomation", "request {request} is not about a customer, so no customer may be affected."
            ),
            request=ctx.request.id,
        )
    if target != owner:
        if "booking_id" in args:
            return "requester_only", message(
                QT_TRANSLATE_NOOP(
                    "CoreAutomation",
                    "booking {booking} belongs to customer {target}, but request {request} is for customer {owner}.",
                ),
                booking=args["booking_id"],
                target=target,
                request=ctx.request.id,
                owner=owner,
            )
        return "requester_only", message(
            QT_TRANSLATE_NOOP(
                "CoreAutomation", "the call is for customer {target}, but request {request} is for customer {owner}."
            ),
            target=target,
            request=ctx.request.id,
            owner=owner,
        )
    return None


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def _private_data(tool: Tool, args: dict[str, Any], ctx: RunContext, world: World) -> _Found:
    if tool.name not in ("send_message", "draft_reply"):
        return None
    text = str(args.get("text", ""))
    low, digits = text.lower(), _digits(text)
    leaked = []
    for c in world.customers():
        if c.id == ctx.request.customer_id:
            continue
        phone = _digits(c.phone)
        if c.email.lower() in low or c.name.lower() in low or (len(phone) >= 7 and phone in digits):
            leaked.append(c.id)
    if leaked:
        return "private_data", message(
            QT_TRANSLATE_NOOP("CoreAutomation", "the text names other customers ({customers})."),
            customers=", ".join(leaked[:5]),
        )
    return None


def _party_size(tool: Tool, args: dict[str, Any], ctx: RunContext, world: World) -> _Found:
    size: int | None = None
    if tool.name == "hold_table":
        size = int(args["party_size"])
    elif tool.name == "confirm_booking":
        booking = world.booking(str(args["booking_id"]))
        size = booking.party_size if booking else None
    if size is not None and size > MAX_PARTY_SIZE:
        return "party_size", message(
            QT_TRANSLATE_NOOP(
                "CoreAutomation", "a party of {size} is over the limit of {limit}; the manager handles it."
            ),
            size=size,
            limit=MAX_PARTY_SIZE,
        )
    return None


def _business_hours(tool: Tool, args: dict[str, Any], ctx: RunContext, world: World) -> _Found:
    if tool.name != "hold_table":
        return None
    r = world.restaurant(str(args["restaurant"]))
    if r is None:
        return None
    if not world.is_open(r.id, str(args["date"]), str(args["time"])):
        return "business_hours", message(
            QT_TRANSLATE_NOOP("CoreAutomation", "{restaurant} does not seat guests on {date} at {time} ({hours})."),
            restaurant=r.name,
            date=args["date"],
            time=args["time"],
            hours=r.hours(),
        )
    return None


def _double_booking(tool: Tool, args: dict[str, Any], ctx: RunContext, world: World) -> _Found:
    if tool.name == "hold_table":
        customer, date, at, exclude = str(args["customer_id"]), str(args["date"]), str(args["time"]), None
    elif tool.name == "confirm_booking":
        booking = world.booking(str(args["booking_id"]))
        if booking is None or booking.status != "held":
            return None
        customer, date, at, exclude = booking.customer_id, booking.date, booking.time, booking.id
    else:
        return None
    clash = world.overlapping(customer, date, at, exclude=exclude)
    if clash:
        b = clash[0]
        return "double_booking", message(
            QT_TRANSLATE_NOOP(
                "CoreAutomation", "customer {customer} already has booking {booking} at {restaurant}, {date} {time}."
            ),
            customer=customer,
            booking=b.id,
            restaurant=b.restaurant,
            date=b.date,
            time=b.time,
        )
    return None


def _deposit_limit(tool: Tool, args: dict[str, Any], ctx: RunContext, world: World) -> _Found:
    if tool.name != "charge_deposit":
        return None
    booking = world.booking(str(args["booking_id"]))
    if booking is None:
        return None
    amount = int(args["amount"])
    limit = min(MAX_DEPOSIT, MAX_DEPOSIT_PER_GUEST * booking.party_size)
    if booking.deposit + amount > limit:
        return "deposit_limit", message(
            QT_TRANSLATE_NOOP(
                "CoreAutomation", "{total} in total on {booking} for {guests} guests is over the limit of {limit}."
            ),
            total=booking.deposit + amount,
            booking=booking.id,
            guests=booking.party_size,
            limit=limit,
        )
    return None


# ----- the record that argues for moving up or down a level ------------------------------------------------------
Stats = dict[str, dict[str, int]]
STAT_KEYS = ("auto", "approved", "edited", "rejected", "blocked", "error")


def stats(audit: AuditLog) -> Stats:
    """Per tool: how often a call ran on its own, a person approved it unchanged, edited it, rejected it, a
    guardrail blocked it, or it failed. From the audit log (every run)."""
    out: Stats = {}
    for row in audit.rows():
        if row.decision not in STAT_KEYS or row.tool not in _tool_names():
            continue
        counts = out.setdefault(row.tool, dict.fromkeys(STAT_KEYS, 0))
        counts[row.decision] += 1
    return out


def rule_counts(audit: AuditLog) -> dict[str, int]:
    """How often each guardrail fired."""
    out: dict[str, int] = {}
    for row in audit.rows():
        if row.decision == "blocked":
            out[row.decided_by] = out.get(row.decided_by, 0) + 1
    return out


def _tool_names() -> set[str]:
    from desktop.core.automation.tools import TOOLS

    return set(TOOLS)
