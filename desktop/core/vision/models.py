"""Which CLIP to load: the bundled tiny model, weights files in models/, open_clip architectures."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from desktop.core.cut import cut
from desktop.core.errors import AssetMissingError, FMError
from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message
from desktop.core.vision.common import BUNDLED_NAME, WEIGHT_EXTENSIONS, VisionError


@dataclass(frozen=True)
class ModelSpec:
    """Which model to load. ``architecture`` is an open_clip model name (or, with ``config``, a name this
    app registers for a config that came with the weights)."""

    kind: str  # bundled | file
    label: str
    architecture: str
    path: str
    pretrained: str = ""  # the open_clip pretrained tag the file came from, when known
    config: str = ""  # JSON text of an open_clip model config that came with the weights
    preprocess: str = ""  # JSON text of an open_clip preprocess config that came with the weights
    note: str | Message = ""  # why it is not ready (a file's): shown through desktop.i18n.translate_message

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.kind, self.architecture, self.path)

    @property
    def ready(self) -> bool:
        return bool(self.architecture)

    @property
    def display_label(self) -> str | Message:
        """The name to show: the bundled model's is "<name> (bundled)" in the app's language (``label`` keeps
        the English, for logs and files)."""
        if self.kind == "bundled" and self.label.endswith(BUNDLED_SUFFIX):
            return message(BUNDLED_LABEL, name=self.label[: -len(BUNDLED_SUFFIX)])
        return self.label


BUNDLED_LABEL = QT_TRANSLATE_NOOP("CoreVision", "{name} (bundled)")
BUNDLED_SUFFIX = " (bundled)"


def clip_dir() -> Path:
    from desktop.resources import resource

    return resource("clip")


@lru_cache(maxsize=1)
def _bundled_card_cached(path: str, mtime: float) -> dict[str, Any]:
    return dict(json.loads(Path(path).read_text(encoding="utf-8")))


def bundled_card() -> dict[str, Any]:
    """The bundled model's card: config, the labels it knows, its accuracy and how it was trained."""
    path = clip_dir() / f"{BUNDLED_NAME}.json"
    if not path.is_file():
        raise AssetMissingError(
            message(QT_TRANSLATE_NOOP("CoreVision", "The bundled CLIP model is missing.")),
            f"Expected {path}. Run scripts/train_clip.py to make it.",
        )
    return _bundled_card_cached(str(path), path.stat().st_mtime)


def bundled_spec() -> ModelSpec:
    card = bundled_card()
    weights = clip_dir() / str(card.get("file", f"{BUNDLED_NAME}.safetensors"))
    return ModelSpec(
        kind="bundled",
        label=message(BUNDLED_LABEL, name=str(card.get("name", "FM tiny CLIP"))).english(),
        architecture=str(card.get("model_name", BUNDLED_NAME)),
        path=str(weights),
        config=json.dumps(card["model_cfg"]),
        preprocess=json.dumps(card.get("preprocess_cfg", {})),
        note=str(card.get("description", "")),
    )


def bundled_labels() -> list[str]:
    """The labels the bundled model knows, or a few generic ones if its card is missing."""
    try:
        return [str(label) for label in bundled_card().get("labels", [])]
    except FMError:
        return ["red circle", "blue square", "green triangle", "yellow star", "purple cross"]


@lru_cache(maxsize=1)
def open_clip_architectures() -> tuple[str, ...]:
    """open_clip's model names, read from its config folder without importing it (torch is slow to load)."""
    import importlib.util

    spec = importlib.util.find_spec("open_clip")
    if spec is None or not spec.submodule_search_locations:
        return ()
    folder = Path(next(iter(spec.submodule_search_locations))) / "model_configs"
    return tuple(sorted(p.stem for p in folder.glob("*.json")))


def guess_architecture(path: Path) -> str:
    """The open_clip architecture named in a weights file's path ("ViT-B-32__laion2b.safetensors"), or ""."""
    names = open_clip_architectures()
    text = "/".join(part.lower() for part in path.parts[-2:])
    found = [n for n in names if n.lower() in text]
    return max(found, key=len) if found else ""


def _sidecar(path: Path) -> dict[str, Any]:
    """Facts that came with a weights file: ``<stem>.json`` ({"architecture": ..., "pretrained": ...}) or an
    ``open_clip_config.json`` beside it (the Hugging Face hub layout, with a full model config)."""
    facts: dict[str, Any] = {}
    for candidate in (path.with_suffix(".json"), path.parent / "open_clip_config.json"):
        if candidate.is_file() and candidate != path:
            try:
                data = json.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict):
                for key, value in data.items():
                    facts.setdefault(key, value)
    return facts


_SAFE_NAME = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}")


def is_safe_name(name: str) -> bool:
    """A name that can become a file name as it is: letters, digits, ``.``, ``_`` and ``-``, not starting with
    a dot, at most 128 characters. Names that come from model files (a config's ``architecture`` or
    ``model_name``) must pass this before they name anything on disk or anything open_clip looks up
    (open_clip reads ``hf-hub:…`` and ``local-dir:…`` names as places to fetch from)."""
    return bool(_SAFE_NAME.fullmatch(name))


def _unsafe_name_error(name: str) -> VisionError:
    shown = cut(name, 60, note="…")[0]
    return VisionError(
        message(
            QT_TRANSLATE_NOOP(
                "CoreVision",
                "“{name}” is not a model name this app accepts: only letters, digits, “.”, “_” and “-”, not "
                "starting with a dot. Pick an architecture from the list.",
            ),
            name=shown,
        )
    )


def spec_for_file(path: Path, architecture: str = "") -> ModelSpec:
    """A spec for a weights file the person added. ``architecture`` overrides what the file says.

    A name written in the file's sidecar is used only when it is a plain name (``is_safe_name``); a config
    that came with the weights is registered under a name derived from its hash when its own name is not
    plain or would replace one of open_clip's own architectures."""
    facts = _sidecar(path)
    model_cfg = facts.get("model_cfg")
    named = str(facts.get("architecture") or facts.get("model_name") or "")
    refused = ""
    if named and not is_safe_name(named):
        refused, named = named, ""
    if named and isinstance(model_cfg, dict) and named in open_clip_architectures():
        named = ""  # a shipped config never redefines one of open_clip's own architectures
    arch = architecture or named
    if not arch and isinstance(model_cfg, dict):
        arch = "user-" + hashlib.sha1(json.dumps(model_cfg, sort_keys=True).encode()).hexdigest()[:12]
    arch = arch or guess_architecture(path)
    note: str | Message = ""
    if not arch:
        note = message(
            QT_TRANSLATE_NOOP(
                "CoreVision", "Which open_clip architecture is this? Pick one, or name the file after it."
            )
        )
    if refused and not arch:
        note = _unsafe_name_error(refused).text
    label = path.stem if path.stem not in ("open_clip_model", "open_clip_pytorch_model") else path.parent.name
    return ModelSpec(
        kind="file",
        label=label,
        architecture=arch,
        path=str(path),
        pretrained=str(facts.get("pretrained", "")),
        config=json.dumps(model_cfg) if isinstance(model_cfg, dict) and not architecture else "",
        preprocess=json.dumps(facts["preprocess_cfg"]) if isinstance(facts.get("preprocess_cfg"), dict) else "",
        note=note,
    )


def find_user_models(folder: Path) -> list[ModelSpec]:
    """Weights files in ``folder`` and its direct subfolders (a hub download lands in one)."""
    if not folder.is_dir():
        return []
    found: list[Path] = []
    with contextlib.suppress(OSError):
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith("."):
                continue
            if entry.is_file() and entry.suffix.lower() in WEIGHT_EXTENSIONS:
                found.append(entry)
            elif entry.is_dir():
                with contextlib.suppress(OSError):
                    found.extend(
                        sorted(p for p in entry.iterdir() if p.is_file() and p.suffix.lower() in WEIGHT_EXTENSIONS)
                    )
    return [spec_for_file(p) for p in found]


_registered: dict[str, str] = {}
_register_lock = threading.Lock()


def register_config(name: str, model_cfg: dict[str, Any]) -> None:
    """Make ``name`` an open_clip architecture (open_clip.add_model_config reads a JSON file, named after the
    architecture, that this writes into the cache). ``name`` must be a plain name: it may come from a model
    file, and a name like ``../../x`` would write outside the cache."""
    import open_clip

    from desktop.core.paths import cache_dir

    if not is_safe_name(name):
        raise _unsafe_name_error(name)
    text = json.dumps(model_cfg, sort_keys=True)
    with _register_lock:
        if _registered.get(name) == text and name in open_clip.list_models():
            return
        folder = cache_dir() / "open_clip_configs"
        target = folder / f"{name}.json"
        if target.parent != folder or target.name != f"{name}.json":  # belt and braces: is_safe_name holds it
            raise _unsafe_name_error(name)
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f".{name}.json.tmp"
            try:
                tmp.write_text(text, encoding="utf-8")
                os.replace(tmp, target)
            finally:
                with contextlib.suppress(OSError):
                    tmp.unlink(missing_ok=True)
        except OSError as exc:
            raise _disk_error(exc, folder, "config") from exc
        open_clip.add_model_config(target)
        _registered[name] = text


def _disk_error(exc: OSError, folder: Path, what: str = "download") -> VisionError:
    """A failed write, in words: a full disk, a folder without write permission, or the system's reason."""
    import errno

    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return VisionError(message(_DISK_FULL[what], folder=str(folder)), str(exc))
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return VisionError(message(_READ_ONLY[what], folder=str(folder)), str(exc))
    return VisionError(message(_CANNOT_WRITE[what], folder=str(folder), reason=exc.strerror or str(exc)), str(exc))


# Whole sentences for each thing written (a translator cannot agree a sentence with a fragment).
_DISK_FULL = {
    "download": QT_TRANSLATE_NOOP(
        "CoreVision", "The disk is full: there is no room for the download in {folder}. Free some space."
    ),
    "config": QT_TRANSLATE_NOOP(
        "CoreVision", "The disk is full: there is no room for the model's configuration in {folder}. Free some space."
    ),
}
_READ_ONLY = {
    "download": QT_TRANSLATE_NOOP(
        "CoreVision", "Cannot write the download to {folder}: this folder is read-only for you."
    ),
    "config": QT_TRANSLATE_NOOP(
        "CoreVision", "Cannot write the model's configuration to {folder}: this folder is read-only for you."
    ),
}
_CANNOT_WRITE = {
    "download": QT_TRANSLATE_NOOP("CoreVision", "Cannot write the download to {folder}: {reason}."),
    "config": QT_TRANSLATE_NOOP("CoreVision", "Cannot write the model's configuration to {folder}: {reason}."),
}
