"""The window's model service on a real host: load, fail, cancel, survive a dead host, shut down cleanly.
The window is built as ``main()`` builds it; the tests drive ``window.models``, the service every panel
uses."""

from __future__ import annotations

import os
import signal
import struct
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.services.model_service import ModelService


@pytest.fixture
def service(make_window: Callable[..., Any]) -> ModelService:
    return make_window(start_host=False).models  # type: ignore[no-any-return]


def test_load_then_unload(qtbot: QtBot, service: ModelService, default_model: Path) -> None:
    with qtbot.waitSignal(service.loaded, timeout=30000) as loaded:
        assert service.load(default_model, n_gpu_layers=0, n_ctx=512)
        assert not service.load(default_model)  # a second load while busy is refused
    assert loaded.args[0]["n_ctx"] == 512
    assert service.state == "loaded"
    assert service.capabilities is not None and service.capabilities["backend"]
    with qtbot.waitSignal(service.unloaded, timeout=10000):
        service.unload()
    assert service.model is None


def test_bad_file_fails_with_message(qtbot: QtBot, service: ModelService, tmp_path: Path, default_model: Path) -> None:
    bad = tmp_path / "bad.gguf"
    bad.write_bytes(b"GGUF" + b"\x03\x00\x00\x00" + b"\xff" * 16)
    with qtbot.waitSignal(service.loadFailed, timeout=30000) as failed:
        service.load(bad)
    assert "bad.gguf" in failed.args[0]
    with qtbot.waitSignal(service.loaded, timeout=30000):
        service.load(default_model, n_ctx=256)


def test_host_death_is_reported_and_load_restarts_it(qtbot: QtBot, service: ModelService, default_model: Path) -> None:
    with qtbot.waitSignal(service.loaded, timeout=30000):
        service.load(default_model, n_ctx=256)
    pid = service.host_pid()
    assert pid is not None
    with qtbot.waitSignal(service.hostDied, timeout=10000) as died:
        os.kill(pid, signal.SIGKILL)
    assert "stopped unexpectedly" in died.args[0]
    assert "SIGKILL" in died.args[1]
    assert service.state == "idle" and service.model is None
    window = service.parent()
    assert [d.windowTitle() for d in window.errors] == ["The model host stopped"]  # type: ignore[attr-defined]
    with qtbot.waitSignal(service.loaded, timeout=30000):
        service.load(default_model, n_ctx=256)
    assert service.host_pid() not in (None, pid)


def test_cancel_is_safe_any_time(qtbot: QtBot, service: ModelService, default_model: Path) -> None:
    for _ in range(20):
        service.cancel()
    with qtbot.waitSignals([service.loadCancelled], timeout=30000):
        service.load(default_model, n_ctx=256)
        for _ in range(20):
            service.cancel()
    assert service.model is None
    with qtbot.waitSignal(service.loaded, timeout=30000):
        service.load(default_model, n_ctx=256)


def test_shutdown_during_load_leaves_nothing(make_window: Callable[..., Any], default_model: Path) -> None:
    window = make_window(start_host=False)
    window.models.load(default_model, n_ctx=256)
    window.close()  # the window's ordered shutdown, as at quit
    window.models.shutdown()
    assert window.models.host_pid() is None


def test_unload_during_generation(qtbot: QtBot, service: ModelService, default_model: Path) -> None:
    with qtbot.waitSignal(service.loaded, timeout=30000):
        service.load(default_model, n_ctx=512)
    tokens: list[object] = []
    service.token.connect(lambda _rid, tok: tokens.append(tok))
    rid = service.complete(mode="completion", prompt="Once upon a time", max_tokens=400, temperature=0.0)
    assert rid is not None and service.state == "generating"
    assert service.complete(mode="completion", prompt="again", max_tokens=4) is None  # busy
    qtbot.waitUntil(lambda: len(tokens) >= 2, timeout=30000)
    results: list[dict] = []
    service.completed.connect(lambda _rid, result: results.append(result))
    with qtbot.waitSignals([service.completed, service.unloaded], timeout=30000):
        service.unload()
    assert results[0]["stop_reason"] == "cancelled"
    assert service.model is None and service.state == "ready"


def test_load_right_after_a_crash_is_not_undone_by_the_old_host(
    qtbot: QtBot, service: ModelService, default_model: Path
) -> None:
    with qtbot.waitSignal(service.loaded, timeout=30000):
        service.load(default_model, n_ctx=256)
    old = service.host
    assert old is not None and old.pid is not None
    os.kill(old.pid, signal.SIGKILL)
    old.wait(10)  # dead, but its reader's events are still queued for the GUI thread
    died: list[tuple[str, str]] = []
    service.hostDied.connect(lambda m, d: died.append((m, d)))
    with qtbot.waitSignal(service.loaded, timeout=30000):
        assert service.load(default_model, n_ctx=256)
    qtbot.wait(300)  # let any late event of the old host arrive: it must be ignored
    assert len(died) == 1 and "SIGKILL" in died[0][1]
    assert service.state == "loaded" and service.host is not old


LOOP_TEMPLATE = "{% for i in range(99999) %}{% for j in range(99999) %}{% endfor %}{% endfor %}"


def copy_with_chat_template(src: Path, dst: Path, template: str) -> Path:
    """A copy of ``src`` whose chat template is replaced by ``template`` (padded with a Jinja comment
    to the old one's length, so nothing else in the file moves)."""
    data = bytearray(src.read_bytes())
    key = b"tokenizer.chat_template"
    at = data.index(key) + len(key)
    kind, length = struct.unpack_from("<IQ", data, at)
    assert kind == 8  # a GGUF string
    new = template.encode() + b"{#"
    new += b" " * (length - len(new) - 2) + b"#}"
    assert len(new) == length
    start = at + 12
    data[start : start + length] = new
    dst.write_bytes(bytes(data))
    return dst


def test_stop_ends_a_host_stuck_in_a_chat_template(
    qtbot: QtBot, service: ModelService, tmp_path: Path, default_model: Path
) -> None:
    looping = copy_with_chat_template(default_model, tmp_path / "looping.gguf", LOOP_TEMPLATE)
    service.stop_grace_s = 2.0
    with qtbot.waitSignal(service.loaded, timeout=30000):
        service.load(looping, n_ctx=256)
    old_pid, old_host = service.host_pid(), service.host
    failed: list[tuple[int, str, str]] = []
    service.requestFailed.connect(lambda rid, kind, message, _d: failed.append((rid, kind, message)))
    rid = service.complete(mode="chat", messages=[{"role": "user", "content": "Hi"}], max_tokens=4)
    assert rid is not None
    qtbot.wait(500)  # the host is now rendering the template, which never ends
    assert not failed and service.busy()
    assert not service.load(default_model)  # refused while the stuck request is pending
    with qtbot.waitSignal(service.hostDied, timeout=20000) as died:
        service.cancel()
    assert "did not stop within 2 s, so it was restarted" in died.args[0]
    assert failed and failed[0][:2] == (rid, "HostRestarted")
    assert service.state in ("idle", "starting", "ready") and service.model is None
    qtbot.waitUntil(lambda: service.state == "ready", timeout=20000)  # a fresh host, already started
    assert service.host_pid() not in (None, old_pid)
    assert old_host is not None and old_host.proc is not None and old_host.proc.poll() == -signal.SIGKILL
    with qtbot.waitSignal(service.loaded, timeout=30000):
        assert service.load(default_model, n_ctx=256)
    with qtbot.waitSignal(service.completed, timeout=30000) as done:
        service.complete(mode="chat", messages=[{"role": "user", "content": "Hi"}], max_tokens=4, temperature=0.0)
    assert done.args[1]["text"]
