"""What the machine has: GPUs that llama.cpp could use. Standard library only, because the set-up
script runs it with the system Python before the virtual environment exists."""

from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass


@dataclass(frozen=True)
class GPUInfo:
    kind: str  # "cuda", "metal", "rocm" or "none"
    names: tuple[str, ...] = ()

    @property
    def present(self) -> bool:
        return self.kind != "none"


def _nvidia_gpus() -> tuple[str, ...]:
    # nvcc alone proves nothing (build machines have it without a GPU): ask the driver.
    smi = shutil.which("nvidia-smi")
    if smi:
        try:
            out = subprocess.run([smi, "-L"], capture_output=True, text=True, timeout=10)
        except (OSError, subprocess.SubprocessError):
            return ()
        if out.returncode == 0:
            return tuple(line.split(" (UUID")[0] for line in out.stdout.splitlines() if line.startswith("GPU "))
        return ()
    gpus = "/proc/driver/nvidia/gpus"
    if os.path.isdir(gpus) and os.listdir(gpus):
        return tuple(f"NVIDIA GPU {name}" for name in sorted(os.listdir(gpus)))
    return ()


def detect_gpu() -> GPUInfo:
    if sys.platform == "darwin" and platform.machine() == "arm64":
        return GPUInfo("metal", ("Apple Silicon GPU",))
    nvidia = _nvidia_gpus()
    if nvidia:
        return GPUInfo("cuda", nvidia)
    if os.path.exists("/dev/kfd") and shutil.which("rocminfo"):
        return GPUInfo("rocm", ("AMD GPU",))
    return GPUInfo("none")


def rebuild_hint(gpu: GPUInfo) -> str:
    """What to tell a person whose llama.cpp build cannot use the GPU they have."""
    backend = {"cuda": "cuda", "metal": "metal", "rocm": "rocm"}.get(gpu.kind)
    if backend is None:
        return ""
    return (
        f"This machine has a GPU ({', '.join(gpu.names) or gpu.kind}), but the installed llama.cpp was "
        f"built for the CPU only. Rebuild it with GPU support: make setup BACKEND={backend}"
    )
