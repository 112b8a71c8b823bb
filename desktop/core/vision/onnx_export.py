"""Making a CLIP model's ONNX export (needs torch, open_clip and the onnx package; running one needs none of
them): the two towers with ``torch.onnx.export``, open_clip's tokenizer as a gzipped ``tokenizers``
definition, and a card (``clip_onnx.Card``) that records the weights' hash and every file's hash.

Weights that are exact in float16 (the bundled model ships in float16) are stored in float16 with a Cast to
float32 in front, and a mostly-zero float16 table (the bundled model's token embedding: the words it never
saw are zero) as a sparse initializer. ONNX Runtime turns both back into the same float32 numbers when it
opens the file, so the outputs are bit for bit those of the float32 export, at a sixth of its size.

Used by the vision host (an export for a user's model, made once into the cache), scripts/export_clip_onnx.py
(the bundled model's, shipped in resources/clip/onnx) and the tests."""

from __future__ import annotations

import gzip
import json
import shutil
import warnings
from pathlib import Path
from typing import Any

from desktop.core.vision.clip_onnx import (
    CARD,
    EOT,
    FORMAT,
    IMAGE_FILE,
    SOT,
    SPLIT_PATTERN,
    TEXT_FILE,
    TOKENIZER_FILE,
    file_sha256,
)
from desktop.core.vision.exports import export_folders, weights_sha256
from desktop.core.vision.models import ModelSpec, bundled_card, bundled_spec

SPARSE_BELOW = 0.25  # a 2-D float16 table with fewer non-zero values than this share is stored sparse


def _bytes_to_unicode() -> dict[int, str]:
    """GPT-2's reversible byte -> printable character map, which CLIP's BPE vocabulary is written in."""
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, (chr(c) for c in cs), strict=True))


def build_tokenizer_json(bpe_gz: Path) -> str:
    """A ``tokenizers`` definition from open_clip's ``bpe_simple_vocab_16e6.txt.gz``, with the vocabulary
    in open_clip's order (bytes, bytes with ``</w>``, merges, then the two special tokens)."""
    from tokenizers import AddedToken, Regex, Tokenizer, models, pre_tokenizers

    with gzip.open(bpe_gz) as f:
        lines = f.read().decode("utf-8").split("\n")
    merges = [tuple(m.split()) for m in lines[1 : 49152 - 256 - 2 + 1]]
    byte_chars = list(_bytes_to_unicode().values())
    vocab_list = byte_chars + [c + "</w>" for c in byte_chars] + ["".join(m) for m in merges] + [SOT, EOT]
    vocab = {tok: i for i, tok in enumerate(vocab_list)}
    bpe = models.BPE(vocab=vocab, merges=[(a, b) for a, b in merges], end_of_word_suffix="</w>")
    tok = Tokenizer(bpe)
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Split(Regex(SPLIT_PATTERN), behavior="removed", invert=True),
            pre_tokenizers.ByteLevel(add_prefix_space=False, use_regex=False),
        ]
    )
    tok.add_special_tokens([AddedToken(SOT, normalized=False), AddedToken(EOT, normalized=False)])
    return str(tok.to_str())


def export(model: Any, preprocess_cfg: dict[str, Any], name: str, source_sha256: str, out: Path) -> Path:
    """Export an open_clip model's two towers into ``out`` (torch, open_clip and onnx needed). ``model`` is an
    open_clip CLIP in eval mode."""
    import open_clip
    import torch

    out.mkdir(parents=True, exist_ok=True)
    context_length = int(getattr(model, "context_length", 77))
    size = getattr(model.visual, "image_size", 224)
    image_size = int(size[0] if isinstance(size, tuple | list) else size)

    class ImageTower(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.m = model

        def forward(self, pixels: torch.Tensor) -> torch.Tensor:
            return self.m.encode_image(pixels, normalize=True)

    class TextTower(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.m = model

        def forward(self, tokens: torch.Tensor) -> torch.Tensor:
            return self.m.encode_text(tokens, normalize=True)

    # torch.onnx.export restores each module's previous training mode afterwards: a new wrapper is in
    # training mode, which would leave the model's BatchNorm layers training. eval() first, and again after.
    towers = [
        (ImageTower().eval(), torch.zeros(2, 3, image_size, image_size), "pixels", IMAGE_FILE),
        (TextTower().eval(), torch.zeros(2, context_length, dtype=torch.long), "tokens", TEXT_FILE),
    ]
    # The TorchScript exporter (dynamo=False) needs no onnxscript; its deprecation and indexing warnings
    # are expected here and say nothing about the result, which the tests compare with torch.
    with torch.inference_mode(False), torch.no_grad(), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # TracerWarning included (a Warning, not a UserWarning)
        for module, example, input_name, filename in towers:
            torch.onnx.export(
                module,
                (example,),
                str(out / filename),
                input_names=[input_name],
                output_names=["features"],
                dynamic_axes={input_name: {0: "batch"}, "features": {0: "batch"}},
                opset_version=17,
                dynamo=False,
            )
    model.eval()
    for filename in (IMAGE_FILE, TEXT_FILE):
        compact(out / filename)
    bpe = Path(open_clip.tokenizer.default_bpe())
    # mtime 0: the same bytes on every run, so the card's hashes are reproducible
    (out / TOKENIZER_FILE).write_bytes(gzip.compress(build_tokenizer_json(bpe).encode("utf-8"), 9, mtime=0))
    bias = getattr(model, "logit_bias", None)
    tokens: dict[str, Any] = {}
    embedding = getattr(getattr(model, "token_embedding", None), "weight", None)
    if embedding is not None:
        with torch.no_grad():
            zero = (embedding.detach().abs().sum(dim=1) == 0).nonzero().flatten().tolist()
        vocab = int(embedding.shape[0])
        if len(zero) * 2 > vocab:  # the shorter list of the two
            zero_set = set(zero)
            tokens = {"vocab": vocab, "seen": [i for i in range(vocab) if i not in zero_set]}
        else:
            tokens = {"vocab": vocab, "unseen": [int(i) for i in zero]}
    from open_clip.zero_shot_metadata import OPENAI_IMAGENET_TEMPLATES, SIMPLE_IMAGENET_TEMPLATES

    card = {
        "name": name,
        "image_size": image_size,
        "mean": list(preprocess_cfg.get("mean", (0.48145466, 0.4578275, 0.40821073))),
        "std": list(preprocess_cfg.get("std", (0.26862954, 0.26130258, 0.27577711))),
        "interpolation": preprocess_cfg.get("interpolation", "bicubic"),
        "resize_mode": preprocess_cfg.get("resize_mode", "shortest"),
        "context_length": context_length,
        "logit_scale": float(model.logit_scale.exp().item()),
        "logit_bias": None if bias is None else float(bias.item()),
        "embed_dim": int(model.text_projection.shape[1]) if hasattr(model, "text_projection") else 0,
        "source_sha256": source_sha256,
        "format": FORMAT,
        "files": {name: file_sha256(out / name) for name in (IMAGE_FILE, TEXT_FILE, TOKENIZER_FILE)},
        "parameters": int(sum(p.numel() for p in model.parameters())),
        "made_with": {"torch": torch.__version__, "open_clip": open_clip.__version__, "onnx": _version("onnx")},
        "tokens": tokens,
        # open_clip keeps its template ensembles as lambdas; the engine without open_clip needs them as text
        "ensembles": {
            "ensemble": [t("{}") for t in OPENAI_IMAGENET_TEMPLATES],
            "ensemble-simple": [t("{}") for t in SIMPLE_IMAGENET_TEMPLATES],
        },
    }
    (out / CARD).write_text(json.dumps(card, indent=1) + "\n", encoding="utf-8")
    return out


def _version(package: str) -> str:
    import importlib.metadata

    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return ""


def export_bundled(out: Path) -> Path:
    """Export the app's own small CLIP (resources/clip) into ``out``."""
    from desktop.core.vision.open_clip_engine import ZeroShotClassifier

    spec = bundled_spec()
    classifier = ZeroShotClassifier(spec, device="cpu")
    classifier.load()
    try:
        card = bundled_card()
        return export(
            classifier.model, dict(card.get("preprocess_cfg", {})), str(card.get("name", "CLIP")),
            weights_sha256(spec), out,
        )  # fmt: skip
    finally:
        classifier.close()


def make_export(spec: ModelSpec) -> Path:
    """Export ``spec`` into the cache, replacing a refused export there; the folder."""
    from desktop.core.vision.open_clip_engine import ZeroShotClassifier

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


def compact(path: Path) -> None:
    """Store ``path``'s float32 weights that are exact in float16 as float16 (a Cast node in front of each),
    mostly-zero tables sparse. The model computes the same numbers; only the file is smaller."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(path))
    graph = model.graph
    kept, casts, sparse = [], [], []
    for init in graph.initializer:
        values = numpy_helper.to_array(init)
        half = values.astype(np.float16)
        if values.dtype != np.float32 or values.size < 16 or not np.array_equal(half.astype(np.float32), values):
            kept.append(init)
            continue
        name = init.name + "__float16"
        if values.ndim == 2 and np.count_nonzero(half) < SPARSE_BELOW * half.size:
            where = np.flatnonzero(half).astype(np.int64)
            sparse.append(
                helper.make_sparse_tensor(
                    numpy_helper.from_array(half.ravel()[where], name),
                    numpy_helper.from_array(where, name + "__indices"),
                    list(values.shape),
                )
            )
        else:
            kept.append(numpy_helper.from_array(half, name))
        casts.append(helper.make_node("Cast", [name], [init.name], to=TensorProto.FLOAT, name=name + "__cast"))
    nodes = list(graph.node)
    del graph.initializer[:]
    graph.initializer.extend(kept)
    graph.sparse_initializer.extend(sparse)
    del graph.node[:]
    graph.node.extend(casts + nodes)
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
