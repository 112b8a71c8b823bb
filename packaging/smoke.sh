#!/usr/bin/env bash
# The packaged app as a workshop laptop meets it (issue 10), run by `make package-test`:
#   1. takes dist/fm-explorer-*.tar.gz (builds it with packaging/build.py when there is none, or with --build);
#   2. unpacks it into a fresh temporary folder;
#   3. runs it with no network (`unshare -n`, checked: only the loopback device is left) and with no Python or
#      venv on PATH (an empty folder; checked: no python3 to be found): `--self-check` must pass, and the
#      `--smoke` tour (the default model generating through the host, Korean text through cl100k_base and
#      the model's tokenizer, two drawn pictures through the bundled CLIP) must exit 0;
#   4. measures the time to a usable window (`--startup-probe`, offscreen) of the bundle and of the source
#      install, alternating, median of 3 each (target: bundle <= 1.2x source);
#   5. prints the sizes (unpacked, archive), and one JSON line last. Exit 1 on any failure.
# The system python3 reads the JSON reports here; the app under test never sees it.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="$ROOT/.venv/bin/python"
RUNS="${FM_SMOKE_RUNS:-3}"
say() { echo "[smoke] $*" >&2; }

archive="$(ls -t "$ROOT"/dist/fm-explorer-*.tar.gz 2>/dev/null | head -n 1)"
if [[ "${1:-}" == "--build" || -z "$archive" ]]; then
    say "building the bundle (packaging/build.py)"
    "$PY" "$ROOT/packaging/build.py" >&2 || { say "build failed"; exit 1; }
    archive="$(ls -t "$ROOT"/dist/fm-explorer-*.tar.gz | head -n 1)"
fi

work="$(mktemp -d /tmp/fm-smoke-sh.XXXXXX)"
trap 'rm -rf "$work"' EXIT
say "unpacking $(basename "$archive") into $work"
tar -xzf "$archive" -C "$work"
app_dir="$(find "$work" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
exe="$app_dir/fm-explorer"
mkdir -p "$work/no-bin" "$work/home"
unpacked_mib="$(du -sb "$app_dir" | awk '{printf "%.1f", $1 / 1048576}')"
archive_mib="$(stat -c %s "$archive" | awk '{printf "%.1f", $1 / 1048576}')"

# No network: a fresh network namespace has only a loopback device, and a connection out must fail.
net_prefix=()
network="not isolated"
if command -v unshare >/dev/null && unshare -n true 2>/dev/null; then
    devices="$(unshare -n cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' ' | tr '\n' ' ')"
    if [[ "$devices" == "lo " ]] && ! unshare -n bash -c 'exec 3<>/dev/tcp/1.1.1.1/53' 2>/dev/null; then
        net_prefix=(unshare -n)
        network="isolated (unshare -n: devices: ${devices% })"
    else
        say "unshare -n did not isolate the network (devices: $devices)"
    fi
fi
[[ ${#net_prefix[@]} -gt 0 ]] || say "WARNING: the network could not be cut off here (unshare -n needs root)"

# No Python: PATH is an empty folder.
if env -i PATH="$work/no-bin" bash -c 'command -v python3 || command -v python' >/dev/null 2>&1; then
    say "python is still on PATH"; exit 1
fi

offline() {  # offline SECONDS CMD...: the app, offline, with an empty PATH, a fresh home, offscreen Qt
    local seconds="$1"
    shift
    timeout "$seconds" "${net_prefix[@]}" env -i PATH="$work/no-bin" HOME="$work/home" FM_EXPLORER_HOME="$work/home/fm" \
        LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@"
}
json_get() {  # json_get KEY < report (the last JSON line)
    python3 -c 'import json,sys
lines=[l for l in sys.stdin.read().splitlines() if l.startswith("{")]
d=json.loads(lines[-1]) if lines else {}
for k in sys.argv[1].split("."): d=d.get(k,{}) if isinstance(d,dict) else {}
print(json.dumps(d))' "$1"
}

say "--self-check (offline, no Python on PATH)"
self_out="$(offline 300 "$exe" --self-check)"; self_rc=$?
self_json="$(echo "$self_out" | python3 -c 'import json,sys; print(json.dumps(json.loads(sys.stdin.read())))' 2>/dev/null || echo '{}')"
self_ok=false
[[ $self_rc -eq 0 && "$(echo "$self_json" | json_get ok)" == "true" ]] && self_ok=true
clip_ok="$(echo "$self_json" | json_get checks.clip.ok)"
[[ "$clip_ok" == "true" ]] || self_ok=false
echo "self-check: rc=$self_rc ok=$self_ok clip=$(echo "$self_json" | json_get checks.clip.bundled_model)"

say "--smoke tour (offline, no Python on PATH)"
smoke_out="$(offline 300 "$exe" --smoke)"; smoke_rc=$?
smoke_json="$(echo "$smoke_out" | grep '^{' | tail -n 1)"
echo "smoke: rc=$smoke_rc $smoke_json"
smoke_ok=false
[[ $smoke_rc -eq 0 && "$(echo "$smoke_json" | json_get ok)" == "true" ]] && smoke_ok=true

say "time to a usable window: bundle vs source, alternating, $RUNS runs each"
bundle_times=()
source_times=()
for _ in $(seq "$RUNS"); do
    t="$(offline 120 "$exe" --startup-probe | json_get startup_s)"
    bundle_times+=("$t")
    t="$(cd /tmp && timeout 120 env FM_EXPLORER_HOME="$work/home/source" QT_QPA_PLATFORM=offscreen \
        "$PY" -m desktop --startup-probe 2>/dev/null | json_get startup_s)"
    source_times+=("$t")
done
median() { printf '%s\n' "$@" | grep -E '^[0-9.]+$' | sort -g | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print "null"}'; }
bundle_s="$(median "${bundle_times[@]}")"
source_s="$(median "${source_times[@]}")"
ratio="$(awk -v b="$bundle_s" -v s="$source_s" 'BEGIN {if (b+0 > 0 && s+0 > 0) printf "%.2f", b / s; else print "null"}')"
start_ok="$(awk -v r="$ratio" 'BEGIN {print (r != "null" && r + 0 <= 1.2) ? "true" : "false"}')"

echo
printf '%-36s%12s\n' "archive $(basename "$archive")" "$archive_mib MiB"
printf '%-36s%12s\n' "unpacked" "$unpacked_mib MiB"
printf '%-36s%12s\n' "network" "$network"
printf '%-36s%12s\n' "window, bundle (median s)" "$bundle_s   [${bundle_times[*]}]"
printf '%-36s%12s\n' "window, source (median s)" "$source_s   [${source_times[*]}]"
printf '%-36s%12s\n' "bundle / source (target <= 1.2)" "$ratio"
ok=false
[[ $self_ok == true && $smoke_ok == true && ${#net_prefix[@]} -gt 0 ]] && ok=true
echo "{\"ok\": $ok, \"self_check\": $self_ok, \"smoke\": $smoke_ok, \"network_isolated\": $([[ ${#net_prefix[@]} -gt 0 ]] && echo true || echo false), \"unpacked_mib\": $unpacked_mib, \"archive_mib\": $archive_mib, \"window_bundle_s\": $bundle_s, \"window_source_s\": $source_s, \"window_ratio\": $ratio, \"window_ratio_ok\": $start_ok, \"smoke_report\": ${smoke_json:-null}}"
[[ $ok == true ]]
