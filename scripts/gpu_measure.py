#!/usr/bin/env python3
"""The GPU table of issue 22, measured once on a machine with an NVIDIA GPU (prepared; not yet run).

For SmolLM2 and Gemma 3 270M, with every layer on the GPU and with half of them: the app's tokens/s through
the model host, raw llama-cpp-python's, and llama.cpp's own ``llama-bench`` (tg128, pp512), all on one
CUDA build made from the same llama-cpp-python sdist with ``scripts/setup.py``'s CUDA flags; the host's load
report (layers on the GPU, buffers) beside what llama.cpp logs for the same load and what nvidia-smi counts
for the process; and the bundled CLIP through the vision host, open_clip on CUDA against ONNX Runtime on the
CPU. Writes ``gpu_table.md`` (for the README) and ``gpu.json``.

The GPU machines lent to this project reach no network and take at most 64 MiB per command, so the
inputs are staged here and carried in parts:

    python scripts/gpu_measure.py stage      # here: .gpu/NN/ folders of <= 44 MiB, and the plan
    # then, on the GPU machine, one command per folder; the first (the source and wheels alone) starts
    # the CUDA build in the background, so it runs while the models travel:
    bash scripts/gpu_measure.sh build        # carry [".gpu/01"]: joins the source, builds in the background
    true                                     # carry [".gpu/02"], [".gpu/03"], ...: the models' parts
    bash scripts/gpu_measure.sh              # last: waits for the build, joins, checks, measures into $OUT

``python scripts/gpu_measure.py measure --cpu-check`` runs the measuring code here, with no layers on a
GPU, to check it before device time is spent.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STAGE = ROOT / ".gpu"
FILES = STAGE / "files"
PART_BYTES = 44 * 2**20
N_TOKENS = 128
N_CTX = 2048
PROMPT = "The three most important ideas in machine learning are"
# Not in the GPU machine's image (KINDS.md lists it); pure-Python wheels, carried.
WHEELS = ["diskcache==5.6.3", "gguf==0.19.0", "open_clip_torch==3.3.0", "ftfy==6.3.1", "wcwidth==0.2.13"]
# The sdist without what the build never reads (test vocabularies, docs, the web UI): ~10 MB as .tar.xz.
SKIP = re.compile(
    r"^(docs|tests|examples|vendor/llama\.cpp/(models|docs|tests|benches|examples|media|pocs|tools/ui))(/|$)"
    r"|(^|/)\.git"
)


def skipped(name: str) -> bool:
    """Whether a member of the sdist (``llama_cpp_python-X/...``) is left out of what is carried."""
    return "/" in name and bool(SKIP.search(name.split("/", 1)[1]))


def load_script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


# -- here: the parts to carry ----------------------------------------------------------------------------------
def stage(version: str) -> None:
    sys.path.insert(0, str(ROOT))
    from desktop.resources import base_model_path, default_model_path

    work = STAGE / "work"
    shutil.rmtree(STAGE, ignore_errors=True)
    work.mkdir(parents=True)
    # Carried paths must be ignored by git, or every part would travel with every command.
    where = subprocess.run(["git", "rev-parse", "--git-path", "info/exclude"], cwd=ROOT, capture_output=True,
                           text=True, check=True).stdout.strip()  # fmt: skip
    exclude = Path(where) if Path(where).is_absolute() else ROOT / where
    if "/.gpu/" not in (exclude.read_text(errors="replace") if exclude.exists() else ""):
        exclude.parent.mkdir(parents=True, exist_ok=True)
        with exclude.open("a") as f:
            f.write("\n/.gpu/\n")
    pip = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "-d", str(work)]
    subprocess.run([*pip, "--no-binary", ":all:", f"llama-cpp-python=={version}"], check=True)
    subprocess.run([*pip, "--only-binary", ":all:", "--python-version", "3.12", *WHEELS], check=True)
    sdist = next(work.glob("llama_cpp_python-*.tar.gz"))
    source = work / "llama-cpp-python-src.tar.xz"
    with tarfile.open(sdist) as src, tarfile.open(source, "w:xz") as dst:
        for member in src.getmembers():
            if not skipped(member.name):
                dst.addfile(member, src.extractfile(member) if member.isfile() else None)
    wheels = work / "wheels.tar"
    with tarfile.open(wheels, "w") as tar:
        for wheel in work.glob("*.whl"):
            tar.add(wheel, arcname=wheel.name)
    smol, gemma = default_model_path(), base_model_path(assemble=True)
    assert smol is not None and gemma is not None, "both bundled models are needed: run make setup"
    # The build's inputs travel alone in the first folder, so that the build can start while the rest travel.
    groups = [{"src.tar.xz": source, "wheels.tar": wheels}, {"smollm2.gguf": smol, "gemma3.gguf": gemma}]
    manifest = split(groups, STAGE, PART_BYTES)
    manifest["version"] = version
    (STAGE / "01" / "manifest.json").write_text(json.dumps(manifest, indent=1))
    shutil.rmtree(work)
    folders = sorted(p.name for p in STAGE.iterdir() if p.is_dir())
    print(f"{len(folders)} folders to carry, one per command (each <= {PART_BYTES >> 20} MiB):")
    print(f'  run(command="bash scripts/gpu_measure.sh build", carry=[".gpu/{folders[0]}"])')
    for name in folders[1:-1]:
        print(f'  run(command="true", carry=[".gpu/{name}"])')
    print(f'  run(command="bash scripts/gpu_measure.sh", carry=[".gpu/{folders[-1]}"], timeout_s=600)')


def split(groups: list[dict[str, Path]], root: Path, part_bytes: int) -> dict[str, Any]:
    """The files of ``groups`` cut into parts, filled into folders ``root/01``, ``root/02``, ... of at most
    ``part_bytes`` each (one folder per command that carries them), each group starting a folder of its own;
    returns the manifest that ``join_parts`` reads."""
    manifest: dict[str, Any] = {"files": {}}
    folder, used, index = root, part_bytes, 0
    for group in groups:
        used = part_bytes  # a group starts a folder of its own
        for name, path in group.items():
            size, offset = path.stat().st_size, 0
            parts: list[str] = []
            with path.open("rb") as f:
                while offset < size:
                    if used >= part_bytes:
                        index += 1
                        folder, used = root / f"{index:02d}", 0
                        folder.mkdir(parents=True)
                    chunk = f.read(part_bytes - used)
                    part = folder / f"{name}.{len(parts):02d}"
                    part.write_bytes(chunk)
                    parts.append(str(part.relative_to(root)))
                    offset, used = offset + len(chunk), used + len(chunk)
            manifest["files"][name] = {"sha256": sha256(path), "size": size, "parts": parts}
    return manifest


# -- the GPU machine: join, check, build ----------------------------------------------------------------------
def join_parts(root: Path, files: Path, only: tuple[str, ...] = ()) -> None:
    """The files of ``root/01/manifest.json`` (or those named in ``only``) put together in ``files``; each
    checked against its hash."""
    manifest = json.loads((root / "01" / "manifest.json").read_text())
    files.mkdir(parents=True, exist_ok=True)
    for name, entry in manifest["files"].items():
        if only and name not in only:
            continue
        target = files / name
        if not (target.is_file() and target.stat().st_size == entry["size"]):
            with target.open("wb") as out:
                for part in entry["parts"]:
                    out.write((root / part).read_bytes())
        if sha256(target) != entry["sha256"]:
            target.unlink()
            raise SystemExit(f"{name}: the joined file does not match its hash (a part missing or damaged)")


BUILD_INPUTS = ("src.tar.xz", "wheels.tar")
BUILT = STAGE / "build.done"  # the background build's exit status, once it has ended


def join(only: tuple[str, ...] = ()) -> Path:
    """The carried parts (or those named in ``only``) joined into .gpu/files and checked against their
    hashes; the sdist and the wheels unpacked. Returns the sdist's folder."""
    join_parts(STAGE, FILES, only)
    source = STAGE / "src"
    if not source.is_dir():
        source.mkdir()
        with tarfile.open(FILES / "src.tar.xz") as tar:
            tar.extractall(source, filter="data")
    site = STAGE / "site"
    if not site.is_dir():
        wheels = STAGE / "wheels"
        with tarfile.open(FILES / "wheels.tar") as tar:
            tar.extractall(wheels, filter="data")
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-index", "--no-deps", "--target", str(site),
             *map(str, wheels.glob("*.whl"))],
            check=True,
        )  # fmt: skip
    return next(p for p in source.iterdir() if p.is_dir())


def build(backend: str = "cuda") -> int:
    """The build alone, from the first folder's source (``gpu_measure.sh build`` runs it in the background
    while the models travel); writes its exit status to ``.gpu/build.done``."""
    BUILT.unlink(missing_ok=True)
    try:
        compile_once(join(BUILD_INPUTS), backend)
        status = 0
    except (subprocess.CalledProcessError, SystemExit, OSError) as exc:
        print(f"[gpu] build failed: {exc}", flush=True)
        status = 1
    BUILT.write_text(str(status))
    return status


def wait_for_build(limit_s: float = 420.0) -> None:
    """Waits for a background build that was started (``.gpu/build.log`` is there) until it ends."""
    log = STAGE / "build.log"
    if not log.is_file():
        return  # none was started: setup builds in the foreground
    started = time.perf_counter()
    while not BUILT.is_file():
        if time.perf_counter() - started > limit_s:
            raise SystemExit(f"the background build has not ended after {limit_s:.0f} s; its log:\n"
                             + log.read_text(errors="replace")[-3000:])  # fmt: skip
        time.sleep(2)
    print(f"[gpu] waited {time.perf_counter() - started:.0f} s for the background build", flush=True)
    if BUILT.read_text().strip() != "0":
        raise SystemExit("the background build failed; its log:\n" + log.read_text(errors="replace")[-3000:])


def compile_once(package: Path, backend: str) -> None:
    build = STAGE / "build"
    if not (build / "bin" / "llama-bench").is_file():
        flags = str(load_script("setup").CMAKE_ARGS[backend])
        started = time.perf_counter()
        subprocess.run(
            ["cmake", "-S", str(package), "-B", str(build), "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
             "-DLLAVA_BUILD=OFF", "-DLLAMA_BUILD_TOOLS=ON", *flags.split()],
            check=True,
        )  # fmt: skip
        subprocess.run(["cmake", "--build", str(build), "--target", "llama-bench", "mtmd", "llama"], check=True)
        print(f"[gpu] {backend} build: {time.perf_counter() - started:.0f} s", flush=True)


def setup(backend: str = "cuda") -> dict[str, str]:
    """Join, then build the libraries and llama-bench once (into .gpu/build; CUDA with setup.py's flags),
    unless the background build did; put the libraries beside the sdist's Python package; returns the
    environment to measure in."""
    wait_for_build()
    package = join()
    compile_once(package, backend)
    build = STAGE / "build"
    lib = package / "llama_cpp" / "lib"
    lib.mkdir(parents=True, exist_ok=True)
    for so in build.rglob("*.so*"):
        if so.is_file():
            shutil.copy2(so, lib / so.name)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(package), str(STAGE / "site"), str(ROOT)])
    env["LD_LIBRARY_PATH"] = os.pathsep.join(filter(None, [str(lib), env.get("LD_LIBRARY_PATH", "")]))
    env["FM_GPU_BENCH"] = str(build / "bin" / "llama-bench")
    return env


# -- measuring (on the GPU machine, or here with --cpu-check) -------------------------------------------------
def host_speed(model: Path, n_gpu_layers: int, n_tokens: int, step_thread: str = "") -> dict[str, Any]:
    """The app's path: our model host, loaded with ``n_gpu_layers``; the best of three greedy runs after a
    warm-up, counted as the app counts (tokens as they arrive), and the host's load report.
    ``step_thread``: "0" makes each token's probabilities in place, "1" on a thread of their own ("": the
    host decides, as in the app)."""
    from desktop.core.host.client import HostProcess

    gpu_check = load_script("gpu_check")
    env = {k: v for k, v in os.environ.items() if k != "FM_STEP_THREAD"}
    host = HostProcess(env={**env, "FM_STEP_THREAD": step_thread} if step_thread else env)
    host.start()
    try:
        event, _, _ = gpu_check.read_result(
            host, host.send("load", path=str(model), n_gpu_layers=n_gpu_layers, n_ctx=N_CTX, n_threads=threads())
        )
        if event["type"] != "result":
            return {"error": str(event.get("message", event))}
        report = event["data"]
        speeds = []
        for _ in range(4):
            t0 = time.perf_counter()
            rid = host.send("complete", mode="completion", prompt=PROMPT, max_tokens=n_tokens, **gpu_check.GREEDY)
            event, tokens, ttft = gpu_check.read_result(host, rid)
            if ttft is not None and len(tokens) > 1:
                speeds.append((len(tokens) - 1) / (time.perf_counter() - t0 - ttft))
        return {
            "tps": max(speeds[1:], default=0.0),
            "layers": f"{report.get('layers_on_gpu')}/{report.get('layers_total')}",
            "buffers_mib": report.get("buffers_mib"),
            "gpu_mib_nvidia_smi": gpu_check.gpu_memory_mib(host.pid or -1),
        }
    finally:
        host.stop()
        host.close()


RAW = """
import json, sys, time, llama_cpp
path, ngl, n, prompt, threads = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5])
best = {"tps": 0.0, "flash_attn": None}
for fa in (True, False):  # at its best: flash attention on (as the app loads models) and off; the load log is the first
    llm = llama_cpp.Llama(path, n_ctx=2048, n_gpu_layers=ngl, n_threads=threads, n_threads_batch=threads,
                          flash_attn=fa, verbose=fa)
    speeds = []
    for _ in range(4):
        stamps, t0 = [], time.perf_counter()
        for _c in llm.create_completion(prompt, max_tokens=n, temperature=0.0, repeat_penalty=1.0, stream=True):
            stamps.append(time.perf_counter() - t0)
        speeds.append((len(stamps) - 1) / (stamps[-1] - stamps[0]))
    llm.close()
    if max(speeds[1:]) > best["tps"]:
        best = {"tps": max(speeds[1:]), "flash_attn": fa}
print(json.dumps(best), flush=True)
"""


def raw_speed(model: Path, n_gpu_layers: int, n_tokens: int) -> dict[str, Any]:
    """Raw llama-cpp-python in a process of its own, and what llama.cpp itself logs for that load."""
    from desktop.core.host.runner import parse_load_log

    out = subprocess.run(
        [sys.executable, "-c", RAW, str(model), str(n_gpu_layers), str(n_tokens), PROMPT, str(threads())],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    if out.returncode != 0:
        return {"error": out.stderr[-1500:]}
    logged = parse_load_log(out.stderr.splitlines())
    offloaded = logged["offloaded"]
    return {
        **json.loads(out.stdout.strip().splitlines()[-1]),  # tps, and the flash-attention setting that won
        "llama_cpp_layers": f"{offloaded[0]}/{offloaded[1]}" if offloaded else "0",
        "llama_cpp_buffers_mib": logged["buffers_mib"],
    }


def native_speed(model: Path, n_gpu_layers: int, n_tokens: int) -> dict[str, Any]:
    bench = load_script("llama_bench")
    binary = Path(os.environ["FM_GPU_BENCH"]) if os.environ.get("FM_GPU_BENCH") else bench.build(quiet=True)
    try:
        rows = bench.run(
            binary, model, [threads()], n_gen=n_tokens, n_prompt=512, gpu_layers=n_gpu_layers, flash_attn="0,1"
        )
    except RuntimeError as exc:
        return {"error": str(exc)[-1500:]}
    tg, pp = bench.best(rows, "tg"), bench.best(rows, "pp")
    return {"tg_tps": tg["tps"] if tg else None, "pp_tps": pp["tps"] if pp else None}


def clip_speed(device: str, engine: str, n: int = 200) -> dict[str, Any]:
    """The bundled CLIP through the vision host: pictures per second over ``n`` drawn pictures, warm, each
    run on pictures of its own (the host keeps the embeddings of a file it has seen)."""
    import random
    import tempfile

    from desktop.core.host.client import HostProcess
    from desktop.core.vision import bundled_labels, bundled_spec, render_shape, shape_labels
    from desktop.core.vision.host import vision_host_command
    from desktop.core.vision.wire import spec_to_wire

    folder = Path(tempfile.mkdtemp(prefix="fm-gpu-clip-"))
    rng = random.Random(7)
    runs = []
    for run in range(3):  # the first loads the model and warms the device
        items = []
        for k in range(n):
            colour, shape = rng.choice(shape_labels()).split()
            path = folder / f"r{run}-p{k:03d}.png"
            render_shape(shape, colour, rng, 224).save(path)
            items.append({"key": f"{run}-{k}", "name": path.name, "path": str(path), "thumb": False})
        runs.append(items)
    host = HostProcess(vision_host_command())
    host.start()
    try:
        assert (hello := host.read_event()) is not None and hello["type"] == "hello", host.exit_report()
        params = {"spec": spec_to_wire(bundled_spec()), "device": device, "engine": engine, "labels": bundled_labels()}
        times = []
        for items in runs:
            t0 = time.perf_counter()
            rid = host.send("classify", items=items, batch_size=32, **params)
            while (event := host.read_event()) is not None and not (
                event.get("id") == rid and event["type"] in ("result", "error")
            ):
                pass
            if event is None or event["type"] == "error":
                return {"error": str(event.get("message") if event else host.exit_report())[-1500:]}
            times.append(time.perf_counter() - t0)
        return {"img_s": n / statistics.median(times[1:])}
    finally:
        host.stop()
        host.close()
        shutil.rmtree(folder, ignore_errors=True)


def threads() -> int:
    """One thread count for all three sides (the app's Auto: one per physical core), so that the
    comparison is of the code, not of a default."""
    return int(load_script("llama_bench").physical_cores())


def layer_count(model: Path) -> int:
    from desktop.core.teaching.fit import shape_from_file

    return int(shape_from_file(model).n_layers)


def fmt(value: Any, digits: int = 1) -> str:
    return f"{value:.{digits}f}" if isinstance(value, (int, float)) else "–"


def measure(out_dir: Path, cpu_check: bool, n_tokens: int = N_TOKENS) -> int:
    sys.path.insert(0, str(ROOT))
    import llama_cpp

    if cpu_check:
        from desktop.resources import base_model_path, default_model_path

        models = {"SmolLM2 135M": default_model_path(), "Gemma 3 270M": base_model_path(assemble=True)}
    else:
        models = {"SmolLM2 135M": FILES / "smollm2.gguf", "Gemma 3 270M": FILES / "gemma3.gguf"}
    rows, results = [], []
    for name, path in models.items():
        assert path is not None and Path(path).is_file(), f"{name}: no model file"
        total = layer_count(Path(path))
        for label, ngl in ((f"all {total + 1}", -1), (f"half ({total // 2})", total // 2)):
            ngl = 0 if cpu_check else ngl
            app, in_place = host_speed(Path(path), ngl, n_tokens), host_speed(Path(path), ngl, n_tokens, "0")
            raw, native = raw_speed(Path(path), ngl, n_tokens), native_speed(Path(path), ngl, n_tokens)
            results.append({"model": name, "gpu_layers": label, "app": app, "app_steps_in_place": in_place,
                            "raw": raw, "native": native})  # fmt: skip
            rows.append(
                f"| {name} | {label} | {fmt(app.get('tps'))} | {fmt(in_place.get('tps'))} | {fmt(raw.get('tps'))} "
                f"| {fmt(native.get('tg_tps'))} "
                f"| {fmt(native.get('pp_tps'))} | {app.get('layers', '–')} / {raw.get('llama_cpp_layers', '–')} "
                f"| {json.dumps(app.get('buffers_mib'))} / {fmt(app.get('gpu_mib_nvidia_smi'), 0)} |"
            )
            print(rows[-1], flush=True)
    clip = {
        f"open_clip on {'the CPU (--cpu-check)' if cpu_check else 'CUDA'}": clip_speed(
            "cpu" if cpu_check else "cuda", "open_clip"
        ),
        "ONNX Runtime on the CPU": clip_speed("cpu", "onnx"),
    }
    table = [
        f"GPU: {gpu_name()}; llama-cpp-python {llama_cpp.__version__}, CUDA build from the sdist "
        f"(`{load_script('setup').CMAKE_ARGS['cuda']}`); greedy, {n_tokens} tokens; "
        f"{threads()} CPU threads on every side.",
        "",
        "| model | GPU layers | app via host tok/s | the same, probabilities in place | raw llama-cpp-python tok/s "
        "| llama-bench tg128 | llama-bench pp512 | layers: host report / llama.cpp log "
        "| host buffers MiB / nvidia-smi MiB |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        *rows,
        "",
        "| CLIP through the vision host (200 pictures) | pictures/s |",
        "| --- | --- |",
        *(f"| {k} | {fmt(v.get('img_s'))} |" for k, v in clip.items()),
    ]
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "gpu_table.md").write_text("\n".join(table) + "\n")
    summary = {"gpu": gpu_name(), "cpu_check": cpu_check, "llm": results, "clip": clip}
    (out_dir / "gpu.json").write_text(json.dumps(summary, indent=1))
    print("\n".join(table))
    print(json.dumps(summary))
    return 0


def gpu_name() -> str:
    if not shutil.which("nvidia-smi"):
        return "none (nvidia-smi not found)"
    out = subprocess.run(["nvidia-smi", "--query-gpu=name,driver_version", "--format=csv,noheader"],
                         capture_output=True, text=True, timeout=30, check=False)  # fmt: skip
    return out.stdout.strip() or "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="step", required=True)
    sub.add_parser("stage", help="here: the folders to carry to the GPU machine")
    sub.add_parser("build", help="on the GPU machine: the CUDA build from the first folder alone")
    run = sub.add_parser("run", help="on the GPU machine: join, build, then measure (what gpu_measure.sh calls)")
    run.add_argument("--out", type=Path, default=Path(os.environ.get("OUT", STAGE / "out")))
    check = sub.add_parser("measure", help="measure with what is installed (--cpu-check: here, no GPU)")
    check.add_argument("--out", type=Path, default=STAGE / "out")
    check.add_argument("--cpu-check", action="store_true")
    check.add_argument("--tokens", type=int, default=N_TOKENS)
    args = parser.parse_args(argv)
    if args.step == "stage":
        from importlib.metadata import version

        stage(version("llama-cpp-python"))
        return 0
    if args.step == "build":
        return build()
    if args.step == "run":
        env = setup()
        cmd = [sys.executable, __file__, "measure", "--out", str(args.out)]
        return subprocess.run(cmd, env=env, check=False).returncode
    return measure(args.out, args.cpu_check, args.tokens)


if __name__ == "__main__":
    raise SystemExit(main())
