#!/usr/bin/env bash
# One Fashion-MNIST epoch (60 000 images, 784-1000-10 Leaky, 25 steps, Adam 5e-4) with the GPU trainer and the CPU
# trainer (all cores) at batch 128 for each of SEEDS (default "1 2 3"), then each device's mean test accuracy over them
# (the issue's check: within 1 point); the GPU trainer at batch 1024 (first seed); then one epoch of the spiking CNN of
# examples/FashionMnistConv (batch-normalized conv 16 → max pooling → conv 32 → max pooling → 128 → 10, 8 steps, Adam
# 1e-3) on the GPU and the CPU at its batch of 64; from what bench/gpu/run.sh published into DIR (default
# bench/gpu/out). Prints one row per run: seconds of the training epoch (the example's "epoch 1: S s"), train loss,
# test accuracy and the simulator's accuracy with the trained weights on 20 test images.
# Exit code 2 from the GPU runs means no CUDA device was found (the example says why). LIMIT=N trains on the first N
# images only (a smoke test of the script, not the benchmark).
set -u -o pipefail

out=${1:-$(cd "$(dirname "$0")" && pwd)/out}
data=$out/fashion-mnist
seeds=${SEEDS:-1 2 3}

epoch() {
    local example=$1 device=$2 batch=$3 seed=$4 o
    o=$("$out/GpuBench" "$example" --device "$device" --batch "$batch" --epochs 1 --seed "$seed" --data "$data" --out "$out/$example-$device-$batch.slw" --deploy-check 20 ${LIMIT:+--limit "$LIMIT"} 2>&1)
    local rc=$?
    if [ $rc -ne 0 ]; then
        printf '%s\n' "$o" | tail -1 >&2
        printf '%-16s %-6s %6s %4s %10s\n' "$example" "$device" "$batch" "$seed" "failed ($rc)"
        return $rc
    fi
    printf '%s\n' "$o" | grep -E '^training on the GPU' >&2
    printf '%s\n' "$o" | awk -v e="$example" -v d="$device" -v b="$batch" -v seed="$seed" '
        /^epoch 1:/ { s = $3; for (i = 1; i <= NF; i++) { if ($i == "loss") l = $(i + 1); if ($i == "test") a = $(i + 2) }; sub(/,$/, "", l) }
        /^simulator with the trained weights/ { c = $6 }
        END { printf "%-16s %-6s %6s %4s %10s %10s %9s %12s\n", e, d, b, seed, s, l, a " %", c }' | tee -a "$rows"
}

echo "Fashion-MNIST, one epoch: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
printf '%-16s %-6s %6s %4s %10s %10s %9s %12s\n' example device batch seed seconds loss test_acc deploy_check
rows=$(mktemp)
trap 'rm -f "$rows"' EXIT
status=0
first=${seeds%% *}
for seed in $seeds; do
    for device in gpu cpu; do
        epoch fashion "$device" 128 "$seed" || status=$?
    done
done
for run in "fashion gpu 1024 $first" "fashion-conv gpu 64 $first" "fashion-conv cpu 64 $first"; do
    epoch $run || status=$?
done
# The mean test accuracy per device at batch 128 over the seeds (column 7, before its "%").
awk '$1 == "fashion" && $3 == 128 { sum[$2] += $7; n[$2]++ }
     END { for (d in n) printf "fashion %s batch 128: mean test accuracy over %d seeds %.2f %%\n", d, n[d], sum[d] / n[d] }' "$rows" | sort
exit $status
