#!/usr/bin/env bash
# CUBA benchmark: SpikeLang's examples/Cuba against Brian2's C++ standalone mode, one run each.
#
#   bench/brian2/compare.sh [--duration 10] [--neurons 4000] [--seed 1] [--repeat 1]
#
# Prints each simulator's spikes, rate and simulation-loop wall time, then the ratio
# SpikeLang / Brian2 (below 1: SpikeLang is faster). Compile/JIT/build time is excluded on
# both sides: examples/Cuba's wall_s times network.Run alone; Brian2's run_wall_s times
# Network::run alone (see cuba_brian2.py). Needs bash, awk, dotnet and Debian's python3-brian.
# SPIKELANG_ARTIFACTS=/tmp/dir builds SpikeLang with --artifacts-path there (keeps bin/ obj/
# of a shared checkout untouched); BRIAN2_BUILD_DIR overrides Brian2's project folder, which
# is kept (default /tmp/cuba_brian2_n<neurons>) so later runs recompile only main.cpp.
set -u -o pipefail

duration=10 neurons=4000 seed=1 repeat=1
while [ $# -gt 0 ]; do
    case "$1" in
        --duration) duration=$2; shift 2 ;;
        --neurons)  neurons=$2; shift 2 ;;
        --seed)     seed=$2; shift 2 ;;
        --repeat)   repeat=$2; shift 2 ;;
        -h|--help)  sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
done

artifacts=()
[ -n "${SPIKELANG_ARTIFACTS:-}" ] && artifacts=(--artifacts-path "$SPIKELANG_ARTIFACTS")

root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 1
python=/usr/bin/python3   # python3-brian is in Debian's dist-packages, not in pyenv's python

# key=value lines -> value of one key (last occurrence)
. "$root/bench/lib.sh"

echo "CUBA: neurons=$neurons duration_s=$duration seed=$seed repeat=$repeat ($(nproc) CPUs, load $(cut -d' ' -f1 /proc/loadavg))"

# --- SpikeLang (C#) -----------------------------------------------------------------------
cs_wall="" cs_spikes="" cs_rate=""
if [ ! -f examples/Cuba/Cuba.csproj ]; then
    echo "spikelang: examples/Cuba/Cuba.csproj does not exist yet, skipped"
elif ! command -v dotnet >/dev/null; then
    echo "spikelang: dotnet not found, skipped"
elif ! dotnet build -c Release examples/Cuba "${artifacts[@]}" -v quiet -nologo >/tmp/compare_cuba_build.$$ 2>&1; then
    echo "spikelang: build of examples/Cuba failed, skipped (log: /tmp/compare_cuba_build.$$)"
else
    rm -f /tmp/compare_cuba_build.$$
    for ((r = 1; r <= repeat; r++)); do
        if ! out=$(dotnet run -c Release --no-build "${artifacts[@]}" --project examples/Cuba -- \
                   --duration "$duration" --neurons "$neurons" --seed "$seed" --threads 1 2>&1); then
            echo "spikelang: run failed:"; printf '%s\n' "$out" | sed 's/^/  /'
            cs_wall=""; break
        fi
        w=$(printf '%s\n' "$out" | kv wall_s)
        if [ -z "$w" ]; then echo "spikelang: no wall_s= line in its output:"; printf '%s\n' "$out" | sed 's/^/  /'; break; fi
        cs_spikes=$(printf '%s\n' "$out" | kv spikes)
        cs_rate=$(printf '%s\n' "$out" | kv rate_hz)
        cs_wall=$(awk -v a="$w" -v b="$cs_wall" 'BEGIN { print (b == "" || a + 0 < b + 0) ? a : b }')
    done
    [ -n "$cs_wall" ] && echo "spikelang: wall_s=$cs_wall spikes=$cs_spikes rate_hz=$cs_rate"
fi

# --- Brian2 C++ standalone ----------------------------------------------------------------
br_wall="" br_cpu=""
if ! "$python" -c 'import brian2' 2>/dev/null; then
    echo "brian2: not importable by $python (apt-get install python3-brian), skipped"
else
    builddir=${BRIAN2_BUILD_DIR:-/tmp/cuba_brian2_n$neurons}   # kept: later runs only recompile main.cpp
    if out=$("$python" bench/brian2/cuba_brian2.py --duration "$duration" --neurons "$neurons" \
             --seed "$seed" --repeat "$repeat" --build-dir "$builddir" 2>&1); then
        last=$(printf '%s\n' "$out" | grep '^brian2 ' | tail -n 1)
        br_wall=$(printf '%s\n' "$last" | kv run_wall_s)
        br_cpu=$(printf '%s\n' "$last" | kv run_s)
        echo "brian2:    run_wall_s=$br_wall run_s(cpu)=$br_cpu compile_s=$(printf '%s\n' "$last" | kv compile_s)" \
             "spikes=$(printf '%s\n' "$last" | kv spikes) rate_hz=$(printf '%s\n' "$last" | kv rate_hz)"
    else
        echo "brian2: run failed:"; printf '%s\n' "$out" | tail -n 20 | sed 's/^/  /'
    fi
fi

# --- ratio ----------------------------------------------------------------------------------
if [ -n "$cs_wall" ] && [ -n "$br_wall" ]; then
    awk -v c="$cs_wall" -v b="$br_wall" -v u="$br_cpu" 'BEGIN {
        printf "ratio spikelang/brian2 = %.3f  (wall %s s / wall %s s; below 1 means SpikeLang is faster)\n", c / b, c, b
        printf "ratio vs brian2 cpu    = %.3f  (wall %s s / cpu %s s; Brian2 loop CPU time, less load-sensitive)\n", c / u, c, u }'
    awk -v l="$(cut -d' ' -f1 /proc/loadavg)" -v n="$(nproc)" 'BEGIN {
        if (l + 0 > n * 0.75) printf "warning: load average %s on %d CPUs: wall times are inflated by other processes; use --repeat\n", l, n }'
else
    echo "ratio: not available (need both simulators' times)"
    exit 1
fi
