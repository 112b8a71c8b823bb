"""The Models panel's Servers list in the window as ``main()`` builds it, against a real llama_cpp.server on
127.0.0.1 (and a silent socket, and stand-ins): adding a server through its dialog, its models listed (a
few thousand without freezing the window), each failure in words, keys that stay out of the settings file,
the plain-HTTP question, the no-keyring note, the autoload checkbox, a server that dies shown as down, and
servers that never wait on each other."""

from __future__ import annotations

import contextlib
import json
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from keyring.backends import fail
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox, QTreeWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from desktop.core.remote import KeyStore, ServerConfig, secrets
from desktop.services.remote_service import RemoteService
from desktop.services.settings import Settings
from desktop.ui.panels.servers import ServerDialog, ServersList
from tests.core.test_remote import (
    KEY,
    LlamaServer,
    MemoryKeyring,
    free_port,
    send,
    stand_in,
    start_llama_server,
    stop_llama_server,
)
from tests.core.test_remote import keyring as keyring  # a fixture: the window's key store
from tests.hostile_servers import Hostile
from tests.ui.completion_driver import Heartbeat

WRONG = "sk-wrong-0f9e8d7c"


@pytest.fixture
def keyed(default_model: Path, tmp_path: Path) -> Iterator[LlamaServer]:
    s = start_llama_server(default_model, tmp_path / "keyed.log", api_key=KEY)
    yield s
    stop_llama_server(s)


@pytest.fixture
def window(make_window: Callable[..., Any], keyring: MemoryKeyring) -> Any:
    return make_window(start_host=False, panel="Models")


def servers_of(window: Any) -> ServersList:
    servers = window.models_panel.servers
    assert servers is not None and servers.service is window.remote
    return servers


class Answers:
    """Answers the plain-HTTP question (the real message box) when it opens; keeps the questions asked."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.asked: list[str] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            self.asked.append(box.text())
            button = QMessageBox.StandardButton.Yes if self.answer else QMessageBox.StandardButton.No
            box.button(button).click()

    def stop(self) -> None:
        self.timer.stop()


def in_dialog(servers: ServersList, fill: Callable[[ServerDialog], None], ok: bool = True) -> list[str]:
    """Fill the add/edit dialog once it is open, press OK; close it if it is still open after that
    (a refused address). Returns the dialog's error text, if it showed one."""
    errors: list[str] = []

    def act() -> None:
        dialog = servers.dialog
        if dialog is None:
            QTimer.singleShot(10, act)
            return
        fill(dialog)
        button = dialog.buttons.button(
            QDialogButtonBox.StandardButton.Ok if ok else QDialogButtonBox.StandardButton.Cancel
        )
        button.click()
        if dialog.isVisible():
            errors.append(dialog.error.text())
            dialog.reject()

    QTimer.singleShot(0, act)
    return errors


def fields(
    name: str = "", url: str = "", key: str = "", timeout: float | None = None
) -> Callable[[ServerDialog], None]:
    def fill(dialog: ServerDialog) -> None:
        if name:
            dialog.name.setText(name)
        if url:
            dialog.url.setText(url)
        dialog.key_edit.setText(key)
        if timeout is not None:
            dialog.timeout.setValue(timeout)

    return fill


def top(servers: ServersList, row: int = 0) -> QTreeWidgetItem:
    item = servers.tree.topLevelItem(row)
    assert item is not None
    return item


def state(servers: ServersList, row: int = 0) -> str:
    return top(servers, row).text(1)


def test_add_a_server_with_its_key_list_its_models_and_keep_the_key_out_of_the_settings(
    qtbot: QtBot, window: Any, keyed: LlamaServer
) -> None:
    servers = servers_of(window)
    settings = window.settings
    assert "No servers yet" in servers.message.text() and not servers.edit_btn.isEnabled()

    in_dialog(servers, fields("GPU box", keyed.base_url.removesuffix("/v1"), KEY + "\n"))
    with qtbot.waitSignal(window.remote.checked, timeout=60000):
        servers.add_btn.click()
    (config,) = window.remote.servers()
    assert config.name == "GPU box" and config.base_url == keyed.base_url and config.key_ref
    item = top(servers)
    qtbot.waitUntil(lambda: item.childCount() == 1, timeout=2000)
    child = item.child(0)
    assert child is not None and child.text(0) == keyed.model
    assert state(servers) == "Connected, 1 model" and "(as of " in item.toolTip(1)
    assert "returns token probabilities" in servers.message.text() and keyed.base_url in servers.message.text()
    assert not servers.note.isVisible()  # the key is in the (test) keyring
    settings.sync()
    text = Path(settings.path).read_text()
    assert KEY not in text and config.key_ref in text and "GPU box" in text

    # Edit: a wrong key gives the 401 words; the key is in no message, detail or setting.
    in_dialog(servers, fields(key=WRONG))
    with qtbot.waitSignal(window.remote.checkFailed, timeout=60000):
        servers.edit_btn.click()
    assert state(servers) == "Wrong or missing key (401)"
    assert "refused the API key" in servers.message.text()
    status = window.remote.status(config.id)
    row = servers.tree.topLevelItem(0)
    assert row is not None and row.childCount() == 0  # what the old check found is gone
    shown = servers.message.text() + status.message + status.details + row.toolTip(1)
    assert WRONG not in shown and KEY not in shown

    # Forget the key: the server now says it needs one.
    def forget(dialog: ServerDialog) -> None:
        assert dialog.has_key and not dialog.forget_key.isHidden()
        dialog.forget_key.setChecked(True)

    in_dialog(servers, forget)
    with qtbot.waitSignal(window.remote.checkFailed, timeout=60000):
        servers.edit_btn.click()
    assert "needs an API key" in servers.message.text() and window.remote.server(config.id).key_ref == ""

    # The right key again, then Check on demand, then Remove.
    in_dialog(servers, fields(key=KEY))
    with qtbot.waitSignal(window.remote.checked, timeout=60000):
        servers.edit_btn.click()
    with qtbot.waitSignal(window.remote.checked, timeout=60000):
        servers.check_btn.click()
    assert state(servers) == "Connected, 1 model"
    settings.sync()
    assert KEY not in Path(settings.path).read_text() and WRONG not in Path(settings.path).read_text()
    servers.remove_btn.click()
    assert window.remote.servers() == [] and servers.tree.topLevelItemCount() == 0


def test_each_failure_in_words(qtbot: QtBot, window: Any, default_model: Path, tmp_path: Path) -> None:
    plain = start_llama_server(default_model, tmp_path / "plain.log")
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)  # accepts, never answers
    servers = servers_of(window)
    remote = window.remote
    cases = [
        (f"http://127.0.0.1:{free_port()}/v1", "Connection refused", "connection was refused"),
        ("http://no-such-host.invalid:8000/v1", "Name not found", "was not found"),
        (plain.base_url.replace("/v1", "/v2"), "Not an OpenAI path (404)", "404"),
        (plain.base_url.replace("http:", "https:"), "TLS error", "TLS"),
        (f"http://127.0.0.1:{silent.getsockname()[1]}/v1", "Timed out", "1 s"),
    ]
    big_header = b"a" * (1 << 20)
    hostile = Hostile(limit_s=5.0)
    routes = {
        "/drip/v1/models": hostile.drip(0.3, stream=False),  # a byte every 0.3 s: never a per-read timeout
        "/html/v1/models": lambda h: send(h, 200, b"<!doctype html><html>Router login</html>", "text/html"),
        "/other/v1/models": lambda h: send(h, 200, b'{"hello": "world"}'),
        "/locked/v1/models": lambda h: send(h, 403, b'{"detail": "Forbidden"}'),
        "/empty/v1/models": lambda h: send(h, 200, b""),
        "/header/v1/models": lambda h: (h.send_response(200), h.send_header("X-Pad", big_header.decode()),
                                        h.end_headers()),
    }  # fmt: skip
    with contextlib.ExitStack() as stack:
        stack.callback(hostile.stop.set)
        stack.callback(silent.close)
        stack.callback(stop_llama_server, plain)
        root = stack.enter_context(stand_in(routes)).removesuffix("/v1")
        cases += [
            (f"{root}/html/v1", "Not an OpenAI-compatible answer", "web page"),
            (f"{root}/other/v1", "Not an OpenAI-compatible answer", ""),
            (f"{root}/locked/v1", "Access refused (403)", "403 Forbidden"),
            (f"{root}/empty/v1", "Not an OpenAI-compatible answer", "empty"),
            (f"{root}/header/v1", "Not valid HTTP", "longer than the 16 KB allowed"),
            (f"{root}/drip/v1", "Timed out", "did not finish its answer within 1 s"),
        ]
        for row, (url, short, words) in enumerate(cases):
            with qtbot.waitSignal(remote.checkFailed, timeout=30000):
                remote.add_server(ServerConfig(f"case {row}", url, timeout_s=1.0))
            assert state(servers, row) == short, url
            servers.tree.setCurrentItem(top(servers, row))
            assert words in servers.message.text(), servers.message.text()
            assert "crashed" not in servers.message.text() and "It began: “”" not in servers.message.text()
        # A server that answers, after all those: the list (and the service) still work.
        with qtbot.waitSignal(remote.checked, timeout=60000):
            remote.add_server(ServerConfig("fine", plain.base_url))
        assert state(servers, len(cases)) == "Connected, 1 model"


def test_a_bad_address_is_refused_in_the_dialog(window: Any) -> None:
    servers = servers_of(window)
    errors = in_dialog(servers, fields("typo", "not a url"))
    servers.add_btn.click()
    assert errors and "spaces" in errors[0] and window.remote.servers() == []
    errors = in_dialog(servers, fields("ftp", "ftp://gpu-box/v1"))
    servers.add_btn.click()
    assert errors and "http://" in errors[0] and window.remote.servers() == []


def test_a_key_over_plain_http_to_another_machine_asks_first(qtbot: QtBot, window: Any) -> None:
    servers = servers_of(window)
    remote = window.remote
    no = Answers(False)
    try:
        far = "http://gpu-box.invalid:8000/v1"
        errors = in_dialog(servers, fields("box", far, KEY))
        servers.add_btn.click()
        assert len(no.asked) == 1 and "unencrypted" in no.asked[0] and "gpu-box.invalid" in no.asked[0]
        assert errors and "not sent" in errors[0] and remote.servers() == []

        # Loopback, https and no key: nothing to ask.
        for url, key in (("http://127.0.0.1:9/v1", KEY), ("https://gpu-box.invalid/v1", KEY), (far, "")):
            in_dialog(servers, fields("quiet", url, key, timeout=1))
            with qtbot.waitSignal(remote.checkFailed, timeout=30000):
                servers.add_btn.click()
        assert len(no.asked) == 1 and len(remote.servers()) == 3
    finally:
        no.stop()

    yes = Answers(True)
    try:
        in_dialog(servers, fields("agreed", far, KEY, timeout=1))
        with qtbot.waitSignal(remote.checkFailed, timeout=30000) as failed:
            servers.add_btn.click()
        agreed = remote.servers()[-1]
        assert len(yes.asked) == 1 and agreed.plain_http_ok and failed.args[1] == "NameNotFound"  # it was sent
        # Editing it (same host, key kept) does not ask again.
        servers.tree.setCurrentItem(top(servers, 3))

        def rename(dialog: ServerDialog) -> None:
            assert dialog.verify_tls.isChecked()
            fields(name="renamed")(dialog)
            dialog.verify_tls.setChecked(False)

        in_dialog(servers, rename)
        with qtbot.waitSignal(remote.checkFailed, timeout=30000):
            servers.edit_btn.click()
        edited = remote.servers()[-1]
        assert len(yes.asked) == 1 and edited.name == "renamed" and edited.plain_http_ok and not edited.verify_tls
    finally:
        yes.stop()


def test_no_keyring_keeps_the_key_for_this_session_and_says_so(
    qtbot: QtBot, make_window: Callable[..., Any], keyed: LlamaServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(secrets, "_store", KeyStore(fail.Keyring()))
    window = make_window(start_host=False, panel="Models")
    servers = servers_of(window)
    in_dialog(servers, fields("session", keyed.base_url, KEY))
    with qtbot.waitSignal(window.remote.checked, timeout=60000):
        servers.add_btn.click()
    assert not servers.note.isHidden() and "this session only" in servers.note.text()
    assert state(servers) == "Connected, 1 model"
    window.settings.sync()
    path = Path(window.settings.path)
    assert KEY not in path.read_text()
    window.close()

    # After a restart the key is gone: the app checks at start and the list says to enter it again.
    monkeypatch.setattr(secrets, "_store", KeyStore(fail.Keyring()))
    later = make_window(start_host=False, panel="Models", settings=Settings(path))
    with qtbot.waitSignal(later.remote.checkFailed, timeout=30000):
        pass
    assert state(servers_of(later)) == "Key needed again" and "Enter it again" in servers_of(later).message.text()


def test_models_panel_shows_servers_and_the_autoload_checkbox(window: Any) -> None:
    from desktop.ui.panels.models import AUTOLOAD_KEY

    panel = window.models_panel
    assert panel.servers is not None and panel.servers.service is window.remote
    assert panel.autoload.isChecked() and panel.autoload.text() == "Load the last used model at start"
    panel.autoload.setChecked(False)
    assert window.settings.get_bool(AUTOLOAD_KEY, True) is False


def test_the_window_checks_saved_servers_at_start_whatever_panel_it_opens_on_and_stops_them_on_quit(
    qtbot: QtBot, make_window: Callable[..., Any]
) -> None:
    from desktop.services.remote_service import SETTINGS_KEY

    settings = Settings()
    saved = ServerConfig("saved", f"http://127.0.0.1:{free_port()}/v1")
    settings.set(SETTINGS_KEY, json.dumps([saved.to_dict()]))
    window = make_window(start_host=False, settings=settings, panel="Completion")
    with qtbot.waitSignal(window.remote.checkFailed, timeout=30000) as failed:
        pass  # the Models panel is not built: the service itself checks at start
    assert failed.args[0] == saved.id and window.remote.status(saved.id).kind == "ConnectionRefused"
    assert state(servers_of(window)) == "Connection refused"
    window.close()
    assert window.remote._closed and window.remote.threads_running() == []


def test_the_plain_http_question_defaults_to_no(qtbot: QtBot) -> None:
    from desktop.ui.panels.servers import ask_plain_http

    parent = QWidget()
    qtbot.addWidget(parent)
    seen: list[str] = []

    def answer(button: QMessageBox.StandardButton) -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, lambda: answer(button))
            return
        seen.append(box.text())
        assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
        box.button(button).click()

    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.No))
    assert ask_plain_http(parent, "<b>gpu-box</b> over plain http://?") is False
    QTimer.singleShot(0, lambda: answer(QMessageBox.StandardButton.Yes))
    assert ask_plain_http(parent, "again?") is True
    assert seen == ["<b>gpu-box</b> over plain http://?", "again?"]


# -- servers that misbehave, or die, or have thousands of models -------------------------------------
def test_a_server_that_dies_is_not_shown_connected(
    qtbot: QtBot, make_window: Callable[..., Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(RemoteService, "watch_interval_s", 0.3)
    window = make_window(start_host=False, panel="Models")
    servers = servers_of(window)
    models = json.dumps({"object": "list", "data": [{"id": "m", "owned_by": "vllm"}]}).encode()

    def answer(h: Any) -> None:
        send(h, 200, models)
        h.close_connection = True  # no connection outlives the server, as when its process ends

    with stand_in({"/v1/models": answer}) as base:
        with qtbot.waitSignal(window.remote.checked, timeout=30000):
            window.remote.add_server(ServerConfig("mortal", base, timeout_s=2.0))
        assert state(servers) == "Connected, 1 model"
    # It is gone; nobody pressed Check: the list says so within a few looks.
    qtbot.waitUntil(lambda: state(servers) == "Connection refused", timeout=5000)
    assert "refused" in servers.message.text()


def test_thousands_of_models_are_listed_without_freezing_the_window(
    qtbot: QtBot, window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.hostile_servers import model_list

    servers = servers_of(window)
    big = model_list(10000)
    assert len(big) > 10 << 20  # refused by the old 4 MB cap
    beat = Heartbeat()
    three = model_list(3000)
    routes = {"/v1/models": lambda h: send(h, 200, three), "/b/v1/models": lambda h: send(h, 200, big)}
    with stand_in(routes) as base:
        beat.start()
        with qtbot.waitSignal(window.remote.checked, timeout=60000):
            window.remote.add_server(ServerConfig("three thousand", base))
        qtbot.waitUntil(lambda: top(servers).childCount() == 3000, timeout=10000)
        beat.stop()
        assert state(servers) == "Connected, 3000 models"
        # The GUI thread's own work in any one stall (wall time on a busy machine also counts others' turns;
        # a full garbage collection of the test process takes 30-45 ms of the 100 allowed here)
        assert beat.longest_cpu < 100, beat.cpu_gaps
        with qtbot.waitSignal(window.remote.checked, timeout=60000):
            window.remote.add_server(ServerConfig("ten thousand", base.replace("/v1", "/b/v1")))
        assert state(servers, 1) == "Connected, 10000 models"
        qtbot.waitUntil(lambda: top(servers, 1).childCount() == 10000, timeout=20000)


def test_one_stuck_server_holds_up_no_other(qtbot: QtBot, window: Any, keyed: LlamaServer) -> None:
    """A server that sends its headers and then a byte every few seconds (its check waits up to its 60 s
    timeout), beside a working one: the working one is checked and tokenizes at once, removing the stuck
    one frees it at once, and quitting takes well under a second."""
    from tests.hostile_servers import Hostile, hostile_server

    servers = servers_of(window)
    remote = window.remote
    hostile = Hostile()
    with hostile_server({"/v1/models": hostile.drip(1.0, stream=False)}, hostile) as base:
        remote.add_server(ServerConfig("drip", base, timeout_s=60.0))
        qtbot.waitUntil(lambda: hostile.sent.get("drip", 0) >= 1, timeout=5000)
        started = time.monotonic()
        with qtbot.waitSignal(remote.checked, timeout=30000):
            remote.add_server(ServerConfig("fine", keyed.base_url), KEY)
        fine = remote.servers()[1]
        with qtbot.waitSignal(remote.tokenized, timeout=30000):
            remote.tokenize(fine, keyed.model, "Hello world")
        assert time.monotonic() - started < 10  # not after the stuck server's 60 s
        assert state(servers, 0) == "Checking…" and state(servers, 1) == "Connected, 1 model"
        servers.tree.setCurrentItem(top(servers, 0))
        servers.remove_btn.click()
        assert [s.name for s in remote.servers()] == ["fine"] and state(servers, 0) == "Connected, 1 model"
        remote.add_server(ServerConfig("drip again", base, timeout_s=60.0))
        qtbot.waitUntil(lambda: hostile.requests.get("/v1/models", 0) >= 2, timeout=5000)
        closed = time.monotonic()
        window.close()
        assert time.monotonic() - closed < 1.0 and remote.threads_running() == []
