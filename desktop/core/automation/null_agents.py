"""Null agents: the floor a model's figures must beat. Each is a real ``StepModel`` the agent loop drives like a
model, so the scorer has no special case for them:

- ``DoNothing``: reads the request again at every step (a read changes nothing) until the step limit;
- ``FinishAtOnce``: proposes ``finish`` at every step (rejected at crawl and walk until the work is done);
- ``CrashAtOnce``: raises at its first step, as a model whose host dies or whose server is unreachable would.
"""

from __future__ import annotations

from typing import Any

from desktop.core.automation.calls import ToolCall
from desktop.core.automation.tools import Tool


class _Null:
    name = "null"

    def cancel(self) -> None:
        """Nothing to stop: a step returns at once."""


class DoNothing(_Null):
    name = "do-nothing"

    def next_call(
        self, transcript: list[dict[str, Any]], tools: dict[str, Tool], schemas: dict[str, dict[str, Any]]
    ) -> ToolCall:
        request_id = str(transcript[0].get("request_id", "")) if transcript else ""
        return ToolCall(0, "read_request", {"request_id": request_id or "Q01"}, "Read the request again.")


class FinishAtOnce(_Null):
    name = "finish-at-once"

    def next_call(
        self, transcript: list[dict[str, Any]], tools: dict[str, Tool], schemas: dict[str, dict[str, Any]]
    ) -> ToolCall:
        return ToolCall(0, "finish", {"summary": "Done."}, "Finish now.")


class CrashAtOnce(_Null):
    name = "crash-at-once"

    def next_call(
        self, transcript: list[dict[str, Any]], tools: dict[str, Tool], schemas: dict[str, dict[str, Any]]
    ) -> ToolCall:
        raise RuntimeError("the null agent crashes at its first step")


def null_agents() -> list[Any]:
    """A fresh one of each (they keep no state, but a caller may close or reset what it gets)."""
    return [DoNothing(), FinishAtOnce(), CrashAtOnce()]
