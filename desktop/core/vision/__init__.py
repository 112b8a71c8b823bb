"""CLIP zero-shot image classification.

A model (the bundled tiny CLIP, a user's weights file, or a download from the Hugging Face hub) turns
pictures and label prompts into vectors; the probabilities are open_clip's own zero-shot recipe:
``softmax(logit_scale.exp() * image_features @ text_features.T)`` over unit-length features.

Pure Python and never Qt. The package, by what each module holds:

- ``common``: constants and errors;            - ``models``: which model (bundled, files, architectures);
- ``devices``: CPU / CUDA / MPS for open_clip; - ``images``: safe picture decoding;
- ``prompts``: labels and templates;          - ``results``: model info, one picture's result, a run's summary;
- ``classifier``: the batched run (decode threads, caches, cancel), whatever the engine;
- ``open_clip_engine``: the open_clip (torch) engine; ``clip_onnx``: the ONNX Runtime engine's runtime
  (torch-free tokenizer and preprocessing, onnxruntime sessions); ``onnx_export``: making an export;
  ``exports``: where exports are and whether they may be used;
- ``engines``: which engine runs a model (Auto / open_clip / ONNX Runtime), and Auto's fallback;
- ``training``: the bundled model's (picture, caption) training pairs and its contrastive loss;
- ``host``: the vision host, a child process that owns the model (the app process never imports torch or
  onnxruntime); ``wire``: results to and from JSON lines;
- ``files``: folders and CSV; ``hub``: Hugging Face downloads; ``shapes``: the bundled model's pictures.

torch, open_clip and onnxruntime are imported inside functions, only in the vision host (or a script), so
importing this package costs little. Bad input never raises out of a batch: every picture that cannot be
read becomes a result with a message.

ONNX Runtime's telemetry is turned off here, before any module of the app can import onnxruntime: the
vision host, the app and the self-check all import this package first (ONNX Runtime 1.2x+ otherwise writes
a device id and an event queue under ~/.cache/Microsoft). Child processes inherit the setting.
"""

from __future__ import annotations

import os

os.environ["ORT_DISABLE_TELEMETRY"] = "1"  # before any import of onnxruntime (see above)

from desktop.core.paths import cache_dir

# Importing open_clip (timm, through torch's compiler) makes an empty torchinductor_<user> folder in the
# system's temp folder; torch's compiler cache goes under the app's own cache instead.
os.environ.setdefault("TORCHINDUCTOR_CACHE_DIR", str(cache_dir() / "torchinductor"))

from desktop.core.vision.classifier import WORKER_NICENESS, lower_thread_priority, same_text_groups
from desktop.core.vision.common import (
    BUNDLED_NAME,
    DEFAULT_TEMPLATE,
    DEVICES,
    ENSEMBLE,
    ENSEMBLE_SIMPLE,
    FOLDER_CAP,
    IMAGE_CACHE_LIMIT,
    IMAGE_EXTENSIONS,
    MAX_IMAGE_PIXELS,
    TEXT_BATCH,
    TEXT_CACHE_LIMIT,
    THUMB_SIZE,
    WEIGHT_EXTENSIONS,
    DownloadCancelled,
    ImageLoadError,
    OfflineError,
    VisionError,
    human_count,
)
from desktop.core.vision.devices import device_name, device_report, resolve_device
from desktop.core.vision.files import Expansion, expand_paths, write_csv
from desktop.core.vision.hub import (
    HUB_PREFIX,
    HUB_WEIGHT_FILES,
    HubTarget,
    check_repo_id,
    download_from_hub,
    hub_endpoint,
    hub_target,
    pretrained_choices,
)
from desktop.core.vision.images import LoadedImage, MemoryImage, Source, load_image, source_key, source_name
from desktop.core.vision.models import (
    ModelSpec,
    bundled_card,
    bundled_labels,
    bundled_spec,
    clip_dir,
    find_user_models,
    guess_architecture,
    is_safe_name,
    open_clip_architectures,
    register_config,
    spec_for_file,
)
from desktop.core.vision.open_clip_engine import ZeroShotClassifier
from desktop.core.vision.prompts import LABEL_LIMIT, check_template, clean_labels, fill_template, template_list
from desktop.core.vision.results import ModelInfo, RunSummary, VisionResult
from desktop.core.vision.shapes import COLOURS, SHAPES, render_shape, sample_shapes, shape_labels

__all__ = [
    "BUNDLED_NAME",
    "COLOURS",
    "DEFAULT_TEMPLATE",
    "DEVICES",
    "ENSEMBLE",
    "ENSEMBLE_SIMPLE",
    "FOLDER_CAP",
    "HUB_PREFIX",
    "HUB_WEIGHT_FILES",
    "IMAGE_CACHE_LIMIT",
    "IMAGE_EXTENSIONS",
    "LABEL_LIMIT",
    "MAX_IMAGE_PIXELS",
    "SHAPES",
    "TEXT_BATCH",
    "TEXT_CACHE_LIMIT",
    "THUMB_SIZE",
    "WEIGHT_EXTENSIONS",
    "WORKER_NICENESS",
    "DownloadCancelled",
    "Expansion",
    "HubTarget",
    "ImageLoadError",
    "LoadedImage",
    "MemoryImage",
    "ModelInfo",
    "ModelSpec",
    "OfflineError",
    "RunSummary",
    "Source",
    "VisionError",
    "VisionResult",
    "ZeroShotClassifier",
    "bundled_card",
    "bundled_labels",
    "bundled_spec",
    "check_repo_id",
    "check_template",
    "clean_labels",
    "clip_dir",
    "device_name",
    "device_report",
    "download_from_hub",
    "expand_paths",
    "fill_template",
    "find_user_models",
    "guess_architecture",
    "hub_endpoint",
    "hub_target",
    "human_count",
    "is_safe_name",
    "load_image",
    "lower_thread_priority",
    "open_clip_architectures",
    "pretrained_choices",
    "register_config",
    "render_shape",
    "resolve_device",
    "same_text_groups",
    "sample_shapes",
    "shape_labels",
    "source_key",
    "source_name",
    "spec_for_file",
    "template_list",
    "write_csv",
]  # fmt: skip
