"""Will it fit: the estimate against llama.cpp's own buffer sizes for both bundled models."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop.core.host.client import HostProcess
from desktop.core.teaching.fit import (
    GIB,
    MIB,
    GPUMemory,
    MachineMemory,
    calculate,
    estimate,
    guess_shape,
    shape_from_file,
    verdicts,
)
from desktop.core.teaching.machine import machine_memory
from desktop.resources import base_model_path


def load(host: HostProcess, path: Path, n_ctx: int) -> dict[str, Any]:
    rid = host.send("load", path=str(path), n_ctx=n_ctx, n_threads=2)
    while True:
        event = host.read_event()
        assert event is not None, host.exit_report()
        if event.get("id") == rid and event["type"] in ("result", "error"):
            assert event["type"] == "result", event
            return dict(event["data"])


@pytest.mark.parametrize("which", ["smollm2", "gemma"])
def test_estimate_within_ten_percent_of_llama_cpp(host: HostProcess, default_model: Path, which: str) -> None:
    path = default_model if which == "smollm2" else base_model_path(assemble=True)
    assert path is not None
    shape = shape_from_file(path)
    for n_ctx in (512, 4096):
        buffers = load(host, path, n_ctx)["buffers_mib"]
        est = estimate(shape, n_ctx)
        reported = {kind: (v["cpu"] + v["gpu"]) * MIB for kind, v in buffers.items()}
        for kind, ours in (("model", est.weights), ("KV", est.kv), ("compute", est.compute), ("output", est.output)):
            assert abs(ours - reported[kind]) <= 0.10 * reported[kind], (which, n_ctx, kind, ours / MIB, buffers)
        assert abs(est.total - sum(reported.values())) <= 0.10 * sum(reported.values())


def test_header_numbers(default_model: Path) -> None:
    shape = shape_from_file(default_model)
    assert (shape.n_layers, shape.kv_heads[0], shape.head_dim_k, shape.n_vocab) == (30, 3, 64, 49152)
    # Q4_1 is 5 bits per weight; the file keeps its embedding table at Q8_0 and norms at F32
    assert 5.0 < shape.bits_per_weight < 6.0
    # 30 layers x 3 KV heads x (64 + 64) x 2 bytes
    assert shape.kv_bytes_per_token() == 30 * 3 * 128 * 2
    assert shape.kv_bytes_per_token("q8_0") < shape.kv_bytes_per_token() < shape.kv_bytes_per_token("f32")


def test_calculator_examples() -> None:
    small = calculate(7e9, "Q4_K_M", 8192)
    assert 3.5 * GIB < small.weights < 4.5 * GIB
    assert small.kv == 32 * 8 * 256 * 2 * 8192  # a Llama-3-8B-like shape: 1 GiB at 8k
    assert 5 * GIB < small.total < 6.5 * GIB
    big = calculate(70e9, "Q8_0", 8192)
    assert 68 * GIB < big.weights < 71 * GIB and 70 * GIB < big.total < 76 * GIB
    custom = guess_shape(7e9, "Q4_K_M", n_layers=32, n_kv_heads=32, head_dim=128)  # Llama 2 7B: no GQA
    assert estimate(custom, 4096).kv == 2 * GIB
    assert "layers" not in custom.guessed and "vocabulary" in custom.guessed
    with pytest.raises(ValueError):
        guess_shape(7e9, "Q9_X")


def test_verdicts() -> None:
    est = calculate(7e9, "Q4_K_M", 8192)
    machine = MachineMemory(
        16 * GIB, 10 * GIB, (GPUMemory("Big GPU", 24 * GIB, 23 * GIB), GPUMemory("Small", 4 * GIB, 4 * GIB))
    )
    ram, big, small = verdicts(est, machine)
    assert ram.fits and big.fits and not small.fits
    assert "layers fit" in small.text
    layers = int(small.text.split("GPU layers = ")[1].split(")")[0])
    assert 0 < layers < 32
    assert not verdicts(calculate(70e9, "Q8_0", 8192), machine)[0].fits
    here = machine_memory()
    assert here.ram_total >= here.ram_available > 0


def test_one_set_of_figures_in_one_unit() -> None:
    """The explanation, the calculator and the README quote the same sizes, in MiB and GiB."""
    from pathlib import Path

    from desktop.core.teaching import fit as F
    from desktop.core.units import rough_size

    (small_b, small_q, small_ctx), (big_b, big_q, big_ctx) = F.EXAMPLES
    small = rough_size(calculate(small_b * 1e9, small_q, small_ctx).total)
    big = rough_size(calculate(big_b * 1e9, big_q, big_ctx).total)
    assert (small, big) == ("5.2 GiB", "72 GiB")
    text = F.explanation().english()
    assert f"a 7B model at Q4_K_M needs about {small}, a 70B one at Q8_0 about {big}" in text
    assert "half precision" in text and "per KV head" in text and "full half" not in text
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text("utf-8")
    assert f"a 7B at Q4_K_M with 8k context: about {small}; a 70B at Q8_0: about {big}" in readme
    est = calculate(7e9, "Q4_K_M", 8192)
    machine = MachineMemory(16 * GIB, 10 * GIB, (GPUMemory("GPU", 4 * GIB, 4 * GIB),))
    for verdict in verdicts(est, machine):
        assert " GiB" in verdict.text and " GB" not in verdict.text and " MB" not in verdict.text
    sizes = (512, 180 * 1024 * 1024, int(9.94 * GIB), int(9.96 * GIB))
    assert [rough_size(n) for n in sizes] == ["512 bytes", "180 MiB", "9.9 GiB", "10 GiB"]
