"""BERT's masked-LM recipe over the token ids of any tokenizer.

Devlin et al. (2018), as in ``create_pretraining_data.py``: of a sequence's tokens, 15% are chosen
(rounded, at least one, so a short text has a larger share; special tokens never); of the chosen, 80% are
replaced by ``[MASK]``, 10% by a random token from the vocabulary, and 10% are left unchanged. The model must
predict the original token at every chosen position, whatever it sees there. The same seed gives the same
sample.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from desktop.core.messages import QT_TRANSLATE_NOOP

MASK_RATE = 0.15
MASK_SHARE = 0.8  # of the chosen: replaced by [MASK]
RANDOM_SHARE = 0.1  # of the chosen: replaced by a random token (the rest stay unchanged)

MASK = "mask"
RANDOM = "random"
KEEP = "keep"

EXPLANATION = QT_TRANSLATE_NOOP(
    "CoreTeaching",
    "Two ways to make training data from plain text, with no label written by hand. "
    "An autoregressive model (GPT, Llama, Gemma, SmolLM: every model this app runs) reads left to right "
    "and learns to predict each next token from the ones before it. A masked model (BERT, RoBERTa) sees the "
    "whole sentence at once with some tokens hidden, and learns to fill them in from both sides: about 15% of "
    "the tokens are chosen (at least one); of those, 80% become [MASK], 10% a random token and 10% stay as "
    "they were. Why not always [MASK]? [MASK] never appears when the model is used, so a model trained only "
    "on [MASK] would learn nothing about the real tokens it sees then; and since any visible token may be "
    "a swapped one, it cannot simply copy what it sees. Masked models are good at understanding "
    "(classifying, searching); autoregressive ones can also write, one token at a time.",
)


@dataclass(frozen=True)
class MaskedPosition:
    index: int  # position in the sequence
    original: int  # the token id the model must predict here
    action: str  # MASK, RANDOM or KEEP
    shown: int | None  # the id the model sees here; None for [MASK]


@dataclass(frozen=True)
class MaskedSample:
    ids: tuple[int, ...]  # the original sequence
    shown: tuple[int | None, ...]  # what the model reads: None where [MASK] stands
    positions: tuple[MaskedPosition, ...]  # the chosen positions, in sequence order
    seed: int

    def counts(self) -> dict[str, int]:
        out = {MASK: 0, RANDOM: 0, KEEP: 0}
        for p in self.positions:
            out[p.action] += 1
        return out


def n_to_mask(n_candidates: int, rate: float = MASK_RATE) -> int:
    """BERT's count: ``max(1, round(n * rate))`` of the tokens that may be chosen (none if there are none)."""
    if n_candidates <= 0:
        return 0
    return min(n_candidates, max(1, round(n_candidates * rate)))


def mask_tokens(
    ids: Sequence[int],
    vocab_size: int,
    seed: int,
    protected: Collection[int] = (),
    rate: float = MASK_RATE,
) -> MaskedSample:
    """One masked-LM sample of ``ids``. Positions in ``protected`` (special tokens such as BOS) are
    never chosen; a random replacement is never a protected id either (where the vocabulary allows)."""
    if vocab_size <= 0:
        raise ValueError("the vocabulary is empty")
    rng = random.Random(seed)
    ids = tuple(int(t) for t in ids)
    protected_ids = {int(t) for t in protected}
    candidates = [i for i, t in enumerate(ids) if t not in protected_ids]
    rng.shuffle(candidates)
    chosen = sorted(candidates[: n_to_mask(len(candidates), rate)])
    shown: list[int | None] = list(ids)
    positions: list[MaskedPosition] = []
    for index in chosen:
        original = ids[index]
        if rng.random() < MASK_SHARE:
            action, seen = MASK, None
        elif rng.random() < 0.5:  # the remaining 20%, split evenly: BERT's own order of draws
            action, seen = KEEP, original
        else:
            action, seen = RANDOM, _random_token(rng, vocab_size, protected_ids)
        shown[index] = seen
        positions.append(MaskedPosition(index, original, action, seen))
    return MaskedSample(ids, tuple(shown), tuple(positions), seed)


def seed_showing_mask(
    ids: Sequence[int], vocab_size: int, start: int = 0, protected: Collection[int] = (), tries: int = 1000
) -> int:
    """The first seed from ``start`` whose sample puts a [MASK] somewhere (``start`` itself when none does
    within ``tries``, as for a text with no token that may be chosen): the view a person opens on shows the
    recipe's main move."""
    for seed in range(start, start + tries):
        if any(p.action == MASK for p in mask_tokens(ids, vocab_size, seed, protected).positions):
            return seed
    return start


def _random_token(rng: random.Random, vocab_size: int, protected: Collection[int]) -> int:
    for _ in range(64):
        token = rng.randrange(vocab_size)
        if token not in protected:
            return token
    return rng.randrange(vocab_size)
