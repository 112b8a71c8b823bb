"""How surprised a model is by a text: each token's log-probability, and the text's perplexity.

A text of ``n`` tokens is read in windows that fit the context. With a stride shorter than the
window, windows overlap so that every token after the first window still has at least
``window - stride`` tokens of context before it (the sliding-window recipe of Hugging Face's perplexity
guide); a token of the first window has only the tokens before it. Each token is scored once, in the
first window that holds it with context.
Pure arithmetic; the model host's ``score`` op (desktop/core/host/scoring.py) does the reading.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from desktop.core.errors import FMError
from desktop.core.messages import QT_TRANSLATE_NOOP, message

EXPLANATION = QT_TRANSLATE_NOOP(
    "CoreTeaching",
    "How surprised is the model? For every token of your text, the model gives the probability it "
    "assigned to that token, having read only the tokens before it. Tokens it expected are green; "
    "surprises are red. Perplexity is the exponential of the average negative log-probability: a "
    "perplexity of 20 means the model was, on average, as unsure as if it were choosing among 20 equally "
    "likely tokens. Lower is better, but only between models that share a tokenizer (the same text cut "
    "into different tokens is a different test); bits per character compare any two models. Likelihood "
    "measures how well a model fits a text, not whether an answer is good: a fluent wrong answer can score "
    "better than a right one, so it says how well a model knows a kind of text, and evaluating answers "
    "needs other checks.",
)


@dataclass(frozen=True)
class Window:
    begin: int  # first token of the window (its context starts here)
    end: int  # one past its last token
    score_from: int  # the first token scored in this window
    bos: bool  # a BOS token is put in front of the window (every window after the first)

    @property
    def n_tokens(self) -> int:
        return self.end - self.begin + int(self.bos)


def plan_windows(n_tokens: int, window: int, stride: int, bos: bool = False) -> list[Window]:
    """Windows over ``n_tokens`` tokens (the first of which, a BOS or the text's first token, is
    never scored). ``window``: tokens per window, at most the context; ``stride``: how far each
    window moves (at most the window's text tokens less one, so the token a window starts at was
    scored by the window before). With ``bos``, windows after the first start with a BOS token too,
    so they hold ``window - 1`` tokens of the text."""
    if window < 2:
        raise ValueError("a window must hold at least two tokens")
    stride = max(1, min(stride, window - 1 - int(bos)))
    out: list[Window] = []
    scored_to = 1
    begin = 0
    while scored_to < n_tokens:
        extra = bos and begin > 0
        end = min(begin + window - int(extra), n_tokens)
        if end > scored_to:
            out.append(Window(begin, end, max(scored_to, begin + 1), extra))
            scored_to = end
        begin += stride
    return out


@dataclass(frozen=True)
class Summary:
    n_scored: int
    total_logprob: float  # natural log
    perplexity: float
    bits_per_token: float

    @property
    def mean_logprob(self) -> float:
        return self.total_logprob / self.n_scored if self.n_scored else 0.0


def summarize(logprobs: Sequence[float]) -> Summary:
    n = len(logprobs)
    total = float(math.fsum(logprobs))
    if not n:
        return Summary(0, 0.0, float("nan"), float("nan"))
    mean = total / n
    return Summary(n, total, math.exp(-mean), -mean / math.log(2))


def check_text(text: str, most: int) -> None:
    """A text that can be scored: not blank, and at most ``most`` characters (a bound on one request)."""
    if not text.strip():
        raise FMError(message(QT_TRANSLATE_NOOP("CoreHost", "There is no text to score.")))
    if len(text) > most:
        raise FMError(
            message(
                QT_TRANSLATE_NOOP("CoreHost", "The text is too long to score here ({n} characters; at most {most})."),
                n=f"{len(text):,}",
                most=f"{most:,}",
            )
        )


def figures(logprobs: Sequence[float], text: str, seconds: float) -> dict[str, float]:
    """A score's figures as the teaching views show them: per token, and per character of ``text``, which
    compares models with different tokenizers (the same text's surprise, however it is cut)."""
    s = summarize(logprobs)
    return {
        "n_scored": s.n_scored,
        "total_logprob": s.total_logprob,
        "perplexity": s.perplexity,
        "bits_per_token": s.bits_per_token,
        "bits_per_char": -s.total_logprob / math.log(2) / max(len(text), 1),
        "seconds": seconds,
        "tokens_per_second": s.n_scored / seconds if seconds > 0 else 0.0,
    }
