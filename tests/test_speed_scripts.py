"""The measuring scripts: llama.cpp's own llama-bench (built from the wheel's sdist, read as JSON) and the GPU
measurement's parts, cut here and joined on the GPU machine."""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def script(name: str) -> ModuleType:
    """A module of ``scripts/`` (they are run as files, not installed as a package)."""
    if str(ROOT / "scripts") not in sys.path:
        sys.path.insert(0, str(ROOT / "scripts"))
    return importlib.import_module(name)


# One row of each test as llama-bench -o json writes them (fields trimmed to those read).
LLAMA_BENCH_JSON = """main: some log line
[
  {"build_commit": "x", "n_threads": 1, "n_gpu_layers": 0, "flash_attn": 0, "n_prompt": 512, "n_gen": 0,
   "avg_ts": 390.5, "stddev_ts": 3.2},
  {"build_commit": "x", "n_threads": 1, "n_gpu_layers": 0, "flash_attn": 0, "n_prompt": 0, "n_gen": 128,
   "avg_ts": 120.25, "stddev_ts": 1.0},
  {"build_commit": "x", "n_threads": 2, "n_gpu_layers": 0, "flash_attn": 0, "n_prompt": 512, "n_gen": 0,
   "avg_ts": 610.0, "stddev_ts": 5.0},
  {"build_commit": "x", "n_threads": 2, "n_gpu_layers": 0, "flash_attn": 0, "n_prompt": 0, "n_gen": 128,
   "avg_ts": 161.0, "stddev_ts": 2.0},
  {"build_commit": "x", "n_threads": 2, "n_gpu_layers": 0, "flash_attn": 1, "n_prompt": 0, "n_gen": 128,
   "avg_ts": 170.0, "stddev_ts": 2.0}
]
"""


def test_llama_bench_rows_and_the_best_thread_count_of_each_test() -> None:
    bench = script("llama_bench")
    rows = bench.parse(LLAMA_BENCH_JSON)
    assert [(r["test"], r["threads"], r["flash_attn"]) for r in rows] == [
        ("pp512", 1, 0), ("tg128", 1, 0), ("pp512", 2, 0), ("tg128", 2, 0), ("tg128", 2, 1)
    ]  # fmt: skip
    assert bench.best(rows, "tg", flash_attn=0) == {
        "test": "tg128", "threads": 2, "tps": 161.0, "stddev": 2.0, "gpu_layers": 0, "flash_attn": 0
    }  # fmt: skip
    assert bench.best(rows, "tg")["tps"] == 170.0 and bench.best(rows, "tg", flash_attn=1)["flash_attn"] == 1
    assert bench.best(rows, "pp")["tps"] == 610.0
    assert bench.best([], "tg") is None


def test_the_native_build_uses_the_wheels_flags_and_cache_folder() -> None:
    bench = script("llama_bench")
    setup = bench.setup_module()
    build_id = bench.installed_build_id(setup)
    backend = build_id.split("-", 1)[0]
    assert build_id == setup.build_id(backend)  # the installed wheel was built with setup.py's flags
    folder = bench.cache_dir(setup, build_id, bench.installed_version())
    assert folder.parent == Path(setup.WHEEL_CACHE) / build_id  # beside the wheel
    assert folder.name == f"llama-bench-{bench.installed_version()}"


def test_the_cached_llama_bench_measures_the_bundled_model(default_model: Path) -> None:
    bench = script("llama_bench")
    binary = bench.cached_binary()
    if binary is None:
        pytest.skip("llama-bench is not built yet: python scripts/llama_bench.py --build-only (about 10 minutes)")
    rows = bench.run(binary, default_model, [1], n_gen=8, n_prompt=16, repetitions=1, flash_attn="0,1")
    assert {(r["test"], r["flash_attn"]) for r in rows} == {("tg8", 0), ("pp16", 0), ("tg8", 1), ("pp16", 1)}
    assert all(r["tps"] > 0 and r["threads"] == 1 for r in rows)


def test_gpu_parts_are_cut_to_size_and_joined_back_checked(tmp_path: Path) -> None:
    gpu = script("gpu_measure")
    files = {}
    for name, size in (("a.bin", 250), ("b.bin", 1000), ("c.bin", 10)):
        path = tmp_path / "in" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(bytes(range(256)) * (size // 256) + bytes(size % 256))
        files[name] = path
    stage = tmp_path / "stage"
    # a.bin travels alone (the build's inputs go first, so that it can start while the rest travel)
    manifest = gpu.split([{"a.bin": files["a.bin"]}, {"b.bin": files["b.bin"], "c.bin": files["c.bin"]}], stage, 300)
    (stage / "01" / "manifest.json").write_text(json.dumps(manifest))
    folders = sorted(p for p in stage.iterdir())
    assert [p.name for p in folders] == ["01", "02", "03", "04", "05"]
    assert sorted(f.name for f in folders[0].iterdir()) == ["a.bin.00", "manifest.json"]
    assert all(sum(f.stat().st_size for f in p.iterdir() if f.suffix != ".json") <= 300 for p in folders)
    gpu.join_parts(stage, tmp_path / "only", only=("a.bin",))
    assert [p.name for p in (tmp_path / "only").iterdir()] == ["a.bin"]
    gpu.join_parts(stage, tmp_path / "out")
    for name, path in files.items():
        assert (tmp_path / "out" / name).read_bytes() == path.read_bytes()
    (stage / "04" / "b.bin.02").write_bytes(b"damaged")
    (tmp_path / "out" / "b.bin").unlink()
    with pytest.raises(SystemExit, match=r"b\.bin: the joined file does not match"):
        gpu.join_parts(stage, tmp_path / "out")


def test_gpu_source_keeps_what_the_build_reads() -> None:
    gpu = script("gpu_measure")
    top = "llama_cpp_python-0.3.36"
    kept = ["CMakeLists.txt", "llama_cpp/llama.py", "vendor/llama.cpp/src/models/llama.cpp",
            "vendor/llama.cpp/tools/llama-bench/llama-bench.cpp", "vendor/llama.cpp/ggml/src/ggml.c"]  # fmt: skip
    dropped = ["vendor/llama.cpp/models/ggml-vocab-llama.gguf", "vendor/llama.cpp/docs/build.md", "tests/t.py",
               "vendor/llama.cpp/tools/ui/index.html", "vendor/llama.cpp/.github/workflows/x.yml"]  # fmt: skip
    assert not any(gpu.skipped(f"{top}/{name}") for name in kept)
    assert all(gpu.skipped(f"{top}/{name}") for name in dropped)
