"""The ONNX CLIP engine equals open_clip: token ids, pixels, embeddings and probabilities, on the bundled
model's shipped export (resources/clip/onnx); it runs with torch, open_clip and onnx unavailable, the
shipped files are what scripts/export_clip_onnx.py makes, and damaged files get a plain message or, under
Auto, open_clip with a note."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import skimage
from PIL import Image

from desktop.core.vision import ZeroShotClassifier, bundled_labels, bundled_spec, clip_onnx, exports, render_shape
from desktop.core.vision.common import physical_cores

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "resources" / "clip" / "onnx"

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
def exported() -> Path:
    """The export the app ships for the bundled model."""
    assert (SHIPPED / clip_onnx.CARD).is_file(), "run scripts/export_clip_onnx.py"
    return SHIPPED


@pytest.fixture
def shipped_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the shipped export that the app finds in its place (a test may damage it)."""
    copy = tmp_path / "shipped"
    shutil.copytree(SHIPPED, copy)
    monkeypatch.setattr(exports, "shipped_folder", lambda: copy)
    return copy


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
        ref_p = reference.probabilities(ref_img, ref_txt)
    from desktop.core.vision.engines import OnnxClassifier

    onnx = OnnxClassifier(folder=exported)
    img = onnx.image_features(pictures)
    txt = onnx.text_features(labels)
    assert float(np.abs(img - ref_img).max()) < 1e-5
    assert float(np.abs(txt - ref_txt).max()) < 1e-5
    assert float(np.abs(onnx.probabilities(img, txt) - ref_p).max()) < 1e-5
    assert engine.card.logit_scale == pytest.approx(float(reference.model.logit_scale.detach().exp()))


def test_ensemble_templates_are_open_clips(exported: Path) -> None:
    from open_clip.zero_shot_metadata import OPENAI_IMAGENET_TEMPLATES

    card = clip_onnx.Card.read(exported)
    assert card.ensembles["ensemble"] == [t("{}") for t in OPENAI_IMAGENET_TEMPLATES]
    assert len(card.ensembles["ensemble"]) == 80


WITHOUT = 'import sys; sys.modules.update({m: None for m in ("torch", "torchvision", "open_clip", "onnx")})\n'


def _run_without_torch(code: str, **env: str) -> dict[str, Any]:
    """``code`` in a fresh interpreter where torch, torchvision, open_clip and onnx cannot be imported (a
    pip install without them, or the packaged app); its last line of output, read as JSON."""
    out = subprocess.run(
        [sys.executable, "-c", WITHOUT + code], capture_output=True, text=True, timeout=120, env={**os.environ, **env}
    )
    assert out.returncode == 0, out.stderr
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def test_runs_without_torch_open_clip_or_onnx() -> None:
    """What a pip install without torch or onnx gets: Auto picks ONNX Runtime and runs the shipped export."""
    code = """
import json, random
from desktop.core.vision.engines import load_classifier
from desktop.core.vision import bundled_labels, render_shape
clf = load_classifier(None, "auto", "auto")
labels = bundled_labels()
p = clf.classify_images([render_shape("circle", "red", random.Random(3), 64)], labels)[0]
heavy = [m for m in ("torch", "open_clip", "onnx") if sys.modules.get(m) is not None]
print(json.dumps({"engine": clf.engine, "folder": str(clf.clip.folder), "top": labels[int(p.argmax())],
                  "heavy": heavy, "note": str(clf.info.note)}))
"""
    result = _run_without_torch(code)
    assert result == {"engine": "onnx", "folder": str(SHIPPED), "top": "red circle", "heavy": [], "note": ""}


def test_the_shipped_export_is_what_the_script_makes(tmp_path: Path) -> None:
    """Reproducible: scripts/export_clip_onnx.py makes these very bytes with the versions the card names, and
    a small export: the float16 weights stored as float16, the mostly-zero token table sparse."""
    card = json.loads((SHIPPED / clip_onnx.CARD).read_text(encoding="utf-8"))
    sizes = {p.name: p.stat().st_size for p in SHIPPED.iterdir()}
    assert set(sizes) == {clip_onnx.CARD, clip_onnx.IMAGE_FILE, clip_onnx.TEXT_FILE, clip_onnx.TOKENIZER_FILE}
    assert sum(sizes.values()) < 2_000_000, sizes  # the float32 export was 9.6 MB
    assert card["source_sha256"] == exports.weights_sha256(bundled_spec())
    import importlib.metadata

    import torch

    made_here = {"torch": torch.__version__, "open_clip": importlib.metadata.version("open_clip_torch"),
                 "onnx": importlib.metadata.version("onnx")}  # fmt: skip
    if made_here != card["made_with"]:
        pytest.skip(f"the shipped export was made with {card['made_with']}, this machine has {made_here}")
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "export_clip_onnx.py"), "--out", str(tmp_path / "again")],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    for name in sizes:
        assert (tmp_path / "again" / name).read_bytes() == (SHIPPED / name).read_bytes(), name


def test_damaged_files_get_a_plain_message(exported: Path, tmp_path: Path) -> None:
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


def _engine_probs(engine: str, template: str) -> np.ndarray:
    from desktop.core.vision.engines import make_classifier

    clf = make_classifier(None, "cpu", engine)
    info = clf.load()
    assert info.engine == engine
    try:
        return clf.classify_images(_pictures(), [*bundled_labels(), "a cat", "a rocket"], template)
    finally:
        clf.close()


# After torch.onnx.export in the same process, torch's attention code warns about tracing on every call
# (a TracerWarning outside any trace); the numbers are unaffected, which is what this test checks.
AFTER_EXPORT = "ignore:Converting a tensor to a Python boolean"


@pytest.mark.filterwarnings(AFTER_EXPORT)
@pytest.mark.parametrize("template", ["a photo of a {}.", "ensemble"])
def test_both_engines_give_the_same_probabilities(template: str) -> None:
    """The issue's equality: the bundled model, one template and the ensemble, to 1e-4."""
    onnx, torch_probs = _engine_probs("onnx", template), _engine_probs("open_clip", template)
    assert onnx.shape == torch_probs.shape == (6, 32)
    assert float(np.abs(onnx - torch_probs).max()) < 1e-4


@pytest.mark.filterwarnings(AFTER_EXPORT)
def test_auto_picks_onnx_for_a_model_with_an_export(tmp_path: Path) -> None:
    from desktop.core.vision import spec_for_file
    from desktop.core.vision.engines import find_export, make_export, resolve_engine

    assert resolve_engine(bundled_spec(), "auto", "auto") == "onnx"  # the bundled model can always be exported
    assert resolve_engine(bundled_spec(), "auto", "cuda") == "open_clip"  # ONNX Runtime here runs on the CPU
    from safetensors.torch import load_file, save_file

    weights = tmp_path / "mine.safetensors"
    state = load_file(bundled_spec().path)
    state["logit_scale"] = state["logit_scale"] + 0.001  # other weights: another hash, no export yet
    save_file(state, str(weights))
    spec = replace(spec_for_file(weights, bundled_spec().architecture), config=bundled_spec().config)
    assert find_export(spec) == (None, "")
    assert resolve_engine(spec, "auto", "auto") == "open_clip"  # no export yet: open_clip
    make_export(spec)
    assert find_export(spec)[0] is not None
    assert resolve_engine(spec, "auto", "auto") == "onnx"


def _damage_and_load(mutate: Any, shipped: Path) -> tuple[str, np.ndarray]:
    """Damage the (copy of the) shipped export of the bundled model, then load through the engine choice."""
    from desktop.core.vision.engines import OnnxClassifier, find_export

    assert find_export(bundled_spec())[0] == shipped
    mutate(shipped)
    assert find_export(bundled_spec())[0] is None and find_export(bundled_spec())[1]
    clf = OnnxClassifier()
    info = clf.load()
    try:
        return info.note, clf.classify_images(_pictures()[:2], bundled_labels())
    finally:
        clf.close()


def _flip_a_byte(folder: Path) -> None:
    path = folder / clip_onnx.IMAGE_FILE
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF  # still a loadable model, with one wrong weight: must never give numbers
    path.write_bytes(bytes(data))


def _other_model(folder: Path) -> None:
    card = json.loads((folder / clip_onnx.CARD).read_text(encoding="utf-8"))
    card["source_sha256"] = "0" * 64
    (folder / clip_onnx.CARD).write_text(json.dumps(card), encoding="utf-8")


@pytest.mark.filterwarnings(AFTER_EXPORT)
@pytest.mark.parametrize("mutate", [_flip_a_byte, _other_model], ids=["damaged", "other-model"])
def test_a_damaged_or_foreign_export_is_refused_and_made_again(
    mutate: Any, shipped_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FM_EXPLORER_CACHE", str(tmp_path / "cache"))  # no export of it there yet
    reference = ZeroShotClassifier(bundled_spec(), device="cpu")
    expected = reference.classify_images(_pictures()[:2], bundled_labels())
    reference.close()
    note, probs = _damage_and_load(mutate, shipped_copy)
    assert "made again" in str(note)
    assert float(np.abs(probs - expected).max()) < 1e-4
    assert (tmp_path / "cache" / "clip-onnx").is_dir()  # the new export went to the cache, not the app's files


# In a fresh interpreter, the app finds a damaged copy of the shipped export in its place.
DAMAGED_SHIPPED = """
import sys
from pathlib import Path
import desktop.core.vision.exports as exports
exports.shipped_folder = lambda: Path(sys.argv[1])
"""


def test_a_damaged_export_without_torch_is_refused_in_words(shipped_copy: Path, tmp_path: Path) -> None:
    _flip_a_byte(shipped_copy)
    code = (
        DAMAGED_SHIPPED
        + """
import json
from desktop.core.vision.engines import OnnxClassifier
try:
    OnnxClassifier().load()
    print(json.dumps({"loaded": True}))
except Exception as exc:
    print(json.dumps({"loaded": False, "message": str(exc)}))
"""
    )
    out = subprocess.run(
        [sys.executable, "-c", WITHOUT + code, str(shipped_copy)], capture_output=True, text=True, timeout=120,
        env={**os.environ, "FM_EXPLORER_CACHE": str(tmp_path / "cache")},
    )  # fmt: skip
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["loaded"] is False
    assert "damaged" in result["message"] and "cannot be made again" in result["message"]


@pytest.mark.parametrize("damage", ["none", "flip"])
def test_auto_falls_back_to_open_clip_with_a_note_when_no_export_works(
    damage: str, shipped_copy: Path, tmp_path: Path
) -> None:
    """torch and open_clip installed, onnx not (an export cannot be made): a damaged shipped export, or a
    missing one, means open_clip under Auto, said in the load's note."""
    if damage == "flip":
        _flip_a_byte(shipped_copy)
    else:
        shutil.rmtree(shipped_copy)
    code = (
        DAMAGED_SHIPPED
        + """
sys.modules["onnx"] = None
import json
from desktop.core.vision.engines import load_classifier
clf = load_classifier(None, "auto", "auto")
print(json.dumps({"engine": clf.engine, "note": clf.info.note.english()}))
"""
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(shipped_copy)], capture_output=True, text=True, timeout=300,
        env={**os.environ, "FM_EXPLORER_CACHE": str(tmp_path / "cache")},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["engine"] == "open_clip"
    assert "so open_clip runs it" in result["note"]
    assert ("is damaged" if damage == "flip" else "none came with the app") in result["note"]


def test_idle_pool_threads_sleep_instead_of_spinning(exported: Path) -> None:
    """In the vision host the decode threads need the cores between runs of the tower; ONNX Runtime's
    spinning pool threads took 0.15-0.2 ms of CPU per picture from them with the bundled model."""
    engine = clip_onnx.OnnxClip(exported)
    for session in (engine.image_session, engine.text_session):
        options = session.get_session_options()
        assert options.get_session_config_entry("session.intra_op.allow_spinning") == "0"
        assert options.intra_op_num_threads == 1  # the bundled model's towers are light: one thread each


def test_heavy_towers_get_every_core(tmp_path: Path) -> None:
    heavy = tmp_path / "image.onnx"
    with heavy.open("wb") as f:
        f.truncate(clip_onnx.LIGHT_TOWER_BYTES + 1)
    assert clip_onnx.tower_threads(heavy) == physical_cores()
    assert clip_onnx.tower_threads(tmp_path / "missing.onnx") == physical_cores()


@pytest.mark.parametrize("engine", ["onnx", "open_clip"])
def test_the_vision_host_writes_nothing_outside_the_apps_folders(tmp_path: Path, engine: str) -> None:
    """The vision host runs CLIP under a fresh HOME and temp folder, with ORT_DISABLE_TELEMETRY and
    TORCHINDUCTOR_CACHE_DIR unset in its environment (the app's package sets them): nothing is written under
    HOME but the app's own folders, and nothing in the temp folder. Without them, ONNX Runtime 1.2x+ writes
    ~/.cache/Microsoft/DeveloperTools/.onnxruntime/{deviceid,…}, and importing open_clip leaves an empty
    torchinductor_<user> folder in the temp folder."""
    from desktop.core.host.client import HostProcess
    from desktop.core.vision.host import vision_host_command

    home = tmp_path / "home"
    home.mkdir()
    picture = tmp_path / "star.png"
    render_shape("star", "red", random.Random(2), 64).save(picture)
    temp = tmp_path / "temp"
    temp.mkdir()
    drop = ("ORT_DISABLE_TELEMETRY", "TORCHINDUCTOR_CACHE_DIR", "FM_EXPLORER_HOME", "FM_EXPLORER_CACHE",
            "FM_EXPLORER_MODELS", "TMPDIR")  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in drop and not k.startswith("XDG_")}
    host = HostProcess(vision_host_command(), env={**env, "HOME": str(home), "TMPDIR": str(temp)})
    host.start()
    try:
        rid = host.send("classify", items=[{"path": str(picture), "key": "k", "name": "star.png"}],
                        labels=bundled_labels(), engine=engine, device="cpu")  # fmt: skip
        events: list[dict[str, Any]] = []
        while not any(e.get("id") == rid and e.get("type") in ("result", "error") for e in events):
            event = host.read_event()
            assert event is not None, host.exit_report()
            events.append(event)
        loaded = next(e for e in events if e.get("stage") == "loaded")
        assert loaded["info"]["engine"] == engine
        assert events[-1]["type"] == "result" and events[-1]["data"]["done"] == 1
    finally:
        host.request_stop()
        host.stop()
        host.close()
    own = [home / ".config" / "fm-explorer", home / ".cache" / "fm-explorer", home / ".local" / "share" / "fm-explorer"]
    written = [p for p in home.rglob("*") if p.is_file() and not any(p.is_relative_to(f) for f in own)]
    assert written == []
    assert list(temp.iterdir()) == []
