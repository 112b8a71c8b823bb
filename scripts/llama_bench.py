#!/usr/bin/env python3
"""llama.cpp's own ``llama-bench``, built from the same llama-cpp-python sdist as the installed wheel, with
the same build flags (``scripts/setup.py``'s CMAKE_ARGS for the installed backend), cached beside that
wheel: ``~/.cache/fm-explorer/wheels/<backend>-<flags>/llama-bench-<version>/``.

It is the native anchor of the benchmarks: what the C++ code alone reaches, with no Python around it.

    python scripts/llama_bench.py                  # build if needed, then tg128 and pp512 on SmolLM2
    python scripts/llama_bench.py --build-only     # just the build (about 10 minutes on 2 cores, once)
    python scripts/llama_bench.py --model M.gguf --threads 1,2 --gpu-layers 99

The sdist comes from the package registry (``pip download --no-binary :all:``), once; nothing else is
fetched. Each thread count is measured, and the best kept: a default shared by both sides could hide a loss.
The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def setup_module() -> ModuleType:
    """``scripts/setup.py`` (standard library only): its CMAKE_ARGS, build_id and wheel cache are the
    wheel's own, so the native build cannot drift from them."""
    spec = importlib.util.spec_from_file_location("fm_setup", ROOT / "scripts" / "setup.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def installed_version() -> str:
    from importlib.metadata import version

    return version("llama-cpp-python")


def installed_build_id(setup: ModuleType) -> str:
    """The installed wheel's build (``cpu-fc7f2cd5``): the venv's marker, else the backend the running
    library reports, with this setup script's flags."""
    marker = Path(sys.prefix) / "fm-llama-backend"
    if marker.is_file():
        return marker.read_text().strip()
    import llama_cpp

    backend = "cuda" if llama_cpp.llama_supports_gpu_offload() and sys.platform != "darwin" else "cpu"
    if sys.platform == "darwin" and llama_cpp.llama_supports_gpu_offload():
        backend = "metal"
    return str(setup.build_id(backend))


def cache_dir(setup: ModuleType, build_id: str, version: str) -> Path:
    return Path(setup.WHEEL_CACHE) / build_id / f"llama-bench-{version}"


def binary_path(folder: Path) -> Path:
    return folder / ("llama-bench.exe" if os.name == "nt" else "llama-bench")


def cached_binary() -> Path | None:
    setup = setup_module()
    path = binary_path(cache_dir(setup, installed_build_id(setup), installed_version()))
    return path if path.is_file() else None


def say(text: str) -> None:
    print(f"[llama-bench] {text}", file=sys.stderr, flush=True)


def build(quiet: bool = False) -> Path:
    """The cached ``llama-bench`` for the installed wheel; built first if it is not there."""
    setup = setup_module()
    version = installed_version()
    build_id = installed_build_id(setup)
    folder = cache_dir(setup, build_id, version)
    binary = binary_path(folder)
    if binary.is_file():
        return binary
    backend = build_id.split("-", 1)[0]
    flags = str(setup.CMAKE_ARGS.get(backend, ""))
    if str(setup.build_id(backend)) != build_id:
        say(f"warning: the installed wheel ({build_id}) was built with other flags than setup.py's ({flags})")
    say(f"building llama-bench {version} for {build_id} ({flags or 'default flags'}); once, then cached in {folder}")
    # Built in a folder beside the cache, kept until the end: a build that fails or is stopped goes on
    # from where it was on the next try.
    work = folder.with_name(folder.name + ".build")
    work.mkdir(parents=True, exist_ok=True)
    source = next((p for p in work.glob("llama_cpp_python-*") if p.is_dir()), None)
    if source is None:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
             f"llama-cpp-python=={version}", "-d", str(work)],
            check=True,
        )  # fmt: skip
        sdist = next(work.glob("llama_cpp_python-*.tar.gz"))
        with tarfile.open(sdist) as tar:
            tar.extractall(work, filter="data")
        sdist.unlink()
        source = next(p for p in work.glob("llama_cpp_python-*") if p.is_dir())
    out = work / "build"
    # The wheel's own CMake project (scikit-build-core builds it as Release), so every option it forces
    # (shared libraries, the common library, no curl) is the same; tools on, the multimodal part off.
    configure = ["cmake", "-S", str(source), "-B", str(out), "-DCMAKE_BUILD_TYPE=Release",
                 "-DLLAVA_BUILD=OFF", "-DLLAMA_BUILD_TOOLS=ON", *flags.split()]  # fmt: skip
    if shutil.which("ninja") and not (out / "CMakeCache.txt").is_file():
        configure += ["-G", "Ninja"]
    output = subprocess.DEVNULL if quiet else None
    subprocess.run(configure, check=True, stdout=output)
    jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL", str(os.cpu_count() or 2))
    subprocess.run(
        ["cmake", "--build", str(out), "--target", "llama-bench", "--parallel", jobs], check=True, stdout=output
    )
    built = next(p for p in out.rglob(binary.name) if p.is_file())
    staging = folder.with_name(folder.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    shutil.copy2(built, staging / binary.name)
    for lib in out.rglob("*"):
        if lib.is_file() and (".so" in lib.name or lib.suffix in (".dylib", ".dll")):
            shutil.copy2(lib, staging / lib.name)
    (staging / "build.json").write_text(json.dumps({"version": version, "build_id": build_id, "flags": flags}))
    staging.rename(folder)  # complete or not there at all
    shutil.rmtree(work, ignore_errors=True)
    return binary


def run(
    binary: Path,
    model: Path,
    threads: list[int],
    n_gen: int = 128,
    n_prompt: int = 512,
    repetitions: int = 3,
    gpu_layers: int = 0,
    timeout: float = 900,
    flash_attn: str = "0",
) -> list[dict[str, Any]]:
    """One row per test, thread count and flash-attention setting: ``{"test": "tg128"|"pp512", "threads",
    "tps", "stddev", "gpu_layers", "flash_attn"}``. ``flash_attn``: llama-bench's ``-fa`` values ("0,1": both);
    off by default, as llama-cpp-python (and so the app) runs."""
    env = dict(os.environ)
    library_path = "DYLD_LIBRARY_PATH" if sys.platform == "darwin" else "LD_LIBRARY_PATH"
    env[library_path] = os.pathsep.join(filter(None, [str(binary.parent), env.get(library_path, "")]))
    cmd = [str(binary), "-m", str(model), "-n", str(n_gen), "-p", str(n_prompt), "-r", str(repetitions),
           "-t", ",".join(map(str, threads)), "-ngl", str(gpu_layers), "-fa", flash_attn, "-o", "json"]  # fmt: skip
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=timeout, check=False)
    if out.returncode != 0:
        raise RuntimeError(f"llama-bench failed ({out.returncode}):\n{out.stderr[-3000:]}")
    return parse(out.stdout)


def parse(stdout: str) -> list[dict[str, Any]]:
    rows = []
    for item in json.loads(stdout[stdout.index("[") :]):
        n_gen, n_prompt = int(item.get("n_gen", 0)), int(item.get("n_prompt", 0))
        test = f"tg{n_gen}" if n_gen and not n_prompt else f"pp{n_prompt}" if n_prompt and not n_gen else "mixed"
        rows.append(
            {"test": test, "threads": int(item["n_threads"]), "tps": float(item["avg_ts"]),
             "stddev": float(item.get("stddev_ts", 0.0)), "gpu_layers": int(item.get("n_gpu_layers", 0)),
             "flash_attn": int(item.get("flash_attn", 0))}
        )  # fmt: skip
    return rows


def best(rows: list[dict[str, Any]], test: str, flash_attn: int | None = None) -> dict[str, Any] | None:
    """The fastest row of ``test`` (a test name's prefix: "tg" or "pp"), of one flash-attention setting if
    given."""
    matching = [r for r in rows if r["test"].startswith(test) and flash_attn in (None, r["flash_attn"])]
    return max(matching, key=lambda r: r["tps"]) if matching else None


def physical_cores() -> int:
    try:
        import psutil

        return int(psutil.cpu_count(logical=False) or psutil.cpu_count() or 1)
    except ImportError:
        return os.cpu_count() or 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--model", type=Path, help="a GGUF file (default: the bundled SmolLM2)")
    parser.add_argument("--threads", help="comma-separated thread counts (default: 1 .. the physical cores)")
    parser.add_argument("--gpu-layers", type=int, default=0)
    parser.add_argument("--repetitions", type=int, default=3)
    args = parser.parse_args(argv)
    binary = build()
    say(f"binary: {binary}")
    if args.build_only:
        return 0
    model = args.model
    if model is None:
        sys.path.insert(0, str(ROOT))
        from desktop.resources import default_model_path

        model = default_model_path()
        if model is None:
            say("the default model is not installed: run make setup")
            return 1
    threads = [int(t) for t in args.threads.split(",")] if args.threads else list(range(1, physical_cores() + 1))
    rows = run(binary, Path(model), threads, repetitions=args.repetitions, gpu_layers=args.gpu_layers)
    print(f"llama-bench on {Path(model).name}, {args.gpu_layers} GPU layers")
    print(f"{'test':8}{'threads':>9}{'tokens/s':>12}{'±':>8}")
    for row in rows:
        print(f"{row['test']:8}{row['threads']:>9}{row['tps']:>12.1f}{row['stddev']:>8.1f}")
    tg, pp = best(rows, "tg"), best(rows, "pp")
    print(json.dumps({
        "benchmark": "llama-bench", "model": Path(model).name, "gpu_layers": args.gpu_layers, "rows": rows,
        "native_tg_tps": round(tg["tps"], 1) if tg else None, "native_tg_threads": tg["threads"] if tg else None,
        "native_pp_tps": round(pp["tps"], 1) if pp else None, "native_pp_threads": pp["threads"] if pp else None,
    }))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
