"""Train the small CLIP the app ships: ``resources/clip/fm-tiny-clip.safetensors`` + ``fm-tiny-clip.json``.

No weights of any CLIP can be downloaded here, so the project trains its own, offline, in a few minutes on
two CPU cores: a ~2.0M-parameter open_clip model (a small ModifiedResNet image tower, layers [1, 1, 1, 1],
width 8, 32 px input; a text transformer of 2 layers, width 32, open_clip's own BPE vocabulary; 64-dim joint
space) learns from pictures of coloured shapes that this script draws (desktop.core.vision.render_shape),
each paired with a caption written from one of open_clip's zero-shot templates: "a photo of a red circle.",
"a sketch of the blue star.", "a photo of a green shape.", "a drawing of a triangle."...

A convolutional image tower learns shapes far faster than a ViT of the same size (a 2-layer ViT reached
about 50% on 5 shapes in the same time; this one reaches ~100%).

It is a teaching model: it knows 5 shapes and 6 colours and nothing about photographs. Words it never saw
in a caption keep a zero embedding, so it gives unknown labels equal chances instead of confident nonsense.

Loss: CLIP's symmetric contrastive loss, with soft targets: a caption counts as a match for every picture
it truthfully describes (two red circles in one batch are not each other's negatives).

Run: ``.venv/bin/python scripts/train_clip.py`` (deterministic for a given seed and thread count).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from desktop.core.vision import (  # noqa: E402
    BUNDLED_NAME,
    COLOURS,
    DEFAULT_TEMPLATE,
    SHAPES,
    sample_shapes,
    shape_labels,
)
from desktop.core.vision.training import (  # noqa: E402  # the pairs: one copy, which the app shows too
    EXTRA_TEMPLATES,
    SIZES,
    Concept,
    concept_text,
    describes,
    make_batch,
)

MODEL_CFG: dict[str, Any] = {
    "embed_dim": 64,
    "vision_cfg": {"image_size": 32, "layers": [1, 1, 1, 1], "width": 8},
    "text_cfg": {"context_length": 32, "vocab_size": 49408, "width": 32, "heads": 2, "layers": 2},
}
PREPROCESS_CFG: dict[str, Any] = {
    "size": 32,
    "mode": "RGB",
    "mean": [0.48145466, 0.4578275, 0.40821073],
    "std": [0.26862954, 0.26130258, 0.27577711],
    "interpolation": "bicubic",
    "resize_mode": "shortest",
    "fill_color": 0,
}


def caption_templates() -> list[str]:
    """The templates captions are written from: open_clip's 80 zero-shot templates and a few plain ones
    (recorded in the card, where the app reads them back: desktop.core.vision.training)."""
    from open_clip.zero_shot_metadata import OPENAI_IMAGENET_TEMPLATES

    templates = [t("{}") for t in OPENAI_IMAGENET_TEMPLATES]
    return list(dict.fromkeys([DEFAULT_TEMPLATE, *templates, *EXTRA_TEMPLATES]))


def register(name: str, cfg: dict[str, Any]) -> None:
    import open_clip

    folder = Path(tempfile.mkdtemp(prefix="fm-clip-config-"))
    (folder / f"{name}.json").write_text(json.dumps(cfg))
    open_clip.add_model_config(folder / f"{name}.json")


def evaluate(model: Any, tokenizer: Any, preprocess: Any, seed: int, n: int) -> dict[str, float]:
    """Zero-shot top-1 accuracy on n fresh pictures (their own seed), several ways."""
    import torch
    from open_clip import build_zero_shot_classifier
    from open_clip.zero_shot_metadata import OPENAI_IMAGENET_TEMPLATES

    rng = random.Random(seed)
    samples = [sample_shapes(1, rng.getrandbits(32), rng.choice((48, 96, 200)))[0] for _ in range(n)]
    images = torch.stack([preprocess(img) for img, _, _ in samples])
    labels = shape_labels()
    truth = [labels.index(f"{c} {s}") for _, s, c in samples]
    with torch.no_grad():
        feats = model.encode_image(images, normalize=True)

        def accuracy(classnames: list[str], templates: list[Any], target: list[int]) -> float:
            weights = build_zero_shot_classifier(model, tokenizer, classnames, templates, device="cpu")
            pred = (feats @ weights).argmax(dim=1).tolist()
            return sum(p == t for p, t in zip(pred, target, strict=True)) / len(target)

        return {
            "colour_shape": accuracy(labels, [DEFAULT_TEMPLATE], truth),
            "colour_shape_ensemble": accuracy(labels, list(OPENAI_IMAGENET_TEMPLATES), truth),
            "shape_only": accuracy(list(SHAPES), [DEFAULT_TEMPLATE], [SHAPES.index(s) for _, s, _ in samples]),
            "colour_only": accuracy(
                [f"{c} shape" for c in COLOURS], [DEFAULT_TEMPLATE], [list(COLOURS).index(c) for _, _, c in samples]
            ),
        }


def train(args: argparse.Namespace) -> dict[str, Any]:
    import numpy as np
    import open_clip
    import torch
    import torch.nn.functional as F
    from safetensors.torch import save_file

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    np.random.seed(args.seed)
    rng = random.Random(args.seed)
    name = f"{BUNDLED_NAME}-train"
    register(name, MODEL_CFG)
    model, _, preprocess = open_clip.create_model_and_transforms(name)
    tokenizer = open_clip.get_tokenizer(name)
    templates = caption_templates()

    # Words that never appear in a caption keep a zero embedding (they carry no meaning to this model).
    concepts_all: list[Concept] = [(c, s) for c in (*COLOURS, None) for s in (*SHAPES, None) if c or s]
    texts = [t.replace("{}", concept_text(*concept)) for t in templates for concept in concepts_all]
    seen = torch.unique(tokenizer(texts))
    with torch.no_grad():
        keep = torch.zeros(model.token_embedding.weight.shape[0], dtype=torch.bool)
        keep[seen] = True
        model.token_embedding.weight[~keep] = 0.0

    decay = [p for n, p in model.named_parameters() if p.ndim >= 2 and "embedding" not in n]
    other = [p for n, p in model.named_parameters() if not (p.ndim >= 2 and "embedding" not in n)]
    optimizer = torch.optim.AdamW(
        [{"params": decay, "weight_decay": args.weight_decay}, {"params": other, "weight_decay": 0.0}],
        lr=args.lr,
        betas=(0.9, 0.98),
        eps=1e-6,
    )

    def lr_at(step: int) -> float:
        if step < args.warmup:
            return args.lr * (step + 1) / args.warmup
        progress = (step - args.warmup) / max(1, args.steps - args.warmup)
        return args.lr * 0.5 * (1 + math.cos(math.pi * progress))

    token_cache: dict[str, Any] = {}
    started = time.perf_counter()
    model.train()
    for step in range(args.steps):
        images, captions, concepts, truths = make_batch(rng, args.batch, templates)
        pixels = torch.stack([preprocess(img) for img in images])
        missing = [c for c in dict.fromkeys(captions) if c not in token_cache]
        if missing:
            for caption, row in zip(missing, tokenizer(missing), strict=True):
                token_cache[caption] = row
        tokens = torch.stack([token_cache[c] for c in captions])
        # targets[i, j] = 1 when caption j truthfully describes picture i
        targets = torch.tensor([[float(describes(c, t)) for c in concepts] for t in truths])
        for group in optimizer.param_groups:
            group["lr"] = lr_at(step)
        image_features, text_features, logit_scale = model(pixels, tokens)
        logits = logit_scale * image_features @ text_features.T
        loss = 0.5 * (
            F.cross_entropy(logits, targets / targets.sum(1, keepdim=True))
            + F.cross_entropy(logits.T, targets.T / targets.T.sum(1, keepdim=True))
        )
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            model.logit_scale.clamp_(0, math.log(100))
        if step % 50 == 0 or step == args.steps - 1:
            elapsed = time.perf_counter() - started
            print(
                f"step {step:5d}  loss {loss.item():.4f}  scale {logit_scale.item():6.2f}  {elapsed:6.1f}s", flush=True
            )
    train_seconds = time.perf_counter() - started

    model.eval()
    state = {
        k: (v.detach().to(torch.float16) if v.is_floating_point() else v.detach()).contiguous()
        for k, v in model.state_dict().items()
    }
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    weights_path = out_dir / f"{BUNDLED_NAME}.safetensors"
    save_file(state, str(weights_path), metadata={"format": "pt", "open_clip_model": BUNDLED_NAME})
    weights_path.chmod(0o644)

    # Measure what ships: the saved float16 file, loaded back by plain open_clip.
    register(BUNDLED_NAME, MODEL_CFG)
    shipped, _, shipped_preprocess = open_clip.create_model_and_transforms(BUNDLED_NAME, pretrained=str(weights_path))
    shipped.eval()
    accuracy = evaluate(shipped, open_clip.get_tokenizer(BUNDLED_NAME), shipped_preprocess, args.seed + 1000, args.eval)
    parameters = sum(p.numel() for p in shipped.parameters())
    card = {
        "name": "FM tiny CLIP",
        "model_name": BUNDLED_NAME,
        "file": weights_path.name,
        "description": (
            "A teaching model, shipped trained: this project trained it with CLIP's contrastive loss on pictures "
            f"of coloured shapes paired with captions ({', '.join(SHAPES)} in {', '.join(COLOURS)}), not on "
            "photographs. It ranks those shapes and colours well; on photographs and other words its answers mean "
            "nothing."
        ),
        "parameters": parameters,
        "labels": shape_labels(),
        "shapes": list(SHAPES),
        "colours": list(COLOURS),
        "template": DEFAULT_TEMPLATE,
        "accuracy": {
            **{k: round(v, 4) for k, v in accuracy.items()},
            "eval_images": args.eval,
            "eval_seed": args.seed + 1000,
            "note": "zero-shot top-1 on freshly drawn pictures (48, 96 and 200 px); colour_shape is over the "
            f"{len(shape_labels())} 'colour shape' labels with the template '{DEFAULT_TEMPLATE}'",
        },
        "recipe": {
            "script": "scripts/train_clip.py",
            "seed": args.seed,
            "steps": args.steps,
            "batch": args.batch,
            "lr": args.lr,
            "warmup": args.warmup,
            "weight_decay": args.weight_decay,
            "optimizer": "AdamW(betas=(0.9, 0.98), eps=1e-6), cosine schedule",
            "loss": "symmetric contrastive (CLIP) with soft targets: every caption that describes a picture",
            "captions": "80% '<colour> <shape>', 10% '<shape>', 10% '<colour> shape'; the template is 40% "
            "'a photo of a {}.', else one of open_clip's 80 ImageNet zero-shot templates or a plain one",
            "pictures": f"one shape per picture, sizes {list(SIZES)} px, grey/gradient/noise backgrounds, "
            "random place, scale, rotation and colour jitter",
            "caption_templates": templates,
            "unseen_tokens": "zero embedding",
            "threads": args.threads,
            "train_seconds": round(train_seconds, 1),
            "dtype_saved": "float16",
            "torch": torch.__version__,
            "open_clip": open_clip.__version__,
        },
        "model_cfg": MODEL_CFG,
        "preprocess_cfg": PREPROCESS_CFG,
        "sha256": hashlib.sha256(weights_path.read_bytes()).hexdigest(),
    }
    (out_dir / f"{BUNDLED_NAME}.json").write_text(json.dumps(card, indent=2) + "\n")
    return card


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=1000)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=2e-3)
    parser.add_argument("--warmup", type=int, default=100)
    parser.add_argument("--weight-decay", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=1234)
    parser.add_argument("--eval", type=int, default=600, help="fresh pictures to measure accuracy on")
    parser.add_argument("--threads", type=int, default=1, help="torch threads (the result depends on it)")
    parser.add_argument("--out", default=str(ROOT / "resources" / "clip"))
    args = parser.parse_args()
    card = train(args)
    print(json.dumps({"accuracy": card["accuracy"], "train_seconds": card["recipe"]["train_seconds"]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
