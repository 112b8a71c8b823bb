"""Export the bundled CLIP's two towers to ONNX: ``resources/clip/onnx/`` (image.onnx, text.onnx,
tokenizer.json.gz, clip-onnx.json), which the app runs with ONNX Runtime alone (no torch, no onnx package).

Needs torch, open_clip and onnx (the dev extra). Reproducible: the same torch, open_clip and onnx versions
give the same bytes (the card records the versions and every file's sha256; tests/core/test_clip_onnx.py
checks that the shipped files are what this script makes). Run it again after scripts/train_clip.py.

Run: ``.venv/bin/python scripts/export_clip_onnx.py [--out resources/clip/onnx]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(ROOT / "resources" / "clip" / "onnx"))
    args = parser.parse_args()
    from desktop.core.vision.clip_onnx import CARD
    from desktop.core.vision.onnx_export import export_bundled

    out = Path(args.out)
    with tempfile.TemporaryDirectory(prefix="fm-clip-onnx-") as tmp:
        made = export_bundled(Path(tmp) / "onnx")
        shutil.rmtree(out, ignore_errors=True)
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(made, out)
    for path in sorted(out.iterdir()):
        path.chmod(0o644)
    sizes = {p.name: p.stat().st_size for p in sorted(out.iterdir())}
    card = json.loads((out / CARD).read_text(encoding="utf-8"))
    print(json.dumps({"out": str(out), "bytes": sizes, "total": sum(sizes.values()), "made_with": card["made_with"]}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
