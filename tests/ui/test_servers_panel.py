"""The Models panel's Servers list, against a real llama_cpp.server on 127.0.0.1 (and a silent socket):
adding a server through its dialog, its models listed, each failure in words, keys that stay out of the
settings file, the plain-HTTP question, the no-keyring note, and the autoload checkbox."""

from __future__ import annotations

import contextlib
import json
import socket
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from keyring.backends import fail
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialogButtonBox, QTreeWidgetItem, QWidget
from pytestqt.qtbot import QtBot

from desktop.core.remote import KeyStore, ServerConfig
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

WRONG = "sk-wrong-0f9e8d7c"


@pytest.fixture
def keyed(default_model: Path, tmp_path: Path) -> Iterator[LlamaServer]:
    s = start_llama_server(default_model, tmp_path / "keyed.log", api_key=KEY)
    yield s
    stop_llama_server(s)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def service(qtbot: QtBot, settings: Settings) -> Iterator[RemoteService]:
    svc = RemoteService(KeyStore(MemoryKeyring()), settings=settings)
    yield svc
    svc.shutdown()


class Answers:
    """The person's answers to the plain-HTTP question, and the questions asked."""

    def __init__(self, answer: bool) -> None:
        self.answer = answer
        self.asked: list[str] = []

    def __call__(self, _parent: QWidget, question: str) -> bool:
        self.asked.append(question)
        return self.answer


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
    qtbot: QtBot, service: RemoteService, settings: Settings, keyed: LlamaServer
) -> None:
    servers = ServersList(service, check_at_start=False)
    qtbot.addWidget(servers)
    assert "No servers yet" in servers.message.text() and not servers.edit_btn.isEnabled()

    in_dialog(servers, fields("GPU box", keyed.base_url.removesuffix("/v1"), KEY + "\n"))
    with qtbot.waitSignal(service.checked, timeout=60000):
        servers.add_server()
    (config,) = service.servers()
    assert config.name == "GPU box" and config.base_url == keyed.base_url and config.key_ref
    item = top(servers)
    child = item.child(0)
    assert item.childCount() == 1 and child is not None and child.text(0) == keyed.model
    assert state(servers) == "Connected, 1 model(s)"
    assert "returns token probabilities" in servers.message.text() and keyed.base_url in servers.message.text()
    assert not servers.note.isVisible()  # the key is in the (test) keyring
    settings.sync()
    text = Path(settings.path).read_text()
    assert KEY not in text and config.key_ref in text and "GPU box" in text

    # Edit: a wrong key gives the 401 words; the key is in no message, detail or setting.
    in_dialog(servers, fields(key=WRONG))
    with qtbot.waitSignal(service.checkFailed, timeout=60000):
        servers.edit_selected()
    assert state(servers) == "Wrong or missing key (401)"
    assert "refused the API key" in servers.message.text()
    status = service.status(config.id)
    row = servers.tree.topLevelItem(0)
    assert row is not None and row.childCount() == 0  # what the old check found is gone
    shown = servers.message.text() + status.message + status.details + row.toolTip(1)
    assert WRONG not in shown and KEY not in shown

    # Forget the key: the server now says it needs one.
    def forget(dialog: ServerDialog) -> None:
        assert dialog.has_key and not dialog.forget_key.isHidden()
        dialog.forget_key.setChecked(True)

    in_dialog(servers, forget)
    with qtbot.waitSignal(service.checkFailed, timeout=60000):
        servers.edit_selected()
    assert "needs an API key" in servers.message.text() and service.server(config.id).key_ref == ""  # type: ignore[union-attr]

    # The right key again, then Check on demand, then Remove.
    in_dialog(servers, fields(key=KEY))
    with qtbot.waitSignal(service.checked, timeout=60000):
        servers.edit_selected()
    with qtbot.waitSignal(service.checked, timeout=60000):
        servers.check_btn.click()
    assert state(servers) == "Connected, 1 model(s)"
    settings.sync()
    assert KEY not in Path(settings.path).read_text() and WRONG not in Path(settings.path).read_text()
    servers.remove_btn.click()
    assert service.servers() == [] and servers.tree.topLevelItemCount() == 0


def test_each_failure_in_words(qtbot: QtBot, service: RemoteService, default_model: Path, tmp_path: Path) -> None:
    plain = start_llama_server(default_model, tmp_path / "plain.log")
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    silent.listen(4)  # accepts, never answers
    servers = ServersList(service, check_at_start=False)
    qtbot.addWidget(servers)
    cases = [
        (f"http://127.0.0.1:{free_port()}/v1", "Connection refused", "connection was refused"),
        ("http://no-such-host.invalid:8000/v1", "Name not found", "was not found"),
        (plain.base_url.replace("/v1", "/v2"), "Not an OpenAI path (404)", "404"),
        (plain.base_url.replace("http:", "https:"), "TLS error", "TLS"),
        (f"http://127.0.0.1:{silent.getsockname()[1]}/v1", "Timed out", "sent nothing for 1 s"),
    ]
    routes = {
        "/html/v1/models": lambda h: send(h, 200, b"<!doctype html><html>Router login</html>", "text/html"),
        "/other/v1/models": lambda h: send(h, 200, b'{"hello": "world"}'),
        "/locked/v1/models": lambda h: send(h, 403, b'{"detail": "Forbidden"}'),
    }
    with contextlib.ExitStack() as stack:
        stack.callback(silent.close)
        stack.callback(stop_llama_server, plain)
        root = stack.enter_context(stand_in(routes)).removesuffix("/v1")
        cases += [
            (f"{root}/html/v1", "Not an OpenAI-compatible answer", "web page"),
            (f"{root}/other/v1", "Not an OpenAI-compatible answer", ""),
            (f"{root}/locked/v1", "Access refused (403)", "403 Forbidden"),
        ]
        for row, (url, short, words) in enumerate(cases):
            with qtbot.waitSignal(service.checkFailed, timeout=30000):
                service.add_server(ServerConfig(f"case {row}", url, timeout_s=1.0))
            assert state(servers, row) == short, url
            servers.tree.setCurrentItem(top(servers, row))
            assert words in servers.message.text(), servers.message.text()
        # A server that answers, after all those: the list (and the service) still work.
        with qtbot.waitSignal(service.checked, timeout=60000):
            service.add_server(ServerConfig("fine", plain.base_url))
        assert state(servers, len(cases)) == "Connected, 1 model(s)"


def test_a_bad_address_is_refused_in_the_dialog(qtbot: QtBot, service: RemoteService) -> None:
    servers = ServersList(service, check_at_start=False)
    qtbot.addWidget(servers)
    errors = in_dialog(servers, fields("typo", "not a url"))
    servers.add_server()
    assert errors and "spaces" in errors[0] and service.servers() == []
    errors = in_dialog(servers, fields("ftp", "ftp://gpu-box/v1"))
    servers.add_server()
    assert errors and "http://" in errors[0] and service.servers() == []


def test_a_key_over_plain_http_to_another_machine_asks_first(qtbot: QtBot, service: RemoteService) -> None:
    no = Answers(False)
    servers = ServersList(service, confirm=no, check_at_start=False)
    qtbot.addWidget(servers)
    remote = "http://gpu-box.invalid:8000/v1"
    errors = in_dialog(servers, fields("box", remote, KEY))
    servers.add_server()
    assert len(no.asked) == 1 and "unencrypted" in no.asked[0] and "gpu-box.invalid" in no.asked[0]
    assert errors and "not sent" in errors[0] and service.servers() == []

    # Loopback, https and no key: nothing to ask.
    for url, key in (("http://127.0.0.1:9/v1", KEY), ("https://gpu-box.invalid/v1", KEY), (remote, "")):
        in_dialog(servers, fields("quiet", url, key, timeout=1))
        with qtbot.waitSignal(service.checkFailed, timeout=30000):
            servers.add_server()
    assert len(no.asked) == 1 and len(service.servers()) == 3

    yes = Answers(True)
    servers.confirm = yes
    in_dialog(servers, fields("agreed", remote, KEY, timeout=1))
    with qtbot.waitSignal(service.checkFailed, timeout=30000) as failed:
        servers.add_server()
    agreed = service.servers()[-1]
    assert len(yes.asked) == 1 and agreed.plain_http_ok and failed.args[1] == "NameNotFound"  # it was sent
    # Editing it (same host, key kept) does not ask again.
    servers.tree.setCurrentItem(top(servers, 3))

    def rename(dialog: ServerDialog) -> None:
        assert dialog.verify_tls.isChecked()
        fields(name="renamed")(dialog)
        dialog.verify_tls.setChecked(False)

    in_dialog(servers, rename)
    with qtbot.waitSignal(service.checkFailed, timeout=30000):
        servers.edit_selected()
    edited = service.servers()[-1]
    assert len(yes.asked) == 1 and edited.name == "renamed" and edited.plain_http_ok and not edited.verify_tls


def test_no_keyring_keeps_the_key_for_this_session_and_says_so(
    qtbot: QtBot, settings: Settings, keyed: LlamaServer
) -> None:
    service = RemoteService(KeyStore(fail.Keyring()), settings=settings)
    try:
        servers = ServersList(service, check_at_start=False)
        qtbot.addWidget(servers)
        in_dialog(servers, fields("session", keyed.base_url, KEY))
        with qtbot.waitSignal(service.checked, timeout=60000):
            servers.add_server()
        assert not servers.note.isHidden() and "this session only" in servers.note.text()
        assert state(servers) == "Connected, 1 model(s)"
        settings.sync()
        assert KEY not in Path(settings.path).read_text()
    finally:
        service.shutdown()

    # After a restart the key is gone: the list checks at start and says to enter it again.
    later = RemoteService(KeyStore(fail.Keyring()), settings=Settings(settings.path))
    try:
        with qtbot.waitSignal(later.checkFailed, timeout=30000):
            servers = ServersList(later)  # checks every server once the event loop runs
            qtbot.addWidget(servers)
        assert state(servers) == "Key needed again" and "Enter it again" in servers.message.text()
    finally:
        later.shutdown()


def test_models_panel_shows_servers_and_the_autoload_checkbox(
    qtbot: QtBot, fresh_home: Path, service: RemoteService
) -> None:
    from desktop.services.catalog_service import CatalogService
    from desktop.services.model_service import ModelService
    from desktop.ui.panels.models import AUTOLOAD_KEY, ModelsPanel

    settings = Settings()
    catalog = CatalogService(settings)
    models = ModelService()
    try:
        panel = ModelsPanel(catalog, models, settings, remote=service)
        qtbot.addWidget(panel)
        assert panel.servers is not None and panel.servers.service is service
        assert panel.autoload.isChecked() and panel.autoload.text() == "Load the last used model at start"
        panel.autoload.setChecked(False)
        assert settings.get_bool(AUTOLOAD_KEY, True) is False
        again = ModelsPanel(catalog, models, settings)  # no servers: the local list alone
        qtbot.addWidget(again)
        assert not again.autoload.isChecked() and again.servers is None
    finally:
        models.shutdown()
        catalog.shutdown()


def test_the_window_has_one_remote_service_that_checks_saved_servers_at_start_and_stops_on_quit(
    qtbot: QtBot, fresh_home: Path, models_dir: Path
) -> None:
    from desktop.factory import build_window
    from desktop.services.remote_service import SETTINGS_KEY

    settings = Settings()
    saved = ServerConfig("saved", f"http://127.0.0.1:{free_port()}/v1")
    settings.set(SETTINGS_KEY, json.dumps([saved.to_dict()]))
    win = build_window(settings, start_host=False)
    qtbot.addWidget(win)
    try:
        servers = win.models_panel.servers
        assert servers is not None and servers.service is win.remote
        with qtbot.waitSignal(win.remote.checkFailed, timeout=30000) as failed:
            win.show()
        assert failed.args[0] == saved.id and state(servers) == "Connection refused"
    finally:
        win.close()
    assert win.remote._closed and not win.remote._calls_worker.running and not win.remote._stream_worker.running


def test_the_plain_http_question_defaults_to_no(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

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
