"""The connections under :class:`RemoteClient`: httpx clients whose sockets can be shut down from any
thread, so that Stop, a deadline, removing a server or quitting ends a waiting read at once.

A :class:`Lane` is one ``httpx.Client`` used by one request at a time. It keeps every connection it
opens (httpcore's trace hook reports each), and :meth:`Lane.abort` shuts them down: a read blocked in
the kernel returns at once, and the server sees the client go (llama_cpp.server, vLLM and llama-server
then stop generating). Shutting a socket down is the one way to interrupt a blocking read from another
thread; closing it would race with the read.
"""

from __future__ import annotations

import functools
import socket
import ssl
import threading
import weakref
from typing import Any

import httpx


@functools.cache
def tls_context(verify: bool) -> ssl.SSLContext:
    """One TLS context per process, shared by every client: loading the certificate store takes
    ~50 ms, and httpx would do it again for each client it makes."""
    if not verify:
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
        return ctx
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def shutdown_stream(stream: Any) -> None:
    """Shut an httpcore network stream's socket down (both ways); nothing if it is already closed."""
    try:
        sock = stream.get_extra_info("socket")
        if sock is not None:
            sock.shutdown(socket.SHUT_RDWR)
    except (OSError, AttributeError, ValueError):
        pass


class Lane:
    """One httpx client, its connections shut down by :meth:`abort` from any thread.

    ``aborted`` says why the running request was ended from outside: "stop" (Stop), "closed" (the
    server was removed or edited, or the app quits), "total" or "idle" (a deadline passed); "" while
    nothing ended it. :meth:`begin` clears it for the next request."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.http = httpx.Client(**options)
        self._sockets: weakref.WeakSet[Any] = weakref.WeakSet()
        self._lock = threading.Lock()
        self.aborted = ""
        self.closed = False

    def trace(self, name: str, info: dict[str, Any]) -> None:
        """httpcore's trace hook (``extensions={"trace": lane.trace}``): keep each new connection, and
        shut it at once if the request was ended while it was connecting."""
        if name in ("connection.connect_tcp.complete", "connection.start_tls.complete"):
            stream = info.get("return_value")
            if stream is not None:
                with self._lock:
                    self._sockets.add(stream)
                    ended = bool(self.aborted)
                if ended:
                    shutdown_stream(stream)

    def begin(self) -> None:
        """A new request starts on this lane (a lane that was closed stays closed)."""
        with self._lock:
            self.aborted = "closed" if self.closed else ""

    def abort(self, why: str) -> None:
        """End the request in flight now, from any thread; the first reason given is kept."""
        with self._lock:
            if not self.aborted:
                self.aborted = why
            streams = list(self._sockets)
        for stream in streams:
            shutdown_stream(stream)

    def close(self) -> None:
        self.closed = True
        self.abort("closed")
        self.http.close()


class StreamCall:
    """A handle on one stream: :meth:`stop` ends it at once, from any thread, before or while it runs
    (the stream then returns its result so far with stop_reason "cancelled")."""

    def __init__(self) -> None:
        self.cancel = threading.Event()
        self._lane: Lane | None = None
        self._lock = threading.Lock()

    def attach(self, lane: Lane | None) -> None:
        with self._lock:
            self._lane = lane
        if lane is not None and self.cancel.is_set():
            lane.abort("stop")

    def stop(self) -> None:
        self.cancel.set()
        with self._lock:
            lane = self._lane
        if lane is not None:
            lane.abort("stop")
