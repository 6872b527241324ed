#!/usr/bin/env bash
# The spike exchange both ways, for P = 1, 2, 4, ... up to CORES ranks (default: this machine's cores): the
# all-gather the simulators use (every rank receives every spike) against the all-to-all NEST uses (each rank
# receives only the spikes with targets there), on four networks' traffic (ExchangeBench: random connectivity of
# out-degree K built with the runtime's builder, neurons spiking at the network's rate):
#   brunel     Brunel (2000) regime C: 12 500 neurons, K = 1 250, 36 Hz, a window of 15 steps (1.5 ms)
#   cuba       CUBA: 256 000 neurons, K = 80, 5.7 Hz, an exchange every step (its default, no delay)
#   cuba-1ms   the same with a 1 ms delay: a window of 10 steps
#   sparse     256 000 neurons, K = 20, 5.7 Hz, 10 steps: few targets per spike, where the all-to-all should win at large P
# Prints one row per network and P: each exchange's microseconds per window (the slowest rank's median window, and
# in brackets its mean, which a rank kept off its core by other work moves), the all-to-all's median over the
# all-gather's, the ints each rank receives per window, and the ranks each spike reaches. Rows with P > CORES run oversubscribed
# (marked): their times show the ranks sharing cores, not the exchange.
#
#   bench/mpi/exchange.sh                          # publish (NativeAOT, needs .NET) and run, P up to nproc
#   CORES=16 bench/mpi/exchange.sh                 # on a 16-core machine: P = 1, 2, 4, 8, 16
#   MAX_RANKS=4 bench/mpi/exchange.sh              # P up to 4 whatever the cores (oversubscribed beyond them)
#   MPI_ARGS="--mca btl tcp,self" bench/mpi/exchange.sh   # ranks talk over TCP, as between machines
#
# Needs Open MPI's mpirun (Debian: apt-get install openmpi-bin). On a cluster, run the published binary
# (bench/threads/out/mpi/ExchangeBench/ExchangeBench) under the site's launcher (mpirun --hostfile ... -np 64,
# or srun --mpi=pmix), one rank per node or socket as a simulation would be run (docs/distributed.md).
set -u -o pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${OUT:-$root/bench/threads/out/mpi}
cores=${CORES:-$(nproc)}
max_ranks=${MAX_RANKS:-$cores}
steps=${STEPS:-3000}
mpi_args=${MPI_ARGS:-}

. "$root/bench/lib.sh"
require_mpirun
publish_once bench/mpi/ExchangeBench "$out/ExchangeBench" ExchangeBench

networks=(
    "brunel   --neurons 12500 --out-degree 1250 --rate 36 --window 15"
    "cuba     --neurons 256000 --out-degree 80 --rate 5.7 --window 1"
    "cuba-1ms --neurons 256000 --out-degree 80 --rate 5.7 --window 10"
    "sparse   --neurons 256000 --out-degree 20 --rate 5.7 --window 10"
)

echo "spike exchange per window, $steps steps (0.1 ms), $cores cores, up to $max_ranks ranks"
printf '%-9s %4s %8s %20s %20s %7s %9s %9s %8s\n' network P spikes "allgather_us (mean)" "alltoall_us (mean)" a2a/ag ag_ints a2a_ints reached
for network in "${networks[@]}"; do
    name=${network%% *}
    ranks=1
    while [ "$ranks" -le "$max_ranks" ]; do
        result=$(mpirun --allow-run-as-root --oversubscribe --bind-to none $mpi_args -np "$ranks" "$out/ExchangeBench/ExchangeBench" \
            ${network#* } --steps "$steps" 2>&1 | tr -d '\r' | sed 's/\x1b\[[^a-zA-Z]*[a-zA-Z]//g; s/\x1b=//g')
        ag=$(echo "$result" | kv allgather_median_us)
        [ -n "$ag" ] || { echo "$name on $ranks ranks failed:"; echo "$result"; exit 1; }
        a2a=$(echo "$result" | kv alltoall_median_us)
        note=""
        [ "$ranks" -gt "$cores" ] && note="  (oversubscribed: $ranks ranks on $cores cores)"
        printf '%-9s %4s %8s %20s %20s %7s %9s %9s %8s%s\n' "$name" "$ranks" "$(echo "$result" | kv spikes_per_window)" \
            "$ag ($(echo "$result" | kv allgather_us))" "$a2a ($(echo "$result" | kv alltoall_us))" \
            "$(awk -v a="$a2a" -v g="$ag" 'BEGIN { printf "%.2f", a / g }')" "$(echo "$result" | kv allgather_ints_per_rank)" \
            "$(echo "$result" | kv alltoall_ints_per_rank)" "$(echo "$result" | kv ranks_reached_per_spike)" "$note"
        ranks=$(( ranks * 2 ))
    done
done
