#!/usr/bin/env bash
# Ranks × threads on one machine: Brunel (2000) regime C, scaled (default n_e = 160 000: 200 000 neurons at the
# paper's in-degree, 1000 excitatory and 250 inhibitory sources and 1000 Poisson inputs per neuron: 250 million
# synapses), 0.6 s of network time,
# run as R MPI ranks of T threads for every R × T = CORES (default: this machine's cores; 16 → 1×16, 2×8,
# 4×4, 8×2, 16×1). Prints one row per layout: the simulation loop's wall seconds (rank 0's wall_s, the ranks
# step together), the speed-up over 1 × CORES and rank 0's peak resident memory (each rank holds its own neurons and
# the synapses onto them), and checks that every layout gives the same spike count.
#
#   bench/mpi/scaling.sh                         # publish (NativeAOT, needs .NET) and run
#   N_E=20000 CORES=2 bench/mpi/scaling.sh       # a smaller network, on 2 cores
#   MPI_ARGS="--mca btl tcp,self" bench/mpi/scaling.sh   # ranks talk over TCP, as between machines
#
# Needs Open MPI's mpirun (Debian: apt-get install openmpi-bin). On a cluster, run the published binary the same
# way under the site's Open MPI launcher (mpirun --hostfile ..., or srun --mpi=pmix), one rank per socket or
# per node and the threads within it (docs/distributed.md).
set -u -o pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-$root/bench/threads/out/mpi}
cores=${CORES:-$(nproc)}
n_e=${N_E:-160000}
duration=${DURATION:-0.6}
mpi_args=${MPI_ARGS:-}

. "$root/bench/lib.sh"
require_mpirun
publish_once examples/Brunel2000 "$out/Brunel2000" Brunel2000

echo "Brunel (2000) regime C, n_e = $n_e ($(( n_e + n_e / 4 )) neurons), ${duration} s, $cores cores"
printf '%-12s %10s %10s %12s %14s\n' "ranks×thr" "wall_s" "speed-up" "spikes" "peak_MB/rank"
base="" spikes_first=""
ranks=1
while [ "$ranks" -le "$cores" ]; do
    threads=$(( cores / ranks ))
    if [ $(( ranks * threads )) -eq "$cores" ]; then
        result=$(mpirun --allow-run-as-root --oversubscribe --bind-to none $mpi_args -np "$ranks" "$out/Brunel2000/Brunel2000" \
            --regime C --duration "$duration" --seed 1 --n-e "$n_e" --threads "$threads" 2>&1 | tr -d '\r' | sed 's/\x1b\[[^a-zA-Z]*[a-zA-Z]//g; s/\x1b=//g')
        wall=$(echo "$result" | kv wall_s)
        spikes=$(echo "$result" | kv spikes)
        rss=$(echo "$result" | kv peak_rss_mb)
        [ -n "$wall" ] || { echo "run ${ranks}×${threads} failed:"; echo "$result"; exit 1; }
        base=${base:-$wall}
        spikes_first=${spikes_first:-$spikes}
        printf '%-12s %10s %10s %12s %14s\n' "${ranks}×${threads}" "$wall" "$(awk -v b="$base" -v w="$wall" 'BEGIN { printf "%.2f", b / w }')" "$spikes" "$rss"
        [ "$spikes" = "$spikes_first" ] || echo "  !! spikes differ from 1×$cores: $spikes vs $spikes_first"
    fi
    ranks=$(( ranks * 2 ))
done
