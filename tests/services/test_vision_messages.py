"""Vision's messages reach the person in the app's language: core raises translatable templates (context
"CoreVision"), the vision host sends them over the wire as templates with arguments, and the service
translates them at the boundary (a picture's error and notes reach the panel as Messages, which it says in
the language of the moment). A stop the person asked for is its own signal, not an English sentence
compared as data. A marking translator (``[context]source``) stands in for the Korean .qm, so these tests
hold before and after the lead merges the translations."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import skimage
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from desktop.core.catalog import scan
from desktop.core.messages import message
from desktop.core.store import RunStore
from desktop.core.vision import DownloadCancelled, RunSummary, VisionError, expand_paths, spec_for_file
from desktop.core.vision.hub import DOWNLOAD_CANCELLED, download_from_hub, hub_target
from desktop.core.vision.prompts import clean_labels
from desktop.core.vision.wire import message_from_wire, message_to_wire, spec_from_wire, spec_to_wire
from desktop.i18n import error_text, translate_message
from desktop.services.vision_service import LOADING_TEXT, VisionService, host_death_text
from tests.translators import MarkingTranslator as Marking
from tests.translators import installed

TIMEOUT = 120_000
PHOTO = Path(skimage.__file__).parent / "data" / "coffee.png"


@pytest.fixture
def marking(qapp: QCoreApplication) -> Iterator[Marking]:
    with installed(Marking()) as translator:
        yield translator


@pytest.fixture
def service(qtbot: QtBot) -> Iterator[VisionService]:
    vision = VisionService()
    try:
        yield vision
    finally:
        vision.shutdown()


def test_core_vision_errors_are_templates_translated_at_the_boundary(marking: Marking) -> None:
    with pytest.raises(VisionError) as caught:
        clean_labels(["", "  "])
    err = caught.value
    assert err.message == "Type at least one label, one per line (for example “red circle”)."  # English stays
    assert err.text.context == "CoreVision"
    assert error_text(err) == "[CoreVision]Type at least one label, one per line (for example “red circle”)."
    with pytest.raises(VisionError) as caught:
        hub_target("ViT-B-32")  # no tag
    assert error_text(caught.value).startswith("[CoreVision]Pick an architecture")


def test_messages_cross_the_wire_with_their_arguments_nested_ones_too(marking: Marking) -> None:
    summary = RunSummary(total=1, unknown_words=[f"w{n}" for n in range(10)])
    note = summary.label_notes[0]
    back = message_from_wire(json.loads(json.dumps(message_to_wire(note))))
    assert back == note
    text = translate_message(back)
    assert text.startswith("[CoreVision]This model never learned the words [CoreVision]“w0”, “w1”")
    assert "“w7” and 2 more: labels" in text  # the nested "{words} and {more} more" is translated too
    assert summary.label_note.startswith("This model never learned the words")  # English for logs and tests
    assert message_from_wire("plain") == "plain" and message_to_wire("plain") == "plain"


def test_a_file_spec_note_and_the_bundled_label_are_translatable(tmp_path: Path, marking: Marking) -> None:
    weights = tmp_path / "mystery.safetensors"
    weights.write_bytes(b"x")
    spec = spec_for_file(weights)
    assert not spec.ready and "architecture" in str(spec.note)
    assert translate_message(spec.note).startswith("[CoreVision]Which open_clip architecture")
    again = spec_from_wire(json.loads(json.dumps(spec_to_wire(spec))))
    assert again == spec  # the note keeps its template on the way to the host and back
    from desktop.core.vision import bundled_spec

    bundled = bundled_spec()
    assert bundled.label.endswith(" (bundled)")
    assert translate_message(bundled.display_label) == "[CoreVision]{name} (bundled)".format(
        name=bundled.label.removesuffix(" (bundled)")
    )


def test_folder_messages_are_whole_translatable_sentences(tmp_path: Path, marking: Marking) -> None:
    (tmp_path / "a.txt").write_text("not a picture")
    expansion = expand_paths([tmp_path, tmp_path / "gone.png"])
    said = [translate_message(m) for m in expansion.messages]
    assert said == ["[CoreVision]1 file that is not a picture skipped.", "[CoreVision]Not found: gone.png."]
    assert expansion.message == "1 file that is not a picture skipped. Not found: gone.png."


def test_history_notices_and_catalog_problems_are_translatable(
    tmp_path: Path, marking: Marking, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "history.sqlite"
    path.write_bytes(b"this is not a database at all, not even close")
    store = RunStore(path)
    try:
        notice = store.take_notices()[0]
        assert translate_message(notice.title) == "[CoreHistory]History was damaged"
        assert translate_message(notice.message).startswith("[CoreHistory]The history file could not be read")
    finally:
        store.close()

    def refused(self: Path) -> bool:  # a fault: tests run as root, for whom every file is readable
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "is_file", refused)
    catalog = scan([], extra_files=[tmp_path / "model.gguf"])
    monkeypatch.undo()
    assert catalog.problems and error_text(catalog.problems[0]).startswith("[CoreErrors]Cannot read")


def test_a_cancelled_download_is_its_own_signal_in_the_apps_language(
    qtbot: QtBot, service: VisionService, tmp_path: Path, marking: Marking, monkeypatch: pytest.MonkeyPatch
) -> None:
    failed: list[tuple[str, str]] = []
    service.downloadFailed.connect(lambda m, d: failed.append((m, d)))
    cancelled = pytest.raises(DownloadCancelled)
    import threading

    stop = threading.Event()
    stop.set()
    monkeypatch.setattr("desktop.core.vision.hub._probe", lambda endpoint: None)  # no network in tests
    with cancelled:
        download_from_hub(hub_target("hf-hub:org/repo"), tmp_path, cancel=stop)
    with qtbot.waitSignal(service.downloadCancelled, timeout=5000) as blocker:
        service._download_failed(DownloadCancelled(message(DOWNLOAD_CANCELLED)))
    assert blocker.args == ["[CoreVision]Download cancelled."] and failed == []
    with qtbot.waitSignal(service.downloadFailed, timeout=5000) as failure:
        service._download_failed(VisionError(message(DOWNLOAD_CANCELLED)))  # same words, not a stop: an error
    assert failure.args[0] == "[CoreVision]Download cancelled."


def test_the_hosts_errors_arrive_translated_and_a_pictures_error_translatable(
    qtbot: QtBot, service: VisionService, tmp_path: Path, marking: Marking
) -> None:
    loading: list[str] = []
    service.loading.connect(loading.append)
    with qtbot.waitSignal(service.modelFailed, timeout=TIMEOUT) as blocker:
        service.set_model(None, "cuda", "onnx")  # the ONNX engine runs on the CPU only: the host refuses
    assert blocker.args[0] == (
        "[CoreVision]The ONNX Runtime engine runs on the CPU here: pick CPU or Auto, or the open_clip engine for CUDA."
    )
    fake = tmp_path / "fake.png"
    fake.write_text("not a picture")
    results: list[object] = []
    service.results.connect(lambda _job, batch: results.extend(batch))
    devices: list[dict[str, tuple[bool, str]]] = []
    service.devicesFound.connect(devices.append)
    with qtbot.waitSignal(service.modelLoaded, timeout=TIMEOUT) as loaded:
        service.set_model(None, "cpu", "onnx")
    assert translate_message(loaded.args[0].device_name).startswith("[CoreVision]CPU (")
    assert translate_message(loaded.args[0].description).startswith("[CoreVision]")
    assert devices[-1]["cuda"] == (False, "[CoreVision]the ONNX Runtime engine runs on the CPU here")
    with qtbot.waitSignal(service.finished, timeout=TIMEOUT):
        service.classify([fake], ["red circle", "blue square"])
    assert loading and loading[-1] == f"[VisionService]{LOADING_TEXT}"
    (result,) = results
    # a picture's error stays a Message: the panel says it in the language of the moment (issue 23, 7)
    shown = translate_message(result.error)  # type: ignore[attr-defined]
    assert shown == "[CoreVision]Not a picture this app can read: this file is not an image format it knows."


def test_the_hosts_death_is_told_in_the_apps_language(marking: Marking) -> None:
    text, details = host_death_text("it was killed (signal 9)\nmore")
    assert text.startswith("[VisionService]The vision host stopped: it was killed (signal 9).")
    assert details == "it was killed (signal 9)\nmore"


def test_a_host_that_cannot_start_gives_one_clear_message(qtbot: QtBot, fresh_home: Path) -> None:
    from desktop.services.vision_service import VisionService

    service = VisionService(host_command=[sys.executable, "-c", "import sys; sys.exit('no engine here')"])
    messages: list[str] = []
    service.failed.connect(lambda message, _d: messages.append(message))
    try:
        with qtbot.waitSignal(service.failed, timeout=TIMEOUT):
            service.classify([PHOTO], ["a cup"])
        qtbot.waitUntil(lambda: not service.busy)
        assert len(messages) == 1 and "vision host stopped" in messages[0] and "exited with code 1" in messages[0]
    finally:
        service.shutdown()
    missing = VisionService(host_command=[str(fresh_home / "no-such-program")])
    try:
        with qtbot.waitSignal(missing.failed, timeout=TIMEOUT) as blocker:
            missing.classify([PHOTO], ["a cup"])
        assert "cannot start" in blocker.args[0]
    finally:
        missing.shutdown()
