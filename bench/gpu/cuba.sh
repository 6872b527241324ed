#!/usr/bin/env bash
# CUBA (examples/Cuba: Brette et al. 2007 benchmark 2, 80 % excitatory, about 80 synapses per neuron, dt = 0.1 ms) for
# 1 s of network time at 1 M and 10 M neurons with the generated GPU simulator (CubaGpu), the CPU simulator on all
# cores beside each, from the folder bench/gpu/run.sh published. One row per run: wall seconds of the simulation
# (construction excluded and, on the GPU, the first step, which compiles the kernels), spikes and mean rate; real time
# is wall_s <= 1. The GPU builds the CPU simulator's network on the host first (same seed: the same network), so its
# construction takes as long as the CPU's. Exit code 2 from a GPU run means no CUDA device was found (it says why).
# NEURONS="4000 40000" and DURATION=0.1 change the sizes and the network time (a smoke test, not the benchmark).
set -u -o pipefail

dir=$(cd "$(dirname "$0")" && pwd)
app=$dir/Cuba/Cuba
seed=${SEED:-1}
duration=${DURATION:-1}
status=0

run() {
    local device=$1 neurons=$2 o
    o=$("$app" --device "$device" --neurons "$neurons" --duration "$duration" --seed "$seed" 2>&1)
    local rc=$?
    if [ $rc -ne 0 ]; then
        printf '%s\n' "$o" | tail -1 >&2
        printf '%-6s %10s %10s\n' "$device" "$neurons" "failed ($rc)"
        status=$rc
        return
    fi
    printf '%s\n' "$o" | awk -v d="$device" -v n="$neurons" -F= '
        $1 == "spikes" { s = $2 } $1 == "rate_hz" { r = $2 } $1 == "wall_s" { w = $2 } $1 == "device" { g = $2 }
        END { printf "%-6s %10s %10s %12s %9s  %s\n", d, n, w, s, r, g }'
}

echo "CUBA, $duration s of network time, seed $seed: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
printf '%-6s %10s %10s %12s %9s  %s\n' device neurons wall_s spikes rate_hz gpu
for neurons in ${NEURONS:-1000000 10000000}; do
    run gpu "$neurons"
    run cpu "$neurons"
done
exit $status
