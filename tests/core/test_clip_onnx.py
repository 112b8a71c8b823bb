"""The ONNX CLIP engine equals open_clip: token ids, pixels, embeddings and probabilities, on the bundled
model; it runs with torch unavailable; damaged files get a plain message."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import skimage
from PIL import Image

from desktop.core import clip_onnx
from desktop.core.vision import ZeroShotClassifier, bundled_labels, bundled_spec, render_shape

TEXTS = [
    "a photo of a red circle.",
    "빨간 원",  # Korean: every syllable is three UTF-8 bytes
    "한국어 문장과 English가 섞인 label",
    "🎉 party > time 𝔘 👩‍👩‍👧",  # emoji, a ZWJ sequence, a character outside the BMP
    "x" * 500,  # far longer than the context: truncated with the end token kept
    "word " * 200,
    "Hello   World!! &amp; don't &lt;b&gt;",  # HTML entities, contractions, whitespace runs
    "<start_of_text> typed special tokens <end_of_text>",
    "naïve café — “curly quotes” and ﬁ ligature",
    "日本語のテキスト 12345 ٣٤٥",
    "",
    "   ",
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return clip_onnx.export_bundled(tmp_path_factory.mktemp("clip-onnx") / "bundled")


@pytest.fixture(scope="module")
def reference() -> Iterator[ZeroShotClassifier]:
    zs = ZeroShotClassifier(bundled_spec(), device="cpu")
    zs.load()
    yield zs
    zs.close()


def _pictures() -> list[Image.Image]:
    data = Path(skimage.__file__).parent / "data"
    rng = random.Random(5)
    return [
        render_shape("star", "yellow", rng, size=64),
        Image.new("RGB", (97, 53), (200, 10, 10)),  # wide, odd sizes
        Image.open(data / "astronaut.png").convert("RGB"),
        Image.open(data / "chelsea.png").convert("RGB").resize((301, 451)),  # tall
        Image.new("RGB", (32, 32), (0, 0, 255)),  # already the model's size
        Image.new("RGB", (1, 1), (9, 9, 9)),  # one pixel
    ]


def test_token_ids_equal_open_clip_at_the_models_context(exported: Path, reference: ZeroShotClassifier) -> None:
    ours = clip_onnx.ClipTokenizer(exported / clip_onnx.TOKENIZER_FILE, 32)(TEXTS)
    theirs = reference.tokenizer(TEXTS).numpy()
    assert ours.shape == theirs.shape == (len(TEXTS), 32)
    for text, a, b in zip(TEXTS, ours, theirs, strict=True):
        assert a.tolist() == b.tolist(), text


def test_token_ids_equal_open_clip_at_77(exported: Path) -> None:
    import open_clip

    ours = clip_onnx.ClipTokenizer(exported / clip_onnx.TOKENIZER_FILE, 77)(TEXTS)
    theirs = open_clip.tokenize(TEXTS).numpy()
    assert ours.tolist() == theirs.tolist()
    assert int(ours[4, -1]) == int(theirs[4, -1]) != 0  # the 500-character label ends in the end token


def test_pixels_equal_open_clip(exported: Path, reference: ZeroShotClassifier) -> None:
    engine = clip_onnx.OnnxClip(exported)
    for picture in _pictures():
        theirs = reference.preprocess(picture).numpy()
        ours = engine.preprocess(picture)
        assert ours.shape == theirs.shape
        assert float(np.abs(ours - theirs).max()) <= 1e-6


def test_embeddings_and_probabilities_match(exported: Path, reference: ZeroShotClassifier) -> None:
    import torch

    engine = clip_onnx.OnnxClip(exported)
    labels = bundled_labels()
    pictures = _pictures()
    with torch.inference_mode():
        ref_img = reference.image_features(pictures)
        ref_txt = reference.text_features(labels)
        ref_p = reference.probabilities(ref_img, ref_txt).numpy()
    from desktop.core.vision_engines import OnnxEngine

    onnx = OnnxEngine(exported)
    img = onnx.image_features(pictures)
    txt = onnx.text_features(labels)
    assert float(np.abs(img - ref_img.numpy()).max()) < 1e-5
    assert float(np.abs(txt - ref_txt.numpy()).max()) < 1e-5
    assert float(np.abs(onnx.probabilities(img, txt) - ref_p).max()) < 1e-5
    assert engine.card.logit_scale == pytest.approx(float(reference.model.logit_scale.detach().exp()))


def test_ensemble_templates_are_open_clips(exported: Path) -> None:
    from open_clip.zero_shot_metadata import OPENAI_IMAGENET_TEMPLATES

    card = clip_onnx.Card.read(exported)
    assert card.ensembles["ensemble"] == [t("{}") for t in OPENAI_IMAGENET_TEMPLATES]
    assert len(card.ensembles["ensemble"]) == 80


def test_runs_without_torch(exported: Path) -> None:
    """The packaged app has no torch: the engine must classify with torch and open_clip unimportable."""
    code = f"""
import sys, json, random
sys.modules["torch"] = None; sys.modules["open_clip"] = None; sys.modules["torchvision"] = None
from pathlib import Path
from desktop.core.vision_engines import OnnxEngine
from desktop.core.vision import bundled_labels, render_shape
engine = OnnxEngine(Path({str(exported)!r}))
labels = bundled_labels()
p = engine.probabilities(engine.image_features([render_shape("circle", "red", random.Random(3), 64)]),
                         engine.text_features(labels))[0]
loaded = sys.modules.get("torch") is not None
print(json.dumps({{"top": labels[int(p.argmax())], "torch": loaded}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"top": "red circle", "torch": False}


def test_damaged_files_get_a_plain_message(exported: Path, tmp_path: Path) -> None:
    import shutil

    broken = tmp_path / "broken"
    shutil.copytree(exported, broken)
    (broken / clip_onnx.IMAGE_FILE).write_bytes(b"not an onnx model")
    with pytest.raises(clip_onnx.OnnxClipError, match="could not open"):
        clip_onnx.OnnxClip(broken)
    (broken / clip_onnx.CARD).write_text("{", encoding="utf-8")
    with pytest.raises(clip_onnx.OnnxClipError, match="damaged"):
        clip_onnx.OnnxClip(broken)
    (broken / clip_onnx.CARD).unlink()
    with pytest.raises(clip_onnx.OnnxClipError):
        clip_onnx.OnnxClip(broken)
