"""The model host's main loop (runs in the child process).

stdin carries requests; the protocol goes out on a private copy of stdout, and fd 1 itself is pointed
at stderr, so anything llama.cpp or a library prints can never corrupt the protocol.
"""

from __future__ import annotations

import os
import queue
import sys
import threading
import traceback
from typing import Any, BinaryIO

from desktop.core.errors import FMError
from desktop.core.host import protocol
from desktop.core.host.outbox import TokenOutbox
from desktop.core.host.protocol import WireMessage
from desktop.core.messages import QT_TRANSLATE_NOOP, message

_STOP = {"op": "shutdown", "id": 0}


class Server:
    def __init__(self, inp: BinaryIO, out: BinaryIO) -> None:
        self.inp = inp
        self.out = out
        self.requests: queue.Queue[WireMessage] = queue.Queue()
        self.cancel = threading.Event()
        self._out_lock = threading.Lock()
        self.current_id = 0
        self.cancelled: set[int] = set()
        self.outbox = TokenOutbox(self._write)  # token events, written in batches

    def send(self, message: WireMessage) -> None:
        """Write one event, after any token events still held: a request's tokens come before its end."""
        self.outbox.flush()
        self._write(message)

    def _write(self, message: WireMessage) -> None:
        data = protocol.encode(message)
        with self._out_lock:
            self.out.write(data)
            self.out.flush()

    def _read_requests(self) -> None:
        """Reader thread: cancel acts now; everything else waits its turn on the main thread."""
        for line in self.inp:
            try:
                msg = protocol.decode(line)
            except ValueError:
                continue
            if msg.get("op") == "cancel":
                # target 0 means "whatever runs now"; a queued target is skipped when its turn comes
                target = int(msg.get("target", 0))
                if target:
                    self.cancelled.add(target)
                if target in (0, self.current_id):
                    self.cancel.set()
            else:
                if msg.get("op") == "shutdown":
                    self.cancel.set()
                self.requests.put(msg)
        self.cancel.set()
        self.requests.put(_STOP)

    def run(self) -> int:
        from desktop.core.host.runner import Cancelled, LlamaRunner, LoadSettings, LogCapture, VocabCache
        from desktop.core.host.structured import StructuredCancelled, StructuredOps

        threading.Thread(target=self._read_requests, name="host-stdin", daemon=True).start()
        runner = LlamaRunner(LogCapture())
        vocabs = VocabCache()  # vocabulary-only models for the Tokenizer panel
        structured = StructuredOps()  # choice scoring and grammar-constrained JSON for the agent
        from desktop.core.host.scoring import ScoringOps

        scoring = ScoringOps(structured)  # score a text, fill the blank, a step's logits (teaching views)
        self.send({"id": 0, "type": protocol.HELLO, "data": runner.capabilities()})
        while True:
            msg = self.requests.get()
            op = msg.get("op")
            rid = int(msg.get("id", 0))
            if op == "shutdown":
                runner.unload()
                vocabs.close()
                return 0
            # Clear, then publish the id, then look at the set: a cancel can never fall in between.
            self.cancel.clear()
            self.current_id = rid
            self.cancelled -= {t for t in set(self.cancelled) if t < rid}  # ids that can never come again
            if rid in self.cancelled:
                self.cancelled.discard(rid)
                self.send({"id": rid, "type": protocol.ERROR, "error": "Cancelled", "message": "Cancelled."})
                continue

            def progress(stage: str, fraction: float, rid: int = rid) -> None:
                self.send({"id": rid, "type": protocol.PROGRESS, "stage": stage, "fraction": fraction})

            def token(event: dict[str, Any], rid: int = rid) -> None:
                self.outbox.add(rid, event)

            try:
                data: Any
                if op == "load":
                    data = runner.load(str(msg["path"]), LoadSettings.from_message(msg), progress, self.cancel)
                elif op == "unload":
                    data = {"unloaded": runner.unload()}
                elif op == "info":
                    data = {"capabilities": runner.capabilities(), "loaded": runner.loaded}
                elif op == "complete":
                    data = runner.complete(msg, token, self.cancel)
                elif op == "choose":
                    data = structured.choose(runner.llm, msg, self.cancel)
                elif op == "generate_json":
                    data = structured.generate_json(runner.llm, msg, token, self.cancel)
                elif op == "count_tokens":
                    data = structured.count_tokens(runner.llm, msg)
                elif op == "score":
                    data = scoring.score(runner.llm, msg, progress, token, self.cancel)
                elif op == "fill_blank":
                    data = scoring.fill_blank(runner.llm, msg, self.cancel)
                elif op == "step_logits":
                    data = scoring.step_logits(runner.llm, msg, self.cancel)
                elif op == "ping":
                    data = {"pong": True}
                elif op == "tokenize":
                    data = vocabs.tokenize(msg)
                elif op == "detokenize":
                    data = vocabs.detokenize(msg)
                else:
                    raise FMError(
                        message(
                            QT_TRANSLATE_NOOP("CoreHost", "The model host does not know the request “{op}”."), op=op
                        )
                    )
                self.send({"id": rid, "type": protocol.RESULT, "data": data})
            except (Cancelled, StructuredCancelled) as exc:
                self.send({"id": rid, "type": protocol.ERROR, "error": "Cancelled", "message": str(exc)})
            except FMError as exc:
                self.send(
                    {
                        "id": rid,
                        "type": protocol.ERROR,
                        "error": type(exc).__name__,
                        "message": exc.message,
                        "text": protocol.text_to_wire(exc.text),
                        "details": exc.details,
                    }
                )
            except Exception as exc:
                self.send(
                    {
                        "id": rid,
                        "type": protocol.ERROR,
                        "error": "InternalError",
                        "message": f"The model host hit an unexpected error: {exc}",
                        "text": protocol.text_to_wire(
                            message(
                                QT_TRANSLATE_NOOP("CoreHost", "The model host hit an unexpected error: {error}"),
                                error=str(exc),
                            )
                        ),
                        "details": traceback.format_exc(),
                    }
                )


def main() -> int:
    # llama.cpp's libraries first, before numpy, gguf or yaml come in: on a CUDA build, loading them after
    # those made the first model load crash (SIGSEGV in init_tokenizer; seen on an H200 with
    # scripts/gpu_check.py), while the same load in this order offloaded every layer.
    import llama_cpp  # noqa: F401

    out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    code = Server(sys.stdin.buffer, out).run()
    out.flush()
    # Exit now: the daemon stdin reader may hold the stdin lock, and a normal interpreter shutdown
    # would then abort ("could not acquire lock for <stdin>"). The model is already closed.
    os._exit(code)
