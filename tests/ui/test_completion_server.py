"""The Completion panel on a server: a real llama_cpp.server on 127.0.0.1 serving the bundled SmolLM2,
beside the same model on the local host, offscreen."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.remote import KeyStore, ServerConfig
from desktop.core.remote.capabilities import Capabilities
from desktop.services.history_service import HistoryService
from desktop.services.model_service import ModelService
from desktop.services.remote_service import RemoteService
from desktop.services.remote_source import RemoteModelSource, parse_source_key, source_key
from desktop.services.settings import Settings
from desktop.ui.panels.completion import CompletionPanel
from tests.core.test_remote import KEY, LlamaServer, MemoryKeyring, send, start_llama_server, stop_llama_server
from tests.ui.test_completion_panel import saved_runs


@pytest.fixture
def models(qtbot: QtBot, default_model: Path) -> Iterator[ModelService]:
    svc = ModelService()
    with qtbot.waitSignal(svc.loaded, timeout=30000):
        svc.load(default_model, n_ctx=1024)
    yield svc
    svc.shutdown()


@pytest.fixture
def server(default_model: Path, tmp_path: Path) -> Iterator[LlamaServer]:
    s = start_llama_server(default_model, tmp_path / "server.log", api_key=KEY)
    yield s
    stop_llama_server(s)


@pytest.fixture
def remote(qtbot: QtBot, server: LlamaServer) -> Iterator[RemoteService]:
    svc = RemoteService(KeyStore(MemoryKeyring()))
    with qtbot.waitSignal(svc.checked, timeout=60000):
        svc.add_server(server.config(), KEY)
    yield svc
    svc.shutdown()


@pytest.fixture
def panel(qtbot: QtBot, fresh_home: Path, models: ModelService, remote: RemoteService) -> Iterator[CompletionPanel]:
    history = HistoryService(fresh_home / "history.sqlite3")
    p = CompletionPanel(models, Settings(), history, remote=remote)
    qtbot.addWidget(p)
    p.show()
    yield p
    p.shutdown()
    history.shutdown()


def server_key(remote: RemoteService, server: LlamaServer) -> str:
    return source_key(remote.servers()[0].id, server.model)


def greedy(panel: CompletionPanel, prompt: str, max_tokens: int) -> None:
    panel.mode.setCurrentIndex(panel.mode.findData("completion"))
    panel.prompt.setPlainText(prompt)
    panel.max_tokens.setValue(max_tokens)
    panel.temperature.setValue(0.0)
    panel.repeat_penalty.setValue(1.0)


def test_source_keys() -> None:
    assert parse_source_key(source_key("ab12", "meta-llama/Llama-3-8B")) == ("ab12", "meta-llama/Llama-3-8B")
    assert parse_source_key("/models/x.gguf") is None and parse_source_key("remote:ab12/") is None


def test_compare_local_with_the_same_model_on_the_server(
    qtbot: QtBot, panel: CompletionPanel, remote: RemoteService, server: LlamaServer, fresh_home: Path
) -> None:
    key = server_key(remote, server)
    assert panel.source_pick.isVisibleTo(panel) and panel.source_pick.findData(key) > 0
    panel.compare_model.setCurrentIndex(panel.compare_model.findData(key))
    assert panel.compare_model.currentText() == f"local llama_cpp.server / {server.model}"
    panel.compare.setChecked(True)
    greedy(panel, "The capital of France is", 10)
    panel.generate()
    qtbot.waitUntil(lambda: panel.run is not None and "compare" in panel.run, timeout=120000)
    run = panel.run
    assert run is not None
    compare = run["compare"]
    # Greedy text from the server equals the local host's, and so do the probabilities (to 1e-3).
    assert compare["output"] == run["output"] and len(compare["tokens"]) == len(run["tokens"]) == 10
    for here, there in zip(run["tokens"], compare["tokens"], strict=True):
        assert there["text"] == here["text"] and abs(there["p"] - here["p"]) < 1e-3
        assert there["alts"][0][1] == here["alts"][0][1]
    assert compare["server"] == "local llama_cpp.server" and compare["server_model"] == server.model
    assert "including network time" in panel.compare_figures.text()
    assert "on a server" in panel.compare_title.text()
    qtbot.waitUntil(lambda: bool(saved_runs(fresh_home / "history.sqlite3")[0].get("compare")), timeout=10000)
    saved = saved_runs(fresh_home / "history.sqlite3")
    assert KEY not in json.dumps(saved)  # the key is never in the history


def test_a_run_on_the_server_stop_and_a_server_killed_midway(
    qtbot: QtBot, panel: CompletionPanel, remote: RemoteService, server: LlamaServer, fresh_home: Path
) -> None:
    panel.source_pick.setCurrentIndex(panel.source_pick.findData(server_key(remote, server)))
    source = panel.source()
    assert isinstance(source, RemoteModelSource)
    assert not panel.load_default_btn.isVisibleTo(panel) and panel.generate_btn.isEnabled()
    assert all(getattr(panel, n).isEnabled() for n in ("top_k", "min_p", "repeat_penalty", "seed"))

    # A plain run: labelled as a server run, saved with the server's name and model.
    greedy(panel, "The capital of France is", 6)
    with qtbot.waitSignal(source.completed, timeout=60000):
        panel.generate()
    run = panel.run
    assert run is not None and run["server"] == "local llama_cpp.server" and run["server_model"] == server.model
    assert len(run["tokens"]) == 6 and all(t["p"] is not None for t in run["tokens"])
    assert not panel.network_note.isHidden()
    assert "including network time" in panel.figure_names["ttft"].text()
    assert panel.status.text().startswith("Done")

    # Stop closes the stream at once.
    panel.max_tokens.setValue(900)
    panel.prompt.setPlainText("Once upon a time")
    stopped: list[float] = []

    def stop_after_three(_rid: int, _event: Any) -> None:
        if panel.run is not None and len(panel.run["tokens"]) == 3 and not stopped:
            stopped.append(time.perf_counter())
            panel.stop_generation()

    source.token.connect(stop_after_three)
    with qtbot.waitSignal(source.completed, timeout=60000):
        panel.generate()
    source.token.disconnect(stop_after_three)
    assert time.perf_counter() - stopped[0] < 1.0
    assert panel.run is not None and panel.run["stop_reason"] == "cancelled" and len(panel.run["tokens"]) < 20
    assert not remote.busy() and panel.generate_btn.isEnabled()

    # The server killed in the middle of a stream: a clear message, the partial text kept in history.
    def kill_after_four(_rid: int, _event: Any) -> None:
        if panel.run is not None and len(panel.run["tokens"]) == 4:
            os.kill(server.proc.pid, signal.SIGKILL)

    source.token.connect(kill_after_four)
    with qtbot.waitSignal(source.requestFailed, timeout=60000):
        panel.generate()
    server.proc.wait(10)
    assert "closed in the middle of the answer" in panel.status.text()
    run = panel.run
    assert run is not None and run["stop_reason"] == "error" and "kept" in run["error"]
    assert run["output"] and run["output"] == "".join(t["text"] for t in run["tokens"])
    qtbot.waitUntil(lambda: len(saved_runs(fresh_home / "history.sqlite3")) == 3, timeout=10000)
    broken = [r for r in saved_runs(fresh_home / "history.sqlite3") if r["stop_reason"] == "error"]
    assert len(broken) == 1 and broken[0]["output"] == run["output"] and broken[0]["error"] == run["error"]
    assert all("key" not in k for r in saved_runs(fresh_home / "history.sqlite3") for k in r)

    # The app goes on: the local model still generates.
    panel.source_pick.setCurrentIndex(0)
    assert panel.source() is panel.models
    greedy(panel, "Hello", 3)
    with qtbot.waitSignal(panel.models.completed, timeout=60000):
        panel.generate()
    assert panel.run is not None and "server" not in panel.run and len(panel.run["tokens"]) == 3
    assert "including network time" not in panel.figure_names["ttft"].text()


def test_a_server_without_probabilities_or_top_k(
    qtbot: QtBot, panel: CompletionPanel, remote: RemoteService, server: LlamaServer
) -> None:
    # Simulated: what a check finds on an engine that takes only the OpenAI settings and returned no
    # probabilities (Ollama's /v1). The stream itself is the real server's, asked without logprobs.
    server_id = remote.servers()[0].id
    caps = Capabilities.for_engine("ollama")
    caps.logprobs = False
    remote._caps[server_id] = caps
    panel.source_pick.setCurrentIndex(panel.source_pick.findData(server_key(remote, server)))
    for name in ("top_k", "min_p", "repeat_penalty"):
        widget = getattr(panel, name)
        assert not widget.isEnabled() and "does not take this setting" in widget.toolTip()
    assert panel.temperature.isEnabled() and panel.top_p.isEnabled() and panel.seed.isEnabled()
    assert not panel.sampling_note.isHidden() and "Top-k" in panel.sampling_note.text()
    assert "returned no probabilities" in panel.model_note.text()

    greedy(panel, "The capital of France is", 5)
    source = panel.source()
    assert isinstance(source, RemoteModelSource)
    with qtbot.waitSignal(source.completed, timeout=60000):
        panel.generate()
    run = panel.run
    assert run is not None and len(run["tokens"]) >= 1 and all("p" not in t for t in run["tokens"])
    assert "top_k" not in run["settings"] and "temperature" in run["settings"]
    assert "returned no probabilities" in panel.status.text()
    panel.show_token(0)
    assert "returned no probabilities" in panel.alternatives.title and panel.alternatives.items == []
    # Plain, not tinted as if each token's probability were 0.
    cursor = panel.output.textCursor()
    cursor.setPosition(panel.output._starts[0] + 1)
    assert cursor.charFormat().background().style().name == "NoBrush"


def test_chat_on_the_server_keeps_the_conversation_and_the_choice(
    qtbot: QtBot, panel: CompletionPanel, remote: RemoteService, server: LlamaServer
) -> None:
    key = server_key(remote, server)
    index = panel.source_pick.findData(key)
    panel.source_pick.setCurrentIndex(index)
    panel.source_pick.activated.emit(index)  # as a click does: the choice is kept for the next start
    assert panel.settings.get_str("completion/source", "") == key
    panel.mode.setCurrentIndex(panel.mode.findData("chat"))
    assert "applies its own chat template" in panel.model_note.text()
    panel.prompt.setPlainText("Say hello.")
    panel.max_tokens.setValue(8)
    panel.temperature.setValue(0.0)
    source = panel.source()
    assert isinstance(source, RemoteModelSource)
    with qtbot.waitSignal(source.completed, timeout=60000):
        panel.generate()
    run = panel.run
    assert run is not None and run["mode"] == "chat" and run["output"] and "chat_format" not in run["settings"]
    assert [m["role"] for m in panel.messages] == ["user", "assistant"]
    assert panel.messages[1]["content"] == run["output"] and panel.prompt.toPlainText() == ""
    assert "User: Say hello." in panel.output.toPlainText()

    # The next panel (a restart) picks the same server model once the server's check lists it.
    again = CompletionPanel(panel.models, panel.settings, panel.history, remote=remote)
    qtbot.addWidget(again)
    try:
        assert again.source_pick.currentData() == key and again.source() is not again.models
    finally:
        again.shutdown()


class _Silent(BaseHTTPRequestHandler):
    """Lists a model and answers the check's probe, but a streamed completion gets no answer at all."""

    release = threading.Event()

    def _json(self, data: object) -> None:
        send(self, 200, json.dumps(data).encode())

    def do_GET(self) -> None:
        self._json({"object": "list", "data": [{"id": "silent", "owned_by": "someone"}]})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        if body.get("stream"):
            self.release.wait(60)  # accepts, then stays silent
            return
        self._json({"choices": [{"index": 0, "text": "!", "finish_reason": "length"}]})

    def log_message(self, *_args: object) -> None:
        pass


def test_a_silent_server_times_out_within_the_users_timeout(qtbot: QtBot, fresh_home: Path) -> None:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Silent)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="silent-server")
    thread.start()
    models = ModelService()
    remote = RemoteService(KeyStore(MemoryKeyring()))
    history = HistoryService(fresh_home / "history.sqlite3")
    panel = CompletionPanel(models, Settings(), history, remote=remote)
    qtbot.addWidget(panel)
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
        with qtbot.waitSignal(remote.checked, timeout=30000):
            remote.add_server(ServerConfig("silent", url, timeout_s=2.0))
        panel.source_pick.setCurrentIndex(panel.source_pick.findData(source_key(remote.servers()[0].id, "silent")))
        source = panel.source()
        assert isinstance(source, RemoteModelSource)
        panel.prompt.setPlainText("Hello")
        started = time.perf_counter()
        with qtbot.waitSignal(source.requestFailed, timeout=30000) as failed:
            panel.generate()
        waited = time.perf_counter() - started
        assert failed.args[1] == "Timeout" and 2.0 <= waited < 6.0
        assert "sent nothing for 2 s" in panel.status.text()
        assert panel.generate_btn.isEnabled() and not remote.busy()
        assert panel._saved is None  # nothing arrived, so nothing is saved as a run
    finally:
        _Silent.release.set()
        panel.shutdown()
        history.shutdown()
        remote.shutdown()
        models.shutdown()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
