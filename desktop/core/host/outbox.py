"""Token events leave the host in batches: one line, one write and one wake-up of the app's reader per
batch instead of per token.

On two cores every wake-up of the app's process takes a core from llama.cpp's threads, which wait on each
other, so a write per token cost generation speed even when the window did nothing with it. The first
token of a request is written at once (time to first token is unchanged); later ones wait until
``interval_s`` has passed since the last write and go with the next token; whatever is held is written
before the request's end. A slow model (a token per ``interval_s`` or slower) still sends each token alone,
at once. Stop is not delayed: cancel is read on its own thread and checked before every token.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from desktop.core.host import protocol

# The app shows tokens at most 30 times a second (ModelService.token_interval_s); sending more often would
# wake it for nothing.
BATCH_INTERVAL_S = 1 / 30


class TokenOutbox:
    """Holds one request's token events and sends them as ``{"id", "type": "tokens", "events": [...]}``
    (``HostProcess`` hands them to the app one by one again, as ``"token"`` events)."""

    def __init__(
        self,
        send: Callable[[protocol.WireMessage], None],
        interval_s: float = BATCH_INTERVAL_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._send = send
        self.interval_s = interval_s
        self._clock = clock
        self._rid = 0
        self._held: list[dict[str, Any]] = []
        self._last_write = -float("inf")
        self._last_made: float | None = None

    def start(self, rid: int) -> None:
        """A new request: its first token goes out at once."""
        self.flush()
        self._rid = rid
        self._last_write = -float("inf")
        self._last_made = None  # the tokens' clock starts again with each request

    def add(self, rid: int, event: dict[str, Any]) -> None:
        if rid != self._rid:
            self.start(rid)
        self._held.append(event)
        # By the tokens' own times ("t", when the model made each) once the last write went out with one: on
        # a busy machine the time a token reaches the outbox drifts from the time it was made by whatever the
        # scheduler takes, and a line would hold tokens made more than one interval after the last write.
        made = event.get("t")
        made = float(made) if isinstance(made, int | float) else None
        if made is not None and self._last_made is not None:
            due = made - self._last_made >= self.interval_s
        else:
            due = self._clock() - self._last_write >= self.interval_s
        if due:
            self.flush(made)

    def flush(self, made: float | None = None) -> None:
        """Send what is held now (before a request's result or error, so its tokens always come first).
        ``made``: the time of the last token held, on the tokens' clock (None: the next decision goes by
        the outbox's own clock)."""
        if not self._held:
            return
        held, self._held = self._held, []
        self._last_write = self._clock()
        self._last_made = made
        self._send({"id": self._rid, "type": protocol.TOKENS, "events": held})
