#!/usr/bin/env bash
# The GPU table of issue 22 on a machine with an NVIDIA GPU, after the folders made by
# `python scripts/gpu_measure.py stage` have been carried there (see that script's docstring).
#   gpu_measure.sh build   starts the CUDA build in the background (its own session, so it outlives the
#                          command) from the first folder alone, while the models' folders travel
#   gpu_measure.sh         waits for that build (or builds), joins, checks, and writes gpu_table.md and
#                          gpu.json into $OUT (or .gpu/out)
# Uses the machine's python3 (3.10+ with torch and numpy).
set -euo pipefail
cd "$(dirname "$0")/.."
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
if [ "${1:-}" = build ]; then
    setsid nohup python3 scripts/gpu_measure.py build >.gpu/build.log 2>&1 </dev/null &
    sleep 20
    tail -n 5 .gpu/build.log
    exit 0
fi
exec python3 scripts/gpu_measure.py run --out "${OUT:-.gpu/out}"
