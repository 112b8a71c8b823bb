"""The vision host: a child process that owns the CLIP model, on the model host's JSON-lines protocol
(desktop.core.host.protocol) and server loop. torch, open_clip and onnxruntime are imported here only, so
the app process stays light, and a crash or an out-of-memory kill in an engine costs one message.

Requests: ``load`` (spec, device, engine), ``classify`` (items with paths, labels, template, ...: a
``batch`` event per batch, then the run's summary), ``pairs`` (the bundled model's training pairs and its
picture x caption similarities: natural-language supervision), ``unload``, ``pretrained``, ``ping``,
``shutdown``; ``cancel`` lands between batches. Pictures come as paths (the app writes pasted ones to
temporary files)."""

from __future__ import annotations

import contextlib
import os
import sys
import traceback
from pathlib import Path
from typing import Any

from desktop.core.errors import FMError
from desktop.core.host import protocol
from desktop.core.host.protocol import WireMessage
from desktop.core.host.server import Server
from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.core.vision.wire import message_to_wire

BATCH = "batch"
# The window's process keeps the upper hand on a busy machine. Measured at 0 as well (2 cores, other work
# running, eight runs each, interleaved): the same throughput, and the window's longest stalls twice as long.
HOST_NICENESS = 5
UNEXPECTED = QT_TRANSLATE_NOOP("CoreVision", "The vision host hit an unexpected error: {error}")


def vision_host_command() -> list[str]:
    """How to start the vision host: the frozen app re-runs itself with a flag; otherwise ``python -m``."""
    if getattr(sys, "frozen", False):
        return [sys.executable, "--vision-host"]
    return [sys.executable, "-m", "desktop.core.vision.host"]


class VisionServer(Server):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clf: Any = None
        self.key: tuple[Any, ...] = ()

    def _ensure(self, msg: WireMessage, rid: int) -> Any:
        """The classifier for the request's (spec, device, engine), loading it if needed."""
        from desktop.core.vision.engines import load_classifier
        from desktop.core.vision.wire import spec_from_wire

        spec = spec_from_wire(msg.get("spec"))
        device, engine = str(msg.get("device", "auto")), str(msg.get("engine", "auto"))
        key = (spec, device, engine)
        if self.clf is not None and self.clf.loaded and self.key == key:
            return self.clf
        self._close()
        self.send({"id": rid, "type": protocol.PROGRESS, "stage": "loading", "fraction": 0.0})
        clf = load_classifier(spec, device, engine)
        self.clf, self.key = clf, key
        self.send({"id": rid, "type": protocol.PROGRESS, "stage": "loaded", "fraction": 1.0, **self._loaded()})
        return clf

    def _loaded(self) -> dict[str, Any]:
        from desktop.core.vision.wire import info_to_wire

        clf = self.clf
        if clf.engine == "open_clip":
            from desktop.core.vision.devices import device_report

            devices = {k: [v[0], message_to_wire(v[1])] for k, v in device_report().items()}
        else:
            why = message_to_wire(
                message(QT_TRANSLATE_NOOP("CoreVision", "the ONNX Runtime engine runs on the CPU here"))
            )
            devices = {"auto": [True, ""], "cpu": [True, ""], "cuda": [False, why], "mps": [False, why]}
        return {"info": info_to_wire(clf.info), "devices": devices}

    def _close(self) -> None:
        if self.clf is not None:
            self.clf.close()
        self.clf, self.key = None, ()

    def _classify(self, msg: WireMessage, rid: int) -> dict[str, Any]:
        from desktop.core.vision.wire import result_to_wire, summary_to_wire

        clf = self._ensure(msg, rid)
        items = list(msg.get("items", []))
        thumbs = [bool(item.get("thumb", True)) for item in items]

        def on_batch(batch: list[Any], done: int, total: int) -> None:
            wired = [result_to_wire(r, str(items[r.index]["key"]), str(items[r.index]["name"])) for r in batch]
            self.send({"id": rid, "type": BATCH, "results": wired, "done": done, "total": total})

        summary = clf.classify(
            [Path(str(item["path"])) for item in items],
            list(msg.get("labels", [])),
            str(msg.get("template", "a photo of a {}.")),
            batch_size=int(msg.get("batch_size", 0)),
            cancel=self.cancel,
            on_batch=on_batch,
            thumbnails=thumbs.__getitem__,
            top_k=int(msg.get("top_k", 5)),
            cache_keys=[str(item.get("cache", "")) for item in items],
        )
        return summary_to_wire(summary)

    def _pairs(self, msg: WireMessage, rid: int) -> dict[str, Any]:
        """The bundled model's training pairs ``start`` .. ``start + count`` and its similarity matrix (always
        the bundled model: they are its pairs), with the contrastive loss on them."""
        import numpy as np

        from desktop.core.vision.training import contrastive, training_pairs
        from desktop.core.vision.wire import pairs_to_wire

        clf = self._ensure({**msg, "spec": None}, rid)
        pairs = training_pairs(int(msg.get("start", 0)), int(msg.get("count", 8)))
        similarity = clf.image_features(pairs.pictures) @ clf.caption_features(pairs.captions).T
        pairs.similarity = similarity.astype(float).tolist()
        pairs.logit_scale = float(clf.logit_scale)
        pairs.loss = contrastive(similarity, clf.logit_scale, np.asarray(pairs.targets))
        return pairs_to_wire(pairs)

    def run(self) -> int:
        import threading

        from desktop.core.vision.engines import available_engines

        threading.Thread(target=self._read_requests, name="vision-host-stdin", daemon=True).start()
        self.send({"id": 0, "type": protocol.HELLO, "data": {"engines": available_engines(), "pid": os.getpid()}})
        while True:
            msg = self.requests.get()
            op = msg.get("op")
            rid = int(msg.get("id", 0))
            if op == "shutdown":
                self._close()
                return 0
            self.cancel.clear()
            self.current_id = rid
            self.cancelled -= {t for t in set(self.cancelled) if t < rid}
            if rid in self.cancelled:
                self.cancelled.discard(rid)
                self.send({"id": rid, "type": protocol.ERROR, "error": "Cancelled", "message": "Cancelled."})
                continue
            try:
                data: Any
                if op == "load":
                    self._ensure(msg, rid)
                    data = self._loaded()
                elif op == "classify":
                    data = self._classify(msg, rid)
                elif op == "pairs":
                    data = self._pairs(msg, rid)
                elif op == "unload":
                    self._close()
                    data = {"unloaded": True}
                elif op == "pretrained":
                    from desktop.core.vision.hub import pretrained_choices

                    data = [f"{arch}/{tag}" for arch, tag in pretrained_choices()]
                elif op == "ping":
                    data = {"pong": True, "loaded": self.clf is not None}
                elif op == "crash":  # tests: a host that dies in the middle of work
                    os._exit(int(msg.get("code", 3)))
                else:
                    raise FMError(
                        message(
                            QT_TRANSLATE_NOOP("CoreVision", "The vision host does not know the request “{op}”."), op=op
                        )
                    )
                self.send({"id": rid, "type": protocol.RESULT, "data": data})
            except FMError as exc:
                self.send(
                    {"id": rid, "type": protocol.ERROR, "error": type(exc).__name__, "message": exc.message,
                     "text": message_to_wire(exc.text), "details": exc.details, "op": op}
                )  # fmt: skip
            except Exception as exc:
                self.send(
                    {"id": rid, "type": protocol.ERROR, "error": "InternalError", "op": op,
                     "message": f"The vision host hit an unexpected error: {type(exc).__name__}: {exc}",
                     "text": message_to_wire(message(UNEXPECTED, error=f"{type(exc).__name__}: {exc}")),
                     "details": traceback.format_exc()}
                )  # fmt: skip


def main() -> int:
    out = os.fdopen(os.dup(1), "wb", buffering=0)
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    with contextlib.suppress(OSError, AttributeError):
        os.nice(HOST_NICENESS)
    # torch's OpenMP threads sleep when idle instead of spinning on cores the decode threads need (set before
    # torch is imported; a value the user set stays).
    os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
    code = VisionServer(sys.stdin.buffer, out).run()
    out.flush()
    os._exit(code)  # as the model host: the daemon stdin reader may hold the stdin lock


if __name__ == "__main__":
    raise SystemExit(main())
