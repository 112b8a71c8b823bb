"""The Models panel's Servers list: OpenAI-compatible servers (vLLM, llama-server, llama_cpp.server,
Ollama) beside the local models, with their models and, in words, what the last check found; and the
dialog that adds or edits one.

Keys go from the dialog straight to :class:`RemoteService` (which keeps them in the keyring, or for this
session only); the list never shows one, and neither do its messages.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.remote.config import DEFAULT_TIMEOUT_S, ServerConfig, normalize_base_url, plain_http_warning
from desktop.core.remote.errors import RemoteError
from desktop.i18n import error_text, translate_message
from desktop.services.remote_service import RemoteService, ServerStatus
from desktop.ui.language import on_language_change

ID_ROLE = Qt.ItemDataRole.UserRole + 1
ERROR_COLOR = "#c0392b"
OK_COLOR = "#1e7b34"


def ask_plain_http(parent: QWidget, question: str) -> bool:
    """Ask before a key crosses the network unencrypted; True when the person agrees."""
    box = QMessageBox(
        QMessageBox.Icon.Warning,
        QCoreApplication.translate("ServerDialog", "Send the API key unencrypted?"),
        question,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes


class ServerDialog(QDialog):
    """Add or edit a server: name, base URL, API key (optional), timeout. On OK, :attr:`config` and
    :attr:`key` hold what to pass to ``add_server`` / ``update_server``: ``key`` is None to keep the
    stored key, "" to forget it, or the new key."""

    def __init__(
        self,
        parent: QWidget | None = None,
        config: ServerConfig | None = None,
        has_key: bool = False,
        confirm: Callable[[QWidget, str], bool] = ask_plain_http,
    ) -> None:
        super().__init__(parent)
        self.original = config
        self.has_key = has_key  # the server being edited has a stored key
        self.confirm = confirm
        self.config: ServerConfig | None = None
        self.key: str | None = None
        self.setWindowTitle(self.tr("Edit server") if config else self.tr("Add a server"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Any server that speaks the OpenAI API: vLLM, llama.cpp's llama-server, llama-cpp-python's "
                "llama_cpp.server or Ollama."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.name = QLineEdit(config.name if config else "")
        self.name.setPlaceholderText(self.tr("for example: GPU box"))
        self.url = QLineEdit(config.base_url if config else "")
        self.url.setPlaceholderText("http://gpu-box:8000/v1")
        self.url.setToolTip(self.tr("The address the server's OpenAI API answers at. Without a path, /v1 is used."))
        self.key_edit = QLineEdit()
        self.key_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.key_edit.setPlaceholderText(
            self.tr("a key is stored; type a new one to replace it") if has_key else self.tr("optional")
        )
        self.forget_key = QCheckBox(self.tr("Forget the stored key"))
        self.forget_key.setVisible(has_key)
        self.forget_key.toggled.connect(lambda on: self.key_edit.setEnabled(not on))
        self.timeout = QDoubleSpinBox()
        self.timeout.setRange(1.0, 3600.0)
        self.timeout.setDecimals(0)
        self.timeout.setSuffix(self.tr(" s"))
        self.timeout.setValue(config.timeout_s if config else DEFAULT_TIMEOUT_S)
        self.timeout.setToolTip(
            self.tr(
                "How long to wait for the server: to connect, for each part of a streamed answer, and for the "
                "whole of a short answer (its model list, a tokenization)."
            )
        )
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Base URL"), self.url)
        form.addRow(self.tr("API key"), self.key_edit)
        form.addRow("", self.forget_key)
        form.addRow(self.tr("Timeout"), self.timeout)
        self.verify_tls = QCheckBox(self.tr("Check the server's certificate (https://)"))
        self.verify_tls.setChecked(config.verify_tls if config else True)
        self.verify_tls.setToolTip(
            self.tr(
                "Turn off only for a server of your own with a self-signed certificate: without the check, "
                "anyone on the way could pose as the server and read the key."
            )
        )
        form.addRow("", self.verify_tls)
        layout.addLayout(form)
        self.error = QLabel("")
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet(f"color: {ERROR_COLOR};")
        self.error.setVisible(False)
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def _fail(self, message: str) -> None:
        self.error.setText(message)
        self.error.setVisible(True)

    def accept(self) -> None:
        """Check the address; ask before a key would go over plain http:// to another machine."""
        try:
            base_url = normalize_base_url(self.url.text())
        except RemoteError as exc:
            self._fail(error_text(exc))
            self.url.setFocus()
            return
        typed = self.key_edit.text().strip()
        if self.forget_key.isChecked():
            key: str | None = ""
        elif typed:
            key = typed
        else:
            key = None  # keep what is stored (nothing, for a new server)
        sends_key = bool(typed) if key is not None else self.has_key
        host = urlsplit(base_url).hostname or ""
        plain_ok = False
        question = plain_http_warning(base_url, sends_key)
        if question is not None:
            old = self.original
            agreed_before = old is not None and old.plain_http_ok and urlsplit(old.base_url).hostname == host
            if not agreed_before and not self.confirm(self, translate_message(question)):
                self._fail(
                    self.tr(
                        "The key was not sent. Use an https:// address, or leave the key out if the server needs none."
                    )
                )
                return
            plain_ok = True
        name = self.name.text().strip() or host
        if self.original is not None:
            config = ServerConfig(
                name, base_url, self.original.key_ref, self.timeout.value(), self.verify_tls.isChecked(), plain_ok,
                id=self.original.id,
            )  # fmt: skip
        else:
            config = ServerConfig(
                name, base_url, timeout_s=self.timeout.value(), verify_tls=self.verify_tls.isChecked(),
                plain_http_ok=plain_ok,
            )  # fmt: skip
        self.config = config
        self.key = key
        self.key_edit.clear()  # the key leaves the dialog's widgets as soon as it is taken
        super().accept()


class ServersList(QWidget):
    """The servers, each with its models (from the last check) and its state in words."""

    models_per_frame = 400
    expand_up_to = 50  # servers with more models start folded

    def __init__(
        self,
        service: RemoteService,
        parent: QWidget | None = None,
        confirm: Callable[[QWidget, str], bool] = ask_plain_http,
        check_at_start: bool = False,
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.confirm = confirm  # the plain-HTTP question (tests answer it)
        self.dialog: ServerDialog | None = None  # the open add/edit dialog
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setMinimumHeight(90)
        # llama_cpp.server names a model by its file's path: the middle goes, the state stays in view.
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemSelectionChanged.connect(self._on_select)
        self.tree.itemDoubleClicked.connect(lambda item, _col: self.edit_selected() if item.parent() is None else None)
        layout.addWidget(self.tree, 1)

        bar = QHBoxLayout()
        self.add_btn = QPushButton()
        self.edit_btn = QPushButton()
        self.check_btn = QPushButton()
        self.remove_btn = QPushButton()
        for b in (self.add_btn, self.edit_btn, self.check_btn, self.remove_btn):
            bar.addWidget(b)
        bar.addStretch(1)
        layout.addLayout(bar)
        self.add_btn.clicked.connect(self.add_server)
        self.edit_btn.clicked.connect(self.edit_selected)
        self.check_btn.clicked.connect(self.check_selected)
        self.remove_btn.clicked.connect(self.remove_selected)

        self.message = QLabel("")  # the selected server's state in words: plain text, never HTML
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.message)
        self.note = QLabel("")  # a key kept for this session only
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.setWordWrap(True)
        self.note.setVisible(False)
        layout.addWidget(self.note)

        self._note_name: str | None = None  # whose session-only key the note is about
        self._listed: dict[str, tuple[str, ...]] = {}  # server id -> the models its item lists (or will)
        self._to_list: dict[str, tuple[list[str], int]] = {}  # server id -> (models, how many are in)
        self._list_timer = QTimer(self)
        self._list_timer.setSingleShot(True)
        self._list_timer.timeout.connect(self._list_some)
        service.serversChanged.connect(self.refresh)
        service.statusChanged.connect(self._on_status)
        self.retranslate()
        on_language_change(self, self.retranslate)
        if check_at_start:  # the service checks the saved servers at start by itself
            QTimer.singleShot(0, service.check_all)

    def retranslate(self) -> None:
        """Every text again in the current language (at start and when the language changes)."""
        self.tree.setHeaderLabels([self.tr("Server / model"), self.tr("State")])
        self.add_btn.setText(self.tr("Add server…"))
        self.add_btn.setToolTip(
            self.tr("Add an OpenAI-compatible server: vLLM, llama-server, llama_cpp.server, Ollama.")
        )
        self.edit_btn.setText(self.tr("Edit…"))
        self.check_btn.setText(self.tr("Check"))
        self.check_btn.setToolTip(self.tr("Connect again and list the server's models."))
        self.remove_btn.setText(self.tr("Remove"))
        self.remove_btn.setToolTip(self.tr("Take the server off the list and forget its key."))
        if self._note_name is not None:
            self._show_note(self._note_name, "session")
        self.refresh()

    # -- the list ----------------------------------------------------------------------------------
    def selected_id(self) -> str | None:
        items = self.tree.selectedItems()
        if not items:
            return None
        item = items[0] if items[0].parent() is None else items[0].parent()
        value = item.data(0, ID_ROLE) if item is not None else None
        return str(value) if value else None

    def _item(self, server_id: str) -> QTreeWidgetItem | None:
        for i in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(i)
            if item is not None and item.data(0, ID_ROLE) == server_id:
                return item
        return None

    def refresh(self) -> None:
        selected = self.selected_id()
        self.tree.clear()
        self._listed.clear()
        self._to_list.clear()
        for config in self.service.servers():
            item = QTreeWidgetItem([config.name, ""])
            item.setData(0, ID_ROLE, config.id)
            item.setToolTip(0, config.base_url)
            self.tree.addTopLevelItem(item)
            self._fill(item, config.id)
        target = self._item(selected) if selected else None
        if target is None and self.tree.topLevelItemCount():
            target = self.tree.topLevelItem(0)
        if target is not None:
            self.tree.setCurrentItem(target)
        self._on_select()

    def state_text(self, status: ServerStatus, n_models: int) -> str:
        if status.state == "checking":
            return self.tr("Checking…")
        if status.state == "ok":
            return self.tr("Connected, %n model(s)", "", n_models)
        if status.state == "failed":
            return self.failure_words(status.kind)
        return self.tr("Not checked")

    def failure_words(self, kind: str) -> str:
        """A failure's kind in a few words, for the State column (the whole message is below the list)."""
        words = {
            "ConnectionRefused": self.tr("Connection refused"),
            "NameNotFound": self.tr("Name not found"),
            "Timeout": self.tr("Timed out"),
            "TLSError": self.tr("TLS error"),
            "Unauthorized": self.tr("Wrong or missing key (401)"),
            "Forbidden": self.tr("Access refused (403)"),
            "NotFound": self.tr("Not an OpenAI path (404)"),
            "NotOpenAI": self.tr("Not an OpenAI-compatible answer"),
            "NotJSON": self.tr("Not an OpenAI-compatible answer"),
            "NotUTF8": self.tr("Not an OpenAI-compatible answer"),
            "TooLarge": self.tr("Answer too large"),
            "BadHTTP": self.tr("Not valid HTTP"),
            "ConnectionLost": self.tr("Connection lost"),
            "StreamCut": self.tr("Connection lost"),
            "Redirect": self.tr("Redirected elsewhere"),
            "KeyMissing": self.tr("Key needed again"),
            "PlainHTTPKey": self.tr("Key not sent over http://"),
            "ServerError": self.tr("Server error"),
            "BadURL": self.tr("Not a valid address"),
        }
        return words.get(kind, self.tr("Failed"))

    def _fill(self, item: QTreeWidgetItem, server_id: str) -> None:
        status = self.service.status(server_id)
        models = self.service.models(server_id)
        item.setText(1, self.state_text(status, len(models)))
        color = {"ok": OK_COLOR, "failed": ERROR_COLOR}.get(status.state)
        item.setForeground(1, QColor(color) if color else self.palette().text())
        tip = status.message
        if status.since:
            when = time.strftime("%H:%M:%S", time.localtime(status.since))
            tip = self.tr("{message}\n(as of {time})").format(message=status.message, time=when)
        item.setToolTip(1, tip)
        if tuple(models) != self._listed.get(server_id):
            self._listed[server_id] = tuple(models)
            item.takeChildren()
            self._to_list[server_id] = (models, 0)
            self._list_timer.start(0)
            item.setExpanded(len(models) <= self.expand_up_to)  # a long list would hide the servers below

    def _list_some(self) -> None:
        """Add the servers' models to the tree a few hundred at a time, one batch a frame: a server with
        thousands of models fills its list without freezing the window."""
        budget = self.models_per_frame
        for server_id, (models, done) in list(self._to_list.items()):
            item = self._item(server_id)
            if item is None:
                del self._to_list[server_id]
                continue
            batch = models[done : done + budget]
            children = []
            for model in batch:
                child = QTreeWidgetItem([model, ""])
                child.setToolTip(0, model)
                children.append(child)
            item.addChildren(children)
            budget -= len(batch)
            if done + len(batch) >= len(models):
                del self._to_list[server_id]
            else:
                self._to_list[server_id] = (models, done + len(batch))
            if budget <= 0:
                break
        if self._to_list:
            self._list_timer.start(16)

    def _on_status(self, server_id: str) -> None:
        item = self._item(server_id)
        if item is not None:
            self._fill(item, server_id)
        if server_id == self.selected_id():
            self._on_select()

    def _on_select(self) -> None:
        server_id = self.selected_id()
        for b in (self.edit_btn, self.check_btn, self.remove_btn):
            b.setEnabled(server_id is not None)
        if server_id is None:
            self.message.setText(
                self.tr("No servers yet. Add one to use a model on vLLM, llama-server, llama_cpp.server or Ollama.")
                if not self.service.servers()
                else ""
            )
            self.message.setStyleSheet("")
            return
        status = self.service.status(server_id)
        config = self.service.server(server_id)
        where = config.base_url if config is not None else ""
        if status.state == "failed":
            self.message.setText(self.tr("{url}: {message}").format(url=where, message=status.message))
            self.message.setStyleSheet(f"color: {ERROR_COLOR};")
        elif status.state == "ok":
            self.message.setText(self.tr("{url}: {summary}").format(url=where, summary=status.message))
            self.message.setStyleSheet("")
        elif status.state == "checking":
            self.message.setText(self.tr("{url}: checking the connection…").format(url=where))
            self.message.setStyleSheet("")
        else:
            self.message.setText(where)
            self.message.setStyleSheet("")

    # -- actions -----------------------------------------------------------------------------------
    def _show_note(self, name: str, note: str) -> None:
        self._note_name = name if note else None
        if note:
            self.note.setText(
                self.tr(
                    "No keyring is available on this system, so the key for “{name}” is kept in memory for "
                    "this session only: you will be asked for it again after a restart."
                ).format(name=name)
            )
        self.note.setVisible(bool(note))

    def _run_dialog(self, dialog: ServerDialog) -> bool:
        self.dialog = dialog
        try:
            return dialog.exec() == QDialog.DialogCode.Accepted and dialog.config is not None
        finally:
            self.dialog = None

    def add_server(self) -> None:
        dialog = ServerDialog(self, confirm=self.confirm)
        if not self._run_dialog(dialog) or dialog.config is None:
            return
        note = self.service.add_server(dialog.config, dialog.key)
        self._show_note(dialog.config.name, note)
        self._select(dialog.config.id)

    def edit_selected(self) -> None:
        server_id = self.selected_id()
        config = self.service.server(server_id) if server_id else None
        if config is None:
            return
        dialog = ServerDialog(self, config, has_key=bool(config.key_ref), confirm=self.confirm)
        if not self._run_dialog(dialog) or dialog.config is None:
            return
        note = self.service.update_server(dialog.config, dialog.key)
        self._show_note(dialog.config.name, note)
        self._select(config.id)

    def check_selected(self) -> None:
        server_id = self.selected_id()
        if server_id is not None:
            self.service.check(server_id)

    def remove_selected(self) -> None:
        server_id = self.selected_id()
        if server_id is not None:
            self.service.remove_server(server_id)

    def _select(self, server_id: str) -> None:
        item = self._item(server_id)
        if item is not None:
            self.tree.setCurrentItem(item)
