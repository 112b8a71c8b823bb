"""Speed figures people judge a model by, from per-token timestamps."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class SpeedFigures:
    n_prompt: int
    n_generated: int
    ttft_s: float | None  # request start -> first generated token (includes prompt processing)
    tpot_s: float | None  # mean time between generated tokens after the first
    prompt_tps: float | None
    gen_tps: float | None
    total_s: float
    # Prompt tokens kept from the previous request (llama.cpp's cache of its prefix): not read again, so
    # not counted in prompt_tps.
    n_prompt_reused: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def speed_figures(n_prompt: int, token_times: list[float], total_s: float, n_reused: int = 0) -> SpeedFigures:
    """``token_times``: seconds from the request's start at which each generated token appeared;
    ``n_reused``: prompt tokens the model kept from the previous request, which it did not read again."""
    if not token_times:
        return SpeedFigures(n_prompt, 0, None, None, None, None, total_s, n_reused)
    n_read = n_prompt - n_reused
    ttft = token_times[0]
    span = token_times[-1] - token_times[0]
    n = len(token_times)
    tpot = span / (n - 1) if n > 1 else None
    return SpeedFigures(
        n_prompt=n_prompt,
        n_generated=n,
        ttft_s=ttft,
        tpot_s=tpot,
        prompt_tps=n_read / ttft if ttft > 0 and n_read > 0 else None,
        gen_tps=(n - 1) / span if n > 1 and span > 0 else None,
        total_s=total_s,
        n_prompt_reused=n_reused,
    )


def latencies(token_times: list[float]) -> list[float]:
    """Per-token latency: the first token's is its TTFT, each later one the gap since the previous."""
    return [t - (token_times[i - 1] if i else 0.0) for i, t in enumerate(token_times)]
