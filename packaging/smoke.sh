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
#   5. starts it as a person would where there is no display (a plain message, exit 1), and on a real X
#      display (Xvfb): the window opens where Qt's X11 libraries are present, and where they are not, it names
#      them and exits 1 (never Qt's abort); --self-check with the display set reports them the same way;
#   6. checks that nothing was written under the fresh home outside the app's own folder (ONNX Runtime's
#      telemetry: telemetry_files), and reads the build's licence count and glibc floor from BUNDLE-NOTES.json
#      (the floor checked again on the unpacked files);
#   7. prints the sizes (unpacked, archive), and one JSON line last. Exit 1 on any failure.
# FM_HIDE_X_LIBS=1 runs everything as on a machine without the X11 libraries a fresh Debian lacks: each run is
# in a private mount namespace (unshare -m) where those library files are covered by /dev/null, so the loader
# fails on them as on a missing file. No container; nothing changes outside the namespace. Root only.
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

# Without the X11 libraries (FM_HIDE_X_LIBS=1): their files, covered in a private mount namespace.
hidden=()
if [[ "${FM_HIDE_X_LIBS:-0}" == 1 ]]; then
    for so in $(PYTHONPATH="$ROOT" "$PY" -c 'from desktop.core.system_libs import FRESH_INSTALL_LACKS as L
print(" ".join(lib.soname for lib in L))'); do
        f="$(ldconfig -p | awk -v s="$so" '$1 == s {print $NF; exit}')"
        [[ -n "$f" ]] && hidden+=("$(readlink -f "$f")")
    done
    say "X11 libraries hidden: ${hidden[*]:-none installed}"
fi
hide_prefix=()
if [[ ${#hidden[@]} -gt 0 ]]; then
    hide_prefix=(unshare -m bash -c 'while [[ $1 != -- ]]; do mount --bind /dev/null "$1" || exit 99; shift; done; shift; exec "$@"' hide "${hidden[@]}" --)
fi

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
    timeout "$seconds" "${net_prefix[@]}" "${hide_prefix[@]}" env -i PATH="$work/no-bin" HOME="$work/home" \
        FM_EXPLORER_HOME="$work/home/fm" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@"
}
on_display() {  # on_display SECONDS DISPLAY CMD...: the same, but Qt picks its platform from DISPLAY
    local seconds="$1" display="$2"
    shift 2
    timeout "$seconds" "${net_prefix[@]}" "${hide_prefix[@]}" env -i PATH="$work/no-bin" HOME="$work/home" \
        FM_EXPLORER_HOME="$work/home/fm-x11" LANG=C.UTF-8 ${display:+DISPLAY="$display"} "$@"
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

say "no display: a plain message and exit 1"
nodisp_err="$(on_display 60 "" "$exe" 2>&1 >/dev/null)"; nodisp_rc=$?
no_display_ok=false
[[ $nodisp_rc -eq 1 && "$nodisp_err" == *"there is no display here"* && "$nodisp_err" == *"--self-check"* ]] && no_display_ok=true
unused="$(for n in $(seq 200 299); do [[ -e /tmp/.X11-unix/X$n ]] || { echo "$n"; break; }; done)"
deaf_err="$(on_display 60 ":$unused" "$exe" 2>&1 >/dev/null)"; deaf_rc=$?
[[ $deaf_rc -eq 1 && "$deaf_err" == *"does not answer"* ]] || no_display_ok=false
echo "no display: rc=$nodisp_rc; DISPLAY=:$unused (nothing there): rc=$deaf_rc; ok=$no_display_ok"

x11_ok=false
x11_mode="skipped: Xvfb is not installed"
if command -v Xvfb >/dev/null; then
    for n in $(shuf -i 300-900 -n 20); do
        [[ -e /tmp/.X$n-lock || -e /tmp/.X11-unix/X$n ]] && continue
        Xvfb ":$n" -screen 0 1280x800x24 -nolisten tcp >/dev/null 2>&1 &
        xvfb_pid=$!
        for _ in $(seq 100); do [[ -S /tmp/.X11-unix/X$n ]] && break; sleep 0.1; done
        kill -0 "$xvfb_pid" 2>/dev/null && break
    done
    trap 'kill "$xvfb_pid" 2>/dev/null; rm -rf "$work"' EXIT
    if [[ ${#hidden[@]} -gt 0 ]]; then
        x11_mode="X11 libraries hidden"
        say "a real display, X11 libraries missing: named, exit 1, no abort"
        x_err="$(on_display 60 ":$n" "$exe" 2>&1 >/dev/null)"; x_rc=$?
        [[ $x_rc -eq 1 && "$x_err" == *"sudo apt install libxcb-cursor0"* ]] && x11_ok=true
        sc_out="$(on_display 300 ":$n" "$exe" --self-check)"; sc_rc=$?
        sc_missing="$(echo "$sc_out" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["checks"]["display"]["x11_libraries_missing"]))' 2>/dev/null || echo 0)"
        [[ $sc_rc -eq 1 && $sc_missing -gt 0 ]] || x11_ok=false
        echo "x11 start without the libraries: rc=$x_rc; self-check rc=$sc_rc, missing=$sc_missing; ok=$x11_ok"
    else
        x11_mode="X11 libraries present"
        say "a real display (Xvfb :$n): the window opens"
        x_out="$(on_display 120 ":$n" "$exe" --startup-probe)"; x_rc=$?
        [[ $x_rc -eq 0 && "$x_out" == *startup_s* ]] && x11_ok=true
        echo "x11 start: rc=$x_rc ok=$x11_ok $x_out"
    fi
    kill "$xvfb_pid" 2>/dev/null
fi

say "the home folder: nothing written outside the app's own folder (ONNX Runtime telemetry)"
telemetry_files="$(find "$work/home/.cache/Microsoft" -type f 2>/dev/null | wc -l)"
outside="$(find "$work/home" -type f -not -path "$work/home/fm*" 2>/dev/null | sed "s|$work/home/||" | head -n 20 | tr '\n' ' ')"
echo "telemetry files: $telemetry_files; other files outside the app's folder: ${outside:-none}"

notes="$app_dir/BUNDLE-NOTES.json"
[[ -f "$notes" ]] || notes="$app_dir/_internal/BUNDLE-NOTES.json"
licenses_missing="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("licenses_missing", "null"))' "$notes" 2>/dev/null || echo null)"
floor_noted="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get("glibc_floor", ""))' "$notes" 2>/dev/null)"
glibc_floor="$(python3 "$ROOT/packaging/glibc_floor.py" "$app_dir")"
table_ok="$(python3 -c 'import sys
rows=[l for l in open(sys.argv[1], encoding="utf-8") if l.startswith("|")]
print("true" if len(rows) > 20 and all(l.rstrip("\n").count(" | ") == 4 for l in rows) else "false")' "$app_dir/licenses/THIRD-PARTY.md" 2>/dev/null || echo false)"
echo "licences missing: $licenses_missing; THIRD-PARTY.md a table: $table_ok; glibc floor: $glibc_floor (build said $floor_noted)"

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
printf '%-36s%12s\n' "licences missing" "$licenses_missing"
printf '%-36s%12s\n' "telemetry files" "$telemetry_files"
printf '%-36s%12s\n' "glibc floor" "$glibc_floor"
printf '%-36s%12s\n' "X11 start ($x11_mode)" "$x11_ok"
size_ok="$(awk -v u="$unpacked_mib" -v a="$archive_mib" 'BEGIN {print (u <= 650 && a <= 430) ? "true" : "false"}')"
ok=false
[[ $self_ok == true && $smoke_ok == true && ${#net_prefix[@]} -gt 0 && $no_display_ok == true && $x11_ok == true \
   && $telemetry_files -eq 0 && "$licenses_missing" == 0 && $table_ok == true && "$glibc_floor" == "$floor_noted" \
   && $size_ok == true ]] && ok=true
echo "{\"ok\": $ok, \"self_check\": $self_ok, \"smoke\": $smoke_ok, \"network_isolated\": $([[ ${#net_prefix[@]} -gt 0 ]] && echo true || echo false), \"no_display_message\": $no_display_ok, \"x11_start\": $x11_ok, \"x11_mode\": \"$x11_mode\", \"licenses_missing\": $licenses_missing, \"licenses_table\": $table_ok, \"telemetry_files\": $telemetry_files, \"glibc_floor\": \"$glibc_floor\", \"unpacked_mib\": $unpacked_mib, \"archive_mib\": $archive_mib, \"size_ok\": $size_ok, \"window_bundle_s\": $bundle_s, \"window_source_s\": $source_s, \"window_ratio\": $ratio, \"window_ratio_ok\": $start_ok, \"smoke_report\": ${smoke_json:-null}}"
[[ $ok == true ]]
