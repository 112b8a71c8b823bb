"""Owns one ``llama_cpp.Llama`` inside the host process: created, used and closed on one thread."""

from __future__ import annotations

import base64
import contextlib
import ctypes
import os
import re
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.catalog import model_info
from desktop.core.errors import FMError, ModelLoadError
from desktop.core.host.pieces import token_bytes
from desktop.core.host.structured import choice_sequences, parallel_sequences
from desktop.core.messages import QT_TRANSLATE_NOOP, message

Progress = Callable[[str, float], None]

_BUFFER_RE = re.compile(r"(\S+)\s+(model|KV|compute|output) buffer size =\s*([\d.]+) MiB")
_OFFLOAD_RE = re.compile(r"offloaded (\d+)/(\d+) layers to GPU")


class Cancelled(FMError):
    """The request was cancelled by the user."""


def auto_threads() -> int:
    """The CPU threads "Auto" uses: one per physical core, as llama.cpp's own tools choose (half the
    logical CPUs, llama-cpp-python's default, is one thread on a 2-core machine without SMT), and no
    more than the CPUs this process may run on."""
    import psutil

    cores = psutil.cpu_count(logical=False) or psutil.cpu_count(logical=True) or os.cpu_count() or 1
    if hasattr(os, "sched_getaffinity"):
        with contextlib.suppress(OSError):
            cores = min(cores, len(os.sched_getaffinity(0)) or cores)
    return max(int(cores), 1)


@dataclass
class LoadSettings:
    n_gpu_layers: int = 0
    n_ctx: int = 2048
    n_threads: int | None = None
    # The agent's host asks for room to score every tool name in one batch (several sequences); the
    # others keep one sequence, so Completion and the teaching views compute exactly as raw llama.cpp.
    choice_batch: bool = False
    # Flash attention: llama.cpp's own tools turn it on where the device has it; on a 2-core CPU it read
    # SmolLM2's prompts 7-27% faster (Gemma 3's the same) and generated the same or up to 10% faster. The
    # agent's host keeps it off: with it, a tool name scored in a batch of sequences drifts from the same
    # name scored alone (0.0055 in probability, over the 0.005 its test allows), and its published scores
    # were measured without it.
    flash_attn: bool = True

    @classmethod
    def from_message(cls, msg: dict[str, Any]) -> LoadSettings:
        threads = msg.get("n_threads")
        return cls(
            n_gpu_layers=int(msg.get("n_gpu_layers", 0)),
            n_ctx=int(msg.get("n_ctx", 2048)),
            n_threads=int(threads) if threads else None,
            choice_batch=bool(msg.get("choice_batch", False)),
            flash_attn=bool(msg.get("flash_attn", not msg.get("choice_batch", False))),
        )


class LogCapture:
    """Receives llama.cpp's log lines, keeps the recent ones, and echoes them to stderr.

    ``mark()`` counts every line ever written (it only grows), so ``since(mark)`` stays right after
    old lines have been trimmed from the kept window."""

    def __init__(self, keep: int = 5000) -> None:
        self.lines: list[str] = []
        self.keep = keep
        self.total = 0  # lines ever written; self.lines holds the last len(self.lines) of them
        self._partial = ""
        self._lock = threading.Lock()

    def write(self, text: str) -> None:
        with self._lock:
            data = self._partial + text
            *full, self._partial = data.split("\n")
            self.lines.extend(full)
            self.total += len(full)
            del self.lines[: -self.keep]
        sys.stderr.write(text)

    def mark(self) -> int:
        with self._lock:
            return self.total

    def since(self, mark: int) -> list[str]:
        """The lines written after ``mark`` that are still kept (the most recent ``keep``)."""
        with self._lock:
            first = self.total - len(self.lines)  # the count of the oldest kept line
            return self.lines[max(mark - first, 0) :]


def backend_name(system_info: str, gpu_offload: bool) -> str:
    """CPU, CUDA, Metal, Vulkan, ... from llama.cpp's system info string."""
    if gpu_offload:
        for name in ("CUDA", "Metal", "Vulkan", "ROCm", "HIP", "SYCL", "OpenCL", "MUSA", "CANN"):
            if re.search(rf"\b{name}\b", system_info, re.IGNORECASE):
                return "ROCm" if name == "HIP" else name
        return "GPU"
    return "CPU"


def _is_gpu_buffer(device: str) -> bool:
    return not device.upper().startswith(("CPU", "AMX", "REPACK", "LLAMAFILE"))


def parse_load_log(lines: list[str]) -> dict[str, Any]:
    """Layers offloaded and buffer sizes in MiB ({kind: {"cpu": x, "gpu": y}}) from llama.cpp's log."""
    offloaded: tuple[int, int] | None = None
    buffers: dict[str, dict[str, float]] = {}
    for line in lines:
        m = _OFFLOAD_RE.search(line)
        if m:
            offloaded = (int(m.group(1)), int(m.group(2)))
        for device, kind, mib in _BUFFER_RE.findall(line):
            where = "gpu" if _is_gpu_buffer(device) else "cpu"
            slot = buffers.setdefault(kind, {"cpu": 0.0, "gpu": 0.0})
            slot[where] += float(mib)
    return {"offloaded": offloaded, "buffers_mib": buffers}


class LlamaRunner:
    """The host's single owner of the model. Every method runs on the host's main thread."""

    def __init__(self, log: LogCapture) -> None:
        import llama_cpp  # imported here so the app process never loads llama.cpp

        self._llama_cpp = llama_cpp
        self.log = log
        self.llm: Any = None
        self.generator: Any = None
        self.loaded: dict[str, Any] | None = None
        self._log_cb = llama_cpp.llama_log_callback(self._on_log)
        llama_cpp.llama_log_set(self._log_cb, ctypes.c_void_p(0))

    def _on_log(self, level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        self.log.write(text.decode("utf-8", errors="replace"))

    def capabilities(self) -> dict[str, Any]:
        lc = self._llama_cpp
        info = lc.llama_print_system_info().decode("utf-8", errors="replace")
        gpu = bool(lc.llama_supports_gpu_offload())
        return {
            "llama_cpp_version": getattr(lc, "__version__", "unknown"),
            "gpu_offload": gpu,
            "backend": backend_name(info, gpu),
            "system_info": info.strip(),
            "cpu_count": os.cpu_count() or 1,
            "auto_threads": auto_threads(),
            "pid": os.getpid(),
        }

    @contextlib.contextmanager
    def _progress_hook(self, progress: Progress, cancel: threading.Event) -> Iterator[None]:
        """llama-cpp-python has no progress argument, so set llama.cpp's own callback on the default
        params it asks for; returning False from it aborts the load (our Cancel)."""
        lc: Any = self._llama_cpp.llama_cpp
        original = lc.llama_model_default_params

        def on_progress(fraction: float, _user: ctypes.c_void_p) -> bool:
            progress(QT_TRANSLATE_NOOP("CoreHost", "Loading weights"), float(fraction))
            return not cancel.is_set()

        callback = lc.llama_progress_callback(on_progress)

        def params_with_progress() -> Any:
            params = original()
            params.progress_callback = callback
            return params

        lc.llama_model_default_params = params_with_progress
        try:
            yield
        finally:
            lc.llama_model_default_params = original

    def load(self, path: str, settings: LoadSettings, progress: Progress, cancel: threading.Event) -> dict[str, Any]:
        self.unload()
        progress(QT_TRANSLATE_NOOP("CoreHost", "Reading model header"), 0.0)
        info = model_info(path)  # a bad file gets the catalog's plain message, not a llama.cpp abort
        if cancel.is_set():
            raise Cancelled(message(QT_TRANSLATE_NOOP("CoreHost", "Loading was cancelled.")))
        mark = self.log.mark()
        started = time.perf_counter()
        threads = settings.n_threads or auto_threads()
        try:
            # parallel_sequences: room for the agent's choose to score every tool name in one batch
            sequences = choice_sequences(path) if settings.choice_batch else 1
            with self._progress_hook(progress, cancel), parallel_sequences(sequences):
                llm = self._llama_cpp.Llama(
                    model_path=str(path),
                    n_gpu_layers=settings.n_gpu_layers,
                    n_ctx=settings.n_ctx,
                    n_threads=threads,  # generation
                    n_threads_batch=threads,  # prompt reading
                    flash_attn=settings.flash_attn,
                    verbose=True,
                )
        except (ValueError, RuntimeError, OSError) as exc:
            log = "\n".join(self.log.since(mark)[-40:])
            if cancel.is_set():
                raise Cancelled(message(QT_TRANSLATE_NOOP("CoreHost", "Loading was cancelled."))) from exc
            raise ModelLoadError(
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreHost",
                        "llama.cpp could not load “{name}”: {reason}. The file may be damaged or need a newer "
                        "llama.cpp; try a smaller context size if memory ran out.",
                    ),
                    name=Path(path).name,
                    reason=str(exc),
                ),
                details=log,
            ) from exc
        # One token through the model now, like llama.cpp's own tools: the first decode pays for
        # page faults and buffer set-up, which would otherwise show up as the first run's TTFT.
        progress(QT_TRANSLATE_NOOP("CoreHost", "Warming up"), 1.0)
        warm_token = llm.token_bos() if llm.token_bos() >= 0 else 0
        llm.eval([warm_token])
        llm.reset()
        seconds = time.perf_counter() - started
        self.llm = llm
        self._drop_generator()
        parsed = parse_load_log(self.log.since(mark))
        offloaded = parsed["offloaded"]
        n_layers = (info.n_layers or 0) + 1  # llama.cpp counts the output layer too
        self.loaded = {
            "path": str(path),
            "name": info.name,
            "n_ctx": llm.n_ctx(),
            "n_gpu_layers_requested": settings.n_gpu_layers,
            "layers_on_gpu": offloaded[0] if offloaded else 0,
            "layers_total": offloaded[1] if offloaded else n_layers,
            "n_threads": int(getattr(llm, "n_threads", threads)),
            "n_threads_batch": int(getattr(llm, "n_threads_batch", threads)),
            "threads_auto": not settings.n_threads,
            "flash_attn": settings.flash_attn,
            "buffers_mib": parsed["buffers_mib"],
            "load_seconds": seconds,
            "n_vocab": llm.n_vocab(),
            "has_chat_template": info.has_chat_template,
        }
        progress(QT_TRANSLATE_NOOP("CoreHost", "Loaded"), 1.0)
        return dict(self.loaded)

    def complete(self, msg: dict[str, Any], emit: Any, cancel: threading.Event) -> dict[str, Any]:
        """Stream one completion or chat reply from the loaded model."""
        from desktop.core.host.generation import Generator, Request

        if self.llm is None:
            raise FMError(
                message(QT_TRANSLATE_NOOP("CoreHost", "No model is loaded. Load one in the Models panel first."))
            )
        if self.generator is None:
            self.generator = Generator(self.llm, cancel)
        return dict(self.generator.run(Request.from_message(msg), emit))

    def _drop_generator(self) -> None:
        if self.generator is not None:
            self.generator.steps.close()  # its worker thread, if it had one
        self.generator = None

    def unload(self) -> bool:
        if self.llm is None:
            return False
        self._drop_generator()
        self.llm.close()
        self.llm = None
        self.loaded = None
        return True


class VocabCache:
    """Vocabulary-only ``Llama`` objects for the Tokenizer panel, a few at a time, keyed by path.
    Created, used and closed on the host's main thread, like the runner's model."""

    def __init__(self, keep: int = 3) -> None:
        import llama_cpp

        self._llama_cpp = llama_cpp
        self.keep = keep
        self._vocabs: dict[str, Any] = {}  # path -> Llama, most recently used last
        self._pieces: dict[str, dict[int, bytes]] = {}

    def get(self, path: str) -> Any:
        llm = self._vocabs.pop(path, None)
        if llm is None:
            model_info(path)  # a bad file gets the catalog's plain message, not a llama.cpp abort
            try:
                llm = self._llama_cpp.Llama(model_path=path, vocab_only=True, verbose=False)
            except (ValueError, RuntimeError, OSError) as exc:
                raise ModelLoadError(
                    message(
                        QT_TRANSLATE_NOOP("CoreHost", "llama.cpp could not read the vocabulary of “{name}”: {reason}."),
                        name=Path(path).name,
                        reason=str(exc),
                    )
                ) from exc
            while len(self._vocabs) >= self.keep:
                old_path, old = next(iter(self._vocabs.items()))
                del self._vocabs[old_path]
                self._pieces.pop(old_path, None)
                old.close()
        self._vocabs[path] = llm
        return llm

    def piece(self, path: str, llm: Any, token: int) -> bytes:
        """A token's exact bytes (special tokens as their text), without the 32-byte limit of
        llama-cpp-python's own ``detokenize``."""
        cache = self._pieces.setdefault(path, {})
        data = cache.get(token)
        if data is None:
            data = cache[token] = token_bytes(llm, token)
        return data

    def _special(self, llm: Any, token: int) -> bool:
        attr = int(self._llama_cpp.llama_vocab_get_attr(llm._model.vocab, token))
        return bool(attr & (self._llama_cpp.LLAMA_TOKEN_ATTR_CONTROL | self._llama_cpp.LLAMA_TOKEN_ATTR_UNKNOWN))

    def tokenize(self, msg: dict[str, Any]) -> dict[str, Any]:
        """Token ids of ``text`` with each one's bytes (base64) and flags, for the first
        ``max_tokens`` of them; ``total`` counts them all."""
        from desktop.core.tokenizers import sanitize

        path = str(msg["path"])
        text = sanitize(str(msg.get("text", "")))
        add_special = bool(msg.get("add_special", True))
        parse_special = bool(msg.get("allow_special", False))
        max_tokens = max(int(msg.get("max_tokens", 1 << 62)), 0)
        llm = self.get(path)
        model = llm._model
        all_ids = llm.tokenize(text.encode("utf-8"), add_bos=add_special, special=parse_special)
        total = len(all_ids)
        ids = [int(t) for t in all_ids[:max_tokens]]
        bos, eos = int(model.token_bos()), int(model.token_eos())
        added_front = int(bool(add_special and total and model.add_bos_token() and all_ids[0] == bos))
        added_back = int(bool(add_special and total > added_front and model.add_eos_token() and all_ids[-1] == eos))

        def b64(data: bytes) -> str:
            return base64.b64encode(data).decode("ascii")

        return {
            "ids": ids,
            "pieces": [b64(self.piece(path, llm, t)) for t in ids],
            "special": [i for i, t in enumerate(ids) if self._special(llm, t)],
            "added_front": added_front,
            "added_back": added_back,
            "total": total,
            "n_vocab": int(llm.n_vocab()),
            "bos_id": bos,
            "eos_id": eos,
            "bos_piece": b64(self.piece(path, llm, bos)) if bos >= 0 else "",
            "eos_piece": b64(self.piece(path, llm, eos)) if eos >= 0 else "",
            "tokenizer_model": str(llm.metadata.get("tokenizer.ggml.model", "")),
        }

    def detokenize(self, msg: dict[str, Any]) -> dict[str, Any]:
        """Each id's bytes (base64); an id outside the vocabulary is a plain error, not a crash."""
        path = str(msg["path"])
        llm = self.get(path)
        n_vocab = int(llm.n_vocab())
        pieces: list[str] = []
        for token in msg.get("ids", []):
            t = int(token)
            if not 0 <= t < n_vocab:
                raise FMError(
                    message(
                        QT_TRANSLATE_NOOP(
                            "CoreHost",
                            "Token id {id} is not in this model's vocabulary (its ids run from 0 to {last}).",
                        ),
                        id=f"{t:,}",
                        last=f"{n_vocab - 1:,}",
                    )
                )
            pieces.append(base64.b64encode(self.piece(path, llm, t)).decode("ascii"))
        return {"pieces": pieces, "n_vocab": n_vocab}

    def close(self) -> None:
        for llm in self._vocabs.values():
            llm.close()
        self._vocabs.clear()
        self._pieces.clear()
