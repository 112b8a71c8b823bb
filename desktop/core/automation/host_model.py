"""Step models: the local model through the model host, and scripted ones for tests and checks.

``HostStepModel`` owns one model host process (desktop/core/host) and drives it synchronously from the
agent thread, which is its only reader. A step is three host requests on one prompt, whose KV cache the
host keeps between them:

1. ``choose``: every tool name is scored after ``{"tool": "`` (teacher-forced, normalised), and the most
   likely one is taken; the probabilities are what the panel shows;
2. ``generate_json``: the chosen tool's arguments under the grammar of its schema, with the world's
   enums (restaurant names, times, ids);
3. ``generate_json``: a short reason, a bounded JSON string.

Whatever the model does, the result is valid JSON; the agent loop still validates it against the tool.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from desktop.core.automation.agent import StepCancelled, ToolCall
from desktop.core.automation.prompts import STEP_PREFIX, build_messages
from desktop.core.automation.tools import Tool
from desktop.core.errors import FMError, HostDiedError
from desktop.core.host.client import HostProcess
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message

MAX_STRING = 160  # characters: the grammar's cap for free text, whatever the tool allows
ARGS_MAX_TOKENS = 400
REASON_SCHEMA: dict[str, Any] = {"type": "string", "maxLength": 80}
REASON_MAX_TOKENS = 200


def grammar_schema(schema: dict[str, Any], max_string: int = MAX_STRING) -> dict[str, Any]:
    """The schema the grammar is built from: free-text strings capped at ``max_string`` characters, so
    every answer fits the token budget (the loop validates against the tool's own schema)."""
    out = copy.deepcopy(schema)

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "string" and "enum" not in node:
                node["maxLength"] = min(int(node.get("maxLength", max_string)), max_string)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(out)
    return out


class HostStepModel:
    """The local model, one tool call per ``next_call``. Not thread-safe except ``cancel``."""

    def __init__(
        self,
        model_path: Path,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        *,
        few_shot: bool = True,
        name: str | None = None,
        on_token: Callable[[str], None] | None = None,
        host: HostProcess | None = None,
    ) -> None:
        self.model_path = Path(model_path)
        self.n_ctx = n_ctx
        self.n_threads = n_threads
        self.few_shot = few_shot
        self.name = name or self.model_path.stem
        self.on_token = on_token
        self.on_phase: Callable[[str], None] | None = None  # set by the agent loop: the step's progress
        self.host = host or HostProcess()
        self.loaded: dict[str, Any] | None = None
        self.hello: dict[str, Any] | None = None
        self._cancelled = threading.Event()
        self._rid = 0
        self.timings: list[dict[str, float]] = []  # per step: choose, args, reason seconds
        self.choose_params: dict[str, Any] = {}  # extra choose parameters (the bench's one_by_one)
        self.last_messages: list[dict[str, str]] = []  # the chat of the latest step
        self._warm = False  # the fixed part of the prompt has been read for this run

    # ----------------------------------------------------------------- host
    def start(self) -> dict[str, Any]:
        """Start the host and load the model (blocking). Returns the host's load report."""
        if self.loaded is not None and self.host.alive():
            return self.loaded
        if not self.host.alive():
            if self.host.proc is not None:  # a host that died: release its pipes before a fresh one
                self.host.close()
            self.loaded = None
            self.host.start()
            hello = self.host.read_event()
            if hello is None:
                raise HostDiedError("The model host did not start: " + self.host.exit_report())
            self.hello = hello.get("data")
        params: dict[str, Any] = {
            "path": str(self.model_path),
            "n_ctx": self.n_ctx,
            "n_gpu_layers": 0,
            "choice_batch": True,  # a context with room to score every tool name in one batch
        }
        if self.n_threads:
            params["n_threads"] = self.n_threads
        self.loaded = self._request("load", **params)
        return self.loaded

    def _request(self, op: str, **params: Any) -> dict[str, Any]:
        if self._cancelled.is_set():
            raise StepCancelled("Cancelled.")
        rid = self.host.send(op, **params)
        self._rid = rid
        if self._cancelled.is_set():  # a cancel that came while sending: make sure it reaches this id
            self.host.cancel(rid)
        try:
            while True:
                event = self.host.read_event()
                if event is None:
                    raise HostDiedError("The model host stopped: " + self.host.exit_report())
                if event.get("id") != rid:
                    continue
                kind = event.get("type")
                if kind == "token":
                    if self.on_token is not None:
                        self.on_token(str(event.get("text", "")))
                    continue
                if kind == "result":
                    return dict(event.get("data") or {})
                if kind == "error":
                    if event.get("error") == "Cancelled":
                        raise StepCancelled("Cancelled.")
                    raise FMError(str(event.get("message", "The model host failed.")), str(event.get("details", "")))
        finally:
            self._rid = 0

    def cancel(self) -> None:
        """From any thread: the request in flight stops at its next token; later ones are refused."""
        self._cancelled.set()
        rid = self._rid
        if rid:
            self.host.cancel(rid)

    def reset(self) -> None:
        """Forget an earlier cancel (a new run); the run's first step reads its prompt the same way every time."""
        self._cancelled.clear()
        self._warm = False

    def _warm_up(self, tools: dict[str, Tool]) -> None:
        """Read the fixed part of every step's prompt (the instructions and the examples) before a run's first step.

        The host reuses the longest cached prefix of a prompt, and llama.cpp's sums depend on how a prompt is split
        into batches. After a run of two steps, the same first step of a new run shared almost all of its prompt with
        the cache and read only its last token again: check_availability came out 61.0% where a fresh host gave
        66.0%. With this, the fixed part is read once, the same way, and every run's steps are read from the same
        point whatever came before: identical runs give identical probabilities."""
        fixed = build_messages([], tools, count=self.count, few_shot=self.few_shot)
        chat = {"messages": fixed.messages, **self._chat_params()}
        self._request("choose", **chat, assistant_prefix=STEP_PREFIX, candidates=[next(iter(tools))], suffix='"')
        self._warm = True

    def close(self) -> None:
        self.host.stop()
        self.host.close()
        self.loaded = None

    # ----------------------------------------------------------------- steps
    def _chat_params(self) -> dict[str, Any]:
        has_template = bool(self.loaded and self.loaded.get("has_chat_template"))
        return {"chat_format": "template" if has_template else "plain"}

    def count(self, messages: list[dict[str, str]]) -> int:
        data = self._request("count_tokens", messages=messages, assistant_prefix=STEP_PREFIX, **self._chat_params())
        return int(data["n_prompt"])

    def _say(self, phase: str) -> None:
        if self.on_phase is not None:
            self.on_phase(phase)

    def next_call(
        self, transcript: list[dict[str, Any]], tools: dict[str, Tool], schemas: dict[str, dict[str, Any]]
    ) -> ToolCall:
        started = time.perf_counter()
        self.start()
        self._say("reading")
        if not self._warm:
            self._warm_up(tools)
        n_ctx = int(self.loaded["n_ctx"]) if self.loaded else self.n_ctx
        budget = n_ctx - ARGS_MAX_TOKENS - REASON_MAX_TOKENS - 64
        prompt = build_messages(transcript, tools, budget=budget, count=self.count, few_shot=self.few_shot)
        chat = {"messages": prompt.messages, **self._chat_params()}
        self.last_messages = prompt.messages
        names = list(tools)
        t0 = time.perf_counter()
        self._say("choosing")
        chosen = self._request(
            "choose", **chat, assistant_prefix=STEP_PREFIX, candidates=names, suffix='"', **self.choose_params
        )
        tool = str(chosen["chosen"])
        probs = sorted(((c["text"], float(c["p"])) for c in chosen["candidates"]), key=lambda x: -x[1])
        t1 = time.perf_counter()
        # The prefixes end at the colon, not in a space: the space comes with the value's first token.
        prefix = f'{STEP_PREFIX}{tool}", "args":'
        self._say("arguments")
        args_out = self._request(
            "generate_json", **chat, assistant_prefix=prefix, schema=grammar_schema(schemas[tool]),
            max_tokens=ARGS_MAX_TOKENS, temperature=0.0, leading_space=True,
        )  # fmt: skip
        t2 = time.perf_counter()
        notes: list[Message | str] = list(prompt.notes)
        args: dict[str, Any] = args_out["value"] if isinstance(args_out.get("value"), dict) else {}
        if not args_out.get("complete"):
            notes.append(
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreAutomation", "The model's arguments ran past the token limit and were not used."
                    )
                )
            )
        prefix += args_out["text"] + ', "reason":'
        self._say("reason")
        reason_out = self._request(
            "generate_json", **chat, assistant_prefix=prefix, schema=REASON_SCHEMA,
            max_tokens=REASON_MAX_TOKENS, temperature=0.0, leading_space=True,
        )  # fmt: skip
        t3 = time.perf_counter()
        reason = reason_out["value"] if isinstance(reason_out.get("value"), str) else reason_out["text"].strip(' "')
        self.timings.append({"prompt_tokens": prompt.n_tokens, "choose": t1 - t0, "args": t2 - t1,
                             "reason": t3 - t2, "total": t3 - started})  # fmt: skip
        return ToolCall(
            step=0,
            tool=tool,
            args=args,
            reason=reason,
            tool_probs=probs,
            raw=prefix + reason_out["text"] + "}",
            seconds=time.perf_counter() - started,
            notes=notes,
        )


class ScriptedModel:
    """Proposes the calls it was given, in order, then ``finish``. ``delay`` seconds per step (cut short
    by ``cancel``, which makes the step raise StepCancelled), to test pause and kill."""

    def __init__(
        self,
        calls: Sequence[tuple[str, dict[str, Any]] | ToolCall],
        *,
        name: str = "scripted",
        delay: float = 0.0,
        repeat: bool = False,
        then_finish: bool = True,
    ) -> None:
        self.calls = [c if isinstance(c, ToolCall) else ToolCall(0, c[0], dict(c[1]), "scripted") for c in calls]
        self.name = name
        self.delay = delay
        self.repeat = repeat
        self.then_finish = then_finish
        self.index = 0
        self.transcripts: list[list[dict[str, Any]]] = []  # what the model saw at each step
        self.on_phase: Callable[[str], None] | None = None
        self._cancelled = threading.Event()

    @classmethod
    def always(cls, tool: str, args: dict[str, Any], **kw: Any) -> ScriptedModel:
        """A model that tries the same call at every step (the forbidden-call check)."""
        return cls([(tool, args)], repeat=True, name=kw.pop("name", f"always-{tool}"), **kw)

    def next_call(
        self, transcript: list[dict[str, Any]], tools: dict[str, Tool], schemas: dict[str, dict[str, Any]]
    ) -> ToolCall:
        self.transcripts.append(list(transcript))
        if self.on_phase is not None:
            self.on_phase("choosing")
        if self.delay and self._cancelled.wait(self.delay):
            raise StepCancelled("Cancelled.")
        if self._cancelled.is_set():
            raise StepCancelled("Cancelled.")
        if self.index < len(self.calls):
            call = self.calls[self.index]
            self.index += 1
            if self.repeat and self.index == len(self.calls):
                self.index = 0
            return ToolCall(0, call.tool, copy.deepcopy(call.args), call.reason, list(call.tool_probs))
        if self.then_finish:
            return ToolCall(0, "finish", {"summary": "Script done."}, "scripted")
        raise FMError("The script has no more calls.")

    def cancel(self) -> None:
        self._cancelled.set()

    def reset(self) -> None:
        self._cancelled.clear()
