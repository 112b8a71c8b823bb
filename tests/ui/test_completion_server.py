"""The Completion panel on servers, in the window as ``main()`` builds it: a real llama_cpp.server on
127.0.0.1 serving the bundled SmolLM2 (and Gemma 3 270M where scoring is under test), added to the window's
servers as the Servers dialog adds one, beside the same models on the local host, offscreen."""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.remote import ServerConfig
from desktop.core.remote.capabilities import Capabilities
from desktop.resources import base_model_path
from desktop.services.remote_source import RemoteModelSource, parse_source_key, source_key
from desktop.services.settings import Settings
from desktop.ui.panels.completion import CompletionPanel
from tests.core.test_remote import KEY, LlamaServer, send, start_llama_server, stop_llama_server
from tests.ui.test_completion_panel import history_path, open_completion, saved_runs


@pytest.fixture
def server(default_model: Path, tmp_path: Path) -> Iterator[LlamaServer]:
    s = start_llama_server(default_model, tmp_path / "server.log", api_key=KEY)
    yield s
    stop_llama_server(s)


def add_server(qtbot: QtBot, window: Any, url: str, name: str, key: str | None = KEY, timeout_s: float = 60.0) -> str:
    """Add a server to the window's servers, as Models > Servers > Add server… does; its check lists its
    models. Returns the server's id."""
    with qtbot.waitSignal(window.remote.checked, timeout=60000):
        window.remote.add_server(ServerConfig(name, url, timeout_s=timeout_s), key)
    return str(window.remote.servers()[-1].id)


@pytest.fixture
def panel(qtbot: QtBot, make_window: Callable[..., Any], default_model: Path, server: LlamaServer) -> CompletionPanel:
    p: CompletionPanel = open_completion(qtbot, make_window, default_model)
    add_server(qtbot, p.window(), server.base_url, "local llama_cpp.server")
    return p


def server_key(panel: CompletionPanel, server: LlamaServer, index: int = 0) -> str:
    return source_key(panel.window().remote.servers()[index].id, server.model)


def choose(panel: CompletionPanel, key: str) -> RemoteModelSource:
    index = panel.source_pick.findData(key)
    assert index > 0
    panel.source_pick.setCurrentIndex(index)
    panel.source_pick.activated.emit(index)  # as a click does: the choice is kept for the next start
    source = panel.source()
    assert isinstance(source, RemoteModelSource) and source.key == key
    return source


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
    qtbot: QtBot, panel: CompletionPanel, server: LlamaServer, fresh_home: Path
) -> None:
    key = server_key(panel, server)
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
    assert "including network time" in panel.compare_box.figures.text()
    assert "on a server" in panel.compare_box.title.text()
    qtbot.waitUntil(lambda: bool(saved_runs(history_path(fresh_home))[0].get("compare")), timeout=10000)
    assert KEY not in json.dumps(saved_runs(history_path(fresh_home)))  # the key is never in the history


def test_compare_one_server_model_with_another(
    qtbot: QtBot, panel: CompletionPanel, server: LlamaServer, fresh_home: Path
) -> None:
    """Server against server: the first run on one server entry, the comparison on another."""
    window = panel.window()
    add_server(qtbot, window, server.base_url, "the same server, again")
    first, second = server_key(panel, server, 0), server_key(panel, server, 1)
    choose(panel, first)
    panel.compare_model.setCurrentIndex(panel.compare_model.findData(second))
    panel.compare.setChecked(True)
    greedy(panel, "The capital of France is", 6)
    panel.generate()
    qtbot.waitUntil(lambda: panel.run is not None and "compare" in panel.run and not panel.busy(), timeout=120000)
    run = panel.run
    assert run is not None and run["server"] == "local llama_cpp.server"
    assert run["compare"]["server"] == "the same server, again" and run["compare"]["output"] == run["output"]
    assert panel.compare_models is None  # no model host was started for a comparison on a server
    assert panel.status.text().startswith("Done.")


def test_a_run_on_the_server_stop_and_a_server_killed_midway(
    qtbot: QtBot, panel: CompletionPanel, server: LlamaServer, fresh_home: Path
) -> None:
    source = choose(panel, server_key(panel, server))
    assert not panel.load_default_btn.isVisibleTo(panel) and panel.generate_btn.isEnabled()
    assert all(getattr(panel, n).isEnabled() for n in ("top_k", "min_p", "repeat_penalty", "seed"))

    # A plain run: labelled as a server run, saved with the server's name and model.
    greedy(panel, "The capital of France is", 6)
    with qtbot.waitSignal(source.completed, timeout=60000):
        panel.generate()
    run = panel.run
    assert run is not None and run["server"] == "local llama_cpp.server" and run["server_model"] == server.model
    assert len(run["tokens"]) == 6 and all(t["p"] is not None for t in run["tokens"])
    assert not panel.speed.network_note.isHidden()
    assert "including network time" in panel.speed.figure_names["ttft"].text()
    assert panel.status.text().startswith("Done")
    # llama_cpp.server does not say how long the prompt was: "–", not "0" (issue 19)
    assert run["metrics"]["n_prompt"] == 0 and panel.speed.figures["n_prompt"].text() == "–"

    # Stop closes the stream at once.
    panel.max_tokens.setValue(900)
    panel.prompt.setPlainText("Once upon a time")
    stopped: list[float] = []

    def stop_after_three(_rid: int, _event: Any) -> None:
        if panel.run is not None and len(panel.run["tokens"]) >= 3 and not stopped:
            stopped.append(time.perf_counter())
            panel.stop_generation()

    source.tokens.connect(stop_after_three)
    with qtbot.waitSignal(source.completed, timeout=60000):
        panel.generate()
    source.tokens.disconnect(stop_after_three)
    assert time.perf_counter() - stopped[0] < 1.0
    assert panel.run is not None and panel.run["stop_reason"] == "cancelled" and len(panel.run["tokens"]) < 20
    assert not panel.window().remote.busy() and panel.generate_btn.isEnabled()

    # The server killed in the middle of a stream: a clear message, the partial text kept in history.
    def kill_after_four(_rid: int, _event: Any) -> None:
        if panel.run is not None and len(panel.run["tokens"]) >= 4 and server.proc.poll() is None:
            os.kill(server.proc.pid, signal.SIGKILL)

    source.tokens.connect(kill_after_four)
    with qtbot.waitSignal(source.requestFailed, timeout=60000):
        panel.generate()
    server.proc.wait(10)
    assert "closed in the middle of the answer" in panel.status.text()
    run = panel.run
    assert run is not None and run["stop_reason"] == "error" and "kept" in run["error"]
    assert run["output"] and run["output"] == "".join(t["text"] for t in run["tokens"])
    qtbot.waitUntil(lambda: len(saved_runs(history_path(fresh_home))) == 3, timeout=10000)
    broken = [r for r in saved_runs(history_path(fresh_home)) if r["stop_reason"] == "error"]
    assert len(broken) == 1 and broken[0]["output"] == run["output"] and broken[0]["error"] == run["error"]
    assert all("key" not in k for r in saved_runs(history_path(fresh_home)) for k in r)

    # The app goes on: the local model still generates.
    panel.source_pick.setCurrentIndex(0)
    assert panel.source() is panel.sources.local
    greedy(panel, "Hello", 3)
    with qtbot.waitSignal(panel.models.completed, timeout=60000):
        panel.generate()
    assert panel.run is not None and "server" not in panel.run and len(panel.run["tokens"]) == 3
    assert "including network time" not in panel.speed.figure_names["ttft"].text()
    assert panel.speed.figures["n_prompt"].text() not in ("–", "0")


def test_a_server_without_probabilities_or_top_k(qtbot: QtBot, panel: CompletionPanel, server: LlamaServer) -> None:
    # Simulated: what a check finds on an engine that takes only the OpenAI settings and returned no
    # probabilities (Ollama's /v1). The stream itself is the real server's, asked without logprobs.
    remote = panel.window().remote
    caps = Capabilities.for_engine("ollama")
    caps.logprobs = False
    remote._caps[remote.servers()[0].id] = caps
    choose(panel, server_key(panel, server))
    for name in ("top_k", "min_p", "repeat_penalty"):
        widget = getattr(panel, name)
        assert not widget.isEnabled() and "does not take this setting" in widget.toolTip()
    assert panel.temperature.isEnabled() and panel.top_p.isEnabled() and panel.seed.isEnabled()
    assert not panel.sampling.note.isHidden() and "Top-k" in panel.sampling.note.text()
    assert "returned no probabilities" in panel.model_note.text()
    # Scoring needs probabilities: greyed, with the reason
    for button, note in (
        (panel.score_text.score_btn, panel.score_text.support_note),
        (panel.fill_blank.run_btn, panel.fill_blank.support_note),
    ):
        assert not button.isEnabled() and "returns no token probabilities" in note.text()

    greedy(panel, "The capital of France is", 5)
    source = panel.source()
    with qtbot.waitSignal(source.completed, timeout=60000):
        panel.generate()
    run = panel.run
    assert run is not None and len(run["tokens"]) >= 1 and all("p" not in t for t in run["tokens"])
    assert "top_k" not in run["settings"] and "temperature" in run["settings"]
    assert "returned no probabilities" in panel.status.text()
    panel.show_token(0)
    alternatives = panel.token_tab.alternatives
    assert "returned no probabilities" in str(alternatives.title) and alternatives.items == []
    # Plain, not tinted as if each token's probability were 0.
    cursor = panel.output.textCursor()
    cursor.setPosition(panel.output._starts[0] + 1)
    assert cursor.charFormat().background().style().name == "NoBrush"


def test_chat_on_the_server_keeps_the_conversation_and_the_choice(
    qtbot: QtBot, panel: CompletionPanel, server: LlamaServer, make_window: Callable[..., Any]
) -> None:
    key = server_key(panel, server)
    source = choose(panel, key)
    assert panel.settings.get_str("completion/source", "") == key
    panel.mode.setCurrentIndex(panel.mode.findData("chat"))
    assert "applies its own chat template" in panel.model_note.text()
    panel.prompt.setPlainText("Say hello.")
    panel.max_tokens.setValue(8)
    panel.temperature.setValue(0.0)
    with qtbot.waitSignal(source.completed, timeout=60000):
        panel.generate()
    run = panel.run
    assert run is not None and run["mode"] == "chat" and run["output"] and "chat_format" not in run["settings"]
    assert [m["role"] for m in panel.messages] == ["user", "assistant"]
    assert panel.messages[1]["content"] == run["output"] and panel.prompt.toPlainText() == ""
    assert "User: Say hello." in panel.output.toPlainText()
    # The sampling path needs a step's full logits, which a server does not send: said, not attempted.
    panel.show_token(0)
    assert "needs a local model" in panel.token_tab.sampling_path.view.text()

    # A restart (a new window on the same settings) picks the same server model once its check lists it.
    settings = panel.settings
    settings.sync()
    panel.window().close()
    again = make_window(settings=Settings(settings.path), start_host=False, panel="Completion").panel("Completion")
    qtbot.waitUntil(lambda: again.source_pick.currentData() == key, timeout=60000)
    assert again.source() is not again.sources.local


def test_tokenize_through_the_source_is_the_same_locally_and_on_the_server(
    qtbot: QtBot, panel: CompletionPanel, server: LlamaServer
) -> None:
    """The Source interface's tokenizer: the local model's and the server's ids agree for one model."""
    text = "The quick brown fox jumps over the lazy dog."
    answers: dict[str, Any] = {}
    for name, source in (("local", panel.sources.local), ("server", panel.sources.source(server_key(panel, server)))):
        assert source is not None
        with qtbot.waitSignal(source.tokenized, timeout=60000) as got:
            rid = source.tokenize(text)
        assert got.args[0] == rid
        answers[name] = got.args[1]
    assert answers["local"]["ids"] == answers["server"]["ids"] and len(answers["local"]["ids"]) == 10
    assert "".join(answers["local"]["pieces"]) == text


@pytest.fixture
def gemma_server(tmp_path: Path) -> Iterator[LlamaServer]:
    path = base_model_path(assemble=True)
    assert path is not None, "Gemma 3 270M (the bundled base model) must be installed"
    s = start_llama_server(path, tmp_path / "gemma-server.log")
    yield s
    stop_llama_server(s)


def test_score_and_fill_the_blank_on_a_server(
    qtbot: QtBot, panel: CompletionPanel, server: LlamaServer, gemma_server: LlamaServer
) -> None:
    """Where the server's log-probabilities for a given text are right (Gemma adds a BOS token), Score a
    text and Fill the blank run on it and agree with the local host; where they are one token late
    (llama-cpp-python with SmolLM2, no BOS), both are greyed with the reason."""
    window = panel.window()
    # SmolLM2 on llama_cpp.server: the check finds the shifted log-probabilities, and says so.
    smol = choose(panel, server_key(panel, server))
    panel.show_page(panel.score_text)  # Score a text: opening it checks the server
    qtbot.waitUntil(lambda: not panel.score_text.score_btn.isEnabled(), timeout=60000)
    assert "paired with the model's guess for the token after it" in panel.score_text.support_note.text()
    assert not panel.fill_blank.run_btn.isEnabled() and not panel.fill_blank.support_note.isHidden()
    assert smol.score("score", text="Hello there") is None

    # Gemma on llama_cpp.server: the same text scored there and on the local host (Gemma loaded here).
    gemma_id = add_server(qtbot, window, gemma_server.base_url, "gemma server", key=None)
    choose(panel, source_key(gemma_id, gemma_server.model))
    text = "The quick brown fox jumps over the lazy dog."
    view = panel.score_text
    view.input.setPlainText(text)
    view.also.setChecked(False)
    qtbot.waitUntil(lambda: view.score_btn.isEnabled(), timeout=60000)
    view.score_btn.click()
    qtbot.waitUntil(lambda: len(view.results) == 1, timeout=180000)
    name, there = view.results[0]
    assert name == f"gemma server / {gemma_server.model}" and "perplexity" in view.summary.text()
    assert view.output.toPlainText() == text and view.first.title.text() == name
    base = base_model_path(assemble=True)
    with qtbot.waitSignal(window.models.loaded, timeout=60000):
        window.models.load(base, n_ctx=1024)
    panel.source_pick.setCurrentIndex(0)
    view.score_btn.click()
    qtbot.waitUntil(lambda: len(view.results) == 2, timeout=120000)
    _name, here = view.results[1]
    # The server gives no score to a text's first token; every other token's agrees with the host's.
    assert [t["text"] for t in there["tokens"]] == [t["text"] for t in here["tokens"]][1:]
    for a, b in zip(there["tokens"], here["tokens"][1:], strict=True):
        # Batch sizes differ, and flash attention sums in f16 on both sides: 0.014 seen.
        assert abs(a["logprob"] - b["logprob"]) < 2e-2, (a, b)

    # Fill the blank on the Gemma server: "dog" wins once the words after the blank count.
    choose(panel, source_key(gemma_id, gemma_server.model))
    fill = panel.fill_blank
    fill.sentence.setText("The ___ barked.")
    fill.words.setText("dog, cat, car")
    qtbot.waitUntil(lambda: fill.run_btn.isEnabled(), timeout=60000)
    fill.run_btn.click()
    qtbot.waitUntil(lambda: fill.result is not None, timeout=240000)
    assert fill.result is not None and fill.result["both"][0]["word"] == "dog"
    assert fill.left_table.rowCount() >= 5 and "Best with both sides: “dog”" in fill.status.text()


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


def test_a_silent_server_times_out_within_the_users_timeout(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Silent)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name="silent-server")
    thread.start()
    try:
        window = make_window(start_host=False, panel="Completion")
        panel = window.panel("Completion")
        url = f"http://127.0.0.1:{httpd.server_address[1]}/v1"
        server_id = add_server(qtbot, window, url, "silent", key=None, timeout_s=2.0)
        source = choose(panel, source_key(server_id, "silent"))
        panel.prompt.setPlainText("Hello")
        started = time.perf_counter()
        with qtbot.waitSignal(source.requestFailed, timeout=30000) as failed:
            panel.generate()
        waited = time.perf_counter() - started
        assert failed.args[1] == "Timeout" and 2.0 <= waited < 6.0
        assert "sent nothing for 2 s" in panel.status.text()
        assert panel.generate_btn.isEnabled() and not window.remote.busy()
        assert panel.state.saved is None  # nothing arrived, so nothing is saved as a run
        window.close()
    finally:
        _Silent.release.set()
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)
