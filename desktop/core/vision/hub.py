"""The Hugging Face hub (only when online): downloads with cancel, stall timeouts and clear offline errors."""

from __future__ import annotations

import contextlib
import json
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core.messages import QT_TRANSLATE_NOOP, message
from desktop.core.vision.common import DownloadCancelled, OfflineError, VisionError, is_set
from desktop.core.vision.models import _disk_error, _unsafe_name_error, is_safe_name

HUB_WEIGHT_FILES = ("open_clip_model.safetensors", "open_clip_pytorch_model.bin")
HUB_PREFIX = "hf-hub:"
DOWNLOAD_CHUNK = 64 * 1024  # bytes per read: cancel is checked, and progress counted, between reads
CONNECT_TIMEOUT = 10.0  # seconds to connect to the hub (or its file host) and finish the TLS handshake
STALL_TIMEOUT = 30.0  # seconds without a byte before a download stops with a message (it never retries)
PROGRESS_EVERY = (1 << 20, 0.1)  # report progress after this many bytes, or this many seconds
DOWNLOAD_CANCELLED = QT_TRANSLATE_NOOP("CoreVision", "Download cancelled.")
_REPO_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,95}")


def hub_endpoint() -> str:
    return (os.environ.get("HF_ENDPOINT") or "https://huggingface.co").rstrip("/")


def pretrained_choices() -> list[tuple[str, str]]:
    """open_clip's (architecture, pretrained tag) pairs whose weights are on the hub."""
    import open_clip

    out = []
    for arch, tag in open_clip.list_pretrained():
        cfg = open_clip.get_pretrained_cfg(arch, tag) or {}
        if cfg.get("hf_hub"):
            out.append((arch, tag))
    return out


@dataclass(frozen=True)
class HubTarget:
    repo_id: str
    filenames: tuple[str, ...]
    architecture: str = ""
    pretrained: str = ""
    folder_name: str = ""


def check_repo_id(repo: str) -> str:
    """``organisation/repository`` as the hub spells it (it becomes a folder name here), or a VisionError."""
    parts = repo.split("/")
    if len(parts) != 2 or not all(_REPO_PART.fullmatch(p) and ".." not in p and "--" not in p for p in parts):
        raise VisionError(
            message(
                QT_TRANSLATE_NOOP(
                    "CoreVision",
                    "A hub model is written hf-hub:organisation/repository, with letters, digits, “.”, “_” and “-”.",
                )
            )
        )
    return repo


def _local_name(filename: str) -> str:
    """The file name a hub file gets in its folder here (its last path part, which must be a plain name)."""
    name = filename.rsplit("/", 1)[-1]
    if not is_safe_name(name) or any(part in ("", ".", "..") for part in filename.split("/")):
        raise _unsafe_name_error(filename)
    return name


def hub_target(choice: str) -> HubTarget:
    """What to fetch for "ARCH/TAG" (an open_clip pretrained tag) or "hf-hub:org/repo"."""
    choice = choice.strip()
    if choice.startswith(HUB_PREFIX):
        repo = check_repo_id(choice[len(HUB_PREFIX) :].strip().strip("/"))
        return HubTarget(repo, HUB_WEIGHT_FILES, folder_name=repo.replace("/", "__"))
    arch, _, tag = choice.replace(" ", "").partition("/")
    if not arch or not tag:
        raise VisionError(
            message(
                QT_TRANSLATE_NOOP(
                    "CoreVision",
                    "Pick an architecture and a pretrained tag (ARCH/TAG), or type hf-hub:organisation/repo.",
                )
            )
        )
    import open_clip

    cfg = open_clip.get_pretrained_cfg(arch, tag)
    if not cfg:
        raise VisionError(
            message(
                QT_TRANSLATE_NOOP("CoreVision", "open_clip has no pretrained tag “{tag}” for {arch}."),
                tag=tag,
                arch=arch,
            )
        )
    hub = str(cfg.get("hf_hub") or "")
    if not hub:
        url = str(cfg.get("url") or "")
        if url:
            text = QT_TRANSLATE_NOOP(
                "CoreVision",
                "{arch}/{tag} is not on the Hugging Face hub (it comes from {url}): download it yourself and put the "
                "file in the models folder, named after the architecture.",
            )
        else:
            text = QT_TRANSLATE_NOOP(
                "CoreVision",
                "{arch}/{tag} is not on the Hugging Face hub (it comes from another site): download it yourself and "
                "put the file in the models folder, named after the architecture.",
            )
        raise VisionError(message(text, arch=arch, tag=tag, url=url))
    parts = hub.strip("/").split("/")
    repo, filename = check_repo_id("/".join(parts[:2])), "/".join(parts[2:])
    files: tuple[str, ...] = HUB_WEIGHT_FILES
    if filename and filename != HUB_WEIGHT_FILES[1]:
        safe = filename[: -len(".bin")] + ".safetensors" if filename.endswith(".bin") else ""
        files = (safe, filename) if safe else (filename,)
    folder = f"{arch}__{tag}"
    if not is_safe_name(folder):
        folder = repo.replace("/", "__")
    return HubTarget(repo, files, arch, tag, folder)


def _offline(endpoint: str, exc: BaseException | None = None) -> OfflineError:
    return OfflineError(
        message(
            QT_TRANSLATE_NOOP(
                "CoreVision",
                "Cannot reach the Hugging Face hub ({endpoint}): this machine seems to be offline. The bundled model "
                "works offline; to use another, copy its weights file into the models folder.",
            ),
            endpoint=endpoint,
        ),
        f"{type(exc).__name__}: {exc}" if exc else "",
    )


def _probe(endpoint: str, timeout: float = 4.0) -> None:
    """Fail fast when the hub's host cannot be reached at all. Skipped behind a proxy, which may reach what
    this machine cannot."""
    import socket
    from urllib.parse import urlsplit

    if any(os.environ.get(v) for v in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY")):
        return
    parts = urlsplit(endpoint)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        socket.create_connection((host, port), timeout=timeout).close()
    except OSError as exc:
        raise _offline(endpoint, exc) from exc


class _HubConnection:
    """One file's HTTP GET (urllib: redirects, proxies, TLS) that a cancel stops at once, even mid-read.

    Every socket it opens gets a read timeout of ``stall`` seconds, and a watcher thread shuts the sockets
    down the moment ``cancel`` is set: a read blocked on a stalled connection then returns at once (closing a
    socket from another thread does not wake a blocked read; shutting it down does)."""

    def __init__(self, endpoint: str, cancel: threading.Event | None, stall: float) -> None:
        self.endpoint = endpoint
        self.cancel = cancel
        self.stall = stall
        self._sockets: list[Any] = []
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._watcher: threading.Thread | None = None

    def __enter__(self) -> _HubConnection:
        if self.cancel is not None:
            self._watcher = threading.Thread(target=self._watch, name="hub-download-cancel", daemon=True)
            self._watcher.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._done.set()
        if self._watcher is not None:
            self._watcher.join()

    def _watch(self) -> None:
        assert self.cancel is not None
        while not self._done.is_set():
            if self.cancel.wait(0.05):
                self._shut_down()
                return

    def attach(self, sock: Any) -> None:
        sock.settimeout(self.stall)
        with self._lock:
            self._sockets.append(sock)
        if is_set(self.cancel):
            self._shut_down()

    def _shut_down(self) -> None:
        import socket

        with self._lock:
            sockets = list(self._sockets)
        for sock in sockets:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(sock, socket.SHUT_RDWR)  # the plain socket's, under any TLS layer

    def check_cancel(self) -> None:
        if is_set(self.cancel):
            raise DownloadCancelled(message(DOWNLOAD_CANCELLED))

    def open(self, url: str, what: str) -> Any:
        """The response for ``url``, or None when the repository has no such file (HTTP 404)."""
        import ssl
        import urllib.error
        import urllib.request

        self.check_cancel()
        opener = urllib.request.build_opener(*_watched_handlers(self))
        request = urllib.request.Request(url, headers={"User-Agent": "fm-explorer"})
        token = os.environ.get("HF_TOKEN")
        if token:
            request.add_unredirected_header("Authorization", f"Bearer {token}")  # never sent on to a file host
        try:
            return opener.open(request, timeout=CONNECT_TIMEOUT)
        except urllib.error.HTTPError as exc:
            with contextlib.closing(exc):
                code = exc.code
                kind = str(exc.headers.get("X-Error-Code", "")) if exc.headers else ""
            if code == 404 and kind != "RepoNotFound":
                return None
            details = f"HTTP {code} {exc.reason} {kind}".strip()
            if code == 401 or kind == "RepoNotFound":
                raise VisionError(
                    message(
                        QT_TRANSLATE_NOOP("CoreVision", "The hub has no repository “{repo}” (or it is private)."),
                        repo=what,
                    ),
                    details,
                ) from exc
            if code == 403 or kind == "GatedRepo":
                raise VisionError(
                    message(
                        QT_TRANSLATE_NOOP(
                            "CoreVision",
                            "“{repo}” is gated on the hub: accept its terms there, and set HF_TOKEN to a token "
                            "of yours.",
                        ),
                        repo=what,
                    ),
                    details,
                ) from exc
            if code == 429:
                raise VisionError(
                    message(
                        QT_TRANSLATE_NOOP("CoreVision", "The hub is limiting requests now: try again in a few minutes.")
                    ),
                    details,
                ) from exc
            if code >= 500:
                raise VisionError(
                    message(
                        QT_TRANSLATE_NOOP("CoreVision", "The hub answered with an error ({code}): try again later."),
                        code=code,
                    ),
                    details,
                ) from exc
            raise VisionError(
                message(
                    QT_TRANSLATE_NOOP("CoreVision", "The hub refused the download ({code} {reason})."),
                    code=code,
                    reason=str(exc.reason),
                ),
                details,
            ) from exc
        except ssl.SSLCertVerificationError as exc:
            self.check_cancel()
            raise VisionError(
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreVision",
                        "The secure connection to {endpoint} failed: its certificate could not be verified.",
                    ),
                    endpoint=self.endpoint,
                ),
                str(exc),
            ) from exc
        except Exception as exc:  # refused, unreachable, no DNS, reset, timed out: the network
            self.check_cancel()
            raise _offline(self.endpoint, exc) from exc

    def read(self, response: Any) -> bytes:
        """The next bytes of the body (b"" at its end), or DownloadCancelled, or a VisionError."""
        self.check_cancel()
        try:
            return bytes(response.read1(DOWNLOAD_CHUNK))
        except Exception as exc:
            self.check_cancel()
            if isinstance(exc, TimeoutError):
                raise VisionError(
                    message(
                        QT_TRANSLATE_NOOP(
                            "CoreVision", "The download stalled: no data came for {seconds} s. Try again later."
                        ),
                        seconds=f"{self.stall:.0f}",
                    ),
                    str(exc),
                ) from exc
            raise VisionError(
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreVision", "The connection to the hub broke off during the download. Try again."
                    )
                ),
                f"{type(exc).__name__}: {exc}",
            ) from exc


def _watched_connection(base: type, hub: _HubConnection) -> Callable[..., Any]:
    """An http.client connection class whose sockets ``hub`` watches."""

    class Watched(base):
        def connect(self) -> None:
            super().connect()
            hub.attach(self.sock)

    return Watched


def _watched_handlers(hub: _HubConnection) -> list[Any]:
    """urllib handlers for http and https whose connections ``hub`` watches (classes made here, on first use,
    so that importing this module never imports ssl)."""
    import http.client
    import ssl
    import urllib.request

    class WatchedHTTPHandler(urllib.request.HTTPHandler):
        def __init__(self, hub: _HubConnection) -> None:
            super().__init__()
            self.hub = hub

        def http_open(self, req: Any) -> Any:
            return self.do_open(_watched_connection(http.client.HTTPConnection, self.hub), req)

    class WatchedHTTPSHandler(urllib.request.HTTPSHandler):
        def __init__(self, hub: _HubConnection) -> None:
            self._tls = ssl.create_default_context()
            super().__init__(context=self._tls)
            self.hub = hub

        def https_open(self, req: Any) -> Any:
            return self.do_open(_watched_connection(http.client.HTTPSConnection, self.hub), req, context=self._tls)

    return [WatchedHTTPHandler(hub), WatchedHTTPSHandler(hub)]


def _hub_file(
    endpoint: str,
    repo: str,
    filename: str,
    folder: Path,
    progress: Callable[[int, int], None] | None,
    cancel: threading.Event | None,
    stall: float,
) -> Path | None:
    """One file of a hub repository into ``folder``, through a hidden ``.part`` file that never outlives a
    failure. None when the repository has no such file."""
    from urllib.parse import quote

    dest = folder / _local_name(filename)
    part = folder / f".{dest.name}.part"
    url = f"{endpoint}/{quote(repo)}/resolve/main/{quote(filename)}"
    with _HubConnection(endpoint, cancel, stall) as hub:
        response = hub.open(url, repo)
        if response is None:
            return None
        with response:
            total = int(response.headers.get("Content-Length") or 0)
            done = reported = 0
            last = time.monotonic()
            try:
                with open(part, "wb") as out:
                    while chunk := hub.read(response):
                        out.write(chunk)
                        done += len(chunk)
                        now = time.monotonic()
                        if progress is not None and (
                            done - reported >= PROGRESS_EVERY[0] or now - last >= PROGRESS_EVERY[1]
                        ):
                            progress(done, total)
                            reported, last = done, now
                hub.check_cancel()
                if total and done < total:
                    raise VisionError(
                        message(
                            QT_TRANSLATE_NOOP(
                                "CoreVision", "The download of {name} ended early ({done} of {total} bytes): try again."
                            ),
                            name=filename,
                            done=f"{done:,}",
                            total=f"{total:,}",
                        )
                    )
                os.replace(part, dest)
            except OSError as exc:
                raise _disk_error(exc, folder) from exc
            finally:
                with contextlib.suppress(OSError):
                    part.unlink(missing_ok=True)
            if progress is not None and done != reported:
                progress(done, total)
    return dest


def _write_file(path: Path, data: bytes) -> None:
    """Write ``path`` whole or not at all (a hidden temporary file, then a rename)."""
    tmp = path.with_name(f".{path.name}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        raise _disk_error(exc, path.parent) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


def download_from_hub(
    target: HubTarget,
    dest_root: Path,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
    endpoint: str | None = None,
    stall_timeout: float = STALL_TIMEOUT,
) -> Path:
    """Fetch a model's weights (safetensors first) into ``dest_root/<name>/``, with its open_clip_config.json
    when the repository has one, and a ``<weights>.json`` naming the architecture and tag. Returns the weights
    path. ``progress(bytes_done, bytes_total)``. Setting ``cancel`` stops it at once (DownloadCancelled), even
    on a stalled connection; no data for ``stall_timeout`` seconds stops it with a message. Raises
    OfflineError only when the hub cannot be reached; a full disk or an unwritable folder says so. A failed
    download leaves no partial file behind."""
    endpoint = (endpoint or hub_endpoint()).rstrip("/")
    if os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on"):
        raise OfflineError(
            message(QT_TRANSLATE_NOOP("CoreVision", "Downloads are switched off (HF_HUB_OFFLINE is set)."))
        )
    repo = check_repo_id(target.repo_id)
    folder_name = target.folder_name or repo.replace("/", "__")
    if not is_safe_name(folder_name):
        raise _unsafe_name_error(folder_name)
    for filename in target.filenames:
        _local_name(filename)
    _probe(endpoint)
    if is_set(cancel):
        raise DownloadCancelled(message(DOWNLOAD_CANCELLED))
    folder = dest_root / folder_name
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _disk_error(exc, dest_root) from exc
    written: list[Path] = []
    try:
        weights = None
        for filename in target.filenames:
            weights = _hub_file(endpoint, repo, filename, folder, progress, cancel, stall_timeout)
            if weights is not None:
                break
        if weights is None:
            raise VisionError(
                message(
                    QT_TRANSLATE_NOOP("CoreVision", "The hub repository {repo} has none of {files}."),
                    repo=repo,
                    files=", ".join(target.filenames),
                )
            )
        written.append(weights)
        if target.architecture:
            facts = {"architecture": target.architecture, "pretrained": target.pretrained, "hf_hub": repo}
            _write_file(weights.with_suffix(".json"), json.dumps(facts, indent=2).encode())
            written.append(weights.with_suffix(".json"))
        else:
            config = _hub_file(endpoint, repo, "open_clip_config.json", folder, None, cancel, stall_timeout)
            if config is not None:
                written.append(config)
        return weights
    except BaseException:
        for path in written:  # half a model is no model: the weights without their description go too
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
        if created:
            with contextlib.suppress(OSError):
                folder.rmdir()  # only if empty
        raise
