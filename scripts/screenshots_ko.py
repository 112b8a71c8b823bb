#!/usr/bin/env python3
"""The Korean screenshots only: resources/screenshots/ko/<panel>.png. The same as
``python scripts/screenshots.py --lang ko`` (which ``make screenshots`` runs after the English ones)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from screenshots import main

if __name__ == "__main__":
    raise SystemExit(main(["--lang", "ko", *sys.argv[1:]]))
