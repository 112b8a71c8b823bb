"""Token events leave the host in batches: the first at once, then at most one write per interval, each
request's tokens before its end, and the app's reader hands them on one by one as before."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from desktop.core.host import protocol
from desktop.core.host.client import HostProcess
from desktop.core.host.outbox import BATCH_INTERVAL_S, TokenOutbox
from desktop.core.host.server import Server
from tests.hosts import load_model


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_first_token_goes_at_once_then_one_write_per_interval() -> None:
    sent: list[dict[str, Any]] = []
    clock = Clock()
    box = TokenOutbox(sent.append, interval_s=0.03, clock=clock)
    box.add(1, {"i": 0})
    assert sent == [{"id": 1, "type": "tokens", "events": [{"i": 0}]}]
    for i in (1, 2, 3):
        clock.now += 0.009
        box.add(1, {"i": i})
    assert len(sent) == 1  # 27 ms since the write: held
    clock.now += 0.009
    box.add(1, {"i": 4})  # 36 ms: the held ones go with it
    assert sent[1] == {"id": 1, "type": "tokens", "events": [{"i": i} for i in (1, 2, 3, 4)]}
    clock.now += 0.001
    box.add(1, {"i": 5})
    box.flush()
    box.flush()  # nothing held: nothing sent
    assert [e["i"] for m in sent for e in m["events"]] == list(range(6)) and len(sent) == 3


def test_batches_follow_the_tokens_own_times_when_the_outbox_is_reached_late() -> None:
    """On a busy machine a token reaches the outbox late (here 50 ms after the one before, though the model
    made them 5 ms apart): the batching goes by when tokens were made ("t"), so a line still holds the tokens
    made within one interval of the last write; a write for another reason (an event) falls back on the
    outbox's clock, and each request's tokens start on their own clock again."""
    sent: list[dict[str, Any]] = []
    clock = Clock()
    box = TokenOutbox(sent.append, interval_s=0.03, clock=clock)
    for i in range(10):
        box.add(1, {"i": i, "t": 0.005 * i})
        clock.now += 0.05
    lines = [[e["i"] for e in m["events"]] for m in sent]
    assert lines == [[0], [1, 2, 3, 4, 5, 6]]  # t = 0.030 - 0 >= one interval: 1..6 go together
    box.flush()  # another event was written: the held tokens first, and no token time to go by
    assert [e["i"] for e in sent[-1]["events"]] == [7, 8, 9]
    box.add(1, {"i": 10, "t": 0.051})  # 1 ms after 9 was made, but by the outbox's clock: held
    clock.now += 0.05
    box.add(1, {"i": 11, "t": 0.052})  # 50 ms on the outbox's clock since that write: both go
    assert [e["i"] for e in sent[-1]["events"]] == [10, 11]
    box.add(2, {"i": 0, "t": 0.001})  # a new request's first token, though its t is less than the last
    assert sent[-1] == {"id": 2, "type": "tokens", "events": [{"i": 0, "t": 0.001}]}


def test_a_slow_stream_sends_every_token_alone_and_a_new_request_starts_at_once() -> None:
    sent: list[dict[str, Any]] = []
    clock = Clock()
    box = TokenOutbox(sent.append, interval_s=0.03, clock=clock)
    for i in range(3):
        box.add(1, {"i": i})
        clock.now += 0.05
    assert [len(m["events"]) for m in sent] == [1, 1, 1]
    box.add(1, {"i": 3})
    clock.now += 0.001
    box.add(1, {"i": 4})  # held...
    box.add(2, {"i": 0})  # ...and sent, as request 1's, before request 2's first token, which goes at once
    assert [(m["id"], [e["i"] for e in m["events"]]) for m in sent[3:]] == [(1, [3]), (1, [4]), (2, [0])]


def test_the_server_writes_held_tokens_before_any_other_event() -> None:
    out = io.BytesIO()
    server = Server(io.BytesIO(), out)
    server.outbox.add(7, {"i": 0, "text": "a"})
    server.outbox.add(7, {"i": 1, "text": "b"})  # within the interval: held
    server.send({"id": 7, "type": "result", "data": {"text": "ab"}})
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [m["type"] for m in lines] == ["tokens", "tokens", "result"]
    events = [e for m in lines for e in protocol.unbatch(m)]
    assert [e["type"] for e in events] == ["token", "token", "result"]
    assert events[1] == {"id": 7, "type": "token", "i": 1, "text": "b"}


def test_unbatch_leaves_other_events_alone() -> None:
    result = {"id": 3, "type": "result", "data": {}}
    assert protocol.unbatch(result) == [result]
    batch = {"id": 3, "type": "tokens", "events": [{"i": 0}, "not an event", {"i": 1}]}
    assert protocol.unbatch(batch) == [{"id": 3, "type": "token", "i": 0}, {"id": 3, "type": "token", "i": 1}]


def test_a_real_generation_arrives_in_batches_of_one_interval(
    host: HostProcess, default_model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the wire, each line after the first holds the tokens made within one interval of the previous
    write (which went out with that line's last token), and the app still reads them one by one."""
    load_model(host, default_model, n_ctx=512, n_threads=1)
    lines: list[list[dict[str, Any]]] = []
    unbatch = protocol.unbatch

    def counting(msg: dict[str, Any]) -> list[dict[str, Any]]:
        events = unbatch(msg)
        if msg.get("type") == protocol.TOKENS:
            lines.append(events)
        return events

    monkeypatch.setattr(protocol, "unbatch", counting)
    rid = host.send("complete", mode="completion", prompt="Once upon a time", max_tokens=48, temperature=0.0)
    tokens = []
    while (event := host.read_event()) is not None and event["type"] == "token":
        tokens.append(event)
    assert event is not None and event["type"] == "result" and event["id"] == rid, event
    assert [e for line in lines for e in line] == tokens  # every token once, in order, as single events
    assert "".join(t["text"] for t in tokens) == event["data"]["text"]
    assert len(lines[0]) == 1  # the first token is not held
    slack = 0.002  # a token's "t" is taken a little before the outbox reads the clock
    for previous, line in itertools.pairwise(lines):
        written = previous[-1]["t"]
        assert all(t["t"] < written + BATCH_INTERVAL_S + slack for t in line[:-1]), (previous, line)
        if line is not lines[-1]:  # the last line may be the flush before the result
            assert line[-1]["t"] >= written + BATCH_INTERVAL_S - slack, (previous, line)
    gaps = [b["t"] - a["t"] for a, b in itertools.pairwise(tokens)]
    if sum(g < BATCH_INTERVAL_S / 2 for g in gaps) > len(gaps) // 2:  # the model ran fast enough to batch
        assert len(lines) < len(tokens) * 0.75
