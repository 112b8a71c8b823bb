"""Streamed generation inside the model host, one token at a time, with each step's probabilities.

Probabilities are the softmax of the step's logits (the model's own distribution, temperature 1,
before any sampling setting), read from the context's last logits row: no ``logits_all``, which
would cost n_ctx x n_vocab floats. Cancel is checked at every token and, through llama.cpp's abort
callback, inside prompt processing.
"""

from __future__ import annotations

import codecs
import ctypes
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.core.errors import FMError
from desktop.core.host.pieces import token_bytes
from desktop.core.host.steps import StepEvents, use_thread
from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.core.metrics import speed_figures
from desktop.core.token_spans import piece_text

# A byte budget per token that no real tokenizer exceeds: longer prompts are surely too long.
MAX_BYTES_PER_TOKEN = 64
CHAT_FORMATS = ("template", "chatml", "llama-2", "gemma", "plain")

if TYPE_CHECKING:
    import numpy as np  # imported where it is used: the app imports Request, and numpy costs start-up time

TokenSink = Callable[[dict[str, Any]], None]


class PromptTooLongError(FMError):
    """The prompt does not fit the context; the app can offer to keep only its end."""

    def __init__(self, n_prompt: int, n_ctx: int, reserve: int, estimated: bool) -> None:
        if estimated:
            template = QT_TRANSLATE_NOOP(
                "CoreHost",
                "The prompt is about {n_prompt} tokens, but the model's context holds {n_ctx}, and {reserve} "
                "of them are kept free for the answer. Shorten it, load the model with a larger context, or let "
                "the app keep only the end of the prompt.",
            )
        else:
            template = QT_TRANSLATE_NOOP(
                "CoreHost",
                "The prompt is {n_prompt} tokens, but the model's context holds {n_ctx}, and {reserve} of them "
                "are kept free for the answer. Shorten it, load the model with a larger context, or let the app "
                "keep only the end of the prompt.",
            )
        super().__init__(message(template, n_prompt=f"{n_prompt:,}", n_ctx=f"{n_ctx:,}", reserve=f"{reserve:,}"))
        self.n_prompt = n_prompt
        self.n_ctx = n_ctx


class NoChatTemplateError(FMError):
    """A chat request for a model without a template, with no format chosen."""


@dataclass
class Request:
    mode: str = "completion"
    prompt: str = ""
    messages: list[dict[str, str]] = field(default_factory=list)
    chat_format: str = "template"
    max_tokens: int = 128
    temperature: float = 0.8
    top_k: int = 40
    top_p: float = 0.95
    min_p: float = 0.05
    repeat_penalty: float = 1.1
    seed: int = -1
    stop: list[str] = field(default_factory=list)
    n_alternatives: int = 10
    truncate: bool = False

    @classmethod
    def from_message(cls, msg: dict[str, Any]) -> Request:
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in msg.items() if k in known})


_BLOCKS = 64  # softmax_top's candidate search: the row seen as 64 interleaved groups


def softmax_top(logits: np.ndarray, k: int, buf: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray, float]:
    """(top ids by probability, their probabilities, log-sum-exp) of one logits row. ``buf``, a
    scratch array of the row's shape, saves two allocations per token.

    The top ids without a partition of the whole row (argpartition alone was ~95 us a token on a
    49k vocabulary): the row is seen as ``_BLOCKS`` rows of ``n // _BLOCKS`` columns, whose column
    maxima are k or more values of the row, so the k-th largest of them is a floor that at least k
    entries reach; only the few entries at or above it are sorted. Ties go to the lower id."""
    import numpy as np

    if buf is None:
        buf = np.empty_like(logits)
    n = int(logits.shape[0])
    k = max(1, min(k, n))
    width = n // _BLOCKS
    if width >= 4 * k:
        maxima = np.maximum.reduce(logits[: _BLOCKS * width].reshape(_BLOCKS, width), axis=0)
        m = max(float(maxima.max()), float(logits[_BLOCKS * width :].max(initial=-np.inf)))
        floor = np.partition(maxima, width - k)[width - k]
        candidates = np.flatnonzero(logits >= floor)
    else:
        m = float(logits.max())
        candidates = np.arange(n)
    top = candidates[np.argsort(-logits[candidates], kind="stable")[:k]]
    np.subtract(logits, m, out=buf)
    np.exp(buf, out=buf)
    total = float(buf.sum())
    return top, buf[top] / total, m + float(np.log(total))


def render_chat(llm: Any, messages: list[dict[str, str]], chat_format: str) -> tuple[str, list[str], bool]:
    """The chat as one prompt, through the model's own template (sandboxed Jinja in llama-cpp-python)
    or a format the person chose for a model without one. Returns (prompt, stop strings, whether the
    prompt already holds the special tokens such as BOS, so that none is added again)."""
    from llama_cpp import llama_chat_format as lcf

    template = llm.metadata.get("tokenizer.chat_template")
    if chat_format == "template":
        if not template:
            raise NoChatTemplateError(
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreHost",
                        "This model has no chat template (it is probably a base model). Choose a chat format, "
                        "or use Completion mode.",
                    )
                )
            )
        eos = llm._model.token_get_text(llm.token_eos())
        bos = llm._model.token_get_text(llm.token_bos()) if llm.token_bos() >= 0 else ""
        formatter = lcf.Jinja2ChatFormatter(template=template, eos_token=eos, bos_token=bos)
        response = formatter(messages=messages)  # type: ignore[arg-type]
    elif chat_format == "plain":
        lines = [f"{m['role'].capitalize()}: {m['content']}" for m in messages]
        return "\n".join(lines) + "\nAssistant:", ["\nUser:"], False
    else:
        fn = {"chatml": lcf.format_chatml, "llama-2": lcf.format_llama2, "gemma": lcf.format_gemma}.get(chat_format)
        if fn is None:
            raise FMError(
                message(
                    QT_TRANSLATE_NOOP("CoreHost", "Unknown chat format “{name}”. Choose one of: {choices}."),
                    name=chat_format,
                    choices=", ".join(CHAT_FORMATS),
                )
            )
        response = fn(messages=messages)
    stop = response.stop if isinstance(response.stop, list) else ([response.stop] if response.stop else [])
    return response.prompt, [s for s in stop if s], bool(response.added_special)


def prompt_tokens(llm: Any, prompt: str, add_bos: bool = True) -> list[int]:
    """Tokens as llama-cpp-python's own completion makes them: BOS if the model asks (and the prompt
    does not already hold it, as a rendered chat template does), then the text with special tokens."""
    bos = [llm.token_bos()] if add_bos and llm._model.add_bos_token() and llm.token_bos() >= 0 else []
    return bos + llm.tokenize(prompt.encode("utf-8"), add_bos=False, special=True)


class Generator:
    """Runs one request on a loaded ``Llama``; every call is on the host's main thread."""

    def __init__(self, llm: Any, cancel: threading.Event) -> None:
        import llama_cpp
        import numpy as np

        self.llm = llm
        self.lc = llama_cpp
        self.cancel = cancel
        self.n_vocab = llm.n_vocab()
        # Layers asked for the GPU count only where the build has one (a CPU build takes "All" and runs on
        # the CPU); llama.cpp counts the output layer as one more than the model's own.
        asked = int(llm.model_params.n_gpu_layers)
        all_on_gpu = bool(llama_cpp.llama_supports_gpu_offload()) and (
            asked < 0 or asked > llama_cpp.llama_model_n_layer(llm.model)
        )
        self.steps = StepEvents(self.n_vocab, self._alts, use_thread(all_on_gpu))
        self._abort_cb = llama_cpp.ggml_abort_callback(lambda _data: bool(self.cancel.is_set()))
        self._no_abort = llama_cpp.ggml_abort_callback()  # a NULL function pointer: no callback at all
        self._pieces: dict[int, bytes] = {}
        self._texts: dict[int, str] = {}  # alternatives' pieces as text, decoded once
        self._np = np
        self._row_address = -1
        self._row: Any = None

    def _arm_abort(self, on: bool) -> None:
        self.lc.llama_set_abort_callback(self.llm.ctx, self._abort_cb if on else self._no_abort, None)

    def piece(self, token: int) -> bytes:
        cached = self._pieces.get(token)
        if cached is None:
            cached = token_bytes(self.llm, token)
            if len(self._pieces) < 200_000:
                self._pieces[token] = cached
        return cached

    def _fit(self, prompt: str, req: Request, add_bos: bool = True) -> tuple[list[int], bool]:
        """The prompt's tokens, leaving room to answer: max_tokens, but at most a quarter of the
        context (a large max_tokens then only caps the answer, it does not reject the prompt)."""
        n_ctx = self.llm.n_ctx()
        reserve = max(1, min(req.max_tokens, max(16, n_ctx // 4)))
        budget = max(1, n_ctx - reserve)
        raw = prompt.encode("utf-8", errors="replace")
        if len(raw) > budget * MAX_BYTES_PER_TOKEN:
            if not req.truncate:
                raise PromptTooLongError(len(raw) // 4, n_ctx, reserve, estimated=True)
            prompt = raw[-budget * MAX_BYTES_PER_TOKEN :].decode("utf-8", errors="ignore")
        tokens = prompt_tokens(self.llm, prompt, add_bos)
        if len(tokens) <= budget:
            return tokens, False
        if not req.truncate:
            raise PromptTooLongError(len(tokens), n_ctx, reserve, estimated=False)
        head = tokens[:1] if self.llm._model.add_bos_token() else []
        return head + tokens[len(tokens) - budget + len(head) :], True

    def run(self, req: Request, emit: TokenSink) -> dict[str, Any]:
        if req.mode == "chat":
            prompt, template_stops, has_special = render_chat(self.llm, req.messages, req.chat_format)
        else:
            prompt, template_stops, has_special = req.prompt, [], False
        if not prompt.strip() and req.mode != "chat":
            raise FMError(
                message(QT_TRANSLATE_NOOP("CoreHost", "The prompt is empty. Type something for the model to continue."))
            )
        stops = [s for s in [*req.stop, *template_stops] if s]
        longest_stop = max(map(len, stops), default=0)
        tokens, truncated = self._fit(prompt, req, add_bos=not has_special)
        seed = req.seed if req.seed >= 0 else int(time.time_ns() % 2**31)
        self.llm.set_seed(seed)
        max_tokens = min(req.max_tokens, self.llm.n_ctx() - len(tokens))
        eos = self.llm.token_eos()
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        text = ""
        times: list[float] = []
        stop_reason = "length"
        started = time.perf_counter()
        k = max(1, req.n_alternatives)
        # llama.cpp calls the abort callback at every graph node: through ctypes that costs ~5% of
        # generation speed, so it is armed only while the prompt is read (one token is checked anyway).
        self._arm_abort(True)
        reused = self._reused_prefix(tokens)
        try:
            gen = self.llm.generate(
                tokens,
                top_k=req.top_k,
                top_p=req.top_p,
                min_p=req.min_p,
                temp=req.temperature,
                repeat_penalty=req.repeat_penalty,
                reset=True,
            )
            for token in gen:
                if not times:
                    self._arm_abort(False)
                if self.cancel.is_set():
                    stop_reason = "cancelled"
                    break
                now = time.perf_counter() - started
                if token == eos or self.lc.llama_vocab_is_eog(self.llm._model.vocab, token):
                    stop_reason = "eos"
                    event = {"i": len(times), "token": int(token), "text": "", "t": now, "eog": True}
                    self.steps.add(self._logits_row(), event, k, emit)
                    break
                piece = decoder.decode(self.piece(token))
                text += piece
                times.append(now)
                event = {"i": len(times) - 1, "token": int(token), "text": piece, "t": now}
                self.steps.add(self._logits_row(), event, k, emit)  # p and alts added there
                tail = text[-(len(piece) + longest_stop) :]
                hit = next((s for s in stops if s in tail), None)
                if hit is not None:
                    text = text[: text.index(hit)]
                    stop_reason = "stop"
                    break
                if len(times) >= max_tokens:
                    break
        except RuntimeError as exc:
            if not self.cancel.is_set():
                raise
            stop_reason = "cancelled"
            self.llm.reset()
            del exc
        finally:
            self.steps.wait()  # every token's event out before the request's end
        self._arm_abort(False)
        if stop_reason != "stop":
            text += decoder.decode(b"", final=True)  # a dangling partial character, shown as U+FFFD
        total = time.perf_counter() - started
        return {
            "text": text,
            "seed": seed,
            "max_tokens": max_tokens,
            "prompt": prompt,
            "n_prompt": len(tokens),
            "truncated": truncated,
            "stop_reason": stop_reason,
            "n_ctx": self.llm.n_ctx(),
            "metrics": speed_figures(len(tokens), times, total, reused).as_dict(),
        }

    def _reused_prefix(self, tokens: list[int]) -> int:
        """How many of ``tokens`` llama-cpp-python's ``generate`` will keep from the last request instead
        of reading them again (its own rule: the longest common prefix, less one to refresh the logits,
        unless the whole prompt is the last one and its logits are live)."""
        llm = self.llm
        if llm.n_tokens <= 0:
            return 0
        longest = 0
        for a, b in zip(llm.input_ids[: llm.n_tokens].tolist(), tokens, strict=False):
            if a != b:
                break
            longest += 1
        consumed = longest == len(tokens)
        if consumed and llm.n_tokens == len(tokens) and not getattr(llm, "_requires_eval", True):
            return len(tokens)
        return max(0, longest - 1) if consumed else longest

    def _logits_row(self) -> np.ndarray:
        """The last logits row, read in place (no copy). The array view is made once per address:
        ``np.ctypeslib.as_array`` costs more than the softmax's subtraction."""
        row = self.lc.llama_get_logits_ith(self.llm.ctx, -1)
        address = ctypes.addressof(row.contents)
        if address != self._row_address:
            self._row_address = address
            self._row = self._np.ctypeslib.as_array(row, shape=(self.n_vocab,))
        return self._row

    def _alts(self, top: np.ndarray, probs: np.ndarray) -> list[list[Any]]:
        texts = self._texts
        out: list[list[Any]] = []
        for t, q in zip(top.tolist(), probs.tolist(), strict=True):
            text = texts.get(t)
            if text is None:
                text = piece_text(self.piece(t))  # a split character's bytes as <0xEC>, not ten U+FFFD
                if len(texts) < 200_000:
                    texts[t] = text
            out.append([t, text, q])
        return out
