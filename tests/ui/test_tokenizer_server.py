"""The Tokenizer panel with a server model's own tokenizer: a real llama_cpp.server serving the bundled
SmolLM2 (``/extras/tokenize``), and a real HTTP server that lists a model but has no tokenize endpoint."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.core import tokenizers as T
from desktop.core.remote import KeyStore, ServerConfig
from desktop.services.catalog_service import CatalogService
from desktop.services.remote_service import RemoteService
from desktop.services.remote_source import source_key
from desktop.services.settings import Settings
from desktop.ui.panels.tokenizer import TABS, TokenizerPanel
from tests.core.test_remote import LlamaServer, MemoryKeyring, send, start_llama_server, stop_llama_server
from tests.ui.test_tokenizer_panel import wait_for


@pytest.fixture
def catalog(qtbot: QtBot, fresh_home: Path) -> Iterator[CatalogService]:
    service = CatalogService(Settings())
    with qtbot.waitSignal(service.changed, timeout=10000):
        service.rescan()
    yield service
    service.shutdown()


@pytest.fixture
def remote(qtbot: QtBot) -> Iterator[RemoteService]:
    svc = RemoteService(KeyStore(MemoryKeyring()))
    yield svc
    svc.shutdown()


@pytest.fixture
def panel(qtbot: QtBot, catalog: CatalogService, remote: RemoteService) -> Iterator[TokenizerPanel]:
    p = TokenizerPanel(catalog, remote=remote)
    qtbot.addWidget(p)
    p.resize(1000, 700)
    p.show()
    yield p
    p.shutdown()


class _NoTokenizer(BaseHTTPRequestHandler):
    """/v1/models lists one model; everything else is 404, as on a server without a tokenizer."""

    def _json(self, data: object) -> None:
        send(self, 200, json.dumps(data).encode())

    def do_GET(self) -> None:
        if self.path == "/v1/models":
            self._json({"object": "list", "data": [{"id": "tiny", "owned_by": "someone"}]})
        else:
            self.send_error(404)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        self.rfile.read(length)
        if self.path == "/v1/completions":  # the check's one-token probe: an answer without logprobs
            self._json({"choices": [{"index": 0, "text": "!", "finish_reason": "length"}]})
        else:
            self.send_error(404)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture
def bare_server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _NoTokenizer)
    thread = threading.Thread(target=httpd.serve_forever, name="bare-server")
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()
    httpd.server_close()
    thread.join(5)


def test_a_server_models_own_tokenizer(
    qtbot: QtBot, panel: TokenizerPanel, remote: RemoteService, default_model: Path, tmp_path: Path
) -> None:
    server: LlamaServer = start_llama_server(default_model, tmp_path / "server.log")
    try:
        with qtbot.waitSignal(remote.checked, timeout=60000):
            remote.add_server(server.config())
        key = source_key(remote.servers()[0].id, server.model)
        qtbot.waitUntil(lambda: key in panel.encoding_keys(), timeout=5000)
        assert key not in panel.compare_keys()  # the Compare tab does not ask servers at every pause
        text = "Hello world, tokenizers differ: 안녕하세요"
        panel.set_text(text)
        assert panel.set_encoding(T.gguf_key(str(default_model)))
        local = wait_for(qtbot, panel, text, T.gguf_key(str(default_model)))
        assert panel.set_encoding(key)
        there = wait_for(qtbot, panel, text, key)
        # The server's tokenizer is the same model's: the same ids, and spans that join into the input.
        assert there.ids == [s.id for s in local.spans if not s.added]
        assert T.reassemble(text, there.spans) == text and there.total_tokens == len(there.ids)
        assert "not given by the server" in panel.summary.text() and "(server)" in panel.encoding.currentText()
        panel.tabs.setCurrentIndex(TABS.index("Decode"))
        panel.decode_now()
        qtbot.waitUntil(lambda: "not offered for a server model" in panel.decode_status.text(), timeout=5000)
    finally:
        stop_llama_server(server)


def test_a_server_without_a_tokenizer_says_so(
    qtbot: QtBot, panel: TokenizerPanel, remote: RemoteService, bare_server: str
) -> None:
    with qtbot.waitSignal(remote.checked, timeout=30000):
        remote.add_server(ServerConfig("bare", bare_server))
    key = source_key(remote.servers()[0].id, "tiny")
    qtbot.waitUntil(lambda: key in panel.encoding_keys(), timeout=5000)
    panel.set_text("Hello")
    assert panel.set_encoding(key)
    qtbot.waitUntil(lambda: panel.error.isVisibleTo(panel), timeout=30000)
    assert "does not expose its tokenizer" in panel.error.text()
    # The panel goes on with another encoding.
    assert panel.set_encoding("cl100k_base")
    assert wait_for(qtbot, panel, "Hello", "cl100k_base").ids == [9906]
