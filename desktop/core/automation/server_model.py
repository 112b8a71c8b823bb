"""The agent's step model on an OpenAI-compatible server (a model from Models -> Servers, or ``bench_agent.py
--server``): one chat completion per step, constrained to the step's JSON schema where the server takes one.

The prompt is the one the local model gets (``prompts.build_messages``). The answer is one JSON object
``{"tool", "args", "reason"}``, asked for with ``response_format`` ``{"type": "json_object", "schema": ...}``
(llama_cpp.server turns it into a grammar; vLLM and llama-server take it too), the schema being any one of the
tools with its arguments' schema (the world's enums included), greedy (temperature 0, a fixed seed). A server
that ignores the schema may answer anything: what does not parse as a call is a schema refusal in the loop, or
an error that ends the run.

No p(tool): a server gives no probability for each tool name as the local model host does (it would need the
prompt scored once per candidate), so ``tool_probs`` is empty and :data:`NO_TOOL_PROBS` says why.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from typing import Any

from desktop.core.automation.calls import StepCancelled, ToolCall
from desktop.core.automation.host_model import REASON_SCHEMA, grammar_schema
from desktop.core.automation.prompts import build_messages
from desktop.core.automation.tools import Tool
from desktop.core.errors import FMError
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message
from desktop.core.remote.client import RemoteClient
from desktop.core.remote.config import ServerConfig

STEP_MAX_TOKENS = 600
SEED = 0
NO_TOOL_PROBS = QT_TRANSLATE_NOOP(
    "CoreAutomation",
    "A server model gives no probability for each tool (the server would have to score the prompt once per tool), "
    "so no p(tool) is shown. Its calls are greedy (temperature 0, a fixed seed); a server may still answer an "
    "identical run differently (its cache, its batching), which the app cannot check.",
)


def step_schema(tools: dict[str, Tool], schemas: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """One step as JSON: any one tool, with its own arguments' schema, and a short reason."""
    return {
        "anyOf": [
            {
                "type": "object",
                "properties": {"tool": {"const": name}, "args": grammar_schema(schemas[name]), "reason": REASON_SCHEMA},
                "required": ["tool", "args", "reason"],
                "additionalProperties": False,
            }
            for name in tools
        ]
    }


def parse_step(text: str) -> tuple[str, dict[str, Any], str]:
    """(tool, args, reason) from the server's answer; FMError when it is no call at all."""
    start, end = text.find("{"), text.rfind("}")
    try:
        value = json.loads(text[start : end + 1]) if start >= 0 and end > start else None
    except ValueError:
        value = None
    if not isinstance(value, dict) or not isinstance(value.get("tool"), str):
        said = QT_TRANSLATE_NOOP("CoreAutomation", "The server's answer is not a tool call: {text}")
        raise FMError(message(said, text=text[:200]))
    args = value.get("args") if isinstance(value.get("args"), dict) else {}
    return value["tool"], dict(args or {}), str(value.get("reason") or "")


class ServerStepModel:
    """A model on a server, one tool call per ``next_call``. Not thread-safe except ``cancel``."""

    def __init__(
        self,
        config: ServerConfig,
        model: str,
        api_key: str | None = None,
        *,
        name: str | None = None,
        few_shot: bool = True,
        client_factory: Callable[[], RemoteClient] | None = None,
    ) -> None:
        self.config = config
        self.model = model
        self.name = name or f"{config.name} / {model}"
        self.few_shot = few_shot
        self._make = client_factory or (lambda: RemoteClient(config, api_key))
        self._client: RemoteClient | None = None
        self._cancelled = threading.Event()
        self.on_phase: Callable[[str], None] | None = None
        self.last_messages: list[dict[str, str]] = []
        self.notes_once: list[Message | str] = [message(NO_TOOL_PROBS)]

    def _say(self, phase: str) -> None:
        if self.on_phase is not None:
            self.on_phase(phase)

    def start(self) -> None:
        if self._client is None:
            self._client = self._make()

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()

    def cancel(self) -> None:
        """From any thread: the request in flight ends at once (its connection is shut) and ``next_call`` raises."""
        self._cancelled.set()
        client = self._client
        if client is not None:
            client.close()

    def reset(self) -> None:
        """A new run: forget an earlier cancel (a closed client is made again)."""
        if self._cancelled.is_set():
            self._cancelled.clear()
            self._client = None

    def next_call(
        self, transcript: list[dict[str, Any]], tools: dict[str, Tool], schemas: dict[str, dict[str, Any]]
    ) -> ToolCall:
        if self._cancelled.is_set():
            raise StepCancelled("Cancelled.")
        started = time.perf_counter()
        self.start()
        client = self._client
        assert client is not None
        self._say("reading")
        prompt = build_messages(transcript, tools, few_shot=self.few_shot)
        self.last_messages = prompt.messages
        body = {
            "model": self.model,
            "messages": prompt.messages,
            "temperature": 0.0,
            "seed": SEED,
            "max_tokens": STEP_MAX_TOKENS,
            "stream": False,
            "response_format": {"type": "json_object", "schema": step_schema(tools, schemas)},
        }
        self._say("choosing")
        try:
            data = client.post_json("/chat/completions", body, self.model)
        except Exception:
            if self._cancelled.is_set():
                raise StepCancelled("Cancelled.") from None
            raise
        if self._cancelled.is_set():
            raise StepCancelled("Cancelled.")
        try:
            text = str(data["choices"][0]["message"]["content"] or "")
        except (KeyError, IndexError, TypeError):
            said = QT_TRANSLATE_NOOP("CoreAutomation", "The server's answer has no message: {text}")
            raise FMError(message(said, text=json.dumps(data)[:200])) from None
        tool, args, reason = parse_step(text)
        notes: list[Message | str] = [*prompt.notes, *self.notes_once]
        self.notes_once = []  # said once per model, not at every step
        return ToolCall(0, tool, args, reason, [], raw=text, seconds=time.perf_counter() - started, notes=notes)
