"""The app's reviewer: a person answers the agent's proposals on the approval card.

``QueueReviewer.review`` runs on the agent thread: it asks the GUI (through ``ask``) and waits on a queue for the
person's answer. Edited arguments are checked there, on the agent thread, before they can be approved:

1. ``check(args)``: against the tool's schema and the world; refused ones never run (``edit_refused`` says why,
   and the card stays open). Arguments that pass are decided again by the policy (a person can change the
   arguments, never a rule) and previewed: ``edit_checked(args, verdict, preview)`` gives the card the NEW rows and
   exact message, and the reviewer keeps waiting, so the person approves what will run.
2. ``answer(Decision("edit", args))`` with exactly the checked arguments is the approval; any other arguments
   are checked first.

``stop`` (``cancel``, which ``AgentRun.kill`` calls) answers "stop" at once. ``answer``, ``check`` and ``stop`` may
be called from any thread.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.core.automation import policy
from desktop.core.automation import tools as tools_mod
from desktop.core.automation.agent import Decision, ToolCall
from desktop.core.automation.policy import Verdict
from desktop.core.automation.tools import Preview, Tool, args_problems
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message
from desktop.i18n import translate_message

if TYPE_CHECKING:
    from desktop.core.automation.agent import AgentRun
    from desktop.core.automation.world import World

STOPPED = "The run was stopped."  # to the agent and the log: English


@dataclass(frozen=True)
class _Check:
    args: Any


class QueueReviewer:
    """Made per run and used on the agent thread, except ``answer``, ``check`` and ``stop``."""

    name = "person"

    def __init__(
        self,
        world: World,
        ask: Callable[[ToolCall, Tool, Verdict, Preview], None],
        edit_refused: Callable[[list[str]], None],
        edit_checked: Callable[[dict[str, Any], Verdict, Preview], None],
    ) -> None:
        self.world = world
        self._ask = ask
        self._edit_refused = edit_refused
        self._edit_checked = edit_checked
        self._answers: queue.Queue[Decision | _Check] = queue.Queue()
        self._stopped = threading.Event()
        self.run: AgentRun | None = None
        self.waiting = threading.Event()  # set while a person is being asked
        self.asked = 0

    def attach(self, run: AgentRun) -> None:
        """The run whose rules edited arguments are decided by (``AgentRun.run`` calls this)."""
        self.run = run

    def review(self, call: ToolCall, tool: Tool, verdict: Verdict, preview: Preview) -> Decision:
        if self._stopped.is_set():
            return Decision(kind="stop", reason=STOPPED)
        while True:  # answers left from an earlier question (none in normal use) are not this question's
            try:
                self._answers.get_nowait()
            except queue.Empty:
                break
        self.asked += 1
        self.waiting.set()
        checked: dict[str, Any] | None = None
        try:
            self._ask(call, tool, verdict, preview)
            while True:
                answer = self._answers.get()
                if self._stopped.is_set():
                    return Decision(kind="stop", reason=STOPPED)
                if isinstance(answer, _Check):
                    checked = self._check(tool, answer.args)
                    continue
                if answer.kind == "edit" and (checked is None or answer.args != checked):
                    checked = self._check(tool, answer.args)  # never approved unseen: show it first
                    continue
                return answer
        finally:
            self.waiting.clear()

    def _check(self, tool: Tool, args: Any) -> dict[str, Any] | None:
        """The edited arguments checked, decided and previewed; None when refused (the person is told why)."""
        if not isinstance(args, dict):
            self._refuse([message(QT_TRANSLATE_NOOP("AgentService", "The edited arguments must be a JSON object."))])
            return None
        problems = args_problems(tool, args, self.world)
        if problems:
            self._refuse(problems)
            return None
        ctx = self.run.ctx if self.run is not None else None
        if ctx is None:
            verdict, shown = Verdict("ask", None, ""), tools_mod.preview(self.world, tool.name, args)
        else:
            verdict = policy.decide(tool, args, ctx, self.world)
            if verdict.action == "block":  # a person can change the arguments, never a rule
                self._refuse([verdict.shown])
                return None
            shown = tools_mod.preview(self.world, tool.name, args, context=ctx.call_context())
        self._edit_checked(dict(args), verdict, shown)
        return dict(args)

    def _refuse(self, problems: Sequence[Message | str]) -> None:
        self._edit_refused([translate_message(p) for p in problems])  # QCoreApplication.translate: thread-safe

    def answer(self, decision: Decision) -> None:
        self._answers.put(decision)

    def check(self, args: Any) -> None:
        """Check edited arguments (the card's first press of "Approve edited")."""
        self._answers.put(_Check(args))

    def stop(self) -> None:
        self._stopped.set()
        self._answers.put(Decision(kind="stop", reason=STOPPED))

    cancel = stop
