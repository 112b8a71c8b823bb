"""Messages reach the person in the installed language: server errors raised in core carry a translatable
template (the key never in its arguments), and services, the error dialog and the token details translate
at the boundary. A marking translator (``[context]source``) stands in for the Korean .qm, so these tests
hold before and after the lead merges the translations."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication
from pytestqt.qtbot import QtBot

from desktop.core.errors import FMError
from desktop.core.messages import Message
from desktop.core.remote import Capabilities, KeyStore
from desktop.core.remote.config import ServerConfig, normalize_base_url, plain_http_question, plain_http_warning
from desktop.core.remote.errors import RemoteError, status_error
from desktop.core.tokenizers import TokenSpan
from desktop.services.messages import bridge
from desktop.services.remote_service import RemoteService, _translated
from desktop.ui.error_dialog import ErrorDialog
from desktop.ui.widgets.token_view import describe_span
from tests.core.test_remote import MemoryKeyring
from tests.translators import MarkingTranslator as Marking
from tests.translators import installed

KEY = "sk-secret-123456"


@pytest.fixture
def marking(qapp: QCoreApplication) -> Iterator[Marking]:
    with installed(Marking()) as translator:
        yield translator


def test_server_errors_are_templates_whose_arguments_never_hold_the_key() -> None:
    body = '{"error": {"message": "bad key ' + KEY + '"}}'
    err = status_error(400, body, "http://gpu:8000/v1/completions", "POST", KEY)
    assert err.text.context == "CoreErrors"
    assert err.text.template == "The server refused the request ({status}). The server said: {said}"
    assert KEY not in str(err.text.args) and KEY not in err.message and KEY not in err.details
    assert err.message == "The server refused the request (400). The server said: bad key •••"  # English as before
    plain = status_error(400, "", "http://gpu:8000/v1/completions", "POST", KEY)
    assert plain.message == "The server refused the request (400)."  # a whole sentence, no dangling part
    leaky = RemoteError("Error", Message(err.text.template, "CoreErrors", {"status": 1, "said": KEY}))
    leaky.redact([KEY])
    assert KEY not in str(leaky.text.args) and KEY not in leaky.message and leaky.args == (leaky.message,)
    with pytest.raises(RemoteError) as bad:
        normalize_base_url("http://gpu:0/v1")
    assert bad.value.text.template == "“{address}” has port 0, which no server listens on."
    assert bad.value.message == "“http://gpu:0/v1” has port 0, which no server listens on."
    question = plain_http_question("http://gpu:8000/v1", True)
    assert question is not None and question.args == {"host": "gpu"}
    assert plain_http_warning("http://gpu:8000/v1", True) == question.english()
    caps = Capabilities.for_engine("openai")
    caps.logprobs = True
    assert caps.describe() == "OpenAI: returns token probabilities; does not take top_k, min_p, repeat_penalty."


def test_core_errors_are_translated_where_they_are_shown(qtbot: QtBot, marking: Marking) -> None:
    err = status_error(401, "", "http://gpu:8000/v1/models", "GET", None)
    with qtbot.waitSignal(bridge().error, timeout=1000) as shown:
        bridge().report("title", err)
    assert shown.args[1] == "[CoreErrors]" + err.message  # the template translated, then filled
    with qtbot.waitSignal(bridge().error, timeout=1000) as shown:
        bridge().report("title", FMError("A plain English message."))
    assert shown.args[1] == "A plain English message."  # no context: shown as it is
    caps = Capabilities.for_engine("unknown")
    summary = _translated(caps.describe_message())
    assert summary.startswith("[CoreRemote][CoreRemote]an OpenAI-compatible server: probabilities not checked")


def test_server_failures_and_key_notes_come_translated_from_the_service(qtbot: QtBot, marking: Marking) -> None:
    service = RemoteService(KeyStore(MemoryKeyring(broken=True)))
    try:
        config = ServerConfig(name="box", base_url="http://127.0.0.1:9/v1")
        cut = RemoteError("StreamCut", status_error(500, "", "http://x/v1", "POST", None).text)
        cut.kept_tokens = 3
        kind, message, _details = service._words(cut, config)
        assert kind == "StreamCut"
        assert message.startswith("[CoreErrors]The server failed while answering (500).")
        assert message.endswith("[RemoteService]The 3 tokens received before that are kept.")
        _kind, message, _details = service._words(ValueError("x"), config)
        assert message == "[RemoteService]Something went wrong talking to the server."
        in_keyring, note = service.store_key(config, KEY)
        assert not in_keyring and note.startswith("[CoreErrors]The keyring refused the key (RuntimeError).")
    finally:
        service.shutdown()


def test_error_dialog_and_token_details_follow_the_language(qtbot: QtBot, qapp: QCoreApplication) -> None:
    dialog = ErrorDialog("Title", "Message", "details")
    qtbot.addWidget(dialog)
    assert (dialog.toggle.text(), dialog.copy.text()) == ("Show details", "Copy details")
    dialog._toggle_details()
    assert dialog.toggle.text() == "Hide details"
    translator = Marking()
    QCoreApplication.installTranslator(translator)  # Qt sends LanguageChange: the dialog retranslates
    try:
        qtbot.waitUntil(lambda: dialog.copy.text() == "[ErrorDialog]Copy details", timeout=2000)
        assert dialog.toggle.text() == "[ErrorDialog]Hide details"
        span = TokenSpan(id=7, text="ab", data=b"ab", start=0, end=2)
        shown = describe_span(0, span)
        assert "[TokenView]<b>Token #1</b> &nbsp; id <b>7</b>" in shown and "[TokenView]characters 1–2 of" in shown
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.waitUntil(lambda: dialog.copy.text() == "Copy details", timeout=2000)
