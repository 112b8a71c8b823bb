"""The Source interface (desktop/services/source.py) in the window as ``main()`` builds it: the registry's
lists, one shared source per key, and the local model host through the interface."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from desktop.services.source import LOCAL_KEY, LocalSource


def test_the_registry_lists_the_local_model_and_every_model_file(qtbot: QtBot, make_window: Callable[..., Any]) -> None:
    window = make_window(start_host=False)
    sources = window.sources
    qtbot.waitUntil(lambda: len(sources.model_choices()) >= 2, timeout=60000)
    assert [c.key for c in sources.run_choices()] == [LOCAL_KEY]  # no server yet
    assert not sources.has_servers()
    files = {Path(c.key).name: c for c in sources.model_choices()}
    smol = next(c for name, c in files.items() if name.startswith("SmolLM2"))
    gemma = next(c for name, c in files.items() if name.startswith("gemma"))
    assert smol.has_chat_template is True and gemma.has_chat_template is False
    assert not smol.remote and smol.label == "SmolLM2 135M Instruct"
    assert sources.source(LOCAL_KEY) is sources.local
    assert sources.source(smol.key) is None  # a model file needs a host of its own: open_local()
    gone = sources.source("remote:nosuchserver/model")  # a server that was removed, say
    assert gone is not None and gone.model is None and not gone.capabilities().score
    assert gone.complete(mode="completion", prompt="Hi") is None
    assert sources.source("remote:nosuchserver/model") is gone  # one shared source per key


def test_the_local_model_through_the_interface(
    qtbot: QtBot, make_window: Callable[..., Any], default_model: Path
) -> None:
    window = make_window()
    source = window.sources.local
    assert isinstance(source, LocalSource) and source.model is None
    assert source.complete(mode="completion", prompt="Hi", max_tokens=2) is None  # nothing loaded
    with qtbot.waitSignal(source.changed, timeout=60000):
        window.models.load(default_model, n_ctx=512)
    caps = source.capabilities()
    assert caps.chat_template is True and caps.score and caps.step_logits and not caps.remote
    assert caps.logprobs is True and caps.unsupported == () and not caps.includes_network
    assert source.name == "SmolLM2 135M Instruct"
    events: list[tuple[str, int, Any]] = []
    source.token.connect(lambda rid, e: events.append(("token", rid, e)))
    source.tokens.connect(lambda rid, es: events.append(("tokens", rid, es)))
    with qtbot.waitSignal(source.completed, timeout=60000) as done:
        rid = source.complete(mode="completion", prompt="Once upon a time", max_tokens=5, temperature=0.0)
        assert rid is not None and source.busy() and source.state == "generating"
    assert done.args[0] == rid and done.args[1]["stop_reason"] == "length"
    single = [e for kind, r, e in events if kind == "token" and r == rid]
    batched = [e for kind, r, es in events if kind == "tokens" and r == rid for e in es]
    assert len(single) == 5 and batched == single  # every token once, in batches too
    with qtbot.waitSignal(source.scored, timeout=60000) as scored:
        rid = source.score("score", text="The cat sat on the mat.")
    assert scored.args[0] == rid and scored.args[1] == "score" and scored.args[2]["n_scored"] > 0
