"""The Tokenizer panel with a server model's own tokenizer, in the window as ``main()`` builds it: a real
llama_cpp.server serving the bundled SmolLM2 (``/extras/tokenize``), and a real HTTP server that lists a
model but has no tokenize endpoint. The servers are the ones a person saved (the window checks them at
start); no test hands the panel a service."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.core import tokenizers as T
from desktop.core.remote import ServerConfig
from desktop.core.server_tokens import UNKNOWN_PIECE
from desktop.services.remote_service import SETTINGS_KEY
from desktop.services.remote_source import source_key
from desktop.services.settings import Settings
from desktop.ui.panels.tokenizer import TABS, TokenizerPanel
from tests.core.test_remote import LlamaServer, send, start_llama_server, stop_llama_server
from tests.ui.test_tokenizer_panel import open_tokenizer, wait_for


def window_with_server(qtbot: QtBot, make_window: Callable[..., Any], config: ServerConfig) -> tuple[Any, str]:
    """A window whose saved servers are ``config``, after the check at start; its panel's key prefix."""
    settings = Settings()
    settings.set(SETTINGS_KEY, json.dumps([config.to_dict()]))
    window = make_window(settings=settings, start_host=False)
    with qtbot.waitSignal(window.remote.checked, timeout=60000):
        pass
    return window, window.remote.servers()[0].id


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


@pytest.fixture
def llama_server(default_model: Path, tmp_path: Path) -> Iterator[LlamaServer]:
    server = start_llama_server(default_model, tmp_path / "server.log")
    yield server
    stop_llama_server(server)


def test_a_server_models_own_tokenizer_shows_korean_as_byte_pieces(
    qtbot: QtBot, make_window: Callable[..., Any], llama_server: LlamaServer, default_model: Path
) -> None:
    window, server_id = window_with_server(qtbot, make_window, llama_server.config())
    panel: TokenizerPanel = open_tokenizer(qtbot, window)
    key = source_key(server_id, llama_server.model)
    qtbot.waitUntil(lambda: key in panel.encoding_keys(), timeout=5000)
    assert key not in panel.compare_keys()  # the Compare tab does not ask servers at every pause
    text = "Hello world, tokenizers differ: 안녕하세요. " + T.EXAMPLES["Korean sentence: the weather"]
    panel.set_text(text)
    local_key = T.gguf_key(str(default_model))
    assert panel.set_encoding(local_key)
    local = [s for s in wait_for(qtbot, panel, text, local_key).spans if not s.added]
    assert panel.set_encoding(key)
    there = wait_for(qtbot, panel, text, key)
    assert "(server)" in panel.encoding.currentText()
    # The same model's tokenizer: the same ids, and spans that join back into the input.
    assert there.ids == [s.id for s in local] and there.total_tokens == len(there.ids)
    assert T.reassemble(text, there.spans) == text
    # llama_cpp.server cannot decode a piece of a character alone; the bytes come from the input instead,
    # shown as the local view shows them (one rendering), never as "�", and never blamed on normalization.
    shown = panel.spans_tab.token_view.toPlainText()
    assert "\ufffd" not in shown and "<0xEC>" in shown
    known = [(s, mine) for s, mine in zip(there.spans, local, strict=True) if s.text != UNKNOWN_PIECE]
    assert len(known) >= len(local) - 8  # a few may stay open: the text does not decide them
    assert all(s.data == mine.data and s.text == mine.text for s, mine in known)
    assert any(s.partial for s, _mine in known)
    notice = panel.summary.notice.text()
    assert "normalization" not in notice
    assert ("show as <?>" in notice) == any(s.text == UNKNOWN_PIECE for s in there.spans)
    assert "not given by the server" in panel.summary.summary.text()
    panel.tabs.setCurrentIndex(TABS.index("Decode"))
    panel.decode_tab.decode_now()
    qtbot.waitUntil(lambda: "not offered for a server model" in panel.decode_tab.decode_status.text(), timeout=5000)


def test_a_server_without_a_tokenizer_says_so(qtbot: QtBot, make_window: Callable[..., Any], bare_server: str) -> None:
    window, server_id = window_with_server(qtbot, make_window, ServerConfig("bare", bare_server))
    panel = open_tokenizer(qtbot, window)
    key = source_key(server_id, "tiny")
    qtbot.waitUntil(lambda: key in panel.encoding_keys(), timeout=5000)
    panel.set_text("Hello")
    assert panel.set_encoding(key)
    qtbot.waitUntil(lambda: panel.summary.error.isVisibleTo(panel), timeout=30000)
    assert "does not expose its tokenizer" in panel.summary.error.text()
    # The panel goes on with another encoding.
    assert panel.set_encoding("cl100k_base")
    assert wait_for(qtbot, panel, "Hello", "cl100k_base").ids == [9906]
