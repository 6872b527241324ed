#!/usr/bin/env bash
# Brunel (2000) (examples/Brunel2000: LIF neurons, 80 % excitatory, 1000 excitatory and 250 inhibitory synapses per
# neuron delayed 1.5 ms, 1000 external Poisson inputs per neuron as a drive, dt = 0.1 ms) in regime C (g = 5, eta = 2,
# asynchronous irregular) for 1 s of network time at n_e = 10 000 (the paper's 12 500 neurons) and 100 000 (125 000
# neurons, 156 M synapses) with the generated GPU simulator (Brunel2000Gpu), the CPU simulator on all cores beside each,
# from the folder bench/gpu/run.sh published. One row per run: wall seconds of the simulation (construction excluded
# and, on the GPU, the first step, which compiles the kernels), spikes and mean rate of all neurons; real time is
# wall_s <= 1. The GPU's drive draws other random numbers than the CPU's: its rate agrees, its spikes do not. The GPU
# builds the CPU simulator's network on the host first, so its construction takes as long as the CPU's. Exit code 2
# from a GPU run means no CUDA device was found (it says why).
# N_E="1000 2000" and DURATION=0.1 change the sizes and the network time (a smoke test, not the benchmark).
set -u -o pipefail

dir=$(cd "$(dirname "$0")" && pwd)
app=$dir/Brunel2000/Brunel2000
seed=${SEED:-1}
duration=${DURATION:-1}
status=0

run() {
    local device=$1 n_e=$2 o
    o=$("$app" --device "$device" --regime C --n-e "$n_e" --duration "$duration" --seed "$seed" 2>&1)
    local rc=$?
    if [ $rc -ne 0 ]; then
        printf '%s\n' "$o" | tail -1 >&2
        printf '%-6s %10s %10s\n' "$device" "$n_e" "failed ($rc)"
        status=$rc
        return
    fi
    printf '%s\n' "$o" | awk -v d="$device" -v n="$n_e" -F= '
        $1 == "spikes" { s = $2 } $1 == "rate_hz" { r = $2 } $1 == "wall_s" { w = $2 } $1 == "device" { g = $2 }
        END { printf "%-6s %10s %10s %12s %9s  %s\n", d, n, w, s, r, g }'
}

echo "Brunel (2000) regime C, $duration s of network time, seed $seed: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
printf '%-6s %10s %10s %12s %9s  %s\n' device n_e wall_s spikes rate_hz gpu
for n_e in ${N_E:-10000 100000}; do
    run gpu "$n_e"
    run cpu "$n_e"
done
exit $status
