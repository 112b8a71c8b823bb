"""Streams no server can turn against the window, through the Completion panel of the window as ``main()``
builds it, on stand-in servers on 127.0.0.1: a flood of 1,000-character tokens, 20,000 tokens as fast as
the socket goes, a drip of one byte every few seconds. Stop lands at once, Max tokens is the app's, the
token view shows a capped part and keeps the whole, tokens come to the GUI thread in passes, one server's
trouble holds up no other, and quitting takes under a second with any server in any state. The local
model host stops at Max tokens too."""

from __future__ import annotations

import gc
import re
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from desktop.core.remote import ServerConfig
from tests.hostile_servers import MODEL, Hostile, hostile_server
from tests.ui import completion_driver as drive

# The window's own work in any one stall (GUI thread CPU time) is bounded at twice the 50 ms target: a
# full garbage collection of the test process alone takes 30-45 ms of it here. Wall-clock bounds are
# generous, as this runs on a busy 2-core machine. bench_server_hostile.py reports the figures against the
# targets (a stall <= 50 ms, Stop to idle <= 100 ms).
STALL_CPU_MS = 100
STALL_MS = 1000
STOP_MS = 500


@pytest.fixture
def hostile() -> Hostile:
    return Hostile(limit_s=30.0)


@pytest.fixture
def window(make_window: Callable[..., Any]) -> Any:
    built = make_window(start_host=False, panel="Completion")
    gc.collect()  # earlier tests' garbage is not this stream's: a full collection of it is no stall of the app's
    return built


@pytest.fixture
def servers(hostile: Hostile) -> Iterator[str]:
    """One stand-in with a route per behaviour: /flood/v1, /fast/v1, /drip/v1, /stuck/v1."""
    routes = {"/flood/v1/models": hostile.models(), "/flood/v1/completions": hostile.flood(50 << 20, 1000)}
    routes |= {"/fast/v1/models": hostile.models(), "/fast/v1/completions": hostile.fast(20000)}
    routes |= {"/probs/v1/models": hostile.models(), "/probs/v1/completions": hostile.fast(8192, alternatives=10)}
    routes |= {"/drip/v1/models": hostile.models(), "/drip/v1/completions": hostile.drip(5.0)}
    routes |= {"/drip-fast/v1/models": hostile.models(), "/drip-fast/v1/completions": hostile.drip(0.3)}
    routes |= {"/stuck/v1/models": hostile.stuck()}
    routes |= {"/many/v1/models": hostile.models(3000), "/many/v1/completions": hostile.fast(10)}
    with hostile_server(routes, hostile) as base:
        yield base.removesuffix("/v1")


def plain(text: str) -> str:
    """``text`` with the digit groups the locale writes ("1,527,000") joined."""
    return re.sub(r"(?<=\d)[,.\u202f\xa0](?=\d)", "", text)


def add(qtbot: QtBot, window: Any, name: str, root: str, path: str, timeout_s: float = 30.0) -> ServerConfig:
    with qtbot.waitSignal(window.remote.checked, timeout=30000):
        window.remote.add_server(ServerConfig(name, f"{root}/{path}/v1", timeout_s=timeout_s))
    config: ServerConfig = window.remote.servers()[-1]
    drive.pick_server_model(window, config.id, MODEL)
    return config


def test_a_flood_never_freezes_the_window_and_stop_lands_at_once(qtbot: QtBot, window: Any, servers: str) -> None:
    add(qtbot, window, "flood", servers, "flood")
    beat = drive.Heartbeat().start()
    drive.generate(window, "Flood me", 8192)
    qtbot.waitUntil(lambda: drive.n_tokens(window) >= 1500, timeout=60000)
    stop_ms = drive.stop_to_idle_ms(window, qtbot)
    stall = beat.stop()
    run = drive.run(window)
    assert run["stop_reason"] == "cancelled" and stop_ms < STOP_MS, stop_ms
    assert stall < STALL_MS and beat.longest_cpu < STALL_CPU_MS, (beat.gaps, beat.cpu_gaps)
    # The whole text is kept (and saved); the view shows its first part and says how much.
    view = drive.output(window)
    kept = "".join(t["text"] for t in run["tokens"])
    assert run["output"] == kept and len(kept) == 1000 * len(run["tokens"]) >= 1_500_000
    qtbot.waitUntil(lambda: view.capped and f"of {len(kept)} characters" in plain(view.toPlainText()), timeout=5000)
    assert view.shown_chars == view.max_shown_chars and len(view.tokens) == len(run["tokens"])
    assert view.document().characterCount() < view.max_shown_chars + 10000


def test_max_tokens_is_kept_on_a_flood_and_on_a_fast_stream(qtbot: QtBot, window: Any, servers: str) -> None:
    add(qtbot, window, "flood", servers, "flood")
    beat = drive.Heartbeat().start()
    drive.generate(window, "Flood me", 600)
    qtbot.waitUntil(lambda: drive.idle(window), timeout=60000)
    assert drive.run(window)["stop_reason"] == "length" and drive.n_tokens(window) == 600

    add(qtbot, window, "fast", servers, "fast")
    drive.generate(window, "Count", 4096)
    # The stalls while tokens stream (the panel's own end of run, saving it, is measured by the benchmark)
    qtbot.waitUntil(lambda: drive.n_tokens(window) >= 3500, timeout=60000)
    stall = beat.stop()
    qtbot.waitUntil(lambda: drive.idle(window), timeout=60000)
    run = drive.run(window)
    assert run["stop_reason"] == "length" and len(run["tokens"]) == 4096  # the server sent 20,000
    assert run["output"] == "".join(f" w{i}" for i in range(4096))
    assert "reached max tokens" in drive.status_text(window)
    assert stall < STALL_MS and beat.longest_cpu < STALL_CPU_MS, (beat.gaps, beat.cpu_gaps)


def test_a_long_run_with_probabilities_ends_and_is_saved_without_a_stall(
    qtbot: QtBot, window: Any, servers: str
) -> None:
    """To its end: 8,192 tokens, each with 10 alternatives, streamed, shown, and the run saved to the
    history. No turn of the event loop may take the GUI thread more than the bound (a copy of the whole run
    made on it at the end, to save it, took 100-200 ms here)."""
    add(qtbot, window, "probs", servers, "probs")
    # The app freezes what its start made (factory.freeze_start_objects), once per process; in the suite's
    # process, a thousand earlier tests' objects came after that, and one full collection walking them took
    # 303 ms of this thread once. Frozen here too, as a user's process has nothing of the kind.
    gc.collect()
    gc.freeze()
    try:
        beat = drive.Heartbeat().start()
        with qtbot.waitSignal(window.history.changed, timeout=60000):  # the run, saved
            drive.generate(window, "Count", 8192)
            qtbot.waitUntil(lambda: drive.idle(window), timeout=60000)
        qtbot.wait(100)  # the view's last frames
        stall = beat.stop()
    finally:
        gc.unfreeze()
    run = drive.run(window)
    assert run["stop_reason"] == "length" and len(run["tokens"]) == 8192
    assert len(run["tokens"][-1]["alts"]) == 10
    assert stall < STALL_MS and beat.longest_cpu < STALL_CPU_MS, (max(beat.gaps), sorted(beat.cpu_gaps)[-5:])


def test_tokens_reach_the_window_in_passes_not_one_signal_each(qtbot: QtBot, window: Any, servers: str) -> None:
    config = add(qtbot, window, "fast", servers, "fast")
    passes: list[int] = []
    window.remote.tokens.connect(lambda rid, events: passes.append(len(events)))
    with qtbot.waitSignal(window.remote.completed, timeout=60000) as done:
        window.remote.complete(config, MODEL, prompt="Count", max_tokens=8000)
    assert done.args[1]["metrics"]["n_generated"] == 8000 == sum(passes)
    assert len(passes) < 8000 / 8, len(passes)  # each pass hands on many tokens


def test_a_drip_stops_at_once_and_holds_up_no_other_server(qtbot: QtBot, window: Any, servers: str) -> None:
    add(qtbot, window, "drip", servers, "drip", timeout_s=60.0)
    drive.generate(window, "Drip", 100)
    qtbot.wait(300)
    assert not drive.idle(window)
    # Meanwhile another server is checked and streams, at once.
    started = time.monotonic()
    fast = add(qtbot, window, "fast", servers, "fast")
    with qtbot.waitSignal(window.remote.completed, timeout=30000):
        window.remote.complete(fast, MODEL, prompt="Count", max_tokens=50)
    assert time.monotonic() - started < 5
    assert drive.stop_to_idle_ms(window, qtbot) < STOP_MS
    assert drive.run(window)["stop_reason"] == "cancelled"


def test_quit_takes_under_a_second_with_servers_stuck_in_every_way(
    qtbot: QtBot, window: Any, servers: str, hostile: Hostile
) -> None:
    add(qtbot, window, "drip", servers, "drip", timeout_s=60.0)
    drive.generate(window, "Drip", 100)  # a stream waiting on a byte every 5 s
    window.remote.add_server(ServerConfig("stuck", f"{servers}/stuck/v1", timeout_s=60.0))  # headers never come
    config = window.remote.servers()[0]
    window.remote.tokenize(config, MODEL, "x")  # a call queued behind nothing: the drip server's own thread
    qtbot.waitUntil(lambda: hostile.requests.get("/stuck/v1/models", 0) >= 1 and "drip" in hostile.sent, timeout=5000)
    started = time.monotonic()
    window.close()
    assert time.monotonic() - started < 1.0
    assert window.remote.threads_running() == []


def test_the_local_host_stops_at_max_tokens(qtbot: QtBot, make_window: Callable[..., Any], default_model: Path) -> None:
    window = make_window(panel="Completion")
    panel = drive.completion(window)
    with qtbot.waitSignal(window.models.loaded, timeout=60000):
        panel.load_default_btn.click()
    panel.temperature.setValue(0.8)
    panel.seed.setValue(7)
    drive.generate(window, "Once upon a time", 7)
    qtbot.waitUntil(lambda: drive.idle(window), timeout=60000)
    run = drive.run(window)
    assert len(run["tokens"]) == 7 and run["stop_reason"] == "length"


def test_removing_a_server_ends_its_stream_at_once(qtbot: QtBot, window: Any, servers: str) -> None:
    config = add(qtbot, window, "drip", servers, "drip", timeout_s=60.0)
    drive.generate(window, "Drip", 100)
    qtbot.wait(300)
    assert not drive.idle(window) and window.remote.busy(config.id)
    started = time.monotonic()
    window.remote.remove_server(config.id)  # as the Servers list's Remove does
    qtbot.waitUntil(lambda: not drive.completion(window).busy(), timeout=5000)  # Generate: no model to run on
    assert time.monotonic() - started < STOP_MS / 1000
    assert drive.run(window)["stop_reason"] == "cancelled" and not window.remote.busy()


def test_a_dripping_stream_ends_in_words_within_its_timeout_and_marks_its_server(
    qtbot: QtBot, window: Any, servers: str
) -> None:
    config = add(qtbot, window, "drip", servers, "drip-fast", timeout_s=1.0)
    started = time.monotonic()
    drive.generate(window, "Drip", 100)
    qtbot.waitUntil(lambda: drive.idle(window), timeout=10000)
    assert time.monotonic() - started < 5
    assert "sent no complete part of its answer for 1 s" in drive.status_text(window)
    assert window.remote.status(config.id).state == "failed" and window.remote.status(config.id).kind == "Timeout"


def test_a_server_with_3000_models_fills_the_pickers_without_a_stall(qtbot: QtBot, window: Any, servers: str) -> None:
    """Completion's pickers list every server model; labelling each row used to list every model again
    (3,000 x 3,000 lookups: 8 s of GUI thread on a quiet machine)."""
    beat = drive.Heartbeat().start()
    with qtbot.waitSignal(window.remote.checked, timeout=30000):
        window.remote.add_server(ServerConfig("many", f"{servers}/many/v1"))
    qtbot.wait(200)
    beat.stop()
    panel = window.panel("Completion")
    assert panel.compare_model.count() >= 3000
    assert beat.longest_cpu < STALL_CPU_MS, sorted(beat.cpu_gaps)[-5:]
