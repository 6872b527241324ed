#!/usr/bin/env bash
# The dense products of one Fashion-MNIST training batch (examples/FashionMnist, 784-1000-10, 25 steps) at batch 128 and
# 1024, the plain kernels (one thread per result element) against the tiled ones (shared-memory tiles, what the GPU
# trainer runs), from what bench/gpu/run.sh published into DIR (default bench/gpu/out): milliseconds per call and
# multiply-adds per second, and whether the two gave the same results to the bit (exit code 1 if not; 2: no CUDA device).
# REPEAT=N calls per product (default 20); DEVICE=gpu-emulator runs it on ILGPU's CPU accelerator (a smoke test: slow).
set -u -o pipefail

out=${1:-$(cd "$(dirname "$0")" && pwd)/out}
status=0
for batch in ${BATCHES:-128 1024}; do
    "$out/GpuBench" products --batch "$batch" --repeat "${REPEAT:-20}" --device "${DEVICE:-gpu}"
    rc=$?
    [ $status -eq 0 ] && status=$rc
done
exit $status
