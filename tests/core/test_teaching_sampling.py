"""The sampling path against llama.cpp's own samplers, on real logits rows from SmolLM2."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from desktop.core.host.runner import LoadSettings  # raw llama-cpp-python loads as the app's host does
from desktop.core.teaching.sampling import MT19937, SamplerSettings, mt19937_uniform, sampling_path

PROMPTS = ["Once upon a time, there was a", "The capital of France is", "I like to eat"]


@pytest.fixture(scope="module")
def rows(default_model: Path) -> Iterator[list[np.ndarray]]:
    import llama_cpp

    llm = llama_cpp.Llama(
        model_path=str(default_model), n_ctx=256, n_threads=2, flash_attn=LoadSettings.flash_attn, verbose=False
    )
    out = []
    try:
        for prompt in PROMPTS:
            llm.reset()
            llm.eval(llm.tokenize(prompt.encode()))
            ptr = llama_cpp.llama_get_logits_ith(llm.ctx, -1)
            out.append(np.ctypeslib.as_array(ptr, shape=(llm.n_vocab(),)).copy())
        yield out
    finally:
        llm.close()


def llama_chain(s: SamplerSettings, n_vocab: int, seed: int) -> Any:
    """The chain exactly as llama-cpp-python 0.3.36's ``_init_sampler`` builds it (temp > 0)."""
    import llama_cpp as lc

    chain = lc.llama_sampler_chain_init(lc.llama_sampler_chain_default_params())
    for smpl in (
        lc.llama_sampler_init_penalties(
            n_vocab, s.penalty_last_n, s.repeat_penalty, s.frequency_penalty, s.presence_penalty
        ),
        lc.llama_sampler_init_top_k(s.top_k),
        lc.llama_sampler_init_typical(s.typical_p, 1),
        lc.llama_sampler_init_top_p(s.top_p, 1),
        lc.llama_sampler_init_min_p(s.min_p, 1),
        lc.llama_sampler_init_temp(s.temperature),
        lc.llama_sampler_init_dist(seed),
    ):  # fmt: skip
        lc.llama_sampler_chain_add(chain, smpl)
    return chain


def apply(smpl: Any, logits: np.ndarray, history: list[int] = ()) -> tuple[np.ndarray, np.ndarray, int]:
    """Run a llama.cpp sampler on ``logits``; returns (ids kept, their p, selected id or -1)."""
    import llama_cpp as lc

    for t in history:
        lc.llama_sampler_accept(smpl, t)
    n = logits.shape[0]
    data = (lc.llama_token_data * n)()
    view = np.frombuffer(data, dtype=np.dtype([("id", np.int32), ("logit", np.float32), ("p", np.float32)]))
    view["id"] = np.arange(n)
    view["logit"] = logits
    cur = lc.llama_token_data_array(data=ctypes.cast(data, lc.llama_token_data_p), size=n, selected=-1, sorted=False)
    lc.llama_sampler_apply(smpl, ctypes.byref(cur))
    size = int(cur.size)
    out = np.ctypeslib.as_array(ctypes.cast(cur.data, ctypes.POINTER(ctypes.c_byte)), shape=(size * 12,))
    kept = np.frombuffer(out.tobytes(), dtype=view.dtype)
    selected = int(kept["id"][cur.selected]) if 0 <= cur.selected < size else -1
    return kept["id"].copy(), kept["p"].copy(), selected


SETTINGS = [
    SamplerSettings(),  # llama-cpp-python's defaults as the app passes them
    SamplerSettings(temperature=1.3, top_k=0, top_p=0.9, min_p=0.0),
    SamplerSettings(temperature=0.5, top_k=100, top_p=1.0, min_p=0.1),
    SamplerSettings(temperature=1.0, top_k=5, top_p=0.5, min_p=0.0, repeat_penalty=1.3),
    SamplerSettings(temperature=2.0, top_k=0, top_p=1.0, min_p=0.02, repeat_penalty=1.1, presence_penalty=0.5),
    SamplerSettings(temperature=0.8, top_k=50, top_p=0.95, min_p=0.0, typical_p=0.7),
]


@pytest.mark.parametrize("settings", SETTINGS, ids=range(len(SETTINGS)))
def test_matches_llama_cpp_chain(rows: list[np.ndarray], settings: SamplerSettings) -> None:
    import llama_cpp as lc

    for r, row in enumerate(rows):
        history = [int(t) for t in np.argsort(-row)[:6]] if settings.repeat_penalty != 1.0 else []
        for seed in (1, 42, 1234 + r):
            chain = llama_chain(settings, row.shape[0], seed)
            try:
                ids, p, selected = apply(chain, row, history)
            finally:
                lc.llama_sampler_free(chain)
            path = sampling_path(row, settings, history, u=mt19937_uniform(seed))
            assert path.final_ids.tolist() == ids.tolist(), (r, seed)
            np.testing.assert_allclose(path.final_probs, p, rtol=1e-5, atol=1e-7)
            assert path.chosen == selected, (r, seed)
            assert path.u_for(selected) is not None
            # the same u placed by u_for picks the same token
            again = sampling_path(row, settings, history, u=path.u_for(selected))
            assert again.chosen == selected


def test_each_stage_matches_its_llama_cpp_sampler(rows: list[np.ndarray]) -> None:
    import llama_cpp as lc

    row = rows[0]
    s = SamplerSettings(temperature=1.0, top_k=30, top_p=0.8, min_p=0.1)
    path = sampling_path(row, s)
    by_name = {st.name: st for st in path.stages}
    for name, smpl in (("top-k", lc.llama_sampler_init_top_k(30)),):
        ids, _p, _sel = apply(smpl, row)
        lc.llama_sampler_free(smpl)
        assert by_name[name].ids.tolist() == ids.tolist()
    # top-p alone on the model's distribution, min-p alone: what each would keep
    for settings, smpl in (
        (SamplerSettings(temperature=1.0, top_k=0, top_p=0.8, min_p=0.0), lc.llama_sampler_init_top_p(0.8, 1)),
        (SamplerSettings(temperature=1.0, top_k=0, top_p=1.0, min_p=0.1), lc.llama_sampler_init_min_p(0.1, 1)),
    ):
        ids, _p, _sel = apply(smpl, row)
        lc.llama_sampler_free(smpl)
        assert sampling_path(row, settings).final_ids.tolist() == ids.tolist()
    # the stages only ever cut, and each stage's probabilities are renormalised
    sizes = [st.n_after for st in path.stages]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] == row.shape[0] and sizes[-1] < 30
    for st in path.stages:
        assert abs(float(st.probs.sum(dtype=np.float64)) - 1.0) < 1e-4


def test_temperature_is_applied_after_the_cuts(rows: list[np.ndarray]) -> None:
    """top-p and min-p see temperature-1 probabilities: a hotter temperature keeps the same set."""
    row = rows[1]
    cold = sampling_path(row, SamplerSettings(temperature=0.3))
    hot = sampling_path(row, SamplerSettings(temperature=3.0))
    assert cold.final_ids.tolist() == hot.final_ids.tolist()
    assert hot.final_probs.max() < cold.final_probs.max()


def test_greedy_and_draw_frequencies(rows: list[np.ndarray]) -> None:
    row = rows[2]
    path = sampling_path(row, SamplerSettings(temperature=0.0))
    assert path.greedy and path.chosen == int(np.argmax(row))
    # the draw follows the final distribution: 400 seeds, the top token's share within 4 sigma
    s = SamplerSettings(temperature=1.5, top_k=0, top_p=1.0, min_p=0.05)
    base = sampling_path(row, s)
    top = int(base.final_ids[np.argmax(base.final_probs)])
    q = base.prob_of(top)
    hits = sum(sampling_path(row, s, u=mt19937_uniform(seed)).chosen == top for seed in range(400))
    assert abs(hits / 400 - q) < 4 * (q * (1 - q) / 400) ** 0.5


def test_mt19937_matches_the_standard() -> None:
    """std::mt19937's 10000th output for the default seed is 4123659995 (C++ standard, [rand.predef])."""
    rng = MT19937(5489)
    for _ in range(9999):
        rng.next()
    assert rng.next() == 4123659995
    assert 0.0 <= mt19937_uniform(7, 3) < 1.0
