"""The agent loop: one tool call at a time, each one checked by code before it has any effect.

Per step: the model proposes a call -> its arguments are validated against the tool's schema (fail
closed: invalid arguments never run; the errors go back to the agent) -> the policy decides (block,
ask a reviewer, or run on its own) -> the tool runs in one SQLite transaction -> the audit log gets a
row with the world's hash before and after -> the result goes back into the transcript, marked as
data. Tool results and customer messages are untrusted: they are shown to the model as data and
never reach the policy, which reads only the tool, its arguments, the level and the world.

``AgentRun.run`` blocks; call it on a worker thread. ``pause``/``resume``/``kill`` are safe from any
thread. Kill cancels the model step in flight and nothing else happens after it.
"""

from __future__ import annotations

import contextlib
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from desktop.core.automation import policy
from desktop.core.automation import tools as tools_mod
from desktop.core.automation.policy import Level, RunContext, Verdict
from desktop.core.automation.tools import Preview, Tool
from desktop.core.errors import FMError, HostDiedError
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message

if TYPE_CHECKING:
    from desktop.core.automation.audit import AuditLog
    from desktop.core.automation.world import Request, World

# Untrusted text (a customer's message, a tool result) is cut to this many characters before it
# enters the transcript; the prompt builder may cut further to fit the model's context.
MAX_UNTRUSTED_CHARS = 6000

DECISION_KINDS = ("approve", "approve_tool", "edit", "reject", "stop")
EVENT_KINDS = (
    "started",
    "thinking",
    "proposed",
    "verdict",
    "decision",
    "result",
    "blocked",
    "error",
    "paused",
    "resumed",
    "notice",
    "finished",
    "interrupted",
)
_KILLED = message(QT_TRANSLATE_NOOP("CoreAutomation", "Stopped by the kill switch."))
RUN_STATUSES = ("finished", "step_limit", "stopped", "killed", "interrupted", "error")


class StepCancelled(FMError):
    """The model step was cancelled (kill); the loop ends without further effect."""


@dataclass
class ToolCall:
    """One step the model proposes. ``tool_probs``: each candidate tool's probability at the choice,
    highest first (empty for a scripted model)."""

    step: int
    tool: str
    args: dict[str, Any]
    reason: str = ""
    tool_probs: list[tuple[str, float]] = field(default_factory=list)
    raw: str = ""  # the model's own output for this step, as text
    seconds: float = 0.0  # how long the model took
    notes: list[Message | str] = field(default_factory=list)  # e.g. "the customer's message was cut to fit"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Decision:
    """A reviewer's answer to a proposal. ``args`` replaces the proposal's arguments for "edit"."""

    kind: str  # "approve" | "approve_tool" | "edit" | "reject" | "stop"
    args: dict[str, Any] | None = None
    reason: str = ""

    def __post_init__(self) -> None:
        if self.kind not in DECISION_KINDS:
            raise ValueError(f"unknown decision kind {self.kind!r}; one of {DECISION_KINDS}")


class Reviewer(Protocol):
    """Decides a call the policy asks about. In the app this blocks the agent thread until a person
    answers; ``SimulatedReviewer`` (tasks.py) answers for the eval. A reviewer may also have a
    ``cancel()`` method: ``AgentRun.kill`` calls it so that a waiting review returns at once."""

    def review(self, call: ToolCall, tool: Tool, verdict: Verdict, preview: Preview) -> Decision: ...


class StepModel(Protocol):
    name: str

    def next_call(
        self, transcript: list[dict[str, Any]], tools: dict[str, Tool], schemas: dict[str, dict[str, Any]]
    ) -> ToolCall:
        """The next call, given the transcript so far (see ``Transcript`` entries below)."""
        ...

    def cancel(self) -> None:
        """From another thread: stop the step in flight now (``next_call`` then raises)."""
        ...


@dataclass
class AgentEvent:
    kind: str  # one of EVENT_KINDS
    step: int
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class RunResult:
    run_id: str
    status: str  # one of RUN_STATUSES
    steps: int
    seconds: float
    interventions: int  # reviewer decisions other than a plain approval: edit, reject, stop
    blocked: int  # calls a guardrail refused
    final_hash: str
    message: str  # English (logs, the evaluation's report)
    errors: int = 0  # invalid arguments, unknown tools, tools that failed
    text: Message | None = None  # ``message`` for a person (translatable); None: show ``message``

    @property
    def shown(self) -> Message | str:
        """What the UI passes to ``desktop.i18n.translate_message``."""
        return self.text if self.text is not None else self.message

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("text", None)  # data: the English ``message`` is the record
        return out


class ApproveAll:
    """A reviewer that approves everything: the worst case of a careless person (tests, guardrail checks)."""

    name = "approve-all"

    def review(self, call: ToolCall, tool: Tool, verdict: Verdict, preview: Preview) -> Decision:
        return Decision("approve")


class RejectAll:
    """A reviewer that rejects everything with the same reason."""

    name = "reject-all"

    def __init__(self, reason: str = "Not now.") -> None:
        self.reason = reason

    def review(self, call: ToolCall, tool: Tool, verdict: Verdict, preview: Preview) -> Decision:
        return Decision("reject", reason=self.reason)


def cut_text(text: str, limit: int = MAX_UNTRUSTED_CHARS) -> tuple[str, int]:
    """``text`` cut to ``limit`` characters, keeping the start and the end; returns the text and how
    many characters were removed (0 if none)."""
    if len(text) <= limit:
        return text, 0
    head = limit * 2 // 3
    tail = limit - head
    removed = len(text) - limit
    return f"{text[:head]}\n[... {removed:,} characters cut ...]\n{text[-tail:]}", removed


# Transcript entries (plain dicts, so a model adapter can render them any way it likes):
#   {"kind": "request", "request_id", "sender", "external", "language", "subject", "body", "cut": int}
#   {"kind": "call", "step", "tool", "args", "reason"}
#   {"kind": "result", "step", "tool", "status": "ok"|"error"|"blocked"|"rejected"|"invalid", "text"}


class AgentRun:
    def __init__(
        self,
        world: World,
        audit: AuditLog,
        model: StepModel,
        reviewer: Reviewer,
        level: Level | str,
        request_id: str,
        *,
        max_steps: int = 8,
        on_event: Callable[[AgentEvent], None] | None = None,
        run_id: str | None = None,
    ) -> None:
        self.world = world
        self.audit = audit
        self.model = model
        self.reviewer = reviewer
        self.level = Level(level)
        self.request_id = request_id
        self.max_steps = max_steps
        self.on_event = on_event or (lambda _event: None)
        self.run_id = run_id or uuid.uuid4().hex[:12]
        self.transcript: list[dict[str, Any]] = []
        self._killed = threading.Event()
        self._go = threading.Event()
        self._go.set()
        self._step = 0
        self.interventions = 0
        self.blocked = 0
        self.errors = 0
        self.calls: list[ToolCall] = []  # every proposal, as the model made it

    # ------------------------------------------------------------------ control
    def pause(self) -> None:
        """Stop before the next step (the step in flight finishes)."""
        self._go.clear()

    def resume(self) -> None:
        self._go.set()

    def kill(self) -> None:
        """Stop at once: the model step in flight is cancelled, a waiting review is answered, and
        nothing further happens to the world."""
        self._killed.set()
        self._go.set()
        with contextlib.suppress(Exception):
            self.model.cancel()
        cancel = getattr(self.reviewer, "cancel", None)
        if callable(cancel):
            with contextlib.suppress(Exception):
                cancel()

    @property
    def killed(self) -> bool:
        return self._killed.is_set()

    @property
    def paused(self) -> bool:
        return not self._go.is_set()

    # ------------------------------------------------------------------ helpers
    def _emit(self, kind: str, **data: Any) -> None:
        with contextlib.suppress(Exception):  # a broken listener must not break the run
            self.on_event(AgentEvent(kind, self._step, data))

    def _log(
        self,
        tool: str,
        args: dict[str, Any],
        risk: str,
        decision: str,
        decided_by: str,
        *,
        result: str = "",
        error: str = "",
        duration_ms: float = 0.0,
        hash_before: str = "",
        hash_after: str = "",
        undo_token: str | None = None,
    ) -> None:
        if not hash_before:
            hash_before = hash_after = self.world.state_hash()
        self.audit.append(
            run_id=self.run_id,
            level=self.level.value,
            model=self.model.name,
            step=self._step,
            tool=tool,
            args=args,
            risk=risk,
            decision=decision,
            decided_by=decided_by,
            result=result,
            error=error,
            duration_ms=duration_ms,
            hash_before=hash_before,
            hash_after=hash_after,
            undo_token=undo_token or "",
        )

    def _feed(self, tool: str, status: str, text: str) -> None:
        text, _removed = cut_text(text)
        self.transcript.append({"kind": "result", "step": self._step, "tool": tool, "status": status, "text": text})

    def _wait_while_paused(self) -> None:
        if self._go.is_set():
            return
        self._emit("paused")
        while not self._go.wait(0.05):
            pass
        if not self.killed:
            self._emit("resumed")

    # --------------------------------------------------------------------- run
    def run(self) -> RunResult:
        started = time.perf_counter()
        reset = getattr(self.model, "reset", None)
        if callable(reset):  # a model reused across runs forgets an earlier kill
            reset()
        status, said = (
            "step_limit",
            message(
                QT_TRANSLATE_NOOP("CoreAutomation", "The agent used all {steps} steps without finishing."),
                steps=self.max_steps,
            ),
        )
        request = self.world.request(self.request_id)
        body, removed = cut_text(request.body)
        self.transcript = [
            {
                "kind": "request",
                "request_id": request.id,
                "sender": request.sender,
                "external": request.external,
                "language": request.language,
                "subject": request.subject,
                "body": body,
                "cut": removed,
            }
        ]
        self._emit(
            "started",
            run_id=self.run_id,
            level=self.level.value,
            request_id=self.request_id,
            model=self.model.name,
            max_steps=self.max_steps,
        )
        if removed:
            self._emit(
                "notice",
                message=message(
                    QT_TRANSLATE_NOOP(
                        "CoreAutomation",
                        "The request is {length} characters long; the agent sees its first and last part only "
                        "({cut} characters cut).",
                    ),
                    length=f"{len(request.body):,}",
                    cut=f"{removed:,}",
                ),
                cut=removed,
            )
        try:
            ctx = self._context(request)
            schemas = tools_mod.tool_schemas_for(self.world)
            tools = dict(tools_mod.TOOLS)
            for step in range(1, self.max_steps + 1):
                self._step = step
                self._wait_while_paused()
                if self.killed:
                    status, said = "killed", _KILLED
                    break
                outcome = self._one_step(ctx, tools, schemas)
                if outcome is not None:
                    status, said = outcome
                    break
        except HostDiedError as exc:
            status = "interrupted"
            said = message(
                QT_TRANSLATE_NOOP("CoreAutomation", "The model host stopped in the middle of the run: {reason}"),
                reason=exc.text,
            )
            with contextlib.suppress(Exception):
                self._log("", {}, "", "interrupted", "host", error=said.english())
            self._emit("interrupted", message=said)
        except StepCancelled:
            status, said = "killed", _KILLED
        except Exception as exc:
            if self.killed:
                status, said = "killed", _KILLED
            else:
                status = "error"
                said = (
                    exc.text
                    if isinstance(exc, FMError)
                    else message(
                        QT_TRANSLATE_NOOP("CoreAutomation", "The agent hit an unexpected error: {error}"),
                        error=str(exc),
                    )
                )
                with contextlib.suppress(Exception):
                    self._log("", {}, "", "error", "agent", error=said.english() + "\n" + traceback.format_exc(limit=5))
                self._emit("error", message=said, fatal=True)
        if status == "killed":
            with contextlib.suppress(Exception):
                self._log("", {}, "", "info", "person", result="killed")
        result = RunResult(
            run_id=self.run_id,
            status=status,
            steps=self._step,
            seconds=time.perf_counter() - started,
            interventions=self.interventions,
            blocked=self.blocked,
            final_hash=self._safe_hash(),
            message=said.english(),
            errors=self.errors,
            text=said,
        )
        self._emit("finished", status=status, message=said, result=result)
        return result

    def _safe_hash(self) -> str:
        try:
            return self.world.state_hash()
        except Exception:
            return ""

    def _context(self, request: Request) -> RunContext:
        return RunContext(level=self.level, request=request)

    def _one_step(
        self, ctx: RunContext, tools: dict[str, Tool], schemas: dict[str, dict[str, Any]]
    ) -> tuple[str, Message] | None:
        """One proposal, checked and maybe run. Returns (status, message) when the run ends."""
        self._emit("thinking")
        try:
            call = self.model.next_call(list(self.transcript), tools, schemas)
        except StepCancelled:
            return "killed", _KILLED
        except HostDiedError:
            if self.killed:
                return "killed", _KILLED
            raise
        except FMError:
            if self.killed:
                return "killed", _KILLED
            raise
        if self.killed:  # the step came back after a kill: it has no effect
            return "killed", _KILLED
        call.step = self._step
        self.calls.append(call)
        for note in call.notes:
            self._emit("notice", message=note)
        self._emit("proposed", call=call, tool_probs=list(call.tool_probs))
        self.transcript.append(
            {"kind": "call", "step": self._step, "tool": call.tool, "args": call.args, "reason": call.reason}
        )
        tool = tools.get(call.tool)
        if tool is None:
            self.errors += 1
            said = message(
                QT_TRANSLATE_NOOP("CoreAutomation", "There is no tool called “{tool}”. Use one of: {tools}."),
                tool=call.tool,
                tools=", ".join(tools),
            )
            text = said.english()
            self._log(call.tool, call.args, "", "error", "agent", error=text)
            self._feed(call.tool, "invalid", text)
            self._emit("error", tool=call.tool, message=said)
            return None
        risk = tool.risk()
        args = dict(call.args)
        found = tools_mod.args_problems(tool, args, self.world)
        if found:
            problems = [p.english() for p in found]
            self.errors += 1
            said = message(
                QT_TRANSLATE_NOOP("CoreAutomation", "The arguments were not valid, so nothing was done: {problems}"),
                problems=tools_mod.joined(found),
            )
            text = said.english()
            self._log(tool.name, args, risk, "error", "schema", error=text)
            self._feed(tool.name, "invalid", text)
            self._emit("error", tool=tool.name, message=said, problems=problems)
            return None
        verdict = policy.decide(tool, args, ctx, self.world)
        self._emit("verdict", tool=tool.name, action=verdict.action, rule=verdict.rule, message=verdict.shown)
        if verdict.action == "block":
            self._refuse(tool, args, verdict)
            return None
        decision_label, decided_by = "auto", "policy"
        if verdict.action == "auto" and tool.name in ctx.approved_tools and self.level != Level.RUN:
            # the policy let it through because the reviewer approved this tool for the run
            decision_label = "approved"
            decided_by = f"{getattr(self.reviewer, 'name', 'person')} (tool approved for this run)"
        elif verdict.action == "ask":
            preview = tools_mod.preview(self.world, tool.name, args)
            decision = self.reviewer.review(call, tool, verdict, preview)
            who = str(getattr(self.reviewer, "name", "person"))
            self._emit("decision", tool=tool.name, decision=decision.kind, reason=decision.reason, args=decision.args)
            if self.killed:
                return "killed", _KILLED
            if decision.kind == "stop":
                self.interventions += 1
                self._log(tool.name, args, risk, "rejected", who, error="stopped the run: " + (decision.reason or ""))
                if decision.reason:
                    return "stopped", message(
                        QT_TRANSLATE_NOOP("CoreAutomation", "The reviewer stopped the run. {reason}"),
                        reason=decision.reason,
                    )
                return "stopped", message(QT_TRANSLATE_NOOP("CoreAutomation", "The reviewer stopped the run."))
            if decision.kind == "reject":
                self.interventions += 1
                reason = decision.reason or "no reason given"
                self._log(tool.name, args, risk, "rejected", who, error=reason)
                self._feed(tool.name, "rejected", f"A person rejected this call: {reason}")
                return None
            decided_by = who
            decision_label = "approved"
            if decision.kind == "approve_tool":
                ctx.approved_tools.add(tool.name)
            elif decision.kind == "edit":
                self.interventions += 1
                decision_label = "edited"
                args = dict(decision.args or {})
                found = tools_mod.args_problems(tool, args, self.world)
                if found:  # fail closed: edited arguments are checked like the model's
                    problems = [p.english() for p in found]
                    self.errors += 1
                    said = message(
                        QT_TRANSLATE_NOOP(
                            "CoreAutomation", "The edited arguments were not valid, so nothing was done: {problems}"
                        ),
                        problems=tools_mod.joined(found),
                    )
                    text = said.english()
                    self._log(tool.name, args, risk, "error", "schema", error=text)
                    self._feed(tool.name, "invalid", text)
                    self._emit("error", tool=tool.name, message=said, problems=problems)
                    return None
                # a person can change the arguments, never a guardrail: decide again
                again = policy.decide(tool, args, ctx, self.world)
                if again.action == "block":
                    self._refuse(tool, args, again)
                    return None
        if self.killed:
            return "killed", _KILLED
        return self._execute(ctx, tool, args, decision_label, decided_by)

    def _refuse(self, tool: Tool, args: dict[str, Any], verdict: Verdict) -> None:
        self.blocked += 1
        rule = verdict.rule or "policy"
        text = (
            verdict.message
            if verdict.message.startswith("Blocked")
            else f"Blocked by the rule {rule!r}: {verdict.message}"
        )
        self._log(tool.name, args, tool.risk(), "blocked", rule, error=verdict.message)
        self._feed(tool.name, "blocked", text)
        self._emit("blocked", tool=tool.name, rule=rule, message=verdict.shown, args=args)

    def _execute(
        self, ctx: RunContext, tool: Tool, args: dict[str, Any], decision_label: str, decided_by: str
    ) -> tuple[str, Message] | None:
        before = self.world.state_hash()
        t0 = time.perf_counter()
        try:
            result = tools_mod.execute(self.world, tool.name, args)
        except Exception as exc:
            ctx.record(tool)
            self.errors += 1
            ms = (time.perf_counter() - t0) * 1000
            said = (
                exc.text
                if isinstance(exc, FMError)
                else message(QT_TRANSLATE_NOOP("CoreAutomation", "The tool failed: {error}"), error=str(exc))
            )
            text = said.english()
            after = self.world.state_hash()
            self._log(tool.name, args, tool.risk(), "error", decided_by, error=text, duration_ms=ms,
                      hash_before=before, hash_after=after)  # fmt: skip
            self._feed(tool.name, "error", f"The tool failed, nothing was changed: {text}")
            self._emit("error", tool=tool.name, message=said)
            return None
        ms = (time.perf_counter() - t0) * 1000
        after = self.world.state_hash()
        ctx.record(tool)
        self._log(tool.name, args, tool.risk(), decision_label, decided_by, result=result.text,
                  duration_ms=ms, hash_before=before, hash_after=after, undo_token=result.undo_token)  # fmt: skip
        self._feed(tool.name, "ok" if result.ok else "error", result.text)
        self._emit(
            "result",
            tool=tool.name,
            ok=result.ok,
            text=result.text,
            decision=decision_label,
            decided_by=decided_by,
            duration_ms=ms,
            undo_token=result.undo_token,
            changed=before != after,
        )
        if tool.name == "finish":
            summary = str(args.get("summary", ""))  # the model's words: shown as they are
            return "finished", Message(summary) if summary else message(
                QT_TRANSLATE_NOOP("CoreAutomation", "The agent finished.")
            )
        return None
