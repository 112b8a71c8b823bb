"""What a server can do: which engine it probably is, which sampling settings it takes, whether it
returns token probabilities, and where its tokenizer is.

No OpenAI-compatible server says which sampling settings it honours (most ignore the ones they do not
know, silently), so the settings come from what each engine documents, chosen by the engine the
``/v1/models`` answer points to. Probabilities are not guessed: :meth:`RemoteClient.probe` asks for
one token with ``logprobs`` and looks at what comes back.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message

# Our sampling settings (the local host's names) in the order the Completion panel shows them.
SAMPLING = ("temperature", "top_k", "top_p", "min_p", "repeat_penalty", "seed", "stop")
STANDARD = ("temperature", "top_p", "seed", "stop")  # the OpenAI API's own

# engine -> {our setting name: the name the engine takes}
_PARAMS: dict[str, dict[str, str]] = {
    "llama_cpp.server": {p: p for p in SAMPLING},
    "llama-server": {p: p for p in SAMPLING},
    "vllm": {**{p: p for p in SAMPLING}, "repeat_penalty": "repetition_penalty"},
    "ollama": {p: p for p in STANDARD},
    "openai": {p: p for p in STANDARD},
    "unknown": {p: p for p in STANDARD},
}

ENGINE_NAMES = {
    "llama_cpp.server": "llama-cpp-python's llama_cpp.server",
    "llama-server": "llama.cpp's llama-server",
    "vllm": "vLLM",
    "ollama": "Ollama",
    "openai": "OpenAI",
    "unknown": QT_TRANSLATE_NOOP("CoreRemote", "an OpenAI-compatible server"),  # the others are names
}

# The most alternatives an engine returns per token: OpenAI's legacy completions allow 5, chat 20.
MAX_ALTERNATIVES = {"openai": (5, 20), "vllm": (20, 20)}


def guess_engine(models: list[dict[str, Any]], headers: dict[str, str] | None = None) -> str:
    """The engine behind a ``/v1/models`` answer: its ``owned_by`` fields are each engine's own."""
    owners = {str(m.get("owned_by", "")).lower() for m in models}
    server = (headers or {}).get("server", "").lower()
    if "vllm" in owners:
        return "vllm"
    if "llamacpp" in owners or "llama.cpp" in server:
        return "llama-server"
    if "me" in owners:
        return "llama_cpp.server"
    if "library" in owners or "ollama" in owners:
        return "ollama"
    if owners & {"openai", "system", "openai-internal"}:
        return "openai"
    return "unknown"


@dataclass
class Capabilities:
    engine: str = "unknown"
    logprobs: bool | None = None  # None: not checked (no model to ask)
    max_alternatives: tuple[int, int] = (20, 20)  # (completions, chat)
    params: dict[str, str] = field(default_factory=dict)  # our name -> the engine's name
    tokenize: str | None = None  # the tokenize endpoint that answered, once one has
    notes: list[str] = field(default_factory=list)

    @classmethod
    def for_engine(cls, engine: str) -> Capabilities:
        return cls(
            engine=engine,
            max_alternatives=MAX_ALTERNATIVES.get(engine, (20, 20)),
            params=dict(_PARAMS.get(engine, _PARAMS["unknown"])),
        )

    def supports(self, setting: str) -> bool:
        """Whether a sampling setting (local names: top_k, min_p, ...) is sent to this server."""
        return setting in self.params

    def unsupported(self) -> list[str]:
        """Our sampling settings this server does not take; the panel shows them as such."""
        return [p for p in SAMPLING if p not in self.params]

    def describe(self) -> str:
        """One line for the Models panel, in English (:meth:`describe_message` is the translatable one)."""
        return self.describe_message().english()

    def describe_message(self) -> Message:
        """One line for the Models panel: a ``CoreRemote`` template; its ``engine`` argument may itself be a
        marked template (``ENGINE_NAMES["unknown"]``), which the UI translates too."""
        missing = self.unsupported()
        if self.logprobs is True:
            plain = QT_TRANSLATE_NOOP("CoreRemote", "{engine}: returns token probabilities.")
            skip = QT_TRANSLATE_NOOP("CoreRemote", "{engine}: returns token probabilities; does not take {settings}.")
        elif self.logprobs is False:
            plain = QT_TRANSLATE_NOOP("CoreRemote", "{engine}: returns no token probabilities.")
            skip = QT_TRANSLATE_NOOP(
                "CoreRemote", "{engine}: returns no token probabilities; does not take {settings}."
            )
        else:
            plain = QT_TRANSLATE_NOOP("CoreRemote", "{engine}: probabilities not checked.")
            skip = QT_TRANSLATE_NOOP("CoreRemote", "{engine}: probabilities not checked; does not take {settings}.")
        engine = ENGINE_NAMES.get(self.engine, self.engine)
        if missing:
            return message(skip, engine=engine, settings=", ".join(missing))
        return message(plain, engine=engine)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)
