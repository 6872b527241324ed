#!/usr/bin/env bash
# CUBA (examples/Cuba: Brette et al. 2007 benchmark 2, 80 % excitatory, about 80 synapses per neuron, dt = 0.1 ms) for
# 1 s of network time at 1 M and 10 M neurons with the generated GPU simulator (CubaGpu), the CPU simulator on all
# cores beside each, from what bench/gpu/run.sh published into DIR (default bench/gpu/out). One row per run: wall seconds of the simulation
# (construction excluded and, on the GPU, the first step, which compiles the kernels), spikes and mean rate; real time
# is wall_s <= 1. The GPU builds the CPU simulator's network on the host first (same seed: the same network), so its
# construction takes as long as the CPU's. Exit code 2 from a GPU run means no CUDA device was found (it says why).
# NEURONS="4000 40000" and DURATION=0.1 change the sizes and the network time (a smoke test, not the benchmark).
set -u -o pipefail

dir=$(cd "$(dirname "$0")" && pwd)
out=${1:-$dir/out}
app=$out/GpuBench
seed=${SEED:-1}
duration=${DURATION:-1}
. "$dir/gpu-vs-cpu.sh"

header "CUBA, $duration s of network time, seed $seed" neurons
for neurons in ${NEURONS:-1000000 10000000}; do
    for device in gpu cpu; do
        row "$device" "$neurons" "$app" cuba --device "$device" --neurons "$neurons" --duration "$duration" --seed "$seed"
    done
done
exit $status
