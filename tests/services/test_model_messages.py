"""The model host's words reach the person in the app's language: core raises CoreHost templates, the host
sends them in an error event's "text" beside the English "message", and ModelService translates them, its
load stages and its own sentences at the boundary. A marking translator (``[context]source``) stands in
for the Korean .qm, so these tests hold before and after the lead merges the translations."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from desktop.core.errors import FMError
from desktop.core.host import protocol
from desktop.core.host.client import describe_exit, describe_exit_message
from desktop.core.host.generation import PromptTooLongError
from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.i18n import translate_message
from desktop.services.model_service import ModelService, error_message, stage_text
from tests.translators import MarkingTranslator as Marking
from tests.translators import installed


@pytest.fixture
def marking(qapp: QCoreApplication) -> Iterator[Marking]:
    with installed(Marking()) as translator:
        yield translator


def test_host_messages_cross_the_wire_as_templates(marking: Marking) -> None:
    err = PromptTooLongError(5000, 2048, 128, estimated=True)
    assert str(err).startswith("The prompt is about 5,000 tokens")  # English for logs and tests
    event = {"type": "error", "message": err.message, "text": protocol.text_to_wire(err.text)}
    decoded = protocol.decode(protocol.encode(event))
    shown = error_message(decoded)
    assert shown.startswith("[CoreHost]The prompt is about 5,000 tokens")
    assert "2,048" in shown and "{" not in shown
    # nested messages survive the trip
    outer = message(QT_TRANSLATE_NOOP("CoreHost", "it exited with code {code}"), code=describe_exit_message(3))
    assert translate_message(protocol.text_from_wire(protocol.text_to_wire(outer))).count("[CoreHost]") == 2
    # an event without "text" (a cancel, an older host) shows its English message as it is
    assert error_message({"message": "Cancelled."}) == "Cancelled."
    assert stage_text("Warming up") == "[CoreHost]Warming up"


def test_exit_reasons_are_translatable(marking: Marking) -> None:
    assert "abort" in describe_exit(-signal.SIGABRT)
    shown = translate_message(describe_exit_message(-signal.SIGKILL))
    assert shown.startswith("[CoreHost]it was killed") and shown.endswith("[SIGKILL]")


def test_service_shows_the_host_errors_and_stages_translated(
    qtbot: QtBot, marking: Marking, tmp_path: Path, default_model: Path
) -> None:
    service = ModelService()
    stages: list[str] = []
    service.loadProgress.connect(lambda stage, _f: stages.append(stage))
    try:
        with qtbot.waitSignal(service.loaded, timeout=60000):
            service.load(default_model, n_ctx=256)
        assert "[ModelService]Starting the model host" in stages
        assert "[CoreHost]Reading model header" in stages and "[CoreHost]Warming up" in stages
        with qtbot.waitSignal(service.requestFailed, timeout=30000) as failed:
            service.complete(mode="completion", prompt="   ", max_tokens=4)
        assert failed.args[2] == "[CoreHost]The prompt is empty. Type something for the model to continue."
        pid = service.host_pid()
        assert pid is not None
        with qtbot.waitSignal(service.hostDied, timeout=10000) as died:
            os.kill(pid, signal.SIGKILL)
        assert died.args[0].startswith("[ModelService]The model host stopped unexpectedly with a model loaded.")
    finally:
        service.shutdown()


def test_english_stays_english_without_a_translator() -> None:
    err = FMError(message(QT_TRANSLATE_NOOP("CoreHost", "There is no text to score.")))
    assert error_message({"message": err.message, "text": protocol.text_to_wire(err.text)}) == err.message
