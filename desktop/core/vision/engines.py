"""Which engine runs a CLIP model, behind one interface (``Classifier``): ONNX Runtime (no torch; what the
packaged app and a pip install run) or open_clip (torch; any open_clip model).

Auto picks ONNX Runtime for a model whose export can be used (the bundled model's ships with the app) or
made here, and open_clip otherwise. When Auto's ONNX export cannot be used nor made, or ONNX Runtime cannot
open it, and open_clip is installed, the model runs with open_clip and the load says why
(``ModelInfo.note``). Everything here runs in the vision host (or a script), not the app process."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message
from desktop.core.vision.classifier import Classifier
from desktop.core.vision.common import VisionError
from desktop.core.vision.devices import cpu_name
from desktop.core.vision.exports import (
    ONNX_FOLDER,
    export_folders,
    export_possible,
    find_export,
    onnx_available,
    torch_available,
    weights_sha256,
)
from desktop.core.vision.models import ModelSpec, bundled_spec
from desktop.core.vision.open_clip_engine import ZeroShotClassifier
from desktop.core.vision.results import ModelInfo

if TYPE_CHECKING:
    import numpy as np

ENGINES = ("auto", "open_clip", "onnx")
ENGINE_NAMES = {"auto": "Auto", "open_clip": "open_clip", "onnx": "ONNX Runtime"}
_CANNOT_MAKE = QT_TRANSLATE_NOOP(
    "CoreVision",
    "The ONNX export of {model} cannot be used: {reason} It cannot be made again here (that needs torch, "
    "open_clip and onnx).",
)


def available_engines() -> list[str]:
    return [name for name, ok in (("open_clip", torch_available()), ("onnx", onnx_available())) if ok]


def make_export(spec: ModelSpec) -> Path:
    """Export ``spec`` into the cache (torch, open_clip and onnx needed)."""
    from desktop.core.vision.onnx_export import make_export as make

    return make(spec)


def resolve_engine(spec: ModelSpec, choice: str = "auto", device: str = "auto") -> str:
    """The engine ``choice`` means for this model: Auto is ONNX Runtime on the CPU (or Auto device) where an
    export can be used, or made for the bundled model; open_clip otherwise."""
    choice = (choice or "auto").lower()
    if choice not in ENGINES:
        raise VisionError(
            message(
                QT_TRANSLATE_NOOP("CoreVision", "Unknown engine “{engine}”: pick Auto, open_clip or ONNX Runtime."),
                engine=choice,
            )
        )
    if choice != "auto":
        return choice
    if onnx_available() and device in ("auto", "cpu"):
        folder, why = find_export(spec)
        # A user's model without an export runs on open_clip: Auto exports only the bundled model, or makes
        # again an export that was refused.
        if folder is not None or (export_possible() and (spec.kind == "bundled" or why)):
            return "onnx"
    if torch_available():
        return "open_clip"
    if onnx_available():
        return "onnx"  # its load says why no export can be used
    raise VisionError(
        message(
            QT_TRANSLATE_NOOP(
                "CoreVision",
                "Neither CLIP engine is installed: open_clip needs torch and open_clip, ONNX Runtime needs onnxruntime "
                "and tokenizers.",
            )
        )
    )


def make_classifier(spec: ModelSpec | None = None, device: str = "auto", engine: str = "auto") -> Classifier:
    """A classifier (not loaded yet) for ``spec`` on the engine ``engine`` resolves to."""
    spec = spec if spec is not None else bundled_spec()
    chosen = resolve_engine(spec, engine, device)
    if chosen == "open_clip":
        if not torch_available():
            raise VisionError(
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreVision",
                        "The open_clip engine needs torch and open_clip, which this build leaves out: pick Auto.",
                    )
                )
            )
        return ZeroShotClassifier(spec, device)
    if not onnx_available():
        raise VisionError(
            message(
                QT_TRANSLATE_NOOP(
                    "CoreVision", "The ONNX Runtime engine needs onnxruntime and tokenizers, which are not installed."
                )
            )
        )
    return OnnxClassifier(spec, device)


def load_classifier(spec: ModelSpec | None = None, device: str = "auto", engine: str = "auto") -> Classifier:
    """A loaded classifier. Under Auto, when ONNX Runtime is there but the model's ONNX export can be neither
    used nor made, or ONNX Runtime cannot open it, open_clip runs the model (where it is installed) and the
    load's note (``info.note``) says why."""
    spec = spec if spec is not None else bundled_spec()
    auto = (engine or "auto").lower() == "auto"
    clf = make_classifier(spec, device, engine)
    note: str | Message = ""
    if auto and clf.engine == "open_clip" and onnx_available() and device in ("auto", "cpu"):
        _folder, why = find_export(spec)
        if why or spec.kind == "bundled":  # a user's model without an export simply runs on open_clip
            note = message(_FELL_BACK, model=spec.display_label, reason=why or message(_NO_EXPORT))
    try:
        clf.load()
    except VisionError as exc:
        if not auto or clf.engine != "onnx" or not torch_available():
            raise
        clf = ZeroShotClassifier(spec, device)
        clf.load()
        note = message(_COULD_NOT_RUN, model=spec.display_label, reason=exc.text)
    if note and clf.info is not None:
        clf.info.note = note
    return clf


_FELL_BACK = QT_TRANSLATE_NOOP(
    "CoreVision",
    "The ONNX export of {model} cannot be used ({reason}) nor made here (that needs torch, open_clip and onnx), "
    "so open_clip runs it.",
)
_NO_EXPORT = QT_TRANSLATE_NOOP("CoreVision", "none came with the app")
_COULD_NOT_RUN = QT_TRANSLATE_NOOP("CoreVision", "ONNX Runtime could not run {model} ({reason}), so open_clip runs it.")


class OnnxClassifier(Classifier):
    """The ONNX Runtime engine: a model's exported towers, the torch-free tokenizer and preprocessing.
    ``folder``: use this export as it is (tests, the packaging check); otherwise find a checked one, or make it."""

    engine = "onnx"
    engine_label = "ONNX Runtime"

    def __init__(
        self, spec: ModelSpec | None = None, device: str = "auto", decode_workers: int = 0, folder: Path | None = None
    ) -> None:
        super().__init__(spec, device, decode_workers)
        self.folder = folder
        self.clip: Any = None
        self.note: str | Message = ""

    @property
    def loaded(self) -> bool:
        return self.clip is not None

    def _folder(self) -> Path:
        if self.folder is not None:
            return self.folder
        folder, why = find_export(self.spec)
        if folder is not None:
            return folder
        if not export_possible():
            if why:
                raise VisionError(message(_CANNOT_MAKE, model=self.spec.label, reason=why))
            raise VisionError(
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreVision",
                        "{model} has no ONNX export, and making one needs torch, open_clip and onnx: pick open_clip, "
                        "or install them.",
                    ),
                    model=self.spec.label,
                )
            )
        if why:
            self.note = message(
                QT_TRANSLATE_NOOP("CoreVision", "The ONNX export was refused ({reason}) and made again."), reason=why
            )
        return make_export(self.spec)

    def load(self) -> ModelInfo:
        from desktop.core.vision.clip_onnx import OnnxClip, OnnxClipError

        started = time.perf_counter()
        spec = self.spec
        if self.device_choice not in ("auto", "cpu"):
            raise VisionError(
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreVision",
                        "The ONNX Runtime engine runs on the CPU here: pick CPU or Auto, or the open_clip engine for "
                        "{device}.",
                    ),
                    device=self.device_choice.upper(),
                )
            )
        folder = self._folder()
        try:
            clip = OnnxClip(folder)
        except OnnxClipError as exc:
            if self.folder is not None or not export_possible():
                raise VisionError(exc.text, exc.details) from exc
            self.note = message(
                QT_TRANSLATE_NOOP("CoreVision", "The ONNX export could not be opened ({reason}) and was made again."),
                reason=exc.text,
            )
            clip = OnnxClip(make_export(spec))
        self.clip = clip
        card = clip.card
        self.image_size = card.image_size
        self.logit_scale, self.logit_bias = card.logit_scale, card.logit_bias
        self._pil_stage = clip.preprocess
        self._unseen_tokens = frozenset(card.unseen_tokens())
        self._word_unseen.clear()
        self.info = ModelInfo(
            spec=spec,
            device="cpu",
            device_name=cpu_name(clip.threads),
            parameters=clip.parameters(),
            image_size=card.image_size,
            context_length=card.context_length,
            load_seconds=time.perf_counter() - started,
            engine=self.engine,
            note=self.note,
        )
        return self.info

    def close(self) -> None:
        self.clip = None
        super().close()

    def _templates(self, template: str) -> list[Any]:
        ensembles = self.clip.card.ensembles if self.clip is not None else {}
        if template in ensembles:
            return list(ensembles[template])
        from desktop.core.vision.prompts import check_template

        check_template(template)
        if template in ("ensemble", "ensemble-simple"):
            raise VisionError(
                message(QT_TRANSLATE_NOOP("CoreVision", "This ONNX export has no template ensembles: export it again."))
            )
        return [template]

    def _token_ids(self, word: str) -> list[int]:
        from desktop.core.vision.clip_onnx import clean_text

        return list(self.clip.tokenizer.tokenizer.encode(clean_text(word), add_special_tokens=False).ids)

    def _encode_texts(self, texts: list[str]) -> np.ndarray:
        return self.clip.encode_text(self.clip.tokenize(texts))

    def _encode_pixels(self, staged: list[Any]) -> np.ndarray:
        import numpy as np

        return self.clip.encode_image(np.stack(staged))


def open_engine(prefer: str = "auto", spec: ModelSpec | None = None) -> Classifier:
    """A loaded classifier for ``spec`` (the bundled model by default) on ``prefer``'s engine (scripts and the
    packaging check; the app goes through the vision host)."""
    return load_classifier(spec, "cpu", prefer)


__all__ = [
    "ENGINES",
    "ENGINE_NAMES",
    "ONNX_FOLDER",
    "OnnxClassifier",
    "ZeroShotClassifier",
    "available_engines",
    "export_folders",
    "export_possible",
    "find_export",
    "load_classifier",
    "make_classifier",
    "make_export",
    "onnx_available",
    "open_engine",
    "resolve_engine",
    "torch_available",
    "weights_sha256",
]
