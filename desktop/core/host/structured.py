"""Structured decoding inside the model host: score a choice, and generate JSON under a grammar.

Two ops, for the agent loop (desktop/core/automation):

- ``choose``: the probability of each candidate string (a tool name) right after the prompt, as the
  product of its token probabilities, teacher-forced, normalised over the candidates. The prompt is
  read once (its KV cache kept, and reused from the previous request where the tokens match); then all
  candidates' own tokens go in one batch decode, each candidate in a sequence of its own that shares the
  prompt's cache (a context made with ``parallel_sequences``; one decode per candidate in a one-sequence
  context), except those whose first token alone is already far less likely than the best candidate
  (``prune``; their score is then a bound, marked ``exact: false``). The chosen one is the argmax, or a
  sample with a seed.
- ``generate_json``: generation constrained by a grammar built from a JSON schema
  (``LlamaGrammar.from_json_schema``), cached by the schema's hash, so a tool set's grammars are built
  once per host. Streams tokens like ``complete``; the same cancel flag stops it; max tokens bounded.
- ``count_tokens``: token counts of texts, or of a rendered chat, so the agent can fit its prompt.

Prompts come as ``prompt`` (raw text, BOS added where the model wants it, special tokens parsed) or as
``messages`` (rendered by the model's chat template, or a chosen ``chat_format``), followed in both
cases by ``assistant_prefix``: the part of the answer already written, such as ``{"tool": "``.
"""

from __future__ import annotations

import codecs
import contextlib
import hashlib
import json
import os
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from desktop.core.errors import FMError
from desktop.core.host.generation import PromptTooLongError, prompt_tokens, render_chat
from desktop.core.host.pieces import token_bytes

TokenSink = Callable[[dict[str, Any]], None]

MAX_JSON_TOKENS = 1024  # a hard bound on any one generate_json, whatever the request asks
MAX_CANDIDATES = 256
DEFAULT_PRUNE = 12.0  # nats: a candidate this far below the best is not decoded (its p is under 1e-5)
# Sequences a model's context is made with, so ``choose`` can decode every candidate in one batch, each in a
# sequence of its own that shares the prompt's cache (one for the prompt, the rest for candidates).
CHOICE_SEQUENCES = 16


class StructuredCancelled(FMError):
    """Raised when the cancel flag stops a structured op (the server reports it as Cancelled)."""


def schema_key(schema: dict[str, Any]) -> str:
    """A stable hash of a JSON schema (key order does not matter)."""
    canonical = json.dumps(schema, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def log_softmax(logits: np.ndarray) -> np.ndarray:
    m = float(logits.max())
    shifted = logits.astype(np.float64) - m
    return shifted - float(np.log(np.exp(shifted).sum()))


def _early_done(text: str) -> bool:
    """True once ``text`` is a complete JSON object, array or string: the grammar then allows only
    trailing space, so generation can stop. (A bare number could still grow, so it runs on.)"""
    stripped = text.rstrip()
    if not stripped or stripped[-1] not in '}]"':
        return False
    try:
        json.loads(stripped)
    except ValueError:
        return False
    return True


# llama-cpp-python's converter lets a string hold raw control characters (a newline, a tab), which
# JSON forbids: the output would not parse. These rules keep strings to what JSON allows.
_CHAR_RULE = r'char ::= [^"\\\x7F\x00-\x1F] | "\\" (["\\/bfnrt] | "u" [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F] [0-9a-fA-F])'
_DOT_RULE = r'dot ::= [^"\\\x7F\x00-\x1F]'


def strict_json_strings(gbnf: str, leading_space: bool = False) -> str:
    """The grammar with its ``char`` and ``dot`` rules replaced by ones that allow no control
    characters (and, for ``dot``, no quote or backslash), so every string it accepts is valid JSON.
    With ``leading_space`` the root may start with one space."""
    lines = []
    for line in gbnf.splitlines():
        if line.startswith("char ::= "):
            line = _CHAR_RULE
        elif line.startswith("dot ::= "):
            line = _DOT_RULE
        elif leading_space and line.startswith("root ::= "):
            line = f'root ::= " "? ({line[len("root ::= ") :]})'
        lines.append(line)
    return "\n".join(lines) + "\n"


def choice_sequences(path: str | os.PathLike[str]) -> int:
    """How many sequences a context for ``path`` should hold: CHOICE_SEQUENCES, or 1 for a model whose cache
    grows with them (sliding-window attention keeps a window per sequence) or does not share a prompt between
    them (recurrent state), and for a file whose header cannot be read (the load reports that)."""
    from desktop.core.gguf_header import read_header

    try:
        meta = read_header(path).metadata
    except FMError:
        return 1
    arch = str(meta.get("general.architecture") or "")
    keys = (f"{arch}.attention.sliding_window", f"{arch}.ssm.state_size", f"{arch}.wkv.head_size")
    return 1 if any(k in meta for k in keys) else CHOICE_SEQUENCES


@contextlib.contextmanager
def parallel_sequences(n_seq: int) -> Iterator[None]:
    """While constructing a ``llama_cpp.Llama`` inside this block, its context gets ``n_seq`` sequences in one
    unified cache (llama-cpp-python has no argument for it). Sequence 0, the only one everything else uses,
    computes exactly as in a one-sequence context (same logits, same cache size). Host main thread only."""
    if n_seq <= 1:
        yield
        return
    import llama_cpp.llama_cpp as lc

    original = lc.llama_context_default_params

    def params() -> Any:
        p = original()
        p.n_seq_max = n_seq
        p.kv_unified = True
        return p

    lc.llama_context_default_params = params
    try:
        yield
    finally:
        lc.llama_context_default_params = original


class StructuredOps:
    """Per-host state for the structured ops: the grammar cache (model-independent GBNF, keyed by
    schema hash) and the abort callback of the current model's context. Main thread only."""

    def __init__(self) -> None:
        import llama_cpp

        self.lc = llama_cpp
        self.grammars: dict[str, Any] = {}
        self.grammar_builds = 0
        self._saved: tuple[Any, int, np.ndarray] | None = None  # (model, prompt length, its last logits)
        self._cancel: threading.Event | None = None
        self._abort_cb = llama_cpp.ggml_abort_callback(lambda _data: bool(self._cancel and self._cancel.is_set()))
        self._no_abort = llama_cpp.ggml_abort_callback()

    # ----------------------------------------------------------------- helpers
    def grammar(self, schema: dict[str, Any], leading_space: bool = False) -> Any:
        """The grammar of ``schema``, built once. ``leading_space``: the value may start with one space,
        for a prompt that ends right after a colon (``"args":``): BPE vocabularies carry the space with
        the next token (`` {``), so a prompt that ends in a space would push a small model off its
        usual tokens."""
        key = schema_key(schema) + (":space" if leading_space else "")
        grammar = self.grammars.get(key)
        if grammar is None:
            from llama_cpp import LlamaGrammar

            try:
                grammar = LlamaGrammar.from_json_schema(json.dumps(schema), verbose=False)
            except Exception as exc:  # the converter raises plain exceptions for unsupported schemas
                raise FMError(f"This JSON schema cannot be turned into a grammar: {exc}") from exc
            grammar._grammar = strict_json_strings(grammar._grammar, leading_space)
            self.grammars[key] = grammar
            self.grammar_builds += 1
        return grammar

    def _arm_abort(self, llm: Any, on: bool) -> None:
        self.lc.llama_set_abort_callback(llm.ctx, self._abort_cb if on else self._no_abort, None)

    def _prompt(self, llm: Any, msg: dict[str, Any]) -> tuple[str, list[int]]:
        prefix = str(msg.get("assistant_prefix", ""))
        if msg.get("messages"):
            rendered, _stops, has_special = render_chat(
                llm, list(msg["messages"]), str(msg.get("chat_format", "template"))
            )
            text = rendered + prefix
            return text, prompt_tokens(llm, text, add_bos=not has_special)
        text = str(msg.get("prompt", "")) + prefix
        if not text:
            raise FMError("The prompt is empty.")
        return text, prompt_tokens(llm, text, add_bos=bool(msg.get("add_bos", True)))

    def _check_fits(self, llm: Any, n_prompt: int, reserve: int) -> None:
        n_ctx = int(llm.n_ctx())
        if n_prompt + reserve > n_ctx:
            raise PromptTooLongError(n_prompt, n_ctx, reserve, estimated=False)

    def _forget_after(self, llm: Any, n: int) -> None:
        """Keep the first ``n`` tokens in the KV cache and in ``input_ids``; mark the rest unknown,
        so llama-cpp-python's own prefix matching can never trust a stale entry."""
        llm._ctx.kv_cache_seq_rm(-1, n, -1)
        llm.n_tokens = n
        llm._input_ids[n:] = -1

    def _eval_prompt(
        self, llm: Any, tokens: list[int], cancel: threading.Event, reuse_logits: bool = False
    ) -> np.ndarray:
        """Bring the KV cache to exactly ``tokens``, reusing the longest cached prefix, and return a copy
        of the last token's logits. With ``reuse_logits``, a prompt already read to its end returns the
        logits saved then, decoding nothing (the same numbers as the first time, not a re-read of the
        last token in a batch of another shape). Otherwise at least one token is decoded, so the
        context's own logits are fresh for sampling. Cancel lands inside the prompt (abort callback)."""
        cached = np.asarray(llm._input_ids[: llm.n_tokens])
        new = np.asarray(tokens, dtype=cached.dtype)
        n = min(len(cached), len(new))
        diff = np.nonzero(cached[:n] != new[:n])[0]
        common = int(diff[0]) if len(diff) else n
        saved = self._saved
        if reuse_logits and common == len(tokens) and saved is not None and saved[0] is llm and saved[1] == len(tokens):
            self._forget_after(llm, common)
            return saved[2]
        common = min(common, len(tokens) - 1)
        self._forget_after(llm, common)
        self._saved = None
        self._cancel = cancel
        self._arm_abort(llm, True)
        try:
            llm.eval(tokens[common:])
        except RuntimeError as exc:
            self._forget_after(llm, 0)
            if cancel.is_set():
                raise StructuredCancelled("Cancelled.") from exc
            raise
        finally:
            self._arm_abort(llm, False)
        if cancel.is_set():
            raise StructuredCancelled("Cancelled.")
        row = self._row(llm, -1).copy()
        self._saved = (llm, len(tokens), row)
        return row

    def _row(self, llm: Any, i: int) -> np.ndarray:
        ptr = self.lc.llama_get_logits_ith(llm.ctx, i)
        return np.ctypeslib.as_array(ptr, shape=(int(llm.n_vocab()),))

    # --------------------------------------------------------------------- ops
    def count_tokens(self, llm: Any, msg: dict[str, Any]) -> dict[str, Any]:
        if llm is None:
            raise FMError("No model is loaded.")
        texts = [str(t) for t in msg.get("texts", [])]
        counts = [len(llm.tokenize(t.encode("utf-8"), add_bos=False, special=False)) for t in texts]
        out: dict[str, Any] = {"counts": counts, "n_ctx": int(llm.n_ctx())}
        if msg.get("messages") or msg.get("prompt"):
            _text, tokens = self._prompt(llm, msg)
            out["n_prompt"] = len(tokens)
        return out

    def choose(self, llm: Any, msg: dict[str, Any], cancel: threading.Event) -> dict[str, Any]:
        if llm is None:
            raise FMError("No model is loaded. Load one in the Models panel first.")
        candidates = [str(c) for c in msg.get("candidates", [])]
        if not candidates:
            raise FMError("There is nothing to choose from: the list of candidates is empty.")
        if len(candidates) > MAX_CANDIDATES or len(set(candidates)) != len(candidates):
            raise FMError(f"Candidates must be distinct, and at most {MAX_CANDIDATES}.")
        suffix = str(msg.get("suffix", ""))
        started = time.perf_counter()
        _text, tokens = self._prompt(llm, msg)
        cand_tokens = [llm.tokenize((c + suffix).encode("utf-8"), add_bos=False, special=False) for c in candidates]
        if any(not t for t in cand_tokens):
            raise FMError("A candidate is empty.")
        longest = max(len(t) for t in cand_tokens)
        self._check_fits(llm, len(tokens), longest)
        n = len(tokens)
        first = log_softmax(self._eval_prompt(llm, tokens, cancel, reuse_logits=True))
        prune = float(msg.get("prune", DEFAULT_PRUNE) or 0.0)
        logps = [float(first[ct[0]]) for ct in cand_tokens]
        exact = [len(ct) == 1 for ct in cand_tokens]
        n_seq = int(self.lc.llama_n_seq_max(llm.ctx))
        batched = n_seq > 1 and not msg.get("one_by_one")  # one_by_one: the old way, for tests and comparisons
        try:
            if batched:
                decodes = self._score_batched(llm, n, cand_tokens, logps, exact, prune, n_seq, cancel)
            else:
                decodes = self._score_one_by_one(llm, n, cand_tokens, logps, exact, prune, cancel)
        finally:
            self._forget_after(llm, n)
        arr = np.asarray(logps, dtype=np.float64)
        probs = np.exp(arr - arr.max())
        probs /= probs.sum()
        mode = str(msg.get("mode", "argmax"))
        seed = int(msg.get("seed", -1))
        if mode == "sample":
            seed = seed if seed >= 0 else int(time.time_ns() % 2**31)
            index = int(np.random.default_rng(seed).choice(len(candidates), p=probs))
        elif mode == "argmax":
            index = int(np.argmax(probs))
        else:
            raise FMError(f"Unknown choice mode “{mode}”: use argmax or sample.")
        return {
            "chosen": candidates[index],
            "index": index,
            "candidates": [
                {"text": c, "p": float(p), "logprob": lp, "n_tokens": len(t), "exact": e}
                for c, p, lp, t, e in zip(candidates, probs, logps, cand_tokens, exact, strict=True)
            ],
            "seed": seed,
            "n_prompt": n,
            "batched": batched,
            "decodes": decodes,
            "seconds": time.perf_counter() - started,
        }

    # Candidates go in order of their first token's log-probability. A candidate whose first token is already
    # ``prune`` nats below the best complete score can only be less likely than that (each further token adds a
    # log-probability <= 0): its first-token score is kept as a bound and its own tokens are not decoded.
    # prune <= 0 scores every candidate exactly. Both ways below give the same scores, up to float rounding
    # (a batch of another shape); the batched one decodes once per up to n_seq - 1 candidates instead of once each.
    def _score_one_by_one(
        self,
        llm: Any,
        n: int,
        cand_tokens: list[list[int]],
        logps: list[float],
        exact: list[bool],
        prune: float,
        cancel: threading.Event,
    ) -> int:
        """Teacher forcing, one candidate at a time: decode its tokens (all but the last) after the prompt,
        with logits at every position, then drop them from the cache."""
        best = -np.inf
        decodes = 0
        for j in sorted(range(len(cand_tokens)), key=lambda k: -logps[k]):
            if cancel.is_set():
                raise StructuredCancelled("Cancelled.")
            ct = cand_tokens[j]
            if len(ct) > 1 and not (prune > 0 and logps[j] < best - prune):
                llm._ctx.kv_cache_seq_rm(-1, n, -1)
                llm._batch.set_batch(batch=ct[:-1], n_past=n, logits_all=True)
                llm._ctx.decode(llm._batch)
                decodes += 1
                for i, nxt in enumerate(ct[1:]):
                    logps[j] += float(log_softmax(self._row(llm, i))[nxt])
                exact[j] = True
            if exact[j]:
                best = max(best, logps[j])
        return decodes

    def _score_batched(
        self,
        llm: Any,
        n: int,
        cand_tokens: list[list[int]],
        logps: list[float],
        exact: list[bool],
        prune: float,
        n_seq: int,
        cancel: threading.Event,
    ) -> int:
        """Teacher forcing, many candidates per decode: candidate i of a batch is sequence i, which shares the
        prompt's cache cells with sequence 0 (llama_memory_seq_cp marks them, copying nothing), so each candidate
        sees the prompt and its own tokens only. The candidates' cells are removed after each batch."""
        order = sorted(range(len(cand_tokens)), key=lambda k: -logps[k])
        best = max((logps[j] for j in order if exact[j]), default=-np.inf)
        todo = [j for j in order if not exact[j]]
        memory = self.lc.llama_get_memory(llm.ctx)
        batch = llm._batch.batch
        room = max(1, min(int(llm.n_batch), int(llm.n_ctx()) - n))
        decodes = 0
        while todo:
            if cancel.is_set():
                raise StructuredCancelled("Cancelled.")
            if prune > 0:
                todo = [j for j in todo if logps[j] >= best - prune]  # the rest stay bounds
            chunk: list[int] = []
            used = 0
            for j in todo:
                size = len(cand_tokens[j]) - 1
                if chunk and (len(chunk) >= n_seq - 1 or used + size > room):
                    break
                chunk.append(j)
                used += size
            if not chunk:
                break
            rows: list[tuple[int, int, int]] = []  # (candidate, batch row, the token that row predicts)
            k = 0
            for seq, j in enumerate(chunk, start=1):
                self.lc.llama_memory_seq_cp(memory, 0, seq, 0, n)
                ct = cand_tokens[j]
                for i, token in enumerate(ct[:-1]):
                    batch.token[k] = token
                    batch.pos[k] = n + i
                    batch.n_seq_id[k] = 1
                    batch.seq_id[k][0] = seq
                    batch.logits[k] = True
                    rows.append((j, k, ct[i + 1]))
                    k += 1
            batch.n_tokens = k
            try:
                llm._ctx.decode(llm._batch)
                decodes += 1
                for j, row, nxt in rows:
                    logps[j] += float(log_softmax(self._row(llm, row))[nxt])
            finally:
                for seq in range(1, len(chunk) + 1):
                    self.lc.llama_memory_seq_rm(memory, seq, -1, -1)
            for j in chunk:
                exact[j] = True
                best = max(best, logps[j])
            todo = todo[len(chunk) :]
        return decodes

    def generate_json(self, llm: Any, msg: dict[str, Any], emit: TokenSink, cancel: threading.Event) -> dict[str, Any]:
        if llm is None:
            raise FMError("No model is loaded. Load one in the Models panel first.")
        schema = msg.get("schema")
        if not isinstance(schema, dict):
            raise FMError("generate_json needs a JSON schema (an object).")
        grammar = self.grammar(schema, bool(msg.get("leading_space", False)))
        max_tokens = max(1, min(int(msg.get("max_tokens", 256)), MAX_JSON_TOKENS))
        temperature = float(msg.get("temperature", 0.0))
        seed = int(msg.get("seed", -1))
        started = time.perf_counter()
        _text, tokens = self._prompt(llm, msg)
        self._check_fits(llm, len(tokens), max_tokens)
        self._eval_prompt(llm, tokens, cancel)
        seed = seed if seed >= 0 else int(time.time_ns() % 2**31)
        llm.set_seed(seed)
        decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        text = ""
        n_gen = 0
        stop_reason = "length"
        first_token_s: float | None = None
        eos = llm.token_eos()
        # The prompt is cached exactly, so generate() samples at once from the logits left by the eval.
        gen = llm.generate(
            tokens,
            temp=temperature,
            top_k=int(msg.get("top_k", 40)),
            top_p=float(msg.get("top_p", 0.95)),
            min_p=float(msg.get("min_p", 0.05)),
            repeat_penalty=float(msg.get("repeat_penalty", 1.0)),
            reset=True,
            grammar=grammar,
        )
        try:
            for token in gen:
                if cancel.is_set():
                    stop_reason = "cancelled"
                    break
                if first_token_s is None:
                    first_token_s = time.perf_counter() - started
                if token == eos or self.lc.llama_vocab_is_eog(llm._model.vocab, token):
                    stop_reason = "eos"
                    break
                piece = decoder.decode(token_bytes(llm, token))
                text += piece
                n_gen += 1
                emit({"i": n_gen - 1, "token": int(token), "text": piece})
                if _early_done(text):
                    stop_reason = "complete"
                    break
                if n_gen >= max_tokens:
                    break
        finally:
            gen.close()
            self._forget_after(llm, int(llm.n_tokens))
        if stop_reason == "cancelled":
            raise StructuredCancelled("Cancelled.")
        text += decoder.decode(b"", final=True)
        value: Any = None
        complete = False
        try:
            value = json.loads(text)
            complete = True
        except ValueError:
            pass
        return {
            "text": text,
            "value": value,
            "complete": complete,
            "stop_reason": stop_reason,
            "n_prompt": len(tokens),
            "n_tokens": n_gen,
            "seed": seed,
            "grammar_builds": self.grammar_builds,
            "first_token_s": first_token_s,
            "seconds": time.perf_counter() - started,
        }
