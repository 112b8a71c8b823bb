"""Which engine runs a CLIP model, behind one interface (``Classifier``): ONNX Runtime (no torch; what the
packaged app ships) or open_clip (torch; any open_clip model).

An export is made once per model with ``torch.onnx`` and kept under the weights' hash: shipped in the
bundle (resources/clip-onnx) for the bundled model, else in cache_dir()/clip-onnx/<sha256[:16]>. Before an
export is used, its card must name the same weights (``source_sha256``) and its files must hash to what the
card recorded at export time: a damaged file, or one from another model, is refused and made again where
torch is installed (never used to give numbers).

Auto picks ONNX Runtime for a model that has an export (the bundled model always can, where torch is there
to make it), and open_clip otherwise. Everything here runs in the vision host, not the app process."""

from __future__ import annotations

import importlib.util
import shutil
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.core.messages import QT_TRANSLATE_NOOP, Message, message
from desktop.core.vision.classifier import Classifier, ZeroShotClassifier
from desktop.core.vision.common import VisionError
from desktop.core.vision.devices import cpu_name
from desktop.core.vision.models import ModelSpec, bundled_card, bundled_spec
from desktop.core.vision.results import ModelInfo

if TYPE_CHECKING:
    import numpy as np

ONNX_FOLDER = "clip-onnx"
ENGINES = ("auto", "open_clip", "onnx")
ENGINE_NAMES = {"auto": "Auto", "open_clip": "open_clip", "onnx": "ONNX Runtime"}
_sha_memo: dict[tuple[str, int, int], str] = {}


def torch_available() -> bool:
    return importlib.util.find_spec("torch") is not None and importlib.util.find_spec("open_clip") is not None


def onnx_available() -> bool:
    return importlib.util.find_spec("onnxruntime") is not None and importlib.util.find_spec("tokenizers") is not None


def available_engines() -> list[str]:
    return [name for name, ok in (("open_clip", torch_available()), ("onnx", onnx_available())) if ok]


def weights_sha256(spec: ModelSpec) -> str:
    """The hash an export of this model is kept under (the bundled card holds its own; files are hashed
    once per size and mtime)."""
    if spec.kind == "bundled":
        sha = str(bundled_card().get("sha256", ""))
        if sha:
            return sha
    from desktop.core.vision.clip_onnx import file_sha256

    path = Path(spec.path)
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _sha_memo:
        _sha_memo[key] = file_sha256(path)
    return _sha_memo[key]


def export_folders(spec: ModelSpec) -> list[Path]:
    """Where an export of ``spec`` may be, in order: shipped with the app (the bundled model), the cache."""
    from desktop.core.paths import cache_dir
    from desktop.resources import resource

    out = []
    if spec.kind == "bundled":
        out.append(resource(ONNX_FOLDER))
    out.append(cache_dir() / ONNX_FOLDER / (weights_sha256(spec)[:16] or "unknown"))
    return out


def find_export(spec: ModelSpec) -> tuple[Path | None, str | Message]:
    """A usable export of ``spec`` and "" , or (None, why the one found was refused; "" if none was found)."""
    from desktop.core.vision.clip_onnx import CARD, check_export

    sha = weights_sha256(spec)
    problem: str | Message = ""
    for folder in export_folders(spec):
        if (folder / CARD).is_file():
            why = check_export(folder, sha)
            if not why:
                return folder, ""
            problem = problem or why
    return None, problem


def make_export(spec: ModelSpec) -> Path:
    """Export ``spec`` into the cache (torch needed); replaces a refused export there."""
    from desktop.core.vision.clip_onnx import export

    folder = export_folders(spec)[-1]
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    clf = ZeroShotClassifier(spec, device="cpu")
    clf.load()
    try:
        export(clf.model, dict(clf.preprocess_cfg), spec.label, weights_sha256(spec), partial)
    finally:
        clf.close()
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.replace(old)
    partial.replace(folder)
    shutil.rmtree(old, ignore_errors=True)
    return folder


def resolve_engine(spec: ModelSpec, choice: str = "auto", device: str = "auto") -> str:
    """The engine ``choice`` means for this model: Auto is ONNX Runtime where an export exists (or, for the
    bundled model, can be made) and the device is the CPU or Auto; open_clip otherwise."""
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
        folder, _why = find_export(spec)
        if folder is not None or (torch_available() and spec.kind == "bundled") or (_why and torch_available()):
            return "onnx"
    if torch_available():
        return "open_clip"
    if onnx_available():
        return "onnx"
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
        if not torch_available():
            if why:
                raise VisionError(
                    message(
                        QT_TRANSLATE_NOOP(
                            "CoreVision",
                            "The ONNX export of {model} cannot be used: {reason} It cannot be made again here "
                            "(that needs torch and open_clip).",
                        ),
                        model=self.spec.label,
                        reason=why,
                    )
                )
            raise VisionError(
                message(
                    QT_TRANSLATE_NOOP(
                        "CoreVision",
                        "{model} has no ONNX export, and making one needs torch and open_clip: pick open_clip, "
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
            if self.folder is not None or not torch_available():
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
    clf = make_classifier(spec, "cpu", prefer)
    clf.load()
    return clf
