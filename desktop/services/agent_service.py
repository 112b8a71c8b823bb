"""The booking agent as Qt signals: one run at a time on a thread of its own, approvals from a person.

Threads:
- "agent" (a SerialWorker) owns everything that is not thread-safe: the World (its SQLite connection), the
  audit log's writer and the step model (a model host child process, of which this thread is the only
  reader). Runs, Reset and Undo are jobs on it, one after another.
- "agent-io" (a second SerialWorker) reads the audit log for the timeline, the per-tool record, Verify and
  Export, through a connection of its own (WAL lets it read while a run writes), so none of that waits
  behind a run that waits for a person.

Approvals: the run calls the reviewer on the agent thread; the reviewer emits ``approvalNeeded`` and blocks
on a queue until the GUI calls ``answer(Decision)``. Edited arguments are checked there, on the agent thread,
against the tool's schema and the world: refused ones never run (``editRefused`` says why, and the reviewer
keeps waiting). ``kill()`` and ``shutdown()`` answer "stop" and cancel the model step in flight.

Every signal is emitted on the GUI thread: the agent thread emits private signals that this object's slots
re-emit, so a panel's handlers never run on the agent thread.

Language: this service's own sentences are ``self.tr`` (context AgentService); errors from core carry a
:class:`~desktop.core.messages.Message` and are translated here (``error_text``), so ``failed`` and
``runFailed`` carry text in the installed language. Events, verdicts, previews and results carry Messages
(``.shown``) that the panel translates with ``desktop.i18n.translate_message``; reasons fed back to the agent and
everything written to the audit log stay English.
"""

from __future__ import annotations

import contextlib
import queue
import sqlite3
import threading
import time
import traceback
import uuid
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QObject, Signal, Slot

from desktop.core.automation.agent import (
    AgentEvent,
    AgentRun,
    Decision,
    RunResult,
    StepCancelled,
    StepModel,
    ToolCall,
)
from desktop.core.automation.audit import AuditLog, AuditRow, VerifyResult, undoable_calls
from desktop.core.automation.policy import Level, Verdict, rule_counts, stats
from desktop.core.automation.tools import Preview, Tool, ToolResult, args_problems, undo
from desktop.core.automation.world import Request, World, WorldError
from desktop.core.errors import FMError
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message
from desktop.core.paths import data_dir
from desktop.i18n import translate_message
from desktop.resources import default_model_path
from desktop.services.model_service import ModelService
from desktop.services.worker import SerialWorker

WORLD_FILE = "world.sqlite3"
AUDIT_FILE = "audit.sqlite3"
TIMELINE_ROWS = 1000  # the newest rows the timeline shows (the log keeps every row; Export writes them all)

ModelFactory = Callable[[Path], StepModel]


def automation_dir() -> Path:
    return data_dir() / "automation"


def _host_model(path: Path) -> StepModel:
    from desktop.core.automation.host_model import HostStepModel

    return HostStepModel(path)


class _RowsOnce:
    """One read of the audit log's rows, handed to the record's counters (each would read them again)."""

    def __init__(self, rows: list[AuditRow]) -> None:
        self._rows = rows

    def rows(self) -> list[AuditRow]:
        return self._rows


def _read_log(log: AuditLog) -> tuple[list[AuditRow], dict[str, dict[str, int]], dict[str, int]]:
    """The timeline and the per-tool record from one read (on agent-io)."""
    rows = log.rows()
    once = cast(AuditLog, _RowsOnce(rows))
    return rows, stats(once), rule_counts(once)


def weak(method: Callable[..., Any], *bound: Any) -> Callable[..., None]:
    """A Task callback that calls ``method(*bound, *args)`` without keeping its object alive. A Task that never
    delivers (its worker stopped first) would otherwise tie this service into a reference cycle, and Python's cycle
    collector may run on any thread, while a QObject must be deleted on its own."""
    ref = weakref.WeakMethod(method)

    def call(*args: Any) -> None:
        target = ref()
        if target is not None:
            target(*bound, *args)

    return call


def error_text(exc: BaseException) -> tuple[str, str]:
    """An exception's message in the installed language, and its technical details (never translated)."""
    if isinstance(exc, FMError):
        return translate_message(exc.text), exc.details
    return f"{type(exc).__name__}: {exc}", "".join(traceback.format_exception(exc))


class QueueReviewer:
    """The app's Reviewer: asks the GUI (through ``ask``) and waits on a queue for the person's answer.

    Made per run and used only on the agent thread, except ``answer`` and ``stop`` (``cancel``, which
    ``AgentRun.kill`` calls), which any thread may call.
    """

    name = "person"

    def __init__(
        self,
        world: World,
        ask: Callable[[ToolCall, Tool, Verdict, Preview], None],
        edit_refused: Callable[[list[str]], None],
        edit_accepted: Callable[[], None],
    ) -> None:
        self.world = world
        self._ask = ask
        self._edit_refused = edit_refused
        self._edit_accepted = edit_accepted
        self._answers: queue.Queue[Decision] = queue.Queue()
        self._stopped = threading.Event()
        self.waiting = threading.Event()  # set while a person is being asked
        self.asked = 0

    def review(self, call: ToolCall, tool: Tool, verdict: Verdict, preview: Preview) -> Decision:
        if self._stopped.is_set():
            return Decision(kind="stop", reason="The run was stopped.")
        while True:  # answers left from an earlier question (none in normal use) are not this question's
            try:
                self._answers.get_nowait()
            except queue.Empty:
                break
        self.asked += 1
        self.waiting.set()
        try:
            self._ask(call, tool, verdict, preview)
            while True:
                decision = self._answers.get()
                if self._stopped.is_set():
                    return Decision(kind="stop", reason="The run was stopped.")
                if decision.kind == "edit":
                    args = decision.args if isinstance(decision.args, dict) else None
                    problems: list[Message] = (
                        [message(QT_TRANSLATE_NOOP("AgentService", "The edited arguments must be a JSON object."))]
                        if args is None
                        else args_problems(tool, args, self.world)
                    )
                    errors = [translate_message(p) for p in problems]  # QCoreApplication.translate is thread-safe
                    if errors:
                        self._edit_refused(list(errors))
                        continue  # fail closed: never run them; the card stays open
                    self._edit_accepted()
                return decision
        finally:
            self.waiting.clear()

    def answer(self, decision: Decision) -> None:
        self._answers.put(decision)

    def stop(self) -> None:
        self._stopped.set()
        self._answers.put(Decision(kind="stop", reason="The run was stopped."))

    cancel = stop


class AgentService(QObject):
    # Runs
    agentEvent = Signal(object)  # AgentEvent (not ``event``: that is QObject's event handler)
    approvalNeeded = Signal(object, object, object, object)  # ToolCall, Tool, Verdict, Preview
    editRefused = Signal(object)  # list[str]: why the edited arguments were not run (in the installed language)
    editAccepted = Signal()
    runStarted = Signal(str)  # run id
    runFinished = Signal(object)  # RunResult
    runFailed = Signal(str, str)  # message, details (the run could not start or crashed)
    busyChanged = Signal(bool)
    pausedChanged = Signal(bool)
    modelStarted = Signal(int)  # the step model's host pid (0 if it has none)
    # The world
    inboxLoaded = Signal(object)  # list[Request]
    worldChanged = Signal(str)  # state hash after a reset, an undo or a run
    undone = Signal(object)  # ToolResult
    # The audit log
    auditRows = Signal(object)  # list[AuditRow] (all runs, oldest first)
    statsReady = Signal(object)  # dict[tool, dict[str, int]]
    rulesReady = Signal(object)  # dict[rule, times it blocked a call]
    verified = Signal(object)  # VerifyResult
    exported = Signal(str, int)  # path, rows written
    failed = Signal(str, str, str)  # what failed (title), message, details (reset, undo, export, verify)

    # Emitted on the agent thread; their slots re-emit the public signals on the GUI thread.
    _event = Signal(object)
    _ask = Signal(object, object, object, object)
    _editRefused = Signal(object)
    _editAccepted = Signal()
    _modelStarted = Signal(int)
    _undoRestored = Signal(object)

    def __init__(
        self,
        models: ModelService | None = None,
        model_factory: ModelFactory | None = None,
        folder: Path | None = None,
        max_steps: int = 8,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.models = models
        self.model_factory: ModelFactory = model_factory or _host_model
        self.folder = folder or automation_dir()
        self.max_steps = max_steps
        self.fresh_world_per_run = True
        self.busy = False
        self.paused = False
        self.run_id: str | None = None
        self.last_result: RunResult | None = None
        self._worker = SerialWorker("agent", self)
        self._io = SerialWorker("agent-io", self)
        self._shut_down = False
        self._run: AgentRun | None = None  # set and cleared on the agent thread, read by kill()
        self._reviewer: QueueReviewer | None = None
        self._killed = threading.Event()
        self._pause_wanted = threading.Event()
        self._refresh_pending = False
        self._refresh_again = False
        # (run id, step) -> undo token, from the run's "result" events, and from the audit log after a restart
        self.undo_tokens: dict[tuple[str, int], str] = {}
        # Owned by the agent thread:
        self._world: World | None = None
        self._audit: AuditLog | None = None
        self._model: StepModel | None = None
        self._model_path: Path | None = None
        self._emitted_pid = 0
        self._event.connect(self._on_event)
        self._ask.connect(self._on_ask)
        self._editRefused.connect(self.editRefused)
        self._editAccepted.connect(self.editAccepted)
        self._modelStarted.connect(self._on_model_started)
        self._undoRestored.connect(self._on_undo_restored)
        self._host_pid: int | None = None

    # -- paths -------------------------------------------------------------------------------------
    @property
    def world_path(self) -> Path:
        return self.folder / WORLD_FILE

    @property
    def audit_path(self) -> Path:
        return self.folder / AUDIT_FILE

    def model_path(self) -> Path | None:
        """The model loaded in the Models panel, else the bundled default model."""
        if self.models is not None and self.models.model is not None and self.models.model.get("path"):
            return Path(str(self.models.model["path"]))
        return default_model_path()

    # -- agent-thread helpers (call only from jobs on self._worker) ------------------------------------
    def _world_now(self, fresh: bool = False) -> World:
        if self._world is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._world = None if fresh else self._reopen_world()
            if self._world is None:
                self._world = World.fresh(self.folder, WORLD_FILE)
        elif fresh:
            self._world.reset()
        return self._world

    def _reopen_world(self) -> World | None:
        """The world a previous session left on disk (None if there is none or it cannot be opened), with the
        undo tokens of its latest run taken back from the audit log, so Undo survives a restart."""
        if not self.world_path.is_file():
            return None
        try:
            world = World(self.world_path)
        except WorldError:
            return None
        try:
            same = world.has_seed_schema()
        except (WorldError, sqlite3.Error):
            same = False
        if not same:  # left by an older version, or damaged: start from the current seed
            world.close()
            return None
        try:
            tokens = undoable_calls(self._audit_now().rows(), world.state_hash())
        except Exception:  # an unreadable log: the world is still usable, only its undo is lost
            tokens = {}
        if tokens:
            self._undoRestored.emit(tokens)
        return world

    def _audit_now(self) -> AuditLog:
        if self._audit is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._audit = AuditLog(self.audit_path)
        return self._audit

    def _model_now(self, path: Path) -> StepModel:
        """The step model for ``path``, loaded (kept between runs; a new path replaces it)."""
        model = self._model
        if model is None or self._model_path != path:
            self._close_model()
            model = self.model_factory(path)
            self._model, self._model_path = model, path
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
        for thing in (self._world, self._audit):
            close = getattr(thing, "close", None)
            if callable(close):
                with contextlib.suppress(Exception):
                    close()
        self._world = None
        self._audit = None

    # -- runs --------------------------------------------------------------------------------------
    def start(self, level: Level | str, request_id: str, model_path: Path | None = None) -> bool:
        """Start a run on the agent thread. False if one is running, the service is shut down, or no model."""
        if self.busy or self._shut_down:
            return False
        path = model_path or self.model_path()
        if path is None:
            self.runFailed.emit(self.tr("No model to run the agent: load one in the Models panel."), "")
            return False
        run_id = time.strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
        self.run_id = run_id
        if self.fresh_world_per_run:
            self.undo_tokens.clear()  # they point into the world this run replaces
        self._killed.clear()
        self._pause_wanted.clear()
        self._set_busy(True)
        self._set_paused(False)
        self._worker.submit(
            self._run_job,
            Level(level),
            request_id,
            Path(path),
            run_id,
            self.fresh_world_per_run,
            on_success=weak(self._on_run_done),
            on_failure=weak(self._on_run_failed),
        )
        self.runStarted.emit(run_id)
        return True

    def _run_job(self, level: Level, request_id: str, path: Path, run_id: str, fresh: bool) -> RunResult:
        world = self._world_now(fresh=fresh)
        audit = self._audit_now()
        reviewer = QueueReviewer(world, self._ask.emit, self._editRefused.emit, self._editAccepted.emit)
        self._reviewer = reviewer
        try:
            started = time.perf_counter()
            try:
                model = self._model_now(path)
            except StepCancelled:
                seconds = time.perf_counter() - started
                said = message(
                    QT_TRANSLATE_NOOP("AgentService", "Killed while the model was loading; nothing was done.")
                )
                return RunResult(run_id, "killed", 0, seconds, 0, 0, world.state_hash(), said.english(), text=said)
            run = AgentRun(
                world,
                audit,
                model,
                reviewer,
                level,
                request_id,
                max_steps=self.max_steps,
                on_event=self._event.emit,
                run_id=run_id,
            )
            self._run = run
            if self._pause_wanted.is_set():  # paused while the model was loading: stop before step 1
                run.pause()
            if self._killed.is_set():  # killed while the model was loading
                run.kill()
                reviewer.stop()
            return run.run()
        finally:
            self._run = None
            self._reviewer = None

    @Slot(object)
    def _on_undo_restored(self, tokens: dict[tuple[str, int], str]) -> None:
        if not self.busy:  # a run started meanwhile replaces the world these point into
            self.undo_tokens.update(tokens)
            self.refresh_audit()

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
        if event.kind in ("result", "blocked", "decision", "error", "finished", "interrupted"):
            self.refresh_audit()

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
        message, details = error_text(exc)
        self.runFailed.emit(message, details)

    def _finish_run(self) -> None:
        self._set_paused(False)
        self._set_busy(False)
        self.refresh_audit()

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

    def kill(self) -> None:
        """Stop now: cancel the model step in flight, answer a pending approval with "stop", no further effect."""
        if not self.busy:
            return
        self._killed.set()
        run = self._run
        if run is not None:
            run.kill()
        else:
            model = self._model  # still loading: cancel the load
            if model is not None:
                with contextlib.suppress(Exception):
                    model.cancel()
        reviewer = self._reviewer
        if reviewer is not None:
            reviewer.stop()

    # -- the world ---------------------------------------------------------------------------------
    def load_inbox(self) -> None:
        self._worker.submit(
            lambda: self._world_now().inbox(),
            on_success=weak(self._emit_inbox),
            on_failure=weak(self._report, self.tr("Could not open the business world")),
        )

    def reset_world(self) -> bool:
        """Put the world back to its seed. Refused (False) while a run is going."""
        if self.busy or self._shut_down:
            return False

        def job() -> str:
            world = self._world_now()
            world.reset()
            return world.state_hash()

        self.undo_tokens.clear()
        self._worker.submit(
            job,
            on_success=weak(self._emit_world),
            on_failure=weak(self._report, self.tr("Could not reset the world")),
        )
        return True

    def undo_token(self, row: AuditRow) -> str | None:
        """The token that undoes ``row``'s effect: only for effects made in the world as it is now (not undone yet,
        not wiped by a reset or a fresh run), so Undo never reaches into a world that no longer exists."""
        return self.undo_tokens.get((row.run_id, row.step))

    def undo(self, row: AuditRow) -> bool:
        """Undo one audited effect (where its tool is reversible). Refused (False) while a run is going."""
        token = self.undo_token(row)
        if self.busy or self._shut_down or not token:
            return False
        key = (row.run_id, row.step)

        def job() -> tuple[ToolResult, str]:
            world = self._world_now()
            before = world.state_hash()
            started = time.perf_counter()
            result = undo(world, str(token))
            after = world.state_hash()
            self._audit_now().append(
                run_id=row.run_id,
                level=row.level,
                model="person",
                step=row.step,
                tool=row.tool,
                args={"undo_of_row": getattr(row, "id", None)},
                risk=row.risk,
                decision="info",
                decided_by="person",
                result=f"undone: {result.text}",
                error="",
                duration_ms=(time.perf_counter() - started) * 1000,
                hash_before=before,
                hash_after=after,
            )
            return result, after

        self._worker.submit(
            job,
            on_success=weak(self._on_undone, key),
            on_failure=weak(self._report, self.tr("Could not undo")),
        )
        return True

    def _on_undone(self, key: tuple[str, int], value: tuple[ToolResult, str]) -> None:
        result, state_hash = value
        self.undo_tokens.pop(key, None)
        self.undone.emit(result)
        self.worldChanged.emit(state_hash)
        self.refresh_audit()

    # -- the audit log (read on agent-io with a connection of its own) --------------------------------
    def _reader(self) -> AuditLog:
        self.folder.mkdir(parents=True, exist_ok=True)
        return AuditLog(self.audit_path)

    def _with_reader(self, fn: Callable[[AuditLog], Any]) -> Callable[[], Any]:
        def job() -> Any:
            log = self._reader()
            try:
                return fn(log)
            finally:
                close = getattr(log, "close", None)
                if callable(close):
                    close()

        return job

    def refresh_audit(self) -> None:
        """Read the timeline and the per-tool record again (coalesced: one read in flight at a time)."""
        if self._shut_down:
            return
        if self._refresh_pending:
            self._refresh_again = True
            return
        self._refresh_pending = True
        self._io.submit(
            self._with_reader(_read_log),
            on_success=weak(self._on_refreshed),
            on_failure=weak(self._on_refresh_failed),
        )

    def _on_refreshed(self, value: tuple[list[AuditRow], dict[str, dict[str, int]], dict[str, int]]) -> None:
        self._refresh_pending = False
        rows, record, rules = value
        self.auditRows.emit(rows[-TIMELINE_ROWS:])
        self.statsReady.emit(record)
        self.rulesReady.emit(rules)
        if self._refresh_again:
            self._refresh_again = False
            self.refresh_audit()

    def _on_refresh_failed(self, exc: BaseException) -> None:
        self._refresh_pending = False
        self._refresh_again = False
        self._report(self.tr("Could not read the audit log"), exc)

    def verify(self) -> None:
        self._io.submit(
            self._with_reader(lambda log: log.verify()),
            on_success=weak(self._emit_verified),
            on_failure=weak(self._report, self.tr("Could not verify the audit log")),
        )

    def export(self, path: Path) -> None:
        """Write the whole audit log to ``path``: CSV if it ends in .csv, else JSON lines."""
        path = Path(path)

        def write(log: AuditLog) -> int:
            if path.suffix.lower() == ".csv":
                log.export_csv(path)
            else:
                log.export_jsonl(path)
            return len(log.rows())

        self._io.submit(
            self._with_reader(write),
            on_success=weak(self._emit_exported, str(path)),
            on_failure=weak(self._report, self.tr("Could not export the audit log")),
        )

    # Task callbacks (weak: see ``weak``)
    def _emit_inbox(self, requests: list[Request]) -> None:
        self.inboxLoaded.emit(requests)

    def _emit_world(self, state_hash: str) -> None:
        self.worldChanged.emit(state_hash)

    def _emit_verified(self, result: VerifyResult) -> None:
        self.verified.emit(result)

    def _emit_exported(self, path: str, rows: int) -> None:
        self.exported.emit(path, int(rows))

    def _report(self, title: str, exc: BaseException) -> None:
        message, details = error_text(exc)
        self.failed.emit(title, message, details)

    # -- shutdown ----------------------------------------------------------------------------------
    def shutdown(self, timeout: float = 10.0) -> bool:
        """Kill the run, close the model host, the world and the audit log, end both threads. Safe twice.
        Returns False if a thread did not end in time."""
        if self._shut_down:
            return True
        self.kill()
        self._shut_down = True
        self._worker.submit(self._close_all)
        deadline = time.monotonic() + timeout
        ok = self._worker.stop(int(timeout * 1000))
        if not ok:
            # The run did not stop (a model step that ignored cancel): end its host so the thread returns.
            model = self._model
            host = getattr(model, "host", None)
            for method in ("kill", "stop"):
                fn = getattr(host, method, None)
                if callable(fn):
                    with contextlib.suppress(Exception):
                        fn()
                    break
            ok = self._worker.stop(5000)
        left = max(deadline - time.monotonic(), 1.0)
        return self._io.stop(int(left * 1000)) and ok
