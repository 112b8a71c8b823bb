#!/usr/bin/env bash
# The GPU table of issue 22, in one command on a machine with an NVIDIA GPU, after the folders made by
# `python scripts/gpu_measure.py stage` have been carried there (see that script's docstring). Writes
# gpu_table.md and gpu.json into $OUT (or .gpu/out). Uses the machine's python3 (3.10+ with torch and numpy).
set -euo pipefail
cd "$(dirname "$0")/.."
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
exec python3 scripts/gpu_measure.py run --out "${OUT:-.gpu/out}"
