#!/usr/bin/env bash
# Brunel (2000) Fig. 8: SpikeLang's examples/Brunel2000 against Brian2's frompapers/Brunel_2000.py
# (bench/brian2/brunel2000_brian2.py, C++ standalone, one thread), one run each per regime.
#
#   bench/brian2/compare_brunel.sh [--regime A|B|C|D|all] [--duration 0.6] [--seed 1]
#
# Prints, per regime, each simulator's mean rate and simulation-loop wall time, the ratio
# SpikeLang / Brian2 (below 1: SpikeLang is faster), and each one's recurrent synaptic events per second
# (each spike times its neuron's outgoing recurrent synapses). Both on one thread. Compilation is excluded on both sides.
# Needs bash, awk, dotnet and Debian's python3-brian. BRIAN2_BUILD_DIR keeps Brian2's projects
# (default /tmp/brunel_brian2), so later runs only recompile what changed.
set -u -o pipefail

regime=all duration=0.6 seed=1
while [ $# -gt 0 ]; do
    case "$1" in
        --regime)   regime=$2; shift 2 ;;
        --duration) duration=$2; shift 2 ;;
        --seed)     seed=$2; shift 2 ;;
        -h|--help)  sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done
case "$regime" in A|B|C|D) regimes=$regime ;; all) regimes="A B C D" ;; *) echo "unknown regime: $regime" >&2; exit 2 ;; esac

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
build=${BRIAN2_BUILD_DIR:-/tmp/brunel_brian2}

# key=value words -> value of one key (last occurrence)
. "$root/bench/lib.sh"

echo "Brunel2000: regimes=$regimes duration_s=$duration seed=$seed ($(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg))"
dotnet build -c Release examples/Brunel2000 -v quiet -nologo >/dev/null || { echo "spikelang: build failed"; exit 1; }
printf '%-7s %14s %14s %12s %12s %8s %16s %16s\n' regime brian2_hz spikelang_hz brian2_s spikelang_s ratio brian2_events_s spikelang_events_s
for r in $regimes; do
    b=$(/usr/bin/python3 bench/brian2/brunel2000_brian2.py --regime "$r" --seeds "$seed" --duration "$duration" --build-dir "$build" 2>/dev/null \
        | grep "^$r seed=") || { echo "$r: brian2 run failed"; continue; }
    b_rate=$(printf '%s\n' "$b" | sed 's/rate_hz= */rate_hz=/' | kv rate_hz)
    b_wall=$(printf '%s\n' "$b" | kv run_wall_s)
    b_events=$(printf '%s\n' "$b" | sed 's/recurrent_events= */recurrent_events=/' | kv recurrent_events)
    s=$(dotnet run -c Release --no-build --project examples/Brunel2000 -- --regime "$r" --duration "$duration" --seed "$seed" --threads 1) \
        || { echo "$r: spikelang run failed"; continue; }
    s_rate=$(printf '%s\n' "$s" | kv rate_hz)
    s_wall=$(printf '%s\n' "$s" | kv wall_s)
    s_events=$(printf '%s\n' "$s" | kv recurrent_events)
    printf '%-7s %14s %14s %12s %12s %8s %16s %16s\n' "$r" "$b_rate" "$s_rate" "$b_wall" "$s_wall" \
        "$(awk -v a="$s_wall" -v b="$b_wall" 'BEGIN { printf "%.2f", a / b }')" \
        "$(awk -v e="$b_events" -v t="$b_wall" 'BEGIN { printf "%.3g", e / t }')" \
        "$(awk -v e="$s_events" -v t="$s_wall" 'BEGIN { printf "%.3g", e / t }')"
done
