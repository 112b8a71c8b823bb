"""The agent's values: a proposed call, a person's decision, the reviewer and model interfaces, events, results.

Transcript entries are plain dicts, so a model adapter can render them any way it likes:

- ``{"kind": "request", "request_id", "sender", "external", "language", "subject", "body", "cut": int}``
- ``{"kind": "call", "step", "tool", "args", "reason"}``
- ``{"kind": "result", "step", "tool", "status": "ok"|"error"|"blocked"|"rejected"|"invalid", "text"}``
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from desktop.core.automation.policy import Verdict
from desktop.core.automation.tools import Preview, Tool
from desktop.core.cut import cut
from desktop.core.errors import FMError
from desktop.core.messages import Message

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
    """The agent's model: proposes one call per step. The local model host (host_model.HostStepModel) is one;
    a server model or a scripted one fits the same interface. A model may also have ``reset()`` (a new run),
    ``start()`` (load before the first step) and ``on_phase`` (a callable the loop sets: the model calls it with
    "reading", "choosing", "arguments", "reason" as a step goes, for the panel's progress)."""

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
    blocked: int  # calls a rule refused (the schema included)
    final_hash: str
    message: str  # English: how the run ended (logs, the evaluation's report)
    errors: int = 0  # tools that failed, runs that crashed
    text: Message | None = None  # ``message`` for a person (translatable); None: show ``message``
    outcome: str = ""  # English: what changed in the world, from the world ("0 rows changed; nothing was sent.")
    outcome_text: Message | None = None  # ``outcome`` for a person
    summary: str = ""  # the model's own finish summary, as it wrote it (not checked)
    changes: list[dict[str, Any]] = field(default_factory=list)  # the world's rows that changed during the run

    @property
    def shown(self) -> Message | str:
        """What the UI passes to ``desktop.i18n.translate_message``."""
        return self.text if self.text is not None else self.message

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("text", None)  # data: the English ``message`` and ``outcome`` are the record
        out.pop("outcome_text", None)
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
    """``text`` cut to about ``limit`` characters, keeping the start and the end (``desktop.core.cut``); returns
    the text and how many characters were removed (0 if none)."""
    return cut(text, limit, middle=True)
