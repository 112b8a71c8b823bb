"""Scoring ops inside the model host, for the teaching views.

- ``score``: every token's log-probability of a text under the loaded model, read in windows with a
  stride (desktop/core/teaching/perplexity.py plans them), in batches with logits for each position,
  cancellable (between batches, and inside one through llama.cpp's abort callback), with progress
  events and one ``token`` event per window holding that window's scores (so Stop keeps them).
- ``fill_blank``: a sentence with one blank. Left only: the next-token distribution after the words
  before the blank. Both sides: each candidate (from the top of that list and the person's own words)
  put in the blank, the whole sentence scored; the candidates' continuations are scored with the
  ``choose`` op (teacher forcing over the reused prompt cache, desktop/core/host/structured.py).
- ``step_logits``: the full logits row at one step of a completion (the prompt and the tokens
  generated before that step), for the sampling path view; the prompt's cache is reused.

All ops leave llama-cpp-python's prefix bookkeeping consistent (``StructuredOps._forget_after``), so a
later completion never trusts a stale cache entry.
"""

from __future__ import annotations

import base64
import codecs
import threading
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from desktop.core.errors import FMError
from desktop.core.host.generation import prompt_tokens, softmax_top
from desktop.core.host.pieces import token_bytes
from desktop.core.host.structured import StructuredCancelled, StructuredOps
from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.core.teaching import blank
from desktop.core.teaching.perplexity import check_text, figures, plan_windows
from desktop.core.token_spans import piece_text

Progress = Callable[[str, float], None]
TokenSink = Callable[[dict[str, Any]], None]

MAX_SCORE_CHARS = 400_000  # about 100k tokens: a bound on one request's work and on its answer
OUTPUT_BUDGET = 128 << 20  # bytes of logits one batch may ask llama.cpp for
ROW_BLOCK = 32  # logits rows reduced at once (32 x 262k floats for Gemma: 32 MB of scratch)
MAX_BLANK_CANDIDATES = 64
STEP_PIECES = 1000  # pieces sent with a step's logits: the most likely tokens'


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


class ScoringOps:
    def __init__(self, structured: StructuredOps) -> None:
        self.structured = structured
        self.lc = structured.lc

    # ------------------------------------------------------------------ score
    def _pieces_text(self, llm: Any, ids: list[int]) -> list[str]:
        """Display text per token; a character split over tokens shows on the token that ends it."""
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        cache: dict[int, bytes] = {}
        out = []
        for t in ids:
            data = cache.get(t)
            if data is None:
                data = cache[t] = token_bytes(llm, t)
            out.append(decoder.decode(data))
        return out

    def score_tokens(
        self,
        llm: Any,
        tokens: list[int],
        window: int,
        stride: int,
        cancel: threading.Event,
        progress: Progress | None = None,
        emit: TokenSink | None = None,
        bos: int | None = None,
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """(log-probabilities, top ids, ranks) of ``tokens[1:]``, each given the tokens before it in
        its window, and the number of windows. ``bos``: put in front of every window after the first."""
        n = len(tokens)
        logprobs = np.full(max(n - 1, 0), np.nan)
        top_ids = np.zeros(max(n - 1, 0), dtype=np.int64)
        ranks = np.zeros(max(n - 1, 0), dtype=np.int64)
        if n < 2:
            return logprobs, top_ids, ranks, 0
        windows = plan_windows(n, window, stride, bos=bos is not None)
        n_vocab = int(llm.n_vocab())
        # logits for every position of a batch: llama.cpp grows its output buffer to rows x n_vocab floats
        # and keeps it, so a large vocabulary gets smaller batches (Gemma's 262k: 128 rows, 128 MiB)
        n_batch = max(8, min(int(llm.n_batch), OUTPUT_BUDGET // (4 * n_vocab)))
        scratch = np.empty((ROW_BLOCK, n_vocab), dtype=np.float32)
        s = self.structured
        s._saved = None
        s._cancel = cancel
        done = 0
        try:
            for w_index, w in enumerate(windows):
                seq = ([bos] if w.bos and bos is not None else []) + tokens[w.begin : w.end]
                offset = w.begin - int(w.bos)  # global index of seq[j] is offset + j
                llm._ctx.kv_cache_seq_rm(-1, 0, -1)
                for start in range(0, len(seq), n_batch):
                    if cancel.is_set():
                        raise StructuredCancelled("Cancelled.")
                    chunk = seq[start : start + n_batch]
                    llm._batch.set_batch(batch=chunk, n_past=start, logits_all=True)
                    s._arm_abort(llm, True)
                    try:
                        llm._ctx.decode(llm._batch)
                    except RuntimeError as exc:
                        if cancel.is_set():
                            raise StructuredCancelled("Cancelled.") from exc
                        raise
                    finally:
                        s._arm_abort(llm, False)
                    # row j of this chunk predicts global token offset + start + j + 1
                    first = max(w.score_from - 1 - offset - start, 0)
                    last = min(w.end - 1 - offset - start, len(chunk))  # exclusive
                    if last <= first:
                        continue
                    ptr = self.lc.llama_get_logits(llm.ctx)
                    rows = np.ctypeslib.as_array(ptr, shape=(len(chunk), n_vocab))
                    for b in range(first, last, ROW_BLOCK):
                        e = min(b + ROW_BLOCK, last)
                        block = rows[b:e]
                        targets_at = np.arange(offset + start + b + 1, offset + start + e + 1)
                        target_ids = np.asarray([tokens[i] for i in targets_at])
                        target_logits = block[np.arange(e - b), target_ids].astype(np.float64)
                        m = block.max(axis=1)
                        buf = scratch[: e - b]
                        np.subtract(block, m[:, None], out=buf)
                        np.exp(buf, out=buf)
                        lse = m.astype(np.float64) + np.log(buf.sum(axis=1, dtype=np.float64))
                        logprobs[targets_at - 1] = target_logits - lse
                        top_ids[targets_at - 1] = block.argmax(axis=1)
                        ranks[targets_at - 1] = (block > block[np.arange(e - b), target_ids][:, None]).sum(axis=1)
                    done += last - first
                    if progress is not None:
                        progress("Scoring", done / (n - 1))
                if emit is not None:
                    lo, hi = w.score_from - 1, w.end - 1
                    emit({"window": w_index, "from": lo + 1, "logprobs": logprobs[lo:hi].tolist()})
        finally:
            s._forget_after(llm, 0)
            s._saved = None
        return logprobs, top_ids, ranks, len(windows)

    def score(
        self, llm: Any, msg: dict[str, Any], progress: Progress, emit: TokenSink, cancel: threading.Event
    ) -> dict[str, Any]:
        if llm is None:
            raise FMError(
                message(QT_TRANSLATE_NOOP("CoreHost", "No model is loaded. Load one in the Models panel first."))
            )
        text = str(msg.get("text", ""))
        check_text(text, MAX_SCORE_CHARS)
        started = time.perf_counter()
        tokens = prompt_tokens(llm, text, add_bos=bool(msg.get("add_bos", True)))
        has_bos = bool(tokens) and tokens[0] == llm.token_bos() and llm.token_bos() >= 0
        n_ctx = int(llm.n_ctx())
        window = max(2, min(int(msg.get("window", n_ctx) or n_ctx), n_ctx))
        stride = max(1, min(int(msg.get("stride", window // 2) or window // 2), window))
        logprobs, top_ids, ranks, n_windows = self.score_tokens(
            llm, tokens, window, stride, cancel, progress, emit, bos=llm.token_bos() if has_bos else None
        )
        texts = self._pieces_text(llm, tokens)
        top_text: dict[int, str] = {}
        for t in set(top_ids.tolist()):
            top_text[t] = token_bytes(llm, t).decode("utf-8", errors="replace")
        seconds = time.perf_counter() - started
        return {
            "tokens": [
                {
                    "i": i,
                    "token": int(tokens[i]),
                    "text": texts[i],
                    "logprob": float(logprobs[i - 1]),
                    "rank": int(ranks[i - 1]),
                    "top": [int(top_ids[i - 1]), top_text[int(top_ids[i - 1])]],
                }
                for i in range(1, len(tokens))
            ],
            "first": {"token": int(tokens[0]), "text": "" if has_bos else texts[0], "bos": has_bos},
            "n_tokens": len(tokens),
            "window": window,
            "stride": stride,
            "windows": n_windows,
            **figures([float(x) for x in logprobs], text, seconds),
        }

    # ------------------------------------------------------------- fill blank
    def fill_blank(self, llm: Any, msg: dict[str, Any], cancel: threading.Event) -> dict[str, Any]:
        if llm is None:
            raise FMError(
                message(QT_TRANSLATE_NOOP("CoreHost", "No model is loaded. Load one in the Models panel first."))
            )
        left, gap = blank.split_left(str(msg.get("left", "")))
        right = str(msg.get("right", ""))
        top_n = max(1, min(int(msg.get("top_n", 10)), 100))
        from_top = max(0, min(int(msg.get("from_top", 5)), top_n))
        started = time.perf_counter()
        tokens = prompt_tokens(llm, left, add_bos=True)
        self.structured._check_fits(llm, len(tokens), 64)
        row = self.structured._eval_prompt(llm, tokens, cancel, reuse_logits=True)
        top, probs, _lse = softmax_top(row, top_n)
        left_only: list[tuple[int, str, float]] = [
            (int(t), token_bytes(llm, int(t)).decode("utf-8", errors="replace"), float(p))
            for t, p in zip(top, probs, strict=True)
        ]
        pieces = [piece for _id, piece, _p in left_only]
        words = blank.candidates(msg.get("candidates", []), pieces, from_top, MAX_BLANK_CANDIDATES)
        # the words before the blank: their own log-probability, the same in every sentence
        lp_left, _top, _ranks, _n = self.score_tokens(llm, tokens, len(tokens), len(tokens), cancel)
        left_logprob = float(np.nansum(lp_left))
        fills = [(gap if gap else " ") + w + right for w in words]
        chosen = self.structured.choose(llm, {"prompt": left, "candidates": fills, "add_bos": True}, cancel)
        both: list[dict[str, Any]] = []
        for w, c in zip(words, chosen["candidates"], strict=True):
            both.append(
                {
                    "word": w,
                    "sentence": left + (gap if gap else " ") + w + right,
                    "logprob": left_logprob + float(c["logprob"]),
                    "fill_logprob": float(c["logprob"]),
                    "share": float(c["p"]),
                    "n_tokens": int(c["n_tokens"]),
                    "from_list": blank.in_list(w, pieces),
                }
            )
        both.sort(key=lambda d: -float(d["logprob"]))
        return {
            "left_only": [list(x) for x in left_only],
            "both": both,
            "left_logprob": left_logprob,
            "seconds": time.perf_counter() - started,
        }

    # ------------------------------------------------------------- step logits
    def step_logits(self, llm: Any, msg: dict[str, Any], cancel: threading.Event) -> dict[str, Any]:
        if llm is None:
            raise FMError(
                message(QT_TRANSLATE_NOOP("CoreHost", "No model is loaded. Load one in the Models panel first."))
            )
        _text, tokens = self.structured._prompt(llm, msg)
        generated = [int(t) for t in msg.get("generated", [])]
        step = int(msg.get("step", len(generated)))
        if not 0 <= step <= len(generated):
            raise FMError(
                message(
                    QT_TRANSLATE_NOOP("CoreHost", "Step {step} is outside this run (it has {n} tokens)."),
                    step=step,
                    n=len(generated),
                )
            )
        seq = tokens + generated[:step]
        self.structured._check_fits(llm, len(seq), 1)
        row = self.structured._eval_prompt(llm, seq, cancel, reuse_logits=True).astype(np.float32)
        k = min(STEP_PIECES, row.shape[0])
        top = np.argpartition(row, -k)[-k:]
        return {
            "logits": _b64(row.tobytes()),
            "n_vocab": int(row.shape[0]),
            "step": step,
            "n_prompt": len(tokens),
            # a split character's bytes as byte pieces (<0xEC>), as the step's list draws them, not U+FFFD
            "pieces": {str(int(t)): piece_text(token_bytes(llm, int(t))) for t in top},
        }
