"""The booking agent as Qt signals: one run at a time on a thread of its own, approvals from a person.

Threads: "agent" (a SerialWorker) owns everything that is not thread-safe: the World and the audit log's writer
(one SQLite file, one connection each) and the step model (a model host child process, of which this thread is the
only reader). Runs, Reset, Undo and Repair are jobs on it, one after another. The log is read for the panel by
``AuditService`` on a thread of its own; ``logChanged`` says when to read it again.

Opening (the first job): the database is opened, or, if it cannot be, moved aside and started fresh (said in
words); a world an older version made is put back to the seed, with a row; then ``recovery.recover`` gives runs the
app never ended an ``interrupted`` row and checks that the world is the one the log last recorded. ``opened`` tells
the panel what was found, and ``repair_world`` puts a world the log does not explain back to the seed.

Approvals: the run calls the reviewer (``approvals.QueueReviewer``) on the agent thread; it emits
``approvalNeeded`` and blocks until the GUI calls ``answer``. Edited arguments go through ``check_edit`` first:
refused ones never run (``editRefused``), accepted ones come back decided and previewed (``editChecked``), and only
those exact arguments can then be approved. ``kill()`` and ``shutdown()`` answer "stop" and cancel the model step
in flight.

The agent's model: ``model_key`` is "" for the GGUF loaded in Models (``model_factory(path)`` makes its
``StepModel``, the local model host by default), or a server model's ``remote:<server>/<model>`` key from
``model_choices()`` (``agent_models.server_step_model``). Every signal is emitted on the GUI thread.
"""

from __future__ import annotations

import contextlib
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

from desktop.core.automation.agent import AgentEvent, AgentRun, Decision, RunResult, StepCancelled, StepModel, ToolCall
from desktop.core.automation.audit import AuditLog, AuditRow, undoable_calls
from desktop.core.automation.policy import Level, Verdict
from desktop.core.automation.recovery import OpenReport, open_automation, repair, reset_recorded
from desktop.core.automation.tools import Preview, Tool, ToolResult
from desktop.core.automation.undo import undo
from desktop.core.automation.world import Request, World
from desktop.core.catalog import READABLE_NAMES
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message
from desktop.i18n import error_and_details
from desktop.resources import default_model_path
from desktop.services import agent_models
from desktop.services.approvals import QueueReviewer
from desktop.services.audit_service import AuditService, AutomationFiles
from desktop.services.model_service import ModelService
from desktop.services.worker import SerialWorker, weak_callback

if TYPE_CHECKING:
    from desktop.services.remote_service import RemoteService

ModelFactory = Callable[[Path], StepModel]
__all__ = ["AgentService", "QueueReviewer", "agent_services"]


def _host_model(path: Path, name: str) -> StepModel:
    from desktop.core.automation.host_model import HostStepModel

    return HostStepModel(path, name=name)


def _run_id() -> str:
    return time.strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]


class AgentService(QObject):
    # Runs
    agentEvent = Signal(object)  # AgentEvent (not ``event``: that is QObject's event handler)
    approvalNeeded = Signal(object, object, object, object)  # ToolCall, Tool, Verdict, Preview
    editRefused = Signal(object)  # list[str]: why the edited arguments were not run (in the installed language)
    editChecked = Signal(object, object, object)  # the edited args, their Verdict and Preview: approve them now
    runStarted = Signal(str)  # run id
    runFinished = Signal(object)  # RunResult
    runFailed = Signal(str, str)  # message, details (the run could not start or crashed)
    busyChanged = Signal(bool)
    pausedChanged = Signal(bool)
    modelStarted = Signal(int)  # the step model's host pid (0 if it has none)
    # The world and its log
    opened = Signal(object, object)  # OpenReport, list[str]: what the first open found (notes in words)
    choicesChanged = Signal()  # the server models on offer changed (a server added, checked or removed)
    inboxLoaded = Signal(object)  # list[Request]
    worldChanged = Signal(str)  # state hash after a reset, an undo, a repair or a run
    undone = Signal(object)  # ToolResult
    logChanged = Signal()  # rows were written: read the log again
    failed = Signal(str, str, str)  # what failed (title), message, details (reset, undo, repair)

    # Emitted on the agent thread; their slots re-emit the public signals on the GUI thread.
    _event = Signal(object)
    _ask = Signal(object, object, object, object)
    _editRefused = Signal(object)
    _editChecked = Signal(object, object, object)
    _modelStarted = Signal(int)
    _opened = Signal(object, object, object)

    def __init__(
        self,
        models: ModelService | None = None,
        model_factory: ModelFactory | None = None,
        folder: Path | None = None,
        max_steps: int = 8,
        parent: QObject | None = None,
        *,
        files: AutomationFiles | None = None,
        remote: RemoteService | None = None,
    ) -> None:
        super().__init__(parent)
        self.models = models
        self.remote = remote
        self.model_key = agent_models.LOCAL  # "" or a server model's key (``model_choices``)
        if remote is not None:
            remote.serversChanged.connect(self.choicesChanged)
            remote.checked.connect(self.choicesChanged)
        self.model_factory: ModelFactory | None = model_factory
        self.files = files or (AutomationFiles(folder=Path(folder)) if folder is not None else AutomationFiles())
        self.max_steps = max_steps
        self.fresh_world_per_run = True
        self.busy = False
        self.paused = False
        self.run_id: str | None = None
        self.last_result: RunResult | None = None
        self.report: OpenReport | None = None
        self._worker = SerialWorker("agent", self)
        self._shut_down = False
        self._run: AgentRun | None = None  # set and cleared on the agent thread, read by kill()
        self._reviewer: QueueReviewer | None = None
        self._killed = threading.Event()
        self._closing = False  # the kill comes from closing the app: the log says so, not "kill switch"
        self._pause_wanted = threading.Event()
        # (run id, step) -> undo token, from the run's "result" events, and from the audit log at open
        self.undo_tokens: dict[tuple[str, int], str] = {}
        # Owned by the agent thread:
        self._world: World | None = None
        self._log: AuditLog | None = None
        self._model: StepModel | None = None
        self._model_path: Path | str | None = None
        self._model_factory: ModelFactory | None = None  # the factory that made the model (a new one replaces it)
        self._emitted_pid = 0
        self._host_pid: int | None = None
        self._event.connect(self._on_event)
        self._ask.connect(self._on_ask)
        self._editRefused.connect(self.editRefused)
        self._editChecked.connect(self.editChecked)
        self._modelStarted.connect(self._on_model_started)
        self._opened.connect(self._on_opened)

    # -- paths and the model ---------------------------------------------------------------------------------
    @property
    def folder(self) -> Path:
        return self.files.folder

    @property
    def db_path(self) -> Path:
        return self.files.db

    def model_path(self) -> Path | None:
        """The model loaded in the Models panel, else the bundled default model."""
        if self.models is not None and self.models.model is not None and self.models.model.get("path"):
            return Path(str(self.models.model["path"]))
        return default_model_path()

    def model_choices(self) -> list[tuple[str, str]]:
        """(label, key) of every server model the agent can run on; the GGUF loaded in Models ("") is not listed."""
        return agent_models.server_choices(self.remote)

    def on_server(self) -> bool:
        """The agent runs on a server model (one that is still on offer)."""
        return agent_models.is_server_key(self.model_key) and bool(self.server_name())

    def server_name(self) -> str:
        return agent_models.server_label(self.remote, self.model_key)

    def model_name(self, path: Path | None = None) -> str:
        """The agent's model named as the rest of the app names it ("SmolLM2 135M Instruct")."""
        if path is None and self.on_server():
            return self.server_name()
        path = path or self.model_path()
        if path is None:
            return ""
        loaded = self.models.model if self.models is not None else None
        if loaded and Path(str(loaded.get("path", ""))) == path and loaded.get("name"):
            return str(loaded["name"])
        return READABLE_NAMES.get(path.name, path.stem)

    # -- agent-thread helpers (call only from jobs on self._worker) --------------------------------------------
    def _world_now(self) -> tuple[World, AuditLog]:
        if self._world is None or self._log is None:
            self._open()
        assert self._world is not None and self._log is not None
        return self._world, self._log

    def _open(self) -> None:
        """Open (or make) the database, put an older world back to the seed, and recover what a crash left."""
        opened = open_automation(self.files.db, self.files.log)
        self._world, self._log = opened.world, opened.log
        report = opened.report
        tokens = undoable_calls(opened.log.rows(), report.world_hash) if report.consistent else {}
        self._opened.emit(report, opened.notes, tokens)

    def _model_now(self, path: Path | str, name: str) -> StepModel:
        """The step model for ``path`` (a server model's key: a str), loaded (kept between runs; a new one replaces
        it)."""
        model = self._model
        if model is None or self._model_path != path or self._model_factory is not self.model_factory:
            self._close_model()
            if isinstance(path, str):
                model = agent_models.server_step_model(self.remote, path, name)
            elif self.model_factory is not None:
                model = self.model_factory(path)
            else:
                model = _host_model(path, name)
            self._model, self._model_path, self._model_factory = model, path, self.model_factory
        reset = getattr(model, "reset", None)
        if callable(reset):
            reset()  # forget the last run's kill
        if self._killed.is_set():
            model.cancel()
        start = getattr(model, "start", None)
        if callable(start):
            start()  # start the host and load the model (once); a kill cancels it
            pid = getattr(getattr(model, "host", None), "pid", None)
            if isinstance(pid, int) and pid != self._emitted_pid:
                self._emitted_pid = pid
                self._modelStarted.emit(pid)
        return model

    def _close_model(self) -> None:
        model, self._model, self._model_path = self._model, None, None
        close = getattr(model, "close", None)
        if callable(close):
            with contextlib.suppress(Exception):
                close()
        if model is not None and self._emitted_pid:
            self._emitted_pid = 0
            self._modelStarted.emit(0)

    def _close_all(self) -> None:
        self._close_model()
        for thing in (self._world, self._log):
            if thing is not None:
                with contextlib.suppress(Exception):
                    thing.close()
        self._world = self._log = None

    # -- runs ------------------------------------------------------------------------------------------------
    def start(self, level: Level | str, request_id: str, model_path: Path | None = None) -> bool:
        """Start a run on the agent thread. False if one is running, the service is shut down, or no model."""
        if self.busy or self._shut_down:
            return False
        path: Path | str | None = model_path or self.model_path()
        if model_path is None and self.on_server():
            path = self.model_key
        if path is None:
            self.runFailed.emit(self.tr("No model to run the agent: load one in the Models panel."), "")
            return False
        run_id = _run_id()
        self.run_id = run_id
        if self.fresh_world_per_run:
            self.undo_tokens.clear()  # they point into the world this run replaces
        self._killed.clear()
        self._closing = False
        self._pause_wanted.clear()
        self._set_busy(True)
        self._set_paused(False)
        self._worker.submit(
            self._run_job, Level(level), request_id, path, self.model_name(path if isinstance(path, Path) else None),
            run_id, self.fresh_world_per_run,
            on_success=weak_callback(self._on_run_done), on_failure=weak_callback(self._on_run_failed),
        )  # fmt: skip
        self.runStarted.emit(run_id)
        return True

    def _run_job(
        self, level: Level, request_id: str, path: Path | str, name: str, run_id: str, fresh: bool
    ) -> RunResult:
        world, log = self._world_now()
        if fresh:
            reset_recorded(
                world, log, run_id=run_id, level=level.value, result="A fresh world from the seed for the run."
            )
        reviewer = QueueReviewer(world, self._ask.emit, self._editRefused.emit, self._editChecked.emit)
        self._reviewer = reviewer
        try:
            started = time.perf_counter()
            try:
                model = self._model_now(path, name)
            except StepCancelled:
                return self._killed_while_loading(world, log, level, run_id, name, request_id, started)
            run = AgentRun(world, log, model, reviewer, level, request_id, max_steps=self.max_steps,
                           on_event=self._event.emit, run_id=run_id)  # fmt: skip
            self._run = run
            if self._pause_wanted.is_set():  # paused while the model was loading: stop before step 1
                run.pause()
            if self._killed.is_set():  # killed while the model was loading
                run.kill(closing=self._closing)
                reviewer.stop()
            return run.run()
        finally:
            self._run = None
            self._reviewer = None

    def _killed_while_loading(
        self, world: World, log: AuditLog, level: Level, run_id: str, name: str, request_id: str, started: float
    ) -> RunResult:
        said = message(QT_TRANSLATE_NOOP("AgentService", "Killed while the model was loading; nothing was done."))
        who = "kill switch"
        if self._closing:
            said = message(
                QT_TRANSLATE_NOOP("AgentService", "The app was closed while the model was loading; nothing was done.")
            )
            who = "app"
        now = world.state_hash()
        for decision, args in (("started", {"request_id": request_id}), ("ended", {"status": "killed", "steps": 0})):
            log.append(run_id=run_id, level=level.value, model=name, tool="", args=args, decision=decision,
                       decided_by=who, result=said.english(), hash_before=now, hash_after=now)  # fmt: skip
        seconds = time.perf_counter() - started
        return RunResult(run_id, "killed", 0, seconds, 0, 0, now, said.english(), text=said)

    @Slot(object, object, object)
    def _on_opened(self, report: OpenReport, notes: list[Message], tokens: dict[tuple[str, int], str]) -> None:
        self.report = report
        if not self.busy:  # a run started meanwhile replaces the world these point into
            self.undo_tokens.update(tokens)
        self.opened.emit(report, notes)
        self.logChanged.emit()

    @Slot(int)
    def _on_model_started(self, pid: int) -> None:
        self._host_pid = pid or None
        self.modelStarted.emit(pid)

    def host_pid(self) -> int | None:
        """The agent's model host process (for the status bar's memory figure); None when none runs."""
        return None if self._shut_down else self._host_pid

    @Slot(object)
    def _on_event(self, event: AgentEvent) -> None:
        if event.kind == "paused":
            self._set_paused(True)
        elif event.kind == "resumed":
            self._set_paused(False)
        elif event.kind == "result" and event.data.get("undo_token") and self.run_id:
            self.undo_tokens[(self.run_id, event.step)] = str(event.data["undo_token"])
        self.agentEvent.emit(event)
        if event.kind in ("started", "result", "blocked", "decision", "error", "finished", "interrupted"):
            self.logChanged.emit()

    @Slot(object, object, object, object)
    def _on_ask(self, call: ToolCall, tool: Tool, verdict: Verdict, preview: Preview) -> None:
        if self._killed.is_set() or self._shut_down:
            return  # the reviewer has its "stop" already
        self.approvalNeeded.emit(call, tool, verdict, preview)

    def _on_run_done(self, result: RunResult) -> None:
        self.last_result = result
        self._finish_run()
        self.runFinished.emit(result)
        self.worldChanged.emit(result.final_hash)

    def _on_run_failed(self, exc: BaseException) -> None:
        self._finish_run()
        text, details = error_and_details(exc)
        self.runFailed.emit(text, details)

    def _finish_run(self) -> None:
        self._set_paused(False)
        self._set_busy(False)
        self.logChanged.emit()

    def _set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busyChanged.emit(busy)

    def _set_paused(self, paused: bool) -> None:
        if paused != self.paused:
            self.paused = paused
            self.pausedChanged.emit(paused)

    def answer(self, decision: Decision) -> None:
        """The person's answer to the pending ``approvalNeeded``."""
        reviewer = self._reviewer
        if reviewer is not None:
            reviewer.answer(decision)

    def check_edit(self, args: Any) -> None:
        """Check edited arguments for the pending call; ``editChecked`` or ``editRefused`` answers."""
        reviewer = self._reviewer
        if reviewer is not None:
            reviewer.check(args)

    @property
    def waiting_for_person(self) -> bool:
        reviewer = self._reviewer
        return reviewer is not None and reviewer.waiting.is_set()

    def pause(self) -> None:
        """Stop between steps (the step in flight finishes; a run still loading its model stops before step 1)."""
        if not self.busy:
            return
        self._pause_wanted.set()
        run = self._run
        if run is not None:
            run.pause()
        self._set_paused(True)

    def resume(self) -> None:
        self._pause_wanted.clear()
        run = self._run
        if run is not None:
            run.resume()
        self._set_paused(False)

    def kill(self, closing: bool = False) -> None:
        """Stop now: cancel the model step in flight, answer a pending approval with "stop", no further effect.
        ``closing``: the app is closing (the log then says so, not that a person pressed Kill)."""
        if not self.busy:
            return
        self._closing = self._closing or closing
        self._killed.set()
        run = self._run
        if run is not None:
            run.kill(closing=self._closing)
        else:
            model = self._model  # still loading: cancel the load
            if model is not None:
                with contextlib.suppress(Exception):
                    model.cancel()
        reviewer = self._reviewer
        if reviewer is not None:
            reviewer.stop()

    # -- the world -------------------------------------------------------------------------------------------
    def load_inbox(self) -> None:
        self._worker.submit(
            lambda: self._world_now()[0].inbox(),
            on_success=weak_callback(self._emit_inbox),
            on_failure=weak_callback(self._report, self.tr("Could not open the business world")),
        )

    def reset_world(self) -> bool:
        """Put the world back to its seed, with a row. Refused (False) while a run is going."""
        return self._world_job(
            lambda world, log: reset_recorded(world, log, run_id="reset-" + _run_id(),
                                              result="A person reset the world to its seed.").hash_after,
            self.tr("Could not reset the world"),
        )  # fmt: skip

    def repair_world(self) -> bool:
        """The world is not the one the log last recorded: put it back to the seed, with a row that says so."""
        return self._world_job(lambda world, log: repair(world, log).hash_after, self.tr("Could not repair the world"))

    def _world_job(self, fn: Callable[[World, AuditLog], str], title: str) -> bool:
        if self.busy or self._shut_down:
            return False
        self.undo_tokens.clear()
        self._worker.submit(
            lambda: fn(*self._world_now()),
            on_success=weak_callback(self._emit_world),
            on_failure=weak_callback(self._report, title),
        )
        return True

    def undo_token(self, row: AuditRow) -> str | None:
        """The token that undoes ``row``'s effect: only for effects made in the world as it is now (not undone yet,
        not wiped by a reset or a fresh run), so Undo never reaches into a world that no longer exists."""
        return self.undo_tokens.get((row.run_id, row.step))

    def undo(self, row: AuditRow) -> bool:
        """Undo one audited effect (where its tool is reversible), with its row in the same transaction. Refused
        (False) while a run is going."""
        token = self.undo_token(row)
        if self.busy or self._shut_down or not token:
            return False
        key = (row.run_id, row.step)

        def job() -> ToolResult:
            world, log = self._world_now()
            started = time.perf_counter()
            written: list[AuditRow] = []

            def record(db: Any, result: ToolResult) -> None:
                written.append(log.write(
                    db, run_id=row.run_id, level=row.level, model=row.model, step=row.step, tool=row.tool,
                    args={"undo_of_row": row.id}, risk=row.risk, decision="undone", decided_by="person",
                    result=f"undone: {result.text}", duration_ms=(time.perf_counter() - started) * 1000,
                    hash_before=result.hash_before, hash_after=result.hash_after,
                ))  # fmt: skip

            result = undo(world, str(token), record=record)
            log.committed(written[-1])
            return result

        self._worker.submit(
            job,
            on_success=weak_callback(self._on_undone, key),
            on_failure=weak_callback(self._report, self.tr("Could not undo")),
        )
        return True

    def _on_undone(self, key: tuple[str, int], result: ToolResult) -> None:
        self.undo_tokens.pop(key, None)
        self.undone.emit(result)
        self.worldChanged.emit(result.hash_after)
        self.logChanged.emit()

    # Task callbacks (weak: see ``worker.weak_callback``)
    def _emit_inbox(self, requests: list[Request]) -> None:
        self.inboxLoaded.emit(requests)

    def _emit_world(self, state_hash: str) -> None:
        self.worldChanged.emit(state_hash)
        self.logChanged.emit()

    def _report(self, title: str, exc: BaseException) -> None:
        text, details = error_and_details(exc)
        self.failed.emit(title, text, details)

    # -- shutdown --------------------------------------------------------------------------------------------
    def shutdown(self, timeout: float = 10.0) -> bool:
        """Kill the run, close the model host, the world and the log, end the thread. Safe twice. Returns False if
        the thread did not end in time."""
        if self._shut_down:
            return True
        self.kill(closing=True)
        self._shut_down = True
        self._worker.submit(self._close_all)
        ok = self._worker.stop(int(timeout * 1000))
        if not ok:
            # The run did not stop (a model step that ignored cancel): end its host so the thread returns.
            host = getattr(self._model, "host", None)
            for method in ("kill", "stop"):
                fn = getattr(host, method, None)
                if callable(fn):
                    with contextlib.suppress(Exception):
                        fn()
                    break
            ok = self._worker.stop(5000)
        return ok


def agent_services(
    models: ModelService | None, parent: QObject | None = None, remote: RemoteService | None = None
) -> tuple[AgentService, AuditService]:
    """The Automation panel's two services on the same files (the window builds them for the panel)."""
    files = AutomationFiles()
    return AgentService(models, parent=parent, files=files, remote=remote), AuditService(files, parent=parent)
