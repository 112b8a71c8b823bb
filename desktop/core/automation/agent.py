"""The agent loop: one tool call at a time, each one checked by code before it has any effect.

Per step: the model proposes a call -> the policy decides (a rule blocks it, the schema included; a person is
asked; or it runs on its own) -> the tool runs in one SQLite transaction that also writes its audit row, with the
world's hash before and after, so the effect and its record commit together or not at all -> the result goes back
into the transcript, marked as data. Tool results and customer messages are untrusted: they are shown to the model
as data and never reach the policy, which reads only the tool, its arguments, the level, the request's structured
intent and the world.

Every run writes a ``started`` row and an ``ended`` row (its status and its outcome, read from the world). A run the
app never ended (killed with -9, a crash) is found at the next start (``recovery.py``) and gets an ``interrupted``
row. A call the kill switch stops while it waits gets a ``killed`` row.

``AgentRun.run`` blocks; call it on a worker thread. ``pause``/``resume``/``kill`` are safe from any thread. Kill
cancels the model step in flight and nothing else happens after it.
"""

from __future__ import annotations

import contextlib
import threading
import time
import traceback
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.core.automation import policy
from desktop.core.automation import tools as tools_mod
from desktop.core.automation.calls import (
    DECISION_KINDS,
    EVENT_KINDS,
    MAX_UNTRUSTED_CHARS,
    RUN_STATUSES,
    AgentEvent,
    ApproveAll,
    Decision,
    RejectAll,
    Reviewer,
    RunResult,
    StepCancelled,
    StepModel,
    ToolCall,
    cut_text,
)
from desktop.core.automation.outcome import change_words, outcome_of
from desktop.core.automation.policy import Level, RunContext, Verdict
from desktop.core.automation.tools import Tool
from desktop.core.errors import FMError, HostDiedError
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message

if TYPE_CHECKING:
    from desktop.core.automation.audit import AuditLog, AuditRow
    from desktop.core.automation.world import Request, World

__all__ = [
    "DECISION_KINDS",
    "EVENT_KINDS",
    "MAX_UNTRUSTED_CHARS",
    "RUN_STATUSES",
    "AgentEvent",
    "AgentRun",
    "ApproveAll",
    "Decision",
    "RejectAll",
    "Reviewer",
    "RunResult",
    "StepCancelled",
    "StepModel",
    "ToolCall",
    "cut_text",
]

_KILLED = message(QT_TRANSLATE_NOOP("CoreAutomation", "Stopped by the kill switch."))
_CLOSED = message(QT_TRANSLATE_NOOP("CoreAutomation", "Stopped: the app was closed."))
KILL_SWITCH = "kill switch"  # who decided a call the kill switch ended
APP_CLOSED = "app"  # who decided a call that ended because the app was closed (not a person's kill switch)


@dataclass(frozen=True)
class _Approved:
    """A person's yes: run ``args`` (edited or not), recorded as ``label`` by ``who``."""

    label: str
    who: str
    args: dict[str, Any]


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
        if audit.path.resolve() != world.path.resolve():
            raise ValueError("the audit log must live in the world's own file (one commit for effect and record)")
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
        self.ctx: RunContext | None = None
        self._killed = threading.Event()
        self._closing = False  # the kill came from closing the app, not from the kill switch
        self._go = threading.Event()
        self._go.set()
        self._step = 0
        self.interventions = 0
        self.blocked = 0
        self.errors = 0
        self.summary = ""  # the model's finish summary
        self._crash = ""  # the traceback of an unexpected error, for the ended row
        self.calls: list[ToolCall] = []  # every proposal, as the model made it

    # ------------------------------------------------------------------ control
    def pause(self) -> None:
        """Stop before the next step (the step in flight finishes)."""
        self._go.clear()

    def resume(self) -> None:
        self._go.set()

    def kill(self, closing: bool = False) -> None:  # closing: the app is closing, and the log says so
        """Stop at once: the step in flight is cancelled, a waiting review answered, nothing more done."""
        self._closing = self._closing or closing
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

    def _stopped(self) -> tuple[str, Message]:
        return "killed", _CLOSED if self._closing else _KILLED

    def _log_killed(self, tool: str, args: dict[str, Any], risk: str) -> None:
        closing = (APP_CLOSED, "The app was closed during the run.")
        who, why = closing if self._closing else (KILL_SWITCH, "The kill switch ended the run.")
        self._log(tool, args, risk, "killed", who, error=why)

    @property
    def paused(self) -> bool:
        return not self._go.is_set()

    # ------------------------------------------------------------------ helpers
    def _emit(self, kind: str, **data: Any) -> None:
        with contextlib.suppress(Exception):  # a broken listener must not break the run
            self.on_event(AgentEvent(kind, self._step, data))

    def _log(self, tool: str, args: dict[str, Any], risk: str, decision: str, decided_by: str, **more: Any) -> AuditRow:
        """A row that records no effect, in a transaction of its own (the world's hash before and after alike)."""
        now = self.world.state_hash()
        return self.audit.append(
            run_id=self.run_id, level=self.level.value, model=self.model.name, step=self._step, tool=tool,
            args=args, risk=risk, decision=decision, decided_by=decided_by, hash_before=now, hash_after=now, **more,
        )  # fmt: skip

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

    def _phase(self, phase: str) -> None:
        self._emit("thinking", phase=phase)

    # --------------------------------------------------------------------- run
    def run(self) -> RunResult:
        started = time.perf_counter()
        reset = getattr(self.model, "reset", None)
        if callable(reset):  # a model reused across runs forgets an earlier kill
            reset()
        if hasattr(self.model, "on_phase"):
            self.model.on_phase = self._phase
        request = self.world.request(self.request_id)
        self.ctx = ctx = RunContext(level=self.level, request=request, world_at_start=tools_mod.snapshot(self.world))
        attach = getattr(self.reviewer, "attach", None)
        if callable(attach):  # the app's reviewer checks edited arguments against this run's rules
            attach(self)
        self._start(request)
        status, said = self._loop(ctx)
        return self._end(status, said, started)

    def _start(self, request: Request) -> None:
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
        args = {"request_id": request.id, "max_steps": self.max_steps}
        self._log("", args, "", "started", "person", result=f"Run started on request {request.id}.")
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

    def _loop(self, ctx: RunContext) -> tuple[str, Message]:
        status, said = (
            "step_limit",
            message(
                QT_TRANSLATE_NOOP("CoreAutomation", "The agent used all {steps} steps without finishing."),
                steps=self.max_steps,
            ),
        )
        try:
            schemas = tools_mod.tool_schemas_for(self.world)
            tools = dict(tools_mod.TOOLS)
            for step in range(1, self.max_steps + 1):
                self._step = step
                self._wait_while_paused()
                if self.killed:
                    return self._stopped()
                outcome = self._one_step(ctx, tools, schemas)
                if outcome is not None:
                    return outcome
        except HostDiedError as exc:
            said = message(
                QT_TRANSLATE_NOOP("CoreAutomation", "The model host stopped in the middle of the run: {reason}"),
                reason=exc.text,
            )
            self._emit("interrupted", message=said)
            return "interrupted", said
        except StepCancelled:
            return self._stopped()
        except Exception as exc:
            if self.killed:
                return self._stopped()
            self.errors += 1
            said = (
                exc.text
                if isinstance(exc, FMError)
                else message(
                    QT_TRANSLATE_NOOP("CoreAutomation", "The agent hit an unexpected error: {error}"), error=str(exc)
                )
            )
            self._crash = traceback.format_exc(limit=5)
            self._emit("error", message=said, fatal=True)
            return "error", said
        return status, said

    def _end(self, status: str, said: Message, started: float) -> RunResult:
        changes: list[dict[str, Any]] = []
        final = ""
        with contextlib.suppress(Exception):
            assert self.ctx is not None and self.ctx.world_at_start is not None
            changes = tools_mod.diff(self.ctx.world_at_start, tools_mod.snapshot(self.world))
            final = self.world.state_hash()
        outcome = outcome_of(changes)
        args = {"status": status, "steps": self._step, "summary": self.summary, "changes": change_words(changes)}
        error = said.english() if status in ("error", "interrupted") else ""
        if status == "error":
            error += "\n" + self._crash
        with contextlib.suppress(Exception):  # a log that cannot be written must not hide the result
            self._log("", args, "", "ended", "agent", result=outcome.english(), error=error)
        result = RunResult(
            run_id=self.run_id,
            status=status,
            steps=self._step,
            seconds=time.perf_counter() - started,
            interventions=self.interventions,
            blocked=self.blocked,
            final_hash=final,
            message=said.english(),
            errors=self.errors,
            text=said,
            outcome=outcome.english(),
            outcome_text=outcome,
            summary=self.summary,
            changes=changes,
        )
        self._emit("finished", status=status, message=said, result=result)
        return result

    # -------------------------------------------------------------------- steps
    def _propose(self, tools: dict[str, Tool], schemas: dict[str, dict[str, Any]]) -> ToolCall | None:
        """The model's next call (None: the kill switch stopped it)."""
        self._emit("thinking", phase="starting")
        try:
            call = self.model.next_call(list(self.transcript), tools, schemas)
        except (StepCancelled, HostDiedError, FMError):
            if self.killed:
                return None
            raise
        if self.killed:  # the step came back after a kill: it has no effect
            return None
        call.step = self._step
        self.calls.append(call)
        for note in call.notes:
            self._emit("notice", message=note)
        self._emit("proposed", call=call, tool_probs=list(call.tool_probs))
        self.transcript.append(
            {"kind": "call", "step": self._step, "tool": call.tool, "args": call.args, "reason": call.reason}
        )
        return call

    def _one_step(
        self, ctx: RunContext, tools: dict[str, Tool], schemas: dict[str, dict[str, Any]]
    ) -> tuple[str, Message] | None:
        """One proposal, checked and maybe run. Returns (status, message) when the run ends."""
        call = self._propose(tools, schemas)
        if call is None:
            return self._stopped()
        tool = tools.get(call.tool)
        if tool is None:  # a scripted or server model named no tool: a schema refusal, like bad arguments
            said = message(
                QT_TRANSLATE_NOOP("CoreAutomation", "There is no tool called “{tool}”. Use one of: {tools}."),
                tool=call.tool,
                tools=", ".join(tools),
            )
            self._refuse_unknown(call, said)
            return None
        args = dict(call.args)
        verdict = policy.decide(tool, args, ctx, self.world)
        self._emit("verdict", tool=tool.name, action=verdict.action, rule=verdict.rule, message=verdict.shown)
        if verdict.action == "block":
            self._refuse(tool, args, verdict)
            return None
        label, decided_by = "auto", "policy"
        if verdict.action == "auto" and tool.name in ctx.approved_tools and self.level != Level.RUN:
            label, decided_by = "approved_for_run", str(getattr(self.reviewer, "name", "person"))
        elif verdict.action == "ask":
            answered = self._ask(call, tool, args, verdict, ctx)
            if not isinstance(answered, _Approved):
                return answered  # the run ends, or nothing runs
            label, decided_by, args = answered.label, answered.who, answered.args
        if self.killed:
            self._log_killed(tool.name, args, tool.risk())
            return self._stopped()
        return self._execute(ctx, tool, args, label, decided_by)

    def _ask(
        self, call: ToolCall, tool: Tool, args: dict[str, Any], verdict: Verdict, ctx: RunContext
    ) -> _Approved | tuple[str, Message] | None:
        """A person decides: what to run, (status, message) when the run ends there, or None when nothing runs."""
        preview = tools_mod.preview(self.world, tool.name, args, context=ctx.call_context())
        decision = self.reviewer.review(call, tool, verdict, preview)
        who = str(getattr(self.reviewer, "name", "person"))
        self._emit("decision", tool=tool.name, decision=decision.kind, reason=decision.reason, args=decision.args)
        risk = tool.risk()
        if self.killed:
            self._log_killed(tool.name, args, risk)
            return self._stopped()
        if decision.kind == "stop":
            self.interventions += 1
            said = f"stopped the run: {decision.reason}" if decision.reason else "stopped the run"
            self._log(tool.name, args, risk, "rejected", who, error=said)
            if decision.reason:
                return "stopped", message(
                    QT_TRANSLATE_NOOP("CoreAutomation", "A person stopped the run: {reason}"), reason=decision.reason
                )
            return "stopped", message(QT_TRANSLATE_NOOP("CoreAutomation", "A person stopped the run."))
        if decision.kind == "reject":
            self.interventions += 1
            reason = decision.reason or "no reason given"
            self._log(tool.name, args, risk, "rejected", who, error=reason)
            self._feed(tool.name, "rejected", f"A person rejected this call: {reason}")
            return None
        label = "approved"
        if decision.kind == "approve_tool":
            ctx.approved_tools.add(tool.name)
        elif decision.kind == "edit":
            self.interventions += 1
            label = "edited"
            args = dict(decision.args or {})
            # a person can change the arguments, never a rule: decide again (the schema is the first rule)
            again = policy.decide(tool, args, ctx, self.world)
            if again.action == "block":
                self._refuse(tool, args, again)
                return None
        return _Approved(label, who, args)

    def _refuse(self, tool: Tool, args: dict[str, Any], verdict: Verdict) -> None:
        self.blocked += 1
        rule = verdict.rule or "policy"
        self._log(tool.name, args, tool.risk(), "blocked", rule, error=verdict.message)
        self._feed(tool.name, "blocked", verdict.message)
        self._emit("blocked", tool=tool.name, rule=rule, message=verdict.shown, args=args)

    def _refuse_unknown(self, call: ToolCall, said: Message) -> None:
        self.blocked += 1
        text = said.english()
        self._log(call.tool, call.args, "", "blocked", "invalid_args", error=text)
        self._feed(call.tool, "blocked", f"Blocked by the rule 'invalid_args': {text}")
        self._emit("blocked", tool=call.tool, rule="invalid_args", message=said, args=call.args)

    def _execute(
        self, ctx: RunContext, tool: Tool, args: dict[str, Any], label: str, decided_by: str
    ) -> tuple[str, Message] | None:
        t0 = time.perf_counter()
        written: list[AuditRow] = []

        def record(db: Any, result: tools_mod.ToolResult) -> None:  # inside the call's own transaction
            written.append(
                self.audit.write(
                    db,
                    run_id=self.run_id,
                    level=self.level.value,
                    model=self.model.name,
                    step=self._step,
                    tool=tool.name,
                    args=args,
                    risk=tool.risk(),
                    decision=label,
                    decided_by=decided_by,
                    result=result.text,
                    duration_ms=(time.perf_counter() - t0) * 1000,
                    hash_before=result.hash_before,
                    hash_after=result.hash_after,
                    undo_token=result.undo_token,
                )
            )

        try:
            result = tools_mod.execute(self.world, tool.name, args, context=ctx.call_context(), record=record)
        except Exception as exc:
            ctx.record(tool)
            self.errors += 1
            said = (
                exc.text
                if isinstance(exc, FMError)
                else message(QT_TRANSLATE_NOOP("CoreAutomation", "The tool failed: {error}"), error=str(exc))
            )
            text = said.english()
            ms = (time.perf_counter() - t0) * 1000
            self._log(tool.name, args, tool.risk(), "error", decided_by, error=text, duration_ms=ms)
            self._feed(tool.name, "error", f"The tool failed, nothing was changed: {text}")
            self._emit("error", tool=tool.name, message=said)
            return None
        self.audit.committed(written[-1])
        ms = (time.perf_counter() - t0) * 1000
        ctx.record(tool, result.data)
        self._feed(tool.name, "ok" if result.ok else "error", result.text)
        self._emit(
            "result",
            tool=tool.name,
            ok=result.ok,
            text=result.text,
            decision=label,
            decided_by=decided_by,
            duration_ms=ms,
            undo_token=result.undo_token,
            changed=result.hash_before != result.hash_after,
        )
        if tool.name == "finish":
            self.summary = str(args.get("summary", ""))  # the model's words: recorded and shown as the model's
            return "finished", message(QT_TRANSLATE_NOOP("CoreAutomation", "The agent finished."))
        return None
