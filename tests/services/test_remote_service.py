"""RemoteService against a real llama_cpp.server on 127.0.0.1: signals shaped like ModelService's,
arriving on the GUI thread; Stop; a server killed mid-stream; keys that never reach a message."""

from __future__ import annotations

import dataclasses
import json
import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QThread
from pytestqt.qtbot import QtBot

from desktop.core.remote import KeyStore, ServerConfig
from desktop.services.remote_service import RemoteService
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

GREEDY = {"temperature": 0.0, "repeat_penalty": 1.0}


@pytest.fixture
def server(default_model: Path, tmp_path: Path) -> Iterator[LlamaServer]:
    s = start_llama_server(default_model, tmp_path / "server.log")
    yield s
    stop_llama_server(s)


@pytest.fixture
def service(qtbot: QtBot) -> Iterator[RemoteService]:
    svc = RemoteService(KeyStore(MemoryKeyring()))
    yield svc
    svc.shutdown()
    assert not svc._stream_worker.running and not svc._calls_worker.running


class Recorder:
    """Token events as the GUI thread receives them."""

    def __init__(self, service: RemoteService) -> None:
        self.tokens: list[dict[str, Any]] = []
        self.off_gui_thread = 0
        self.gui = QThread.currentThread()
        service.token.connect(self.on_token)

    def on_token(self, rid: int, event: dict[str, Any]) -> None:
        if QThread.currentThread() is not self.gui:
            self.off_gui_thread += 1
        self.tokens.append(event)


def test_check_then_stream_on_the_gui_thread(qtbot: QtBot, service: RemoteService, server: LlamaServer) -> None:
    config = server.config()
    with qtbot.waitSignal(service.checked, timeout=60000) as checked:
        service.check(config)
    server_id, info = checked.args
    assert server_id == config.id and [m["id"] for m in info["models"]] == [server.model]
    assert info["capabilities"]["logprobs"] is True and info["capabilities"]["engine"] == "llama_cpp.server"
    assert "returns token probabilities" in info["summary"]
    assert service.capabilities(config.id)["logprobs"] is True and service.models(config.id) == [server.model]

    rec = Recorder(service)
    states: list[str] = []
    service.stateChanged.connect(states.append)
    with qtbot.waitSignal(service.completed, timeout=120000) as done:
        rid = service.complete(config, server.model, prompt="The capital of France is", max_tokens=12, **GREEDY)
        assert rid is not None
        assert service.busy() and service.complete(config, server.model, prompt="x") is None  # one at a time
    assert done.args[0] == rid
    result = done.args[1]
    assert result["stop_reason"] == "length" and result["server"] == config.name
    assert "".join(t["text"] for t in rec.tokens) == result["text"] and len(rec.tokens) == 12
    assert rec.off_gui_thread == 0 and all(0 <= t["p"] <= 1 and t["alts"] for t in rec.tokens)
    assert states == ["generating", "idle"] and not service.busy()

    with qtbot.waitSignal(service.tokenized, timeout=60000) as tok:
        trid = service.tokenize(config, server.model, "Hello world")
    assert tok.args[0] == trid and tok.args[1]["endpoint"] == "/extras/tokenize"
    assert tok.args[1]["pieces"][-2:] == ["Hello", " world"]


def test_stop_ends_the_run_at_once(qtbot: QtBot, service: RemoteService, server: LlamaServer) -> None:
    config = server.config()
    rec = Recorder(service)
    stopped: list[float] = []

    def stop_after_three(rid: int, event: dict[str, Any]) -> None:
        if len(rec.tokens) == 3 and not stopped:
            stopped.append(time.perf_counter())
            service.cancel()

    service.token.connect(stop_after_three)
    with qtbot.waitSignal(service.completed, timeout=120000) as done:
        service.complete(config, server.model, prompt="Once upon a time", max_tokens=900)
    assert done.args[1]["stop_reason"] == "cancelled"
    assert time.perf_counter() - stopped[0] < 1.0
    assert done.args[1]["text"] == "".join(t["text"] for t in rec.tokens) and len(rec.tokens) < 20
    service.cancel()  # harmless afterwards


def test_server_killed_mid_stream_keeps_partial_text_and_the_app_goes_on(
    qtbot: QtBot, service: RemoteService, server: LlamaServer, default_model: Path, tmp_path: Path
) -> None:
    config = server.config()
    rec = Recorder(service)

    def kill_after_four(rid: int, event: dict[str, Any]) -> None:
        if len(rec.tokens) == 4:
            os.kill(server.proc.pid, signal.SIGKILL)

    service.token.connect(kill_after_four)
    partials: list[dict[str, Any]] = []
    service.partial.connect(lambda rid, result: partials.append(result))
    with qtbot.waitSignal(service.requestFailed, timeout=120000) as failed:
        service.complete(config, server.model, prompt="Once upon a time", max_tokens=900)
    server.proc.wait(10)
    _rid, kind, message, _details = failed.args
    assert kind == "StreamCut" and "closed in the middle of the answer" in message and "kept" in message
    assert len(partials) == 1 and partials[0]["stop_reason"] == "error"
    assert partials[0]["text"] == "".join(t["text"] for t in rec.tokens) and len(rec.tokens) >= 4
    assert not service.busy() and service.state == "idle"

    # The app goes on: the same server, restarted on another port, works through the same service.
    again = start_llama_server(default_model, tmp_path / "again.log")
    try:
        config.base_url = again.base_url
        with qtbot.waitSignal(service.completed, timeout=120000) as done:
            service.complete(config, again.model, prompt="Hi", max_tokens=2, **GREEDY)
        assert done.args[1]["metrics"]["n_generated"] == 2
    finally:
        stop_llama_server(again)


def test_failures_in_words(qtbot: QtBot, service: RemoteService) -> None:
    config = ServerConfig("nobody", f"http://127.0.0.1:{free_port()}/v1")
    with qtbot.waitSignal(service.checkFailed, timeout=30000) as failed:
        service.check(config)
    assert failed.args[0] == config.id and failed.args[1] == "ConnectionRefused"
    with qtbot.waitSignal(service.requestFailed, timeout=30000) as failed:
        service.complete(config, "m", prompt="Hi")
    assert failed.args[1] == "ConnectionRefused" and "refused" in failed.args[2]
    assert not service.busy()
    with qtbot.waitSignal(service.checkFailed, timeout=30000) as failed:
        service.check(ServerConfig("typo", "not a url"))  # never raises on the GUI thread
    assert failed.args[1] == "BadURL" and "spaces" in failed.args[2]


def test_keys_stay_out_of_settings_and_messages(qtbot: QtBot, service: RemoteService, tmp_path: Path,
                                               default_model: Path) -> None:  # fmt: skip
    keyed = start_llama_server(default_model, tmp_path / "keyed.log", api_key=KEY)
    try:
        config = keyed.config()
        in_keyring, note = service.store_key(config, KEY + "\n")  # pasted with its line break
        assert in_keyring and note == "" and config.key_ref
        assert KEY not in json.dumps(config.to_dict())
        with qtbot.waitSignal(service.checked, timeout=60000):
            service.check(config)
        with qtbot.waitSignal(service.completed, timeout=60000) as done:
            service.complete(config, keyed.model, prompt="Hi", max_tokens=2, **GREEDY)
        assert KEY not in json.dumps(done.args[1])

        wrong = "sk-wrong-0f9e8d7c"
        service.store_key(config, wrong)
        with qtbot.waitSignal(service.requestFailed, timeout=60000) as failed:
            service.complete(config, keyed.model, prompt="Hi", max_tokens=2)
        _rid, kind, message, details = failed.args
        assert kind == "Unauthorized" and "refused the API key" in message
        assert wrong not in message + details and KEY not in message + details

        service.forget_key(config)
        with qtbot.waitSignal(service.checkFailed, timeout=60000) as failed:
            service.check(config)
        assert failed.args[1] == "Unauthorized" and "needs an API key" in failed.args[2]
    finally:
        stop_llama_server(keyed)

    # A key kept for the session only (no keyring) is gone after a restart: said so, not sent empty.
    later = RemoteService(KeyStore())
    try:
        lost = ServerConfig("gone", "http://127.0.0.1:9/v1", key_ref="a-ref-from-last-session")
        with qtbot.waitSignal(later.checkFailed, timeout=30000) as failed:
            later.check(lost)
        assert failed.args[1] == "KeyMissing" and "Enter it again" in failed.args[2]
    finally:
        later.shutdown()


# -- the registry ----------------------------------------------------------------------------------
def test_servers_are_kept_in_the_settings_without_their_keys(qtbot: QtBot, tmp_path: Path,
                                                            default_model: Path) -> None:  # fmt: skip
    from desktop.services.settings import Settings

    keyed = start_llama_server(default_model, tmp_path / "keyed.log", api_key=KEY)
    path = tmp_path / "settings.ini"
    service = RemoteService(KeyStore(MemoryKeyring()), settings=Settings(path))
    try:
        changes: list[int] = []
        service.serversChanged.connect(lambda: changes.append(1))
        with qtbot.waitSignal(service.checked, timeout=60000) as checked:
            note = service.add_server(ServerConfig("keyed", keyed.base_url.removesuffix("/v1")), KEY)
        assert note == "" and changes == [1]
        (config,) = service.servers()
        assert checked.args[0] == config.id and config.base_url == keyed.base_url and config.key_ref
        assert service.models(config.id) == [keyed.model] and service.status(config.id).state == "ok"
        assert service.capabilities(config.id)["engine"] == "llama_cpp.server"
        text = path.read_text()
        assert KEY not in text and config.key_ref in text and "servers" in text

        # A new service (the next start) reads the list back, with nothing checked yet.
        again = RemoteService(service.keys, settings=Settings(path))
        try:
            assert [s.to_dict() for s in again.servers()] == [config.to_dict()]
            assert again.models(config.id) == [] and again.capabilities(config.id) == {}
            with qtbot.waitSignal(again.checked, timeout=60000):
                again.check_all()
            assert again.models(config.id) == [keyed.model]
        finally:
            again.shutdown()

        # Editing without a key keeps the key; a wrong key is said in words; removing forgets the key.
        renamed = dataclasses.replace(config, name="renamed", key_ref="")
        with qtbot.waitSignal(service.checked, timeout=60000):
            service.update_server(renamed, None)
        now = service.server(config.id)
        assert now is not None and now.name == "renamed" and now.key_ref == config.key_ref
        with qtbot.waitSignal(service.checkFailed, timeout=60000):
            service.update_server(renamed, "sk-wrong-0f9e8d7c")
        status = service.status(config.id)
        assert status.state == "failed" and status.kind == "Unauthorized" and service.models(config.id) == []
        ref = now.key_ref
        service.remove_server(config.id)
        assert service.servers() == [] and service.keys.get(ref) is None and changes == [1, 1, 1, 1]
        assert "sk-wrong" not in path.read_text() and KEY not in path.read_text()
    finally:
        service.shutdown()
        stop_llama_server(keyed)


def test_a_broken_settings_entry_is_skipped(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop.services.settings import Settings

    settings = Settings(tmp_path / "settings.ini")
    good = ServerConfig("good", "http://127.0.0.1:9/v1")
    settings.set("servers/list", json.dumps([{"name": "bad", "base_url": "not a url"}, 7, good.to_dict()]))
    service = RemoteService(KeyStore(MemoryKeyring()), settings=settings)
    try:
        assert [s.name for s in service.servers()] == ["good"]
        settings.set("servers/list", "{not json")
        empty = RemoteService(KeyStore(), settings=settings)
        assert empty.servers() == []
        empty.shutdown()
    finally:
        service.shutdown()


def test_a_check_that_ends_after_its_server_was_removed_or_changed_is_not_kept(
    qtbot: QtBot, service: RemoteService
) -> None:
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(4)  # accepts, never answers: the check ends with a timeout after 1 s
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/v1"
        service.add_server(ServerConfig("slow", url, timeout_s=1.0))
        (config,) = service.servers()
        assert service.status(config.id).state == "checking"
        with qtbot.waitSignal(service.checkFailed, timeout=10000):
            service.remove_server(config.id)
        assert service.status(config.id).state == "unchecked" and service.servers() == []

        service.add_server(ServerConfig("slow", url, timeout_s=1.0, id="same"))
        with qtbot.waitSignal(service.checkFailed, timeout=10000):
            service.update_server(ServerConfig("slow", url, timeout_s=1.0, id="same"), check=False)
        assert service.status("same").state == "unchecked"  # the old check's timeout is not this server's


def test_a_chat_only_server_passes_its_check_with_probabilities_unknown(qtbot: QtBot, service: RemoteService) -> None:
    models = json.dumps({"object": "list", "data": [{"id": "chat-model", "owned_by": "someone"}]}).encode()
    with stand_in({"/v1/models": lambda h: send(h, 200, models)}) as base:  # every other path: 404
        config = ServerConfig("chat only", base)
        with qtbot.waitSignal(service.checked, timeout=30000) as checked:
            service.check(config)
    info = checked.args[1]
    assert [m["id"] for m in info["models"]] == ["chat-model"] and info["capabilities"]["logprobs"] is None
    assert "probabilities not checked" in info["summary"] and "no /v1/completions" in info["capabilities"]["notes"][0]
