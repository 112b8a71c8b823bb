"""This machine's memory for "Will it fit?": RAM (psutil) and each NVIDIA GPU's (nvidia-smi).

It runs a process, so the UI asks for it through a service (``CatalogService.machine_memory``), never here.
"""

from __future__ import annotations

import shutil
import subprocess

from desktop.core.teaching.fit import MIB, GPUMemory, MachineMemory


def nvidia_memory() -> tuple[GPUMemory, ...]:
    smi = shutil.which("nvidia-smi")
    if not smi:
        return ()
    try:
        out = subprocess.run(
            [smi, "--query-gpu=name,memory.total,memory.free", "--format=csv,noheader,nounits"],
            capture_output=True,
            text=True,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    if out.returncode != 0:
        return ()
    gpus = []
    for line in out.stdout.splitlines():
        parts = [p.strip() for p in line.split(",")]
        if len(parts) == 3 and parts[1].isdigit() and parts[2].isdigit():
            gpus.append(GPUMemory(parts[0], int(parts[1]) * MIB, int(parts[2]) * MIB))
    return tuple(gpus)


def machine_memory() -> MachineMemory:
    import psutil

    from desktop.core.hardware import detect_gpu

    vm = psutil.virtual_memory()
    gpu = detect_gpu()
    return MachineMemory(int(vm.total), int(vm.available), nvidia_memory(), unified=gpu.kind == "metal")
