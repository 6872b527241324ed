#!/usr/bin/env bash
# Brunel (2000) (examples/Brunel2000: LIF neurons, 80 % excitatory, 1000 excitatory and 250 inhibitory synapses per
# neuron delayed 1.5 ms, 1000 external Poisson inputs per neuron as a drive, dt = 0.1 ms) in regime C (g = 5, eta = 2,
# asynchronous irregular) for 1 s of network time at n_e = 10 000 (the paper's 12 500 neurons) and 100 000 (125 000
# neurons, 156 M synapses) with the generated GPU simulator (Brunel2000Gpu), the CPU simulator on all cores beside each,
# from what bench/gpu/run.sh published into DIR (default bench/gpu/out). One row per run: wall seconds of the simulation (construction excluded
# and, on the GPU, the first step, which compiles the kernels), spikes and mean rate of all neurons; real time is
# wall_s <= 1. The GPU's drive draws other random numbers than the CPU's: its rate agrees, its spikes do not. The GPU
# builds the CPU simulator's network on the host first, so its construction takes as long as the CPU's. Exit code 2
# from a GPU run means no CUDA device was found (it says why).
# N_E="1000 2000" and DURATION=0.1 change the sizes and the network time (a smoke test, not the benchmark).
set -u -o pipefail

dir=$(cd "$(dirname "$0")" && pwd)
out=${1:-$dir/out}
app=$out/GpuBench
seed=${SEED:-1}
duration=${DURATION:-1}
. "$dir/gpu-vs-cpu.sh"

header "Brunel (2000) regime C, $duration s of network time, seed $seed" n_e
for n_e in ${N_E:-10000 100000}; do
    for device in gpu cpu; do
        row "$device" "$n_e" "$app" brunel --device "$device" --regime C --n-e "$n_e" --duration "$duration" --seed "$seed"
    done
done
exit $status
