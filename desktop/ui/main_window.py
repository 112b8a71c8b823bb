"""The main window: a sidebar of panels, a status bar (model, backend, memory), drag-and-drop of
models, persisted layout, and the app's one error dialog.

Panels are built when first shown (or first asked for, as ``window.completion_panel``), and each panel's
module, with what it imports, loads then. The window's first frame is its shell alone (sidebar, menus,
status bar, an empty page); the services and the panel it opens on come on the turn after (``started``)."""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QByteArray, QCoreApplication, QObject, QSize, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from desktop import APP_NAME
from desktop.i18n import format_int
from desktop.services.messages import bridge
from desktop.services.settings import Settings
from desktop.ui.app_shell import about_text, after_first_frame
from desktop.ui.app_shell_services import Service, WindowServices
from desktop.ui.language import add_language_menu, on_language_change
from desktop.ui.panel_builders import PANELS, make_panel

if TYPE_CHECKING:
    from desktop.services.autoload import AutoLoader
    from desktop.services.catalog_service import CatalogService
    from desktop.services.history_service import HistoryService
    from desktop.services.model_service import ModelService
    from desktop.services.remote_service import RemoteService
    from desktop.services.source import SourceRegistry
    from desktop.services.system_monitor import SystemMonitor
    from desktop.ui.error_dialog import ErrorDialog
    from desktop.ui.panels.automation import AutomationPanel
    from desktop.ui.panels.completion import CompletionPanel
    from desktop.ui.panels.models import ModelsPanel
    from desktop.ui.panels.tokenizer import TokenizerPanel
    from desktop.ui.panels.vision import VisionPanel


# Qt.ItemDataRole.UserRole. The shell before its first frame never names ``Qt``: PySide builds that namespace's
# 93 enum types on first use (12 ms), which a bare window never pays; it comes after the frame (_finish_start).
USER_ROLE = 0x0100


class MainWindow(QMainWindow):
    # The services, built together on first use (after the first frame, or when one is asked for sooner).
    models: Service[ModelService] = Service()
    catalog: Service[CatalogService] = Service()
    monitor: Service[SystemMonitor] = Service()
    history: Service[HistoryService] = Service()
    remote: Service[RemoteService] = Service()
    sources: Service[SourceRegistry] = Service()
    autoloader: Service[AutoLoader] = Service()
    firstFrame = Signal()  # the shell's first frame is painted on an exposed window
    started = Signal()  # then, on the next turn: the first panel is built, the scan and the host are under way

    def __init__(self, settings: Settings | None = None, start_host: bool = True, panel: str | None = None) -> None:
        super().__init__()
        self._shut_down = False
        self._opening = False
        self._services: WindowServices | None = None
        try:
            self._build(settings, start_host, panel)
            self._build_menus()
        except BaseException:
            # Worker threads already run: stop them, or Qt aborts the process when they are destroyed.
            self._stop_partial()
            raise

    def _build(self, settings: Settings | None, start_host: bool, panel: str | None) -> None:
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.settings = settings or Settings()
        self.errors: list[ErrorDialog] = []
        self._shut_down = False

        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.sidebar = QListWidget()
        self.sidebar.setFixedWidth(160)
        self.sidebar.setIconSize(QSize(20, 20))
        self.sidebar.setStyleSheet("QListWidget { font-size: 11pt; } QListWidget::item { padding: 8px 10px; }")
        self.stack = QStackedWidget()
        layout.addWidget(self.sidebar)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.panels: dict[str, QWidget] = {}  # the panels built so far, by name
        self._holders: list[QWidget] = []  # an empty page of the stack per panel, until it is built
        for index, name in enumerate(PANELS):
            item = QListWidgetItem(name)
            item.setData(USER_ROLE, str(name))
            self.sidebar.addItem(item)
            holder = QWidget()
            self._holders.append(holder)
            self.stack.addWidget(holder)
            shortcut = QShortcut(QKeySequence(f"Ctrl+{index + 1}"), self)
            shortcut.activated.connect(lambda i=index: self.sidebar.setCurrentRow(i))
        self.sidebar.currentRowChanged.connect(self._show_row)

        self._model_name: str | None = None  # what the model label says; set again on a language change
        self._host_stopped = False
        self._caps: dict[str, object] | None = None
        self._memory: tuple[float, float] | None = None
        self.model_label = QLabel()
        self.backend_label = QLabel()
        self.memory_label = QLabel("")
        for w in (self.model_label, self.backend_label, self.memory_label):  # plain text: see services()
            w.setContentsMargins(8, 0, 8, 0)
            self.statusBar().addPermanentWidget(w)
        bridge().error.connect(self.show_error)
        bridge().info.connect(self.show_status)  # a method, so a closed window's connection ends with it

        self._retranslate_window()
        on_language_change(self, self._retranslate_window)

        self._pending_select: Path | None = None
        self._opening = True  # the page to open on is chosen now, and its panel built after the first frame
        self._restore_layout()
        if panel:
            self.show_panel(panel)
        self._opening = False
        self._start_host = start_host
        after_first_frame(self, self._finish_start, self.firstFrame.emit)

    def services(self) -> WindowServices:
        """The window's services, built and wired now if they have not been yet."""
        if self._services is None:
            if self._shut_down:
                raise RuntimeError("the window is shut down; its services were never built")
            from PySide6.QtCore import Qt

            # Before any service can name a model: a model's name comes from its file, never as HTML.
            for w in (self.model_label, self.backend_label, self.memory_label):
                w.setTextFormat(Qt.TextFormat.PlainText)
            self._services = WindowServices(self, self.settings)
            self._wire(self._services)
        return self._services

    def _wire(self, services: WindowServices) -> None:
        models, monitor = services.models, services.monitor
        models.loaded.connect(lambda r: self._set_model(str(r.get("name", ""))))
        models.unloaded.connect(lambda: self._set_model(None))
        models.hostDied.connect(lambda *_: self._set_model(None, host_stopped=True))
        models.loadFailed.connect(lambda *_: self._set_model(None))
        models.loadCancelled.connect(lambda: self._set_model(None))
        models.loadProgress.connect(self._on_load_progress)
        models.capabilitiesChanged.connect(self._on_capabilities)
        models.hostDied.connect(lambda m, d: self.show_error(self.tr("The model host stopped"), m, d))
        models.loadFailed.connect(lambda m, d: self.show_error(self.tr("Could not load the model"), m, d))
        monitor.memory.connect(self._on_memory)
        monitor.add_host("Compare's model host", self._compare_host_pid)
        monitor.add_host("Tokenizer's vocabulary host", lambda: self._service_pid("Tokenizer"))
        monitor.add_host("Automation agent's model host", lambda: self._service_pid("Automation"))
        monitor.add_host("Vision host", lambda: self._service_pid("Vision"))
        services.catalog.changed.connect(self._select_after_scan)

    def _finish_start(self) -> None:
        """Once the shell is on screen: the wheel guard, the services, the first panel, the model scan (its
        thread imports gguf and numpy, which would hold the interpreter while the window is drawn), the model
        host, the first memory figure, and a word if settings cannot be saved."""
        if self._shut_down:
            return
        from PySide6.QtCore import Qt

        from desktop.ui.widgets import wheel_guard

        self.quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)  # Ctrl+Q from a dialog too
        # After the frame: an application-wide filter written in Python makes PySide build the Python type
        # of every object it sees, and the shell's list view alone brings 166 enum types (30-90 ms).
        wheel_guard.install()
        self.services()
        self._show_row(self.stack.currentIndex())
        self.catalog.rescan()
        if self._start_host:
            self.models.start_host()
        self.monitor.sample()
        self.settings.report_problems()
        self.started.emit()

    # -- panels ------------------------------------------------------------------------------------
    def panel(self, name: str) -> QWidget:
        """The panel called ``name``, built now if it has not been yet."""
        built = self.panels.get(name)
        if built is None:
            if self._shut_down:
                raise RuntimeError(f"the window is shut down; the {name} panel was never built")
            built = self.panels[name] = make_panel(self, name)
            index = PANELS.index(name)
            holder = self._holders[index]
            shown = self.stack.currentWidget() is holder  # asked for while its empty page is shown
            self.stack.insertWidget(index, built)  # the page is the panel itself, as before
            self.stack.removeWidget(holder)
            if shown:
                self.stack.setCurrentWidget(built)
            holder.deleteLater()
            self._holders[index] = built
            if name == "Models":
                # After the panel's own handler, which fills the table the selection is made in.
                self.catalog.changed.disconnect(self._select_after_scan)
                self.catalog.changed.connect(self._select_after_scan)
        return built

    @property
    def models_panel(self) -> ModelsPanel:
        return self.panel("Models")  # type: ignore[return-value]

    @property
    def completion_panel(self) -> CompletionPanel:
        return self.panel("Completion")  # type: ignore[return-value]

    @property
    def tokenizer_panel(self) -> TokenizerPanel:
        return self.panel("Tokenizer")  # type: ignore[return-value]

    @property
    def vision_panel(self) -> VisionPanel:
        return self.panel("Vision")  # type: ignore[return-value]

    @property
    def automation_panel(self) -> AutomationPanel:
        return self.panel("Automation")  # type: ignore[return-value]

    def _built(self, name: str) -> Any:
        """The panel if it has been built, else None (shutdown and the memory figure never build one)."""
        return self.panels.get(name)

    def _service_pid(self, name: str) -> int | None:
        panel = self._built(name)
        return panel.service.host_pid() if panel is not None else None

    def _show_row(self, row: int) -> None:
        if 0 <= row < len(PANELS) and not self._opening:
            try:
                self.panel(PANELS[row])
            except Exception as exc:  # a panel that cannot be built must not take the window with it
                self._panel_failed(PANELS[row], exc)
        self.stack.setCurrentIndex(row)

    def _panel_failed(self, name: str, exc: BaseException) -> None:
        """Say in the panel's place, and once in a dialog, that it could not be opened; the others work."""
        import traceback

        from PySide6.QtCore import Qt

        details = "".join(traceback.format_exception(exc))
        print(details, file=sys.stderr)
        shown = QCoreApplication.translate("MainWindow", name)
        message = self.tr(
            "The {panel} panel could not be opened: {error}. The other panels still work; the details say where "
            "it failed."
        ).format(panel=shown, error=f"{type(exc).__name__}: {exc}")
        holder = self._holders[PANELS.index(name)]
        if holder.layout() is None:
            label = QLabel(message, holder)
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            QHBoxLayout(holder).addWidget(label)
            self.show_error(self.tr("A panel could not be opened"), message, details)

    def show_panel(self, name: str) -> None:
        for index, panel in enumerate(PANELS):
            if panel.lower() == name.lower():
                if self.sidebar.currentRow() == index:
                    self._show_row(index)  # no change to signal, but the page may wait for its panel
                else:
                    self.sidebar.setCurrentRow(index)
                return

    def current_panel(self) -> str:
        return PANELS[self.stack.currentIndex()]

    # -- menus -------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        """File > Quit (Ctrl+Q, or the platform's own quit keys) and Help > About."""
        self.file_menu = file_menu = self.menuBar().addMenu("")
        self.quit_action = QAction(self)
        keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Quit)
        if QKeySequence("Ctrl+Q") not in keys:  # Windows has no standard quit keys
            keys.append(QKeySequence("Ctrl+Q"))
        self.quit_action.setShortcuts(keys)  # its context: _finish_start
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.quit_action.triggered.connect(self.close)
        file_menu.addAction(self.quit_action)
        self.help_menu = help_menu = self.menuBar().addMenu("")
        self.about_action = QAction(self)
        self.about_action.setMenuRole(QAction.MenuRole.AboutRole)
        self.about_action.triggered.connect(self.show_about)
        help_menu.addAction(self.about_action)
        self._retranslate_menus()
        on_language_change(self, self._retranslate_menus)
        add_language_menu(self, self.settings)

    def _retranslate_menus(self) -> None:
        self.file_menu.setTitle(self.tr("&File"))
        self.quit_action.setText(self.tr("&Quit"))
        self.quit_action.setStatusTip(self.tr("Save the layout, stop the models and quit"))
        self.help_menu.setTitle(self.tr("&Help"))
        self.about_action.setText(self.tr("&About {app}").format(app=APP_NAME))

    def _retranslate_window(self) -> None:
        """The sidebar and the status bar in the installed language (their state is kept, not their words)."""
        for index, name in enumerate(PANELS):
            item = self.sidebar.item(index)
            if item is not None:
                shown = self.tr(name)
                item.setText(shown)
                item.setToolTip(self.tr("{panel} (Ctrl+{n})").format(panel=shown, n=index + 1))
        self._set_model(self._model_name, self._host_stopped)
        if self._caps is None:
            self.backend_label.setText(self.tr("Backend: …"))
        else:
            self._on_capabilities(self._caps)
        if self._memory is not None:
            self._on_memory(*self._memory)

    def _set_model(self, name: str | None, host_stopped: bool = False) -> None:
        self._model_name, self._host_stopped = name, host_stopped
        if name is not None:
            self.model_label.setText(self.tr("Model: {name}").format(name=name))
        elif host_stopped:
            self.model_label.setText(self.tr("No language model loaded (host stopped)"))
        else:
            self.model_label.setText(self.tr("No language model loaded"))

    def _on_load_progress(self, *_args: object) -> None:
        """While a model loads, the status bar says so (not "No model loaded" beside a 100% bar)."""
        self.model_label.setText(self.tr("Loading a model…"))

    def show_about(self) -> None:
        from PySide6.QtWidgets import QMessageBox  # not on the way to the first frame

        QMessageBox.about(self, self.tr("About {app}").format(app=APP_NAME), about_text())

    # -- status ------------------------------------------------------------------------------------
    def _on_capabilities(self, caps: dict[str, object]) -> None:
        self._caps = caps
        backend = str(caps.get("backend", "CPU"))
        if caps.get("gpu_offload"):
            self.backend_label.setText(self.tr("Backend: {backend} (GPU offload available)").format(backend=backend))
        else:
            self.backend_label.setText(self.tr("Backend: {backend} (no GPU offload)").format(backend=backend))

    def show_status(self, text: str) -> None:
        self.statusBar().showMessage(text, 5000)

    def _compare_host_pid(self) -> int | None:
        completion = self._built("Completion")
        compare = completion.compare_models if completion is not None else None
        return compare.host_pid() if compare is not None else None

    def _on_memory(self, app_mib: float, host_mib: float) -> None:
        self._memory = (app_mib, host_mib)
        total, app, host = (format_int(round(v)) for v in (app_mib + host_mib, app_mib, host_mib))
        hosts = self.monitor.last_hosts
        if not host_mib:
            text = self.tr("Memory: {total} MiB").format(total=total)
        elif len(hosts) == 1:
            text = self.tr("Memory: {total} MiB (app {app} + model host {host})").format(
                total=total, app=app, host=host
            )
        else:
            text = self.tr("Memory: {total} MiB (app {app} + %n model hosts {host})", "", len(hosts)).format(
                total=total, app=app, host=host
            )
        self.memory_label.setText(text)
        lines = [self.tr("App: {mib} MiB").format(mib=app)]
        for name, mib in hosts.items():
            shown = QCoreApplication.translate("SystemMonitor", name)
            lines.append(self.tr("{host}: {mib} MiB").format(host=shown, mib=format_int(round(mib))))
        self.memory_label.setToolTip("\n".join(lines))

    def show_error(self, title: str, message: str, details: str = "") -> None:
        from PySide6.QtCore import Qt

        from desktop.ui.error_dialog import ErrorDialog  # only when an error shows: off the start-up path

        dialog = ErrorDialog(title, message, details, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.errors.append(dialog)
        dialog.finished.connect(lambda _r, d=dialog: self.errors.remove(d) if d in self.errors else None)
        dialog.open()

    # -- drag and drop -----------------------------------------------------------------------------
    @staticmethod
    def _droppable(paths: list[Path]) -> list[Path]:
        from desktop.core.catalog import GGUF_SUFFIX

        return [p for p in paths if p.is_dir() or p.suffix.lower() == GGUF_SUFFIX]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        urls = event.mimeData().urls()
        if self._droppable([Path(u.toLocalFile()) for u in urls if u.isLocalFile()]):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = self._droppable([Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()])
        if paths:
            self.add_models(paths)
            event.acceptProposedAction()

    def add_models(self, paths: list[Path]) -> None:
        added = self.catalog.add_paths(paths)
        self.show_panel("Models")
        names = ", ".join(p.name for p in paths)
        self.statusBar().showMessage(self.tr("Added {names}").format(names=names), 5000)
        if added:
            self._pending_select = added[0]

    def _select_after_scan(self) -> None:
        """After a scan, select the model that was just added (if any)."""
        if self._pending_select is not None:
            self.models_panel.select_path(self._pending_select)
            self._pending_select = None

    # -- layout persistence and shutdown -----------------------------------------------------------
    def _restore_layout(self) -> None:
        geometry = self.settings.get_bytes("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1180, 760)
        state = self.settings.get_bytes("window/state")
        if state is not None:
            self.restoreState(state)
        last = self.settings.get_str("window/panel", "Models")
        self.show_panel(last if last in PANELS else "Models")
        if self.sidebar.currentRow() < 0:
            self.sidebar.setCurrentRow(0)

    def _save_layout(self) -> None:
        self.settings.set("window/geometry", QByteArray(self.saveGeometry()))
        self.settings.set("window/state", QByteArray(self.saveState()))
        self.settings.set("window/panel", self.current_panel())
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self._save_layout()
        self.shutdown()
        super().closeEvent(event)

    def _stop_partial(self) -> None:
        """After a failed build: the ordered shutdown if enough was built for it, then every service and
        panel that exists is stopped on its own (each stop is safe to call twice)."""
        try:
            self.shutdown()
        except Exception:  # a part the ordered shutdown expects was never built
            self._shut_down = True
            built = [*vars(self).values(), *(vars(self._services).values() if self._services is not None else ())]
            parts = [v for v in built if isinstance(v, QObject)]
            for part in reversed(parts):
                stop = getattr(part, "shutdown", None) or getattr(part, "stop", None)
                if callable(stop):
                    with contextlib.suppress(Exception):
                        stop()

    def shutdown(self) -> None:
        """Ordered: stop sampling, stop the model host (it unloads first), end the worker threads."""
        if self._shut_down:
            return
        self._shut_down = True
        services = self._services  # None: closed before its first frame, with nothing started
        if services is not None:
            services.monitor.stop()
        # Every model host starts winding down at once; the ordered stops below then wait on each.
        # Only the panels that were built have anything to stop.
        completion, tokenizer = self._built("Completion"), self._built("Tokenizer")
        compare = completion.compare_models if completion is not None else None
        vocab = tokenizer.service if tokenizer is not None else None
        for service in (services.models if services is not None else None, compare, vocab):
            host = service.host if service is not None else None
            if host is not None:
                host.request_stop()
        for name in ("Completion", "Tokenizer", "Vision", "Automation"):
            panel = self._built(name)
            if panel is not None:
                panel.shutdown()
        if services is None:
            return
        services.sources.shutdown()
        services.remote.shutdown()
        services.models.cancel()
        services.models.shutdown()
        services.catalog.shutdown()
        services.history.shutdown()
