"""The sampler's path from one step's logits to the chosen token, as llama.cpp walks it.

llama-cpp-python 0.3.36 (``Llama._init_sampler``) builds this chain for ``temp > 0``:
penalties -> top-k -> typical -> top-p -> min-p -> temperature -> dist. ``temp == 0`` is the greedy
sampler alone (the largest logit wins); ``temp < 0`` is penalties -> dist with no cut at all.
Each stage below repeats llama.cpp's arithmetic (float32, its summation order and its "sorted" flag),
so the candidates kept and the final distribution match llama.cpp's own samplers on the same logits
(tests/core/test_teaching_sampling.py checks this against the library).

Two things follow from that order and surprise people:
- top-p and min-p look at the model's own probabilities (temperature 1, after top-k): temperature
  is applied last, only to what survived, so it never changes which tokens are candidates;
- the draw itself is one uniform random number ``u`` in [0, 1): walking the kept candidates in their
  array order (by logit, largest first, once any cut has sorted them), the first whose running
  probability reaches ``u`` is chosen. llama.cpp takes ``u`` from a Mersenne Twister seeded with the
  run's seed, two 32-bit draws per sampled token (``mt19937_uniform`` reproduces it).
"""

from __future__ import annotations

import base64
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message

F32 = np.float32

EXPLANATION = QT_TRANSLATE_NOOP(
    "CoreTeaching",
    "How one token is chosen. The model gives every token in its vocabulary a score (a logit); the softmax "
    "of the scores is its probability. The sampler then cuts and reshapes that list in a fixed order, as "
    "llama.cpp does: a repeat penalty lowers tokens used recently; top-k keeps the k most likely; top-p keeps "
    "the smallest set whose probabilities add up to p; min-p drops tokens less than min-p times as likely as "
    "the best one; only then does temperature flatten (above 1) or sharpen (below 1) what is left. The "
    "sampler draws from the final, renormalised list with one random number. Temperature 0 skips all of "
    "this and takes the most likely token.",
)

# What each stage does, for a person (``Stage.note``; translated where shown with translate_message).
NOTES: dict[str, str] = {
    "model": QT_TRANSLATE_NOOP("CoreTeaching", "The model's own distribution: the softmax of the logits."),
    "greedy": QT_TRANSLATE_NOOP("CoreTeaching", "Temperature 0: the most likely token."),
    "penalties": QT_TRANSLATE_NOOP("CoreTeaching", "Tokens used recently lose some of their score."),
    "top-k": QT_TRANSLATE_NOOP("CoreTeaching", "Keeps the {k} most likely tokens."),
    "typical": QT_TRANSLATE_NOOP("CoreTeaching", "Keeps tokens of typical surprise."),
    "top-p": QT_TRANSLATE_NOOP("CoreTeaching", "Keeps the likeliest until they add to {p}."),
    "min-p": QT_TRANSLATE_NOOP("CoreTeaching", "Drops tokens under {p} × the best."),
    "temperature": QT_TRANSLATE_NOOP("CoreTeaching", "Divides scores by {t}."),
}


@dataclass(frozen=True)
class SamplerSettings:
    temperature: float = 0.8
    top_k: int = 40
    top_p: float = 0.95
    min_p: float = 0.05
    typical_p: float = 1.0
    repeat_penalty: float = 1.0
    frequency_penalty: float = 0.0
    presence_penalty: float = 0.0
    penalty_last_n: int = 64  # llama-cpp-python's last_n_tokens_size
    min_keep: int = 1


@dataclass
class Stage:
    name: str  # "model", "penalties", "top-k", "typical", "top-p", "min-p", "temperature", "greedy"
    active: bool  # False when the setting leaves the list as it was (top-k 0, top-p 1, ...)
    ids: np.ndarray  # the candidates after this stage, in llama.cpp's array order
    probs: np.ndarray  # their softmax (renormalised over the candidates), same order
    n_before: int
    note: Message | str = ""  # what the stage does: a translatable Message (``str()`` gives the English)

    @property
    def n_after(self) -> int:
        return int(self.ids.shape[0])

    @property
    def cut(self) -> int:
        return self.n_before - self.n_after

    def top(self, n: int) -> list[tuple[int, float]]:
        """The ``n`` most likely candidates as (id, probability), most likely first."""
        order = np.argsort(-self.probs, kind="stable")[:n]
        return [(int(self.ids[i]), float(self.probs[i])) for i in order]


@dataclass
class SamplingPath:
    settings: SamplerSettings
    stages: list[Stage]
    final_ids: np.ndarray  # what the draw picks from, in array order
    final_probs: np.ndarray  # the renormalised distribution it draws from
    chosen: int | None  # the token the draw picked (None without a random number)
    u: float | None
    greedy: bool = False
    notes: list[str] = field(default_factory=list)

    def prob_of(self, token: int) -> float:
        hit = np.nonzero(self.final_ids == token)[0]
        return float(self.final_probs[hit[0]]) if len(hit) else 0.0

    def u_for(self, token: int) -> float | None:
        """A random number that makes the draw pick ``token`` (the middle of its slice of the running
        sum), or None if ``token`` is not a candidate at all."""
        hit = np.nonzero(self.final_ids == token)[0]
        if not len(hit):
            return None
        i = int(hit[0])
        before = float(np.sum(self.final_probs[:i], dtype=np.float64))
        return before + float(self.final_probs[i]) / 2


class _Cands:
    """llama.cpp's ``llama_token_data_array``: ids and logits in array order, and whether sorted."""

    def __init__(self, ids: np.ndarray, logits: np.ndarray, sorted_: bool = False) -> None:
        self.ids = ids
        self.logits = logits
        self.sorted = sorted_

    @property
    def size(self) -> int:
        return int(self.ids.shape[0])

    def sort(self) -> None:
        if not self.sorted:
            order = np.argsort(-self.logits, kind="stable")
            self.ids, self.logits = self.ids[order], self.logits[order]
            self.sorted = True

    def keep(self, n: int) -> None:
        self.ids, self.logits = self.ids[:n], self.logits[:n]

    def softmax(self) -> np.ndarray:
        """``llama_sampler_softmax_impl``: float32 exp and a float32 running sum in array order."""
        if self.size == 0:
            return np.zeros(0, dtype=F32)
        e = np.exp(self.logits - self.logits.max(), dtype=F32)
        total = np.cumsum(e, dtype=F32)[-1]
        return (e / total).astype(F32)


def _probs(c: _Cands) -> np.ndarray:
    """Probabilities to show (float64: a float32 running sum over a whole vocabulary drifts by 1e-4)."""
    if c.size == 0:
        return np.zeros(0)
    e = np.exp(c.logits.astype(np.float64) - float(c.logits.max()))
    return e / e.sum()


def _stage(name: str, active: bool, c: _Cands, n_before: int, note: Message | str = "") -> Stage:
    return Stage(name, active, c.ids.copy(), _probs(c), n_before, note)


def apply_penalties(c: _Cands, history: Sequence[int], s: SamplerSettings) -> bool:
    """``llama_sampler_penalties``: over the last ``penalty_last_n`` accepted tokens."""
    if s.penalty_last_n == 0 or (s.repeat_penalty == 1.0 and s.frequency_penalty == 0.0 and s.presence_penalty == 0.0):
        return False
    recent = list(history)[-s.penalty_last_n :] if s.penalty_last_n > 0 else list(history)
    counts = Counter(int(t) for t in recent)
    if not counts:
        return True
    logits = c.logits.copy()
    identity = not c.sorted and c.size > 0 and int(c.ids[0]) == 0 and int(c.ids[-1]) == c.size - 1
    rp, fp, pp = F32(s.repeat_penalty), F32(s.frequency_penalty), F32(s.presence_penalty)
    for token, count in counts.items():
        if identity:
            if not 0 <= token < c.size:
                continue
            i = token
        else:
            hit = np.nonzero(c.ids == token)[0]
            if not len(hit):
                continue
            i = int(hit[0])
        x = logits[i]
        x = x * rp if x <= 0 else x / rp
        logits[i] = F32(x - (F32(count) * fp + F32(1.0) * pp))
    c.logits = logits
    c.sorted = False
    return True


def apply_top_k(c: _Cands, k: int) -> bool:
    if k <= 0:
        return False
    k = min(k, c.size)
    c.sort()  # llama.cpp sorts (partially) even when nothing is cut
    c.keep(k)
    return True


def apply_typical(c: _Cands, p: float, min_keep: int) -> bool:
    if p >= 1.0:
        return False
    c.sort()
    probs = c.softmax()
    entropy = F32(-np.cumsum(probs * np.log(probs, dtype=F32), dtype=F32)[-1])
    shifted = np.abs(-np.log(probs, dtype=F32) - entropy)
    order = np.argsort(shifted, kind="stable")
    cum = np.cumsum(probs[order], dtype=F32)
    last = len(order)
    for i in range(len(order)):
        if cum[i] > F32(p) and (min_keep == 0 or i >= min_keep - 1):
            last = i + 1
            break
    keep = order[:last]
    c.ids, c.logits = c.ids[keep], c.logits[keep]
    c.sorted = False
    return True


def apply_top_p(c: _Cands, p: float, min_keep: int) -> bool:
    if p >= 1.0:
        return False
    probs = c.softmax()  # in the current order, as llama.cpp computes them before sorting
    if not c.sorted:
        order = np.argsort(-c.logits, kind="stable")
        c.ids, c.logits, probs = c.ids[order], c.logits[order], probs[order]
        c.sorted = True
    cum = np.cumsum(probs, dtype=F32)
    reached = np.nonzero((cum >= F32(p)) & (np.arange(1, len(cum) + 1) >= min_keep))[0]
    c.keep(int(reached[0]) + 1 if len(reached) else c.size)
    return True


def apply_min_p(c: _Cands, p: float, min_keep: int) -> bool:
    if p <= 0.0 or c.size == 0:
        return False
    log_p = F32(np.log(F32(p)))
    if not c.sorted:
        threshold = F32(c.logits.max() + log_p)
        mask = c.logits >= threshold
        if mask.any() and int(mask.sum()) >= min_keep:
            c.ids, c.logits = c.ids[mask], c.logits[mask]
            return True
        c.sort()
    threshold = F32(c.logits[0] + log_p)
    i = 1
    while i < c.size and not (c.logits[i] < threshold and i >= min_keep):
        i += 1
    c.keep(i)
    return True


def apply_temperature(c: _Cands, t: float) -> bool:
    if t <= 0.0:
        best = int(np.argmax(c.logits))
        logits = np.full_like(c.logits, -np.inf)
        logits[best] = c.logits[best]
        c.logits = logits
        return True
    c.logits = (c.logits / F32(t)).astype(F32)
    return t != 1.0


def draw(c: _Cands, u: float) -> tuple[int, np.ndarray]:
    """``llama_sampler_dist``: float32 exp, a double running sum in array order; the first candidate
    whose running sum reaches ``u`` times the total. Returns (index, normalised probabilities)."""
    if c.size == 1:
        return 0, np.ones(1, dtype=F32)
    e = np.exp(c.logits - c.logits.max(), dtype=F32)
    total = float(np.cumsum(e.astype(np.float64))[-1])
    running = np.cumsum(e.astype(np.float64))
    hit = np.nonzero(running >= total * u)[0]
    index = int(hit[0]) if len(hit) else c.size - 1
    return index, (e / total).astype(F32)


def sampling_path(
    logits: np.ndarray,
    settings: SamplerSettings,
    history: Sequence[int] = (),
    u: float | None = None,
) -> SamplingPath:
    """Every stage of the sampler on one step's ``logits`` (the full vocabulary row). ``history``:
    the tokens the sampler has accepted so far (llama-cpp-python's generate accepts the generated
    tokens, not the prompt). ``u``: the draw's random number; without it nothing is chosen."""
    row = np.asarray(logits, dtype=F32)
    n = int(row.shape[0])
    c = _Cands(np.arange(n, dtype=np.int32), row.copy())
    stages = [_stage("model", True, c, n, message(NOTES["model"]))]
    s = settings
    if s.temperature == 0.0:
        best = int(np.argmax(row))
        ids = np.array([best], dtype=np.int32)
        stages.append(Stage("greedy", True, ids, np.ones(1, dtype=F32), n, message(NOTES["greedy"])))
        return SamplingPath(s, stages, ids, np.ones(1, dtype=F32), best, u, greedy=True)
    before = c.size
    active = apply_penalties(c, history, s)
    stages.append(_stage("penalties", active, c, before, message(NOTES["penalties"])))
    if s.temperature > 0.0:
        min_keep = max(1, s.min_keep)
        steps = (
            ("top-k", lambda: apply_top_k(c, s.top_k), message(NOTES["top-k"], k=s.top_k)),
            ("typical", lambda: apply_typical(c, s.typical_p, min_keep), message(NOTES["typical"])),
            ("top-p", lambda: apply_top_p(c, s.top_p, min_keep), message(NOTES["top-p"], p=f"{s.top_p:g}")),
            ("min-p", lambda: apply_min_p(c, s.min_p, min_keep), message(NOTES["min-p"], p=f"{s.min_p:g}")),
            (
                "temperature",
                lambda: apply_temperature(c, s.temperature),
                message(NOTES["temperature"], t=f"{s.temperature:g}"),
            ),
        )
        for name, fn, note in steps:
            before = c.size
            active = fn()
            stages.append(_stage(name, active, c, before, note))
    index, probs = (0, np.ones(1, dtype=F32)) if c.size == 1 else draw(c, 0.5)
    chosen = None
    if u is not None:
        index, probs = draw(c, u)
        chosen = int(c.ids[index])
    return SamplingPath(s, stages, c.ids.copy(), probs, chosen, u)


# -- llama.cpp's random numbers --------------------------------------------------------------------


class MT19937:
    """The 32-bit Mersenne Twister as ``std::mt19937(seed)`` seeds and runs it."""

    def __init__(self, seed: int) -> None:
        mt = [0] * 624
        mt[0] = seed & 0xFFFFFFFF
        for i in range(1, 624):
            mt[i] = (1812433253 * (mt[i - 1] ^ (mt[i - 1] >> 30)) + i) & 0xFFFFFFFF
        self.mt = mt
        self.index = 624

    def _twist(self) -> None:
        mt = self.mt
        for i in range(624):
            y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7FFFFFFF)
            mt[i] = mt[(i + 397) % 624] ^ (y >> 1) ^ (0x9908B0DF if y & 1 else 0)
        self.index = 0

    def next(self) -> int:
        if self.index >= 624:
            self._twist()
        y = self.mt[self.index]
        self.index += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        y ^= y >> 18
        return y & 0xFFFFFFFF


def mt19937_uniform(seed: int, n_before: int = 0) -> float:
    """The ``u`` of llama.cpp's dist sampler for the ``n_before``-th draw after seeding: libstdc++'s
    ``uniform_real_distribution<double>`` takes two 32-bit outputs (low word first) over 2**64."""
    rng = MT19937(seed)
    for _ in range(2 * n_before):
        rng.next()
    low, high = rng.next(), rng.next()
    value = (float(low) + float(high) * 4294967296.0) / 18446744073709551616.0
    return value if value < 1.0 else float(np.nextafter(1.0, 0.0))


def decode_logits(data: str, n_vocab: int) -> np.ndarray:
    """The float32 logits row a ``step_logits`` result carries (base64 of its bytes)."""
    row = np.frombuffer(base64.b64decode(data), dtype=np.float32)
    if row.shape[0] != n_vocab:
        raise ValueError(f"expected {n_vocab} logits, got {row.shape[0]}")
    return row
