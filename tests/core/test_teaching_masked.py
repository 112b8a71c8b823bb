"""BERT's masked-LM recipe over real tokenizers' ids."""

from __future__ import annotations

from collections import Counter

from desktop.core.teaching.masked import KEEP, MASK, RANDOM, mask_tokens, n_to_mask
from desktop.core.tokenizers import tiktoken_tokenize

TEXT = "The quick brown fox jumps over the lazy dog while the cat sleeps on a warm mat by the door."


def ids() -> list[int]:
    return tiktoken_tokenize("cl100k_base", TEXT).ids


def test_count_is_fifteen_percent_rounded_at_least_one() -> None:
    assert [n_to_mask(n) for n in (0, 1, 3, 6, 7, 10, 20, 100)] == [0, 1, 1, 1, 1, 2, 3, 15]
    sample = mask_tokens(ids(), 100_277, seed=3)
    assert len(sample.positions) == n_to_mask(len(ids()))


def test_same_seed_same_sample_other_seed_differs() -> None:
    a = mask_tokens(ids(), 100_277, seed=11)
    b = mask_tokens(ids(), 100_277, seed=11)
    assert a == b
    assert any(mask_tokens(ids(), 100_277, seed=s).positions != a.positions for s in range(12, 20))


def test_what_the_model_sees_and_must_predict() -> None:
    seq = ids()
    sample = mask_tokens(seq, 100_277, seed=5)
    for p in sample.positions:
        assert p.original == seq[p.index]
        assert sample.shown[p.index] == p.shown
        if p.action == MASK:
            assert p.shown is None
        elif p.action == KEEP:
            assert p.shown == p.original
        else:
            assert p.action == RANDOM and p.shown is not None and 0 <= p.shown < 100_277
    chosen = {p.index for p in sample.positions}
    assert all(sample.shown[i] == seq[i] for i in range(len(seq)) if i not in chosen)


def test_eighty_ten_ten_over_many_samples() -> None:
    seq = list(range(1000, 1100))  # 100 tokens: 15 chosen each time
    actions: Counter[str] = Counter()
    for seed in range(400):
        actions.update(p.action for p in mask_tokens(seq, 50_000, seed).positions)
    total = sum(actions.values())
    assert total == 400 * 15
    assert abs(actions[MASK] / total - 0.8) < 0.02
    assert abs(actions[RANDOM] / total - 0.1) < 0.015
    assert abs(actions[KEEP] / total - 0.1) < 0.015


def test_special_tokens_are_never_chosen_nor_drawn() -> None:
    seq = [1, *range(10, 40), 2]
    for seed in range(50):
        sample = mask_tokens(seq, 64, seed, protected={0, 1, 2})
        assert all(p.index not in (0, len(seq) - 1) for p in sample.positions)
        assert all(p.shown not in (0, 1, 2) for p in sample.positions if p.action == RANDOM)
    assert mask_tokens([1, 2], 64, 0, protected={1, 2}).positions == ()


def test_the_view_opens_on_a_seed_that_masks() -> None:
    from desktop.core.teaching.masked import EXPLANATION, seed_showing_mask

    seq = tiktoken_tokenize("cl100k_base", "I love street food.").ids  # 5 tokens: 1 chosen
    assert mask_tokens(seq, 100_277, 0).counts()[MASK] == 0  # seed 0 leaves it as it was
    seed = seed_showing_mask(seq, 100_277)
    assert seed > 0 and mask_tokens(seq, 100_277, seed).counts()[MASK] == 1
    assert all(mask_tokens(seq, 100_277, s).counts()[MASK] == 0 for s in range(seed))
    assert seed_showing_mask([7, 7], 100, protected={7}) == 0  # nothing may be chosen: the seed as given
    assert "about 15% of the tokens are chosen (at least one)" in EXPLANATION
    assert "[MASK] never appears when the model is used" in EXPLANATION
