#!/usr/bin/env bash
# One Fashion-MNIST epoch (60 000 images, 784-1000-10 Leaky, 25 steps, Adam 5e-4) with the GPU trainer at batch 128 and
# 1024, and the CPU trainer at batch 128 on all cores beside them; then one epoch of the spiking CNN of
# examples/FashionMnistConv (batch-normalized conv 16 → max pooling → conv 32 → max pooling → 128 → 10, 8 steps, Adam 1e-3)
# on the GPU and the CPU at its batch of 64; from what bench/gpu/run.sh published into DIR (default bench/gpu/out). Prints one row per run: seconds
# of the training epoch (the example's "epoch 1: S s"), train loss and test accuracy.
# Exit code 2 from the GPU runs means no CUDA device was found (the example says why). LIMIT=N trains on the first N
# images only (a smoke test of the script, not the benchmark).
set -u -o pipefail

out=${1:-$(cd "$(dirname "$0")" && pwd)/out}
data=$out/fashion-mnist
seed=${SEED:-1}

epoch() {
    local example=$1 device=$2 batch=$3 o
    o=$("$out/GpuBench" "$example" --device "$device" --batch "$batch" --epochs 1 --seed "$seed" --data "$data" --out "$out/$example-$device-$batch.slw" --deploy-check 20 ${LIMIT:+--limit "$LIMIT"} 2>&1)
    local rc=$?
    if [ $rc -ne 0 ]; then
        printf '%s\n' "$o" | tail -1 >&2
        printf '%-16s %-6s %6s %10s\n' "$example" "$device" "$batch" "failed ($rc)"
        return $rc
    fi
    printf '%s\n' "$o" | grep -E '^training on the GPU' >&2
    printf '%s\n' "$o" | awk -v e="$example" -v d="$device" -v b="$batch" '
        /^epoch 1:/ { s = $3; for (i = 1; i <= NF; i++) { if ($i == "loss") l = $(i + 1); if ($i == "test") a = $(i + 2) }; sub(/,$/, "", l) }
        /^simulator with the trained weights/ { c = $6 }
        END { printf "%-16s %-6s %6s %10s %10s %9s %12s\n", e, d, b, s, l, a " %", c }'
}

echo "Fashion-MNIST, one epoch, seed $seed: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'))"
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,driver_version --format=csv,noheader
printf '%-16s %-6s %6s %10s %10s %9s %12s\n' example device batch seconds loss test_acc deploy_check
status=0
for run in "fashion gpu 128" "fashion gpu 1024" "fashion cpu 128" "fashion-conv gpu 64" "fashion-conv cpu 64"; do
    epoch $run || status=$?
done
exit $status
