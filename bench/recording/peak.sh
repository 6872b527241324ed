#!/usr/bin/env bash
# The peak memory `spikelang run` predicts before a run (and refuses a run by) against the peak it measures:
# `--verbose` prints both on one line, the measured one being the process's peak working set (VmHWM), which
# /usr/bin/time's maximum resident size confirms. Cases: CUBA (4000 neurons) without output, recorded with and
# without plots, and Peak.snn (20 000 neurons, 8 million plastic synapses, spikes, state and weights recorded)
# with and without plots. Prints measured / predicted per case; fails when a measured peak passes 1.12 times its
# prediction or falls below 0.5 of it (RunBudgetTests checks one case at 0.8 to 1.12).
#
# Usage: bench/recording/peak.sh            (after `dotnet build SpikeLang.sln -c Release`)
# Needs: /usr/bin/time (GNU time).
set -euo pipefail
cd "$(dirname "$0")/../.."
CLI=src/SpikeLang.Cli/bin/Release/net10.0/spikelang.dll
[[ -f $CLI ]] || { echo "build first: dotnet build SpikeLang.sln -c Release" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/spikelang-peak-XXXXXX")
trap 'rm -rf "$WORK"' EXIT
CUBA=examples/Cuba/Cuba.snn
PEAK=bench/recording/Peak.snn
# Compile both simulators once, so that every measured run loads them from the cache alike.
dotnet "$CLI" run "$CUBA" --duration 1ms --json >/dev/null 2>&1
dotnet "$CLI" run "$PEAK" --param n=1000 --duration 1ms --json >/dev/null 2>&1

failed=0
printf '%-28s %12s %12s %12s %8s\n' case predicted_MB measured_MB time_max_MB ratio
# run LABEL ARGS...: one run with --verbose; prints the predicted and measured peaks and their ratio.
run() {
    local label=$1; shift
    /usr/bin/time -f '%M' -o "$WORK/$label.time" dotnet "$CLI" run "$@" --verbose --json >/dev/null 2>"$WORK/$label.err"
    local line predicted measured
    line=$(grep '^spikelang: memory:' "$WORK/$label.err")
    predicted=$(sed -E 's/.*predicted peak [^(]*\(([0-9,]+) bytes\).*/\1/' <<<"$line" | tr -d ,)
    measured=$(sed -E 's/.*measured peak [^(]*\(([0-9,]+) bytes\).*/\1/' <<<"$line" | tr -d ,)
    local kb; kb=$(cat "$WORK/$label.time")
    local ratio; ratio=$(awk -v m="$measured" -v p="$predicted" 'BEGIN { printf "%.2f", m / p }')
    printf '%-28s %12.1f %12.1f %12.1f %8s\n' "$label" "$(awk -v b="$predicted" 'BEGIN { print b / 1e6 }')" \
        "$(awk -v b="$measured" 'BEGIN { print b / 1e6 }')" "$(awk -v k="$kb" 'BEGIN { print k * 1024 / 1e6 }')" "$ratio"
    if awk -v r="$ratio" 'BEGIN { exit !(r > 1.12 || r < 0.5) }'; then
        echo "  $label: measured / predicted = $ratio, outside 0.5 to 1.12" >&2
        sed 's/^/  /' "$WORK/$label.err" | grep 'memory:' >&2
        failed=1
    fi
}

run cuba-no-output "$CUBA" --duration 1s
run cuba-recorded-no-plots "$CUBA" --duration 1s --out "$WORK/cuba1" --no-plots
run cuba-recorded "$CUBA" --duration 1s --out "$WORK/cuba2"
run peak-no-output "$PEAK" --duration 200ms
run peak-recorded-no-plots "$PEAK" --duration 200ms --out "$WORK/peak1" --no-plots
run peak-recorded "$PEAK" --duration 200ms --out "$WORK/peak2"
exit $failed
