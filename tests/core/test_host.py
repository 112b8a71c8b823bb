"""The model host: a real llama.cpp in a child process, loaded, cancelled, fed bad files, killed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import psutil
import pytest

from desktop.core.errors import HostDiedError
from desktop.core.host.client import HostProcess, describe_exit
from desktop.core.host.runner import LogCapture, auto_threads
from tests.gguf_files import bad_files, write_small_gguf


def final(host: HostProcess, rid: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Read events until request ``rid`` ends; returns its last event and the progress before it."""
    progress = []
    while True:
        event = host.read_event()
        assert event is not None, host.exit_report()
        if event.get("id") != rid:
            continue
        if event["type"] == "progress":
            progress.append(event)
            continue
        return event, progress


def test_hello_reports_build(host: HostProcess) -> None:
    caps = host.hello["data"]  # type: ignore[attr-defined]
    assert caps["llama_cpp_version"]
    assert isinstance(caps["gpu_offload"], bool)
    assert caps["backend"] in ("CPU", "CUDA", "Metal", "Vulkan", "ROCm", "GPU")
    assert caps["pid"] == host.pid


def test_load_and_unload_default_model(host: HostProcess, default_model: Path) -> None:
    rid = host.send("load", path=str(default_model), n_gpu_layers=0, n_ctx=512, n_threads=1)
    event, progress = final(host, rid)
    assert event["type"] == "result", event
    data = event["data"]
    assert data["n_ctx"] == 512
    assert data["layers_total"] == 31
    assert data["layers_on_gpu"] == 0
    assert data["n_vocab"] == 49152
    assert data["buffers_mib"]["KV"]["cpu"] > 0
    assert progress and progress[-1]["fraction"] == 1.0
    event, _ = final(host, host.send("unload"))
    assert event == {"id": event["id"], "type": "result", "data": {"unloaded": True}}


def test_bad_files_get_a_message_and_the_host_lives_on(host: HostProcess, tmp_path: Path, default_model: Path) -> None:
    small = write_small_gguf(tmp_path / "ok.gguf")
    for kind, path in bad_files(tmp_path / "bad", small).items():
        event, _ = final(host, host.send("load", path=str(path), n_ctx=256))
        assert event["type"] == "error", kind
        assert event["error"] == "ModelFileError", kind
        assert path.name in event["message"]
    # valid GGUF, but not a model llama.cpp can run: llama.cpp refuses it, the host survives
    event, _ = final(host, host.send("load", path=str(small), n_ctx=256))
    assert event["type"] == "error" and event["error"] == "ModelLoadError"
    assert "could not load" in event["message"]
    event, _ = final(host, host.send("load", path=str(default_model), n_ctx=256))
    assert event["type"] == "result"
    assert host.alive()


def test_cancel_a_queued_load(host: HostProcess, default_model: Path) -> None:
    first = host.send("load", path=str(default_model), n_ctx=256)
    second = host.send("load", path=str(default_model), n_ctx=256)
    host.cancel(second)
    event, _ = final(host, first)
    assert event["type"] == "result"
    event, _ = final(host, second)
    assert event["type"] == "error" and event["error"] == "Cancelled"


def test_cancel_during_load(host: HostProcess, default_model: Path) -> None:
    rid = host.send("load", path=str(default_model), n_ctx=256)
    while True:
        event = host.read_event()
        assert event is not None
        if event["type"] == "progress" and event["stage"] == "Loading weights":
            host.cancel(rid)
            break
    event, _ = final(host, rid)
    assert event["type"] == "error" and event["error"] == "Cancelled"
    event, _ = final(host, host.send("info"))
    assert event["data"]["loaded"] is None


def test_killed_host_is_explained(host: HostProcess, default_model: Path) -> None:
    final(host, host.send("load", path=str(default_model), n_ctx=256))
    assert host.pid is not None
    os.kill(host.pid, signal.SIGKILL)
    assert host.read_event() is None
    report = host.exit_report()
    assert "SIGKILL" in report
    with pytest.raises(HostDiedError):
        host.send("ping")


def test_describe_exit() -> None:
    assert "abort" in describe_exit(-signal.SIGABRT)
    assert "code 3" in describe_exit(3)


def test_log_capture_marks_survive_trimming() -> None:
    log = LogCapture(keep=5)
    log.write("a\nb\n")
    first = log.mark()
    assert first == 2
    log.write("c\nd\ne\nf\ng")  # "g" is a partial line until its newline comes
    assert log.since(first) == ["c", "d", "e", "f"]
    log.write("\n")
    second = log.mark()
    assert second == 7 and log.lines == ["c", "d", "e", "f", "g"]
    for i in range(12):  # more than the kept window since the mark
        log.write(f"line {i}\n")
    assert log.since(second) == [f"line {i}" for i in range(7, 12)]  # the newest kept ones
    assert log.since(log.mark()) == []
    assert log.mark() == 19


# Loads in a fresh interpreter with a small log window (a load writes about 2,100 lines), then a
# load that llama.cpp refuses: every load must still find its buffers, and the failure its log.
_MANY_LOADS = """
import io, json, sys, threading
from desktop.core.errors import ModelLoadError
from desktop.core.host.runner import LlamaRunner, LoadSettings, LogCapture
sys.stderr = io.StringIO()
runner = LlamaRunner(LogCapture(keep=1000))
model, bad = sys.argv[1], sys.argv[2]
out = {"buffers": [], "failure_log": ""}
for _ in range(4):
    data = runner.load(model, LoadSettings(n_ctx=256), lambda *a: None, threading.Event())
    out["buffers"].append(data["buffers_mib"])
try:
    runner.load(bad, LoadSettings(n_ctx=256), lambda *a: None, threading.Event())
except ModelLoadError as exc:
    out["failure_log"] = exc.details
runner.unload()
sys.__stdout__.write(json.dumps(out) + "\\n")
"""


def test_load_report_stays_right_after_many_loads(tmp_path: Path, default_model: Path) -> None:
    bad = write_small_gguf(tmp_path / "not_runnable.gguf")  # a valid GGUF that llama.cpp refuses
    proc = subprocess.run(
        [sys.executable, "-c", _MANY_LOADS, str(default_model), str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert len(out["buffers"]) == 4
    for buffers in out["buffers"]:
        assert buffers["model"]["cpu"] > 50  # SmolLM2's weights: about 92 MiB
        assert buffers["KV"]["cpu"] > 0 and buffers["compute"]["cpu"] > 0
    assert "llama" in out["failure_log"].lower() and out["failure_log"].count("\n") >= 5


def test_auto_threads_use_the_physical_cores(host: HostProcess, default_model: Path) -> None:
    physical = psutil.cpu_count(logical=False) or psutil.cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        physical = min(physical, len(os.sched_getaffinity(0)))
    assert auto_threads() == physical
    assert host.hello["data"]["auto_threads"] == physical  # type: ignore[attr-defined]
    event, _ = final(host, host.send("load", path=str(default_model), n_ctx=256, n_threads=0))
    data = event["data"]
    assert (data["n_threads"], data["n_threads_batch"], data["threads_auto"]) == (physical, physical, True)
    event, _ = final(host, host.send("load", path=str(default_model), n_ctx=256, n_threads=3))
    data = event["data"]
    assert (data["n_threads"], data["n_threads_batch"], data["threads_auto"]) == (3, 3, False)
