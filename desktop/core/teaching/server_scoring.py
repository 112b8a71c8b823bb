"""Score a text and fill the blank on an OpenAI-compatible server, from the log-probabilities it returns.

The local host reads every position's logits itself (desktop/core/host/scoring.py). A server gives what
its ``/v1/completions`` returns: ``echo`` with ``logprobs`` puts the prompt's own tokens in the answer,
each with its log-probability given the tokens before it. Not every server does this, and not every
server does it right: llama-cpp-python pairs each prompt token with the distribution *after* it (one
token late) when the model adds no BOS token, so its numbers would look fine and be wrong. Before
scoring, :meth:`ScoringClient.check_prompt_logprobs` asks the server for the next token of a short
prompt, then for the same prompt with that token on the end, echoed: both answers must give that token
the same log-probability. The results have the shapes the host's ``score`` and ``fill_blank`` return,
so the teaching views show either.

The first token of a text has no score on a server (the API gives none: there is nothing before it
unless the model adds BOS, and the server does not say). Pure Python; the service runs it off the GUI
thread.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Any

from desktop.core.errors import FMError
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message
from desktop.core.remote.client import RemoteClient
from desktop.core.remote.stream import completion_tokens
from desktop.core.teaching import blank
from desktop.core.teaching.perplexity import check_text, figures

PROBE_PROMPT = "The capital of France is"
PROBE_TOLERANCE = 0.02  # natural log: the same number read twice, allowing for float32 and batching
MAX_SERVER_SCORE_CHARS = 20_000  # one request holds the whole text: a bound on what a server is asked
MAX_BLANK_CANDIDATES = 16  # one request each

NO_ECHO = QT_TRANSLATE_NOOP(
    "CoreTeaching",
    "This server does not return the log-probabilities of the text it is given (the prompt's, with "
    "“echo”), which scoring needs.",
)
SHIFTED = QT_TRANSLATE_NOOP(
    "CoreTeaching",
    "This server returns log-probabilities for the text it is given, but not the right ones: each token is "
    "paired with the model's guess for the token after it (llama-cpp-python does this for models without a "
    "BOS token). Scores would be wrong, so scoring on this server is off.",
)
UNSURE = QT_TRANSLATE_NOOP(
    "CoreTeaching",
    "Could not check this server's log-probabilities for a given text (its answer did not line up with its "
    "tokens), so scoring on it is off.",
)
NO_LOGPROBS = QT_TRANSLATE_NOOP(
    "CoreTeaching", "This server returns no token probabilities, so it cannot score a text or fill a blank."
)


class ScoringCancelled(Exception):
    pass


@dataclass(frozen=True)
class PromptLogprobs:
    """Whether a server's echoed prompt log-probabilities can be trusted; ``reason`` says why not."""

    ok: bool
    reason: Message | None = None


def _choice(data: Any) -> dict[str, Any]:
    if isinstance(data, dict):
        choices = data.get("choices")
        if isinstance(choices, list) and choices and isinstance(choices[0], dict):
            return choices[0]
    return {}


def prompt_entries(data: Any, prompt: str) -> list[dict[str, Any]]:
    """The echoed prompt's tokens from a ``/v1/completions`` answer: each ``{text, logprob, top}`` with
    ``logprob`` None where the server gave none (the first), and ``top`` the server's most likely
    ``(text, logprob)`` at that place or None. Tokens after the prompt (the one generated) are left out,
    by their text offsets, or else by their texts' running length."""
    logprobs = _choice(data).get("logprobs")
    if not isinstance(logprobs, dict):
        return []
    texts = [str(t) for t in logprobs.get("tokens") or []]
    lps = logprobs.get("token_logprobs") or []
    tops = logprobs.get("top_logprobs") or []
    offsets = logprobs.get("text_offset")
    out: list[dict[str, Any]] = []
    at = 0
    for n, text in enumerate(texts):
        start = offsets[n] if isinstance(offsets, list) and n < len(offsets) else at
        if not isinstance(start, int) or start >= len(prompt):
            break
        at = start + len(text)
        value = lps[n] if n < len(lps) else None
        lp = float(value) if isinstance(value, (int, float)) and not math.isnan(float(value)) else None
        top_map = tops[n] if n < len(tops) and isinstance(tops[n], dict) else {}
        top = max(((str(k), float(v)) for k, v in top_map.items()), key=lambda x: x[1], default=None)
        out.append({"text": text, "logprob": lp, "top": top, "start": start})
    return out


class ScoringClient(RemoteClient):
    """A server client that also scores: short, non-streamed ``/v1/completions`` requests."""

    def _completions(self, model: str, body: dict[str, Any]) -> Any:
        with self._short_call() as lane:  # within the server's timeout, like every short call
            return self._call(lane, "POST", self._url("/completions"), {"model": model, **body}, model)[0]

    def next_token(self, model: str, prompt: str, k: int) -> tuple[str, float | None, list[tuple[str, float]]]:
        """The most likely next token after ``prompt``: its text, its log-probability, and the server's
        ``k`` most likely ``(text, p)``."""
        data = self._completions(model, {"prompt": prompt, "max_tokens": 1, "temperature": 0, "logprobs": k})
        choice = _choice(data)
        entries = completion_tokens(choice.get("logprobs"))
        if not entries:
            return str(choice.get("text") or ""), None, []
        first = entries[0]
        p = first.get("p")
        lp = math.log(p) if isinstance(p, float) and p > 0 else None
        alts = [(str(text), float(q)) for _tid, text, q in first.get("alts") or []]
        return str(first["text"]), lp, alts

    def echo(self, model: str, text: str, k: int = 1) -> list[dict[str, Any]]:
        """``text``'s tokens with their log-probabilities, as the server reads it (see :func:`prompt_entries`)."""
        body = {"prompt": text, "max_tokens": 1, "temperature": 0, "logprobs": k, "echo": True}
        return prompt_entries(self._completions(model, body), text)

    def check_prompt_logprobs(self, model: str) -> PromptLogprobs:
        """Whether ``echo`` gives each prompt token its own log-probability (see the module's docstring)."""
        word, lp, _alts = self.next_token(model, PROBE_PROMPT, 1)
        if lp is None or not word:
            return PromptLogprobs(False, message(NO_LOGPROBS))
        entries = self.echo(model, PROBE_PROMPT + word)
        if not any(e["logprob"] is not None for e in entries):
            return PromptLogprobs(False, message(NO_ECHO))
        last = next((e for e in entries if e["start"] == len(PROBE_PROMPT)), None)
        if last is None or last["text"] != word or last["logprob"] is None:
            return PromptLogprobs(False, message(UNSURE))
        if abs(last["logprob"] - lp) > PROBE_TOLERANCE:
            return PromptLogprobs(False, message(SHIFTED))
        return PromptLogprobs(True)

    # -- the teaching ops, in the host's result shapes ------------------------------------------------
    def score(self, model: str, text: str) -> dict[str, Any]:
        """Every token's log-probability of ``text`` in one request (the whole text is one window)."""
        check_text(text, MAX_SERVER_SCORE_CHARS)
        started = time.perf_counter()
        entries = self.echo(model, text)
        if not entries:
            raise FMError(message(NO_ECHO))
        scored = [float(e["logprob"]) for e in entries[1:] if e["logprob"] is not None]
        seconds = time.perf_counter() - started
        tokens = []
        for i, e in enumerate(entries[1:], start=1):
            if e["logprob"] is None:
                continue
            top = e["top"] or (e["text"], e["logprob"])
            tokens.append(
                {
                    "i": i,
                    "token": -1,
                    "text": e["text"],
                    "logprob": float(e["logprob"]),
                    "rank": 0 if top[0] == e["text"] else 1,  # the server says only whether it came first
                    "top": [-1, top[0]],
                }
            )
        return {
            "tokens": tokens,
            "first": {"token": -1, "text": entries[0]["text"], "bos": False},
            "n_tokens": len(entries),
            "window": len(entries),
            "stride": len(entries),
            "windows": 1,
            **figures(scored, text, seconds),
        }

    def fill_blank(
        self,
        model: str,
        left_raw: str,
        right: str,
        candidates: list[str],
        top_n: int,
        from_top: int,
        cancel: threading.Event,
    ) -> dict[str, Any]:
        """As the host's ``fill_blank``: the next tokens after the words before the blank, then every
        candidate put in the blank and the whole sentence scored (one request each). A sentence's
        log-probability leaves out its first token, the same in every sentence, so the ranking and the
        shares are the host's."""
        left, gap = blank.split_left(left_raw)
        gap = gap or " "
        started = time.perf_counter()
        _word, _lp, alts = self.next_token(model, left, max(1, top_n))
        left_only = [(-1, text, p) for text, p in sorted(alts, key=lambda x: -x[1])[:top_n]]
        pieces = [piece for _id, piece, _p in left_only]
        words = blank.candidates(candidates, pieces, from_top, MAX_BLANK_CANDIDATES)
        left_entries = self.echo(model, left)
        left_logprob = sum(float(e["logprob"]) for e in left_entries if e["logprob"] is not None)
        both: list[dict[str, Any]] = []
        for w in words:
            if cancel.is_set():
                raise ScoringCancelled
            sentence = left + gap + w + right
            entries = self.echo(model, sentence)
            total = sum(float(e["logprob"]) for e in entries if e["logprob"] is not None)
            both.append(
                {
                    "word": w,
                    "sentence": sentence,
                    "logprob": total,
                    "fill_logprob": total - left_logprob,
                    "n_tokens": max(len(entries) - len(left_entries), 0),
                    "from_list": blank.in_list(w, pieces),
                }
            )
        top = max(d["logprob"] for d in both)
        weights = [math.exp(d["logprob"] - top) for d in both]
        for d, weight in zip(both, weights, strict=True):
            d["share"] = weight / sum(weights)
        both.sort(key=lambda d: -float(d["logprob"]))
        return {
            "left_only": [list(x) for x in left_only],
            "both": both,
            "left_logprob": left_logprob,
            "seconds": time.perf_counter() - started,
        }
