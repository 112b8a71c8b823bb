"""The window's RemoteService (``window.remote``, as ``main()`` builds it) against a real llama_cpp.server
on 127.0.0.1: signals shaped like ModelService's, arriving on the GUI thread and coalesced per pass; Stop;
a server killed mid-stream; keys that never reach a message; the registry kept in the settings."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import socket
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from desktop.core.remote import KeyStore, ServerConfig, secrets
from desktop.services.remote_service import SETTINGS_KEY, RemoteService
from desktop.services.settings import Settings
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

GREEDY = {"temperature": 0.0, "repeat_penalty": 1.0}


@pytest.fixture
def server(default_model: Path, tmp_path: Path) -> Iterator[LlamaServer]:
    s = start_llama_server(default_model, tmp_path / "server.log")
    yield s
    stop_llama_server(s)


@pytest.fixture
def remote(make_window: Callable[..., Any], keyring: MemoryKeyring) -> RemoteService:
    """The RemoteService of a window built as ``main()`` builds it."""
    service: RemoteService = make_window(start_host=False).remote
    return service


class Recorder:
    """Token events as the GUI thread receives them, one by one and in passes."""

    def __init__(self, service: RemoteService) -> None:
        self.tokens: list[dict[str, Any]] = []
        self.passes: list[int] = []
        self.off_gui_thread = 0
        self.gui = QThread.currentThread()
        service.token.connect(self.on_token)
        service.tokens.connect(lambda rid, events: self.passes.append(len(events)))

    def on_token(self, rid: int, event: dict[str, Any]) -> None:
        if QThread.currentThread() is not self.gui:
            self.off_gui_thread += 1
        self.tokens.append(event)


def test_check_then_stream_on_the_gui_thread(qtbot: QtBot, remote: RemoteService, server: LlamaServer) -> None:
    config = server.config()
    with qtbot.waitSignal(remote.checked, timeout=60000) as checked:
        remote.check(config)
    server_id, info = checked.args
    assert server_id == config.id and [m["id"] for m in info["models"]] == [server.model]
    assert info["capabilities"]["logprobs"] is True and info["capabilities"]["engine"] == "llama_cpp.server"
    assert "returns token probabilities" in info["summary"]
    assert remote.capabilities(config.id)["logprobs"] is True and remote.models(config.id) == [server.model]

    rec = Recorder(remote)
    states: list[str] = []
    remote.stateChanged.connect(states.append)
    with qtbot.waitSignal(remote.completed, timeout=120000) as done:
        rid = remote.complete(config, server.model, prompt="The capital of France is", max_tokens=12, **GREEDY)
        assert rid is not None and remote.busy() and remote.busy(config.id) and not remote.busy("another")
    assert done.args[0] == rid
    result = done.args[1]
    assert result["stop_reason"] == "length" and result["server"] == config.name
    assert "".join(t["text"] for t in rec.tokens) == result["text"] and len(rec.tokens) == 12
    assert rec.off_gui_thread == 0 and all(0 <= t["p"] <= 1 and t["alts"] for t in rec.tokens)
    assert sum(rec.passes) == 12  # every token also came in a pass (``tokens``), before ``completed``
    assert states == ["generating", "idle"] and not remote.busy()

    with qtbot.waitSignal(remote.tokenized, timeout=60000) as tok:
        trid = remote.tokenize(config, server.model, "Hello world")
    assert tok.args[0] == trid and tok.args[1]["endpoint"] == "/extras/tokenize"
    assert tok.args[1]["pieces"][-2:] == ["Hello", " world"] and tok.args[1]["partial"] is None


def test_stop_ends_the_run_at_once(qtbot: QtBot, remote: RemoteService, server: LlamaServer) -> None:
    config = server.config()
    rec = Recorder(remote)
    stopped: list[float] = []

    def stop_after_three(rid: int, event: dict[str, Any]) -> None:
        if len(rec.tokens) == 3 and not stopped:
            stopped.append(time.perf_counter())
            remote.cancel(rid)

    remote.token.connect(stop_after_three)
    with qtbot.waitSignal(remote.completed, timeout=120000) as done:
        remote.complete(config, server.model, prompt="Once upon a time", max_tokens=900)
    assert done.args[1]["stop_reason"] == "cancelled"
    assert time.perf_counter() - stopped[0] < 1.0
    assert done.args[1]["text"] == "".join(t["text"] for t in rec.tokens) and len(rec.tokens) < 20
    remote.cancel()  # harmless afterwards


def test_server_killed_mid_stream_keeps_partial_text_marks_the_server_and_the_app_goes_on(
    qtbot: QtBot, remote: RemoteService, server: LlamaServer, default_model: Path, tmp_path: Path
) -> None:
    with qtbot.waitSignal(remote.checked, timeout=60000):
        remote.add_server(server.config())
    (config,) = remote.servers()
    assert remote.status(config.id).state == "ok"
    rec = Recorder(remote)

    def kill_after_four(rid: int, event: dict[str, Any]) -> None:
        if len(rec.tokens) == 4:
            os.kill(server.proc.pid, signal.SIGKILL)

    remote.token.connect(kill_after_four)
    partials: list[dict[str, Any]] = []
    remote.partial.connect(lambda rid, result: partials.append(result))
    with qtbot.waitSignal(remote.requestFailed, timeout=120000) as failed:
        remote.complete(config, server.model, prompt="Once upon a time", max_tokens=900)
    server.proc.wait(10)
    _rid, kind, message, _details = failed.args
    assert kind == "StreamCut" and "closed in the middle of the answer" in message and "kept" in message
    assert len(partials) == 1 and partials[0]["stop_reason"] == "error"
    assert partials[0]["text"] == "".join(t["text"] for t in rec.tokens) and len(rec.tokens) >= 4
    assert not remote.busy() and remote.state == "idle"
    status = remote.status(config.id)  # the list no longer says "Connected"
    assert status.state == "failed" and status.kind == "StreamCut" and "closed in the middle" in status.message

    # The app goes on: the same server, restarted on another port, works through the same service, and
    # its first answer marks it as answering again.
    again = start_llama_server(default_model, tmp_path / "again.log")
    try:
        with qtbot.waitSignal(remote.checked, timeout=60000):
            remote.update_server(dataclasses.replace(config, base_url=again.base_url), check=False)
            with qtbot.waitSignal(remote.completed, timeout=120000) as done:
                remote.complete(remote.servers()[0], again.model, prompt="Hi", max_tokens=2, **GREEDY)
        assert done.args[1]["metrics"]["n_generated"] == 2 and remote.status(config.id).state == "ok"
    finally:
        stop_llama_server(again)


def test_failures_in_words(qtbot: QtBot, remote: RemoteService) -> None:
    config = ServerConfig("nobody", f"http://127.0.0.1:{free_port()}/v1")
    with qtbot.waitSignal(remote.checkFailed, timeout=30000) as failed:
        remote.check(config)
    assert failed.args[0] == config.id and failed.args[1] == "ConnectionRefused"
    with qtbot.waitSignal(remote.requestFailed, timeout=30000) as failed:
        remote.complete(config, "m", prompt="Hi")
    assert failed.args[1] == "ConnectionRefused" and "refused" in failed.args[2]
    assert not remote.busy()
    with qtbot.waitSignal(remote.checkFailed, timeout=30000) as failed:
        remote.check(ServerConfig("typo", "not a url"))  # never raises on the GUI thread
    assert failed.args[1] == "BadURL" and "spaces" in failed.args[2]


def test_keys_stay_out_of_settings_and_messages(
    qtbot: QtBot, remote: RemoteService, tmp_path: Path, default_model: Path, monkeypatch: pytest.MonkeyPatch,
    make_window: Callable[..., Any],
) -> None:  # fmt: skip
    keyed = start_llama_server(default_model, tmp_path / "keyed.log", api_key=KEY)
    try:
        config = keyed.config()
        in_keyring, note = remote.store_key(config, KEY + "\n")  # pasted with its line break
        assert in_keyring and note == "" and config.key_ref
        assert KEY not in json.dumps(config.to_dict())
        with qtbot.waitSignal(remote.checked, timeout=60000):
            remote.check(config)
        with qtbot.waitSignal(remote.completed, timeout=60000) as done:
            remote.complete(config, keyed.model, prompt="Hi", max_tokens=2, **GREEDY)
        assert KEY not in json.dumps(done.args[1])

        wrong = "sk-wrong-0f9e8d7c"
        remote.store_key(config, wrong)
        with qtbot.waitSignal(remote.requestFailed, timeout=60000) as failed:
            remote.complete(config, keyed.model, prompt="Hi", max_tokens=2)
        _rid, kind, message, details = failed.args
        assert kind == "Unauthorized" and "refused the API key" in message
        assert wrong not in message + details and KEY not in message + details

        remote.forget_key(config)
        with qtbot.waitSignal(remote.checkFailed, timeout=60000) as failed:
            remote.check(config)
        assert failed.args[1] == "Unauthorized" and "needs an API key" in failed.args[2]
    finally:
        stop_llama_server(keyed)

    # A key kept for the session only (no keyring) is gone after a restart: said so, not sent empty.
    monkeypatch.setattr(secrets, "_store", KeyStore())
    later = make_window(start_host=False).remote
    lost = ServerConfig("gone", "http://127.0.0.1:9/v1", key_ref="a-ref-from-last-session")
    with qtbot.waitSignal(later.checkFailed, timeout=30000) as failed:
        later.check(lost)
    assert failed.args[1] == "KeyMissing" and "Enter it again" in failed.args[2]


# -- the registry ----------------------------------------------------------------------------------
def test_servers_are_kept_in_the_settings_without_their_keys(
    qtbot: QtBot, tmp_path: Path, default_model: Path, make_window: Callable[..., Any], keyring: MemoryKeyring
) -> None:
    keyed = start_llama_server(default_model, tmp_path / "keyed.log", api_key=KEY)
    try:
        window = make_window(start_host=False)
        remote = window.remote
        path = Path(window.settings.path)
        changes: list[int] = []
        remote.serversChanged.connect(lambda: changes.append(1))
        with qtbot.waitSignal(remote.checked, timeout=60000) as checked:
            note = remote.add_server(ServerConfig("keyed", keyed.base_url.removesuffix("/v1")), KEY)
        assert note == "" and changes == [1]
        (config,) = remote.servers()
        assert checked.args[0] == config.id and config.base_url == keyed.base_url and config.key_ref
        assert remote.models(config.id) == [keyed.model] and remote.status(config.id).state == "ok"
        assert remote.capabilities(config.id)["engine"] == "llama_cpp.server"
        text = path.read_text()
        assert KEY not in text and config.key_ref in text and "servers" in text

        # The next start reads the list back, with nothing checked yet, and checks it.
        again = make_window(start_host=False, settings=Settings(path)).remote
        assert [s.to_dict() for s in again.servers()] == [config.to_dict()]
        with qtbot.waitSignal(again.checked, timeout=60000):
            pass  # the Models panel checks every saved server once the window shows
        assert again.models(config.id) == [keyed.model]

        # Editing without a key keeps the key; a wrong key is said in words; removing forgets the key.
        renamed = dataclasses.replace(config, name="renamed", key_ref="")
        with qtbot.waitSignal(remote.checked, timeout=60000):
            remote.update_server(renamed, None)
        now = remote.server(config.id)
        assert now is not None and now.name == "renamed" and now.key_ref == config.key_ref
        with qtbot.waitSignal(remote.checkFailed, timeout=60000):
            remote.update_server(renamed, "sk-wrong-0f9e8d7c")
        status = remote.status(config.id)
        assert status.state == "failed" and status.kind == "Unauthorized" and remote.models(config.id) == []
        ref = now.key_ref
        remote.remove_server(config.id)
        assert remote.servers() == [] and remote.keys.get(ref) is None and changes == [1, 1, 1, 1]
        assert "sk-wrong" not in path.read_text() and KEY not in path.read_text()
    finally:
        stop_llama_server(keyed)


def test_a_broken_settings_entry_is_skipped(make_window: Callable[..., Any]) -> None:
    settings = Settings()
    good = ServerConfig("good", "http://127.0.0.1:9/v1")
    settings.set(SETTINGS_KEY, json.dumps([{"name": "bad", "base_url": "not a url"}, 7, good.to_dict()]))
    assert [s.name for s in make_window(start_host=False, settings=settings).remote.servers()] == ["good"]
    settings.set(SETTINGS_KEY, "{not json")
    assert make_window(start_host=False, settings=settings).remote.servers() == []


def test_removing_or_editing_a_server_cancels_its_check_at_once(qtbot: QtBot, remote: RemoteService) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)  # accepts, never answers: a check would wait for its whole timeout
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/v1"
        failures: list[str] = []
        remote.checkFailed.connect(lambda sid, kind, msg, det: failures.append(kind))
        remote.add_server(ServerConfig("slow", url, timeout_s=60.0))
        (config,) = remote.servers()
        assert remote.status(config.id).state == "checking"
        qtbot.wait(200)
        before = len(remote.threads_running())
        remote.remove_server(config.id)
        assert remote.status(config.id).state == "unchecked" and remote.servers() == []
        qtbot.waitUntil(lambda: len(remote.threads_running()) < before, timeout=1000)  # its thread is free

        remote.add_server(ServerConfig("slow", url, timeout_s=60.0, id="same"))
        qtbot.wait(200)
        remote.update_server(ServerConfig("slow", url, timeout_s=60.0, id="same"), check=False)
        assert remote.status("same").state == "unchecked"  # the old check's end is not this server's
        qtbot.wait(300)
        assert failures == [] and remote.status("same").state == "unchecked"


def test_a_chat_only_server_passes_its_check_with_probabilities_unknown(qtbot: QtBot, remote: RemoteService) -> None:
    models = json.dumps({"object": "list", "data": [{"id": "chat-model", "owned_by": "someone"}]}).encode()
    with stand_in({"/v1/models": lambda h: send(h, 200, models)}) as base:  # every other path: 404
        config = ServerConfig("chat only", base)
        with qtbot.waitSignal(remote.checked, timeout=30000) as checked:
            remote.check(config)
    info = checked.args[1]
    assert [m["id"] for m in info["models"]] == ["chat-model"] and info["capabilities"]["logprobs"] is None
    assert "probabilities not checked" in info["summary"] and "no /v1/completions" in info["capabilities"]["notes"][0]
