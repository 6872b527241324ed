#!/usr/bin/env bash
# Peak memory and write cost of recording through `spikelang run`: 1000 neurons' v (float32) recorded every
# step (dt = 0.1 ms), for 2 s and 20 s of network time, as NPY (the default) and, at 2 s, as CSV. A bounded
# recording holds one buffer per monitor whatever the duration, so the peak at 20 s must stay within 50 MB of
# the peak at 2 s (and below 300 MB in all); the script fails otherwise. Then read_npy.py reads the 20 s
# file back with numpy and checks it against recording.json.
#
# Usage: bench/recording/memory.sh            (after `dotnet build SpikeLang.sln -c Release`)
# Needs: /usr/bin/time (GNU time), and for the read-back /usr/bin/python3 with numpy (apt-get install python3-numpy).
set -euo pipefail
cd "$(dirname "$0")/../.."
CLI=src/SpikeLang.Cli/bin/Release/net10.0/spikelang.dll
NET=bench/SpikeLang.Benchmarks/Networks/Recording.snn
[[ -f $CLI ]] || { echo "build first: dotnet build SpikeLang.sln -c Release" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/spikelang-memory-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# Compile the simulator once, so that every measured run loads it from the cache alike.
dotnet "$CLI" run "$NET" --duration 1ms --json >/dev/null 2>&1

# run LABEL DURATION FORMAT [extra args]: reports peak memory, the process's wall time, the simulation's
# (recording included, from --json's wall_s) and the file's size on stderr; prints the peak in kB.
run() {
    local label=$1 duration=$2 format=$3; shift 3
    local out="$WORK/$label"
    /usr/bin/time -f '%M %e' -o "$WORK/$label.time" dotnet "$CLI" run "$NET" --duration "$duration" --format "$format" --out "$out" --json "$@" >"$WORK/$label.json" 2>"$WORK/$label.err"
    read -r kb wall <"$WORK/$label.time"
    local bytes
    bytes=$(stat -c %s "$out"/state_P_v.* | head -1)
    local simulated
    simulated=$(grep -o '"wall_s":[0-9.]*' "$WORK/$label.json" | cut -d: -f2)
    printf '%-14s peak RSS %6.1f MB  process %6.2f s  run+record %6.2f s  state_P_v.%s %7.1f MB\n' "$label" "$(echo "$kb / 1024" | bc -l)" "$wall" "$simulated" "$format" "$(echo "$bytes / 1000000" | bc -l)" >&2
    echo "$kb"
}

echo "spikelang $(git rev-parse --short HEAD), $(nproc) cores, $(dotnet --version)"
npy2=$(run npy-2s 2s npy --no-plots)
npy20=$(run npy-20s 20s npy --no-plots)
plots20=$(run npy-20s-plots 20s npy)
run csv-2s 2s csv --no-plots >/dev/null
# Run alone, without recording: what the recording itself costs in time.
/usr/bin/time -f '%M %e' -o "$WORK/bare.time" dotnet "$CLI" run "$NET" --duration 2s --json >"$WORK/bare.json" 2>/dev/null
read -r kb wall <"$WORK/bare.time"
printf '%-14s peak RSS %6.1f MB  process %6.2f s  run        %6.2f s  (nothing written)\n' "no-out-2s" "$(echo "$kb / 1024" | bc -l)" "$wall" "$(grep -o '"wall_s":[0-9.]*' "$WORK/bare.json" | cut -d: -f2)"

if command -v /usr/bin/python3 >/dev/null && /usr/bin/python3 -c 'import numpy' 2>/dev/null; then
    /usr/bin/python3 bench/recording/read_npy.py "$WORK/npy-20s"
else
    echo "read_npy.py skipped: /usr/bin/python3 has no numpy (apt-get install python3-numpy)"
fi

growth=$(( (npy20 - npy2) / 1024 ))
echo "peak growth from 2 s to 20 s: ${growth} MB (limit 50 MB); with plots at 20 s: $(( plots20 / 1024 )) MB (limit 300 MB)"
(( growth <= 50 && npy20 / 1024 < 300 && plots20 / 1024 < 300 )) || { echo "FAIL: recording memory is not bounded" >&2; exit 1; }
echo "OK: bounded"
