"""The model host loads llama.cpp before numpy, gguf and yaml.

On a CUDA build of llama-cpp-python (checked on an H200 with scripts/gpu_check.py), a host that had
imported the catalog (gguf, numpy, yaml) before llama_cpp crashed on its first model load (SIGSEGV in
init_tokenizer); in this order every layer was offloaded. A CPU build does not crash either way, so this
test checks the order itself, through both ways the host starts.
"""

from __future__ import annotations

import subprocess
import sys

import pytest


def imported_in_order(command: list[str]) -> list[str]:
    """Top-level module names in the order the host imported them (``-X importtime`` on stderr)."""
    proc = subprocess.run([sys.executable, "-X", "importtime", *command], input=b"", capture_output=True, timeout=60)
    names: list[str] = []
    for line in proc.stderr.decode(errors="replace").splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name and not name.startswith("import time"):
                names.append(name)
    assert names, proc.stderr[-2000:]
    return names


@pytest.mark.parametrize("command", [["-m", "desktop.core.host"], ["-m", "desktop", "--model-host"]])
def test_llama_cpp_comes_before_numpy_gguf_and_yaml(command: list[str]) -> None:
    names = imported_in_order(command)
    assert "llama_cpp.llama_cpp" in names, "the host never loaded llama.cpp"
    first_llama = names.index("llama_cpp.llama_cpp")
    for other in ("numpy", "gguf", "yaml"):
        if other in names:
            assert names.index(other) > first_llama, f"{other} was imported before llama.cpp's libraries"
