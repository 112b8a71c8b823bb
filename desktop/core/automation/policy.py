"""Who decides a tool call: the autonomy level (crawl, walk, run) and the guardrails, enforced in code.

Guardrails are checked first, at EVERY level, before any effect; a person's approval never overrides one (they
may edit the arguments, which are then checked again). Arguments that do not fit the tool's schema are refused
by the first guardrail (``invalid_args``). Then the request's intent (``intent.py``): an effect the request did
not ask for is refused at run (``not_asked``) and, at crawl and walk, always waits for a person, who sees why.
Only then does the level choose "auto" or "ask":

- crawl: every call waits for a person, ``finish`` included;
- walk: look-ups and internal calls that can be undone (holds, notes, drafts) run on their own; a call waits if it
  reaches a customer, cannot be undone, or ends the request (``finish``): :func:`waits_at_walk`;
- run: everything runs on its own, within the guardrails.

A tool the person approved "for this run" (``RunContext.approved_tools``) runs on its own at crawl and walk; the
log records those calls as ``approved_for_run``, apart from the calls a person approved one by one.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from desktop.core.automation import intent
from desktop.core.automation.privacy import find_private_data
from desktop.core.automation.tools import CallContext, Tool, args_problems, joined, preview
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
    "not_asked": message(
        QT_TRANSLATE_NOOP(
            "CoreAutomation", "holds, confirmations, cancellations and deposits only where the request asks for them"
        )
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
    rule: str | None  # the rule that blocked, or that makes a person decide ("not_asked"); None for the level's
    message: str  # English: the audit log, the agent, logs
    text: Message | None = None  # the same for a person (translatable); None: show ``message``
    asks: Message | str = ""  # what the request asks for (intent.Asks.text), for the card

    @property
    def shown(self) -> Message | str:
        """What the UI passes to ``desktop.i18n.translate_message``."""
        return self.text if self.text is not None else self.message


def _verdict(action: str, rule: str | None, text: Message, asks: Message | str = "") -> Verdict:
    return Verdict(action, rule, text.english(), text, asks)


def waits_at_walk(tool: Tool) -> bool:
    """At walk a call waits for a person if it reaches a customer, cannot be undone, or ends the request."""
    return tool.name == "finish" or (not tool.annotations.read_only and not tool.reversible())


def waits_at(tool: Tool, level: Level | str) -> bool:
    """Whether calls of ``tool`` wait for a person at ``level`` (before rules and per-run approvals)."""
    level = Level(level)
    return level == Level.CRAWL or (level == Level.WALK and waits_at_walk(tool))


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
    held: set[str] = field(default_factory=set)  # bookings held during this run ("book" covers confirming them)
    world_at_start: dict[str, dict[str, dict[str, Any]]] | None = None  # the mutable tables when the run began

    def record(self, tool: Tool, data: Any = None) -> None:
        self.calls_made += 1
        self.call_times.append(time.monotonic())
        if not tool.annotations.read_only:
            self.effects_made += 1
        if tool.annotations.open_world:
            self.open_world_made += 1
        if tool.name == "hold_table" and isinstance(data, dict) and data.get("booking_id"):
            self.held.add(str(data["booking_id"]))

    @property
    def asks(self) -> intent.Asks:
        return intent.Asks.parse(self.request.asks)

    def call_context(self) -> CallContext:
        """What the tools know of the call: the request, its customer, the world when the run began."""
        return CallContext(self.request.id, self.request.customer_id, self.world_at_start)


def decide(tool: Tool, args: dict[str, Any], ctx: RunContext, world: World) -> Verdict:
    """auto, ask or block for one proposed call. Guardrails first, at every level; then what the request asked
    for; then the level."""
    asks = ctx.asks.text()
    blocked = guardrail(tool, args, ctx, world)
    if blocked is not None:
        blocked.asks = asks
        return blocked
    unasked = not_asked(tool, args, ctx, world)
    if unasked is not None:
        if ctx.level == Level.RUN:
            return _blocked("not_asked", unasked, asks)
        return _verdict(
            "ask",
            "not_asked",
            message(QT_TRANSLATE_NOOP("CoreAutomation", "Not asked for: {reason} A person decides."), reason=unasked),
            asks,
        )
    if tool.name in ctx.approved_tools and ctx.level in (Level.CRAWL, Level.WALK):
        return _verdict(
            "auto",
            None,
            message(QT_TRANSLATE_NOOP("CoreAutomation", "You approved {tool} for this run."), tool=tool.name),
            asks,
        )
    if ctx.level == Level.CRAWL:
        return _verdict(
            "ask", None, message(QT_TRANSLATE_NOOP("CoreAutomation", "Crawl: every call waits for a person.")), asks
        )
    if ctx.level == Level.WALK:
        if tool.name == "finish":
            said = QT_TRANSLATE_NOOP("CoreAutomation", "Walk: ending the request waits for a person.")
            return _verdict("ask", None, message(said), asks)
        if tool.annotations.read_only:
            return _verdict(
                "auto", None, message(QT_TRANSLATE_NOOP("CoreAutomation", "Walk: reading runs on its own.")), asks
            )
        if tool.reversible():
            return _verdict(
                "auto",
                None,
                message(QT_TRANSLATE_NOOP("CoreAutomation", "Walk: internal and undoable, runs on its own.")),
                asks,
            )
        return _verdict(
            "ask",
            None,
            message(
                QT_TRANSLATE_NOOP(
                    "CoreAutomation", "Walk: this reaches a customer or cannot be undone, so a person decides."
                )
            ),
            asks,
        )
    return _verdict("auto", None, message(QT_TRANSLATE_NOOP("CoreAutomation", "Run: within the guardrails.")), asks)


def _blocked(rule: str, why: Message | str, asks: Message | str = "") -> Verdict:
    return _verdict(
        "block",
        rule,
        message(
            QT_TRANSLATE_NOOP("CoreAutomation", "Blocked by the rule {rule}: {reason}"), rule=repr(rule), reason=why
        ),
        asks,
    )


def not_asked(tool: Tool, args: dict[str, Any], ctx: RunContext, world: World) -> Message | None:
    """Why a governed call (hold, confirm, cancel, deposit) is not what the request asked for; None if it is, or
    if the call needs no asking."""
    found = intent.effect_of(tool.name, args)
    if found is None:
        return None
    effect, booking = found
    asks = ctx.asks
    if asks.allows(effect, booking, new_booking=booking in ctx.held):
        return None
    if not asks.items:
        return message(
            QT_TRANSLATE_NOOP(
                "CoreAutomation", "request {request} does not ask to hold, confirm, cancel or charge anything."
            ),
            request=ctx.request.id,
        )
    return message(
        QT_TRANSLATE_NOOP("CoreAutomation", "request {request} asks only for: {asks}."),
        request=ctx.request.id,
        asks=asks.text(),
    )


def guardrail(tool: Tool, args: dict[str, Any], ctx: RunContext, world: World) -> Verdict | None:
    """The first guardrail the call breaks, as a block verdict; None if it breaks none."""
    for check in (_invalid_args, _rate_limit, _requester_only, _private_data, _party_size, _business_hours,
                  _double_booking, _deposit_limit):  # fmt: skip
        found = check(tool, args, ctx, world)
        if found is not None:
            return _blocked(*found)
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


MESSAGE_TOOLS = ("send_message", "draft_reply")  # the model writes the text
NOTIFYING_TOOLS = ("confirm_booking", "cancel_booking", "charge_deposit")  # a template with the world's text


def _private_data(tool: Tool, args: dict[str, Any], ctx: RunContext, world: World) -> _Found:
    """Another customer's name, e-mail or phone in a text that leaves, or could leave, the business: what the
    model wrote, and what a tool's template would send (the preview's exact message). Found through disguise
    (privacy.py); a name the requester wrote herself may be used."""
    if tool.name in MESSAGE_TOOLS:
        text = str(args.get("text", ""))
    elif tool.name in NOTIFYING_TOOLS:
        text = preview(world, tool.name, args, context=ctx.call_context()).message or ""
    else:
        return None
    request = ctx.request
    found = find_private_data(text, world, request.customer_id, f"{request.subject}\n{request.body}")
    if found:
        who = sorted({f.customer_id for f in found})
        return "private_data", message(
            QT_TRANSLATE_NOOP("CoreAutomation", "the text names other customers ({customers})."),
            customers=", ".join(who[:5]),
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
STAT_KEYS = ("auto", "approved", "approved_for_run", "edited", "rejected", "blocked", "error")


def stats(audit: AuditLog) -> Stats:
    """Per tool: how often a call ran on its own, a person approved it unchanged (one by one), it ran under a
    per-run approval nobody looked at, a person edited it, rejected it, a guardrail blocked it, or it failed. From
    the audit log (every run)."""
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
