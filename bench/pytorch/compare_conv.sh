#!/usr/bin/env bash
# Trains the spiking CNN of examples/FashionMnistConv for the same number of epochs with PyTorch
# (fashion_mnist_conv_torch.py, time folded into the batch) and with SpikeLang, one after the other, then prints one table.
#   bench/pytorch/compare_conv.sh [EPOCHS] [SEED] [LIMIT]   (default 1 epoch, seed 1, all 60 000 images; needs /usr/bin/python3 with python3-torch)
set -euo pipefail
cd "$(dirname "$0")/../.."

epochs="${1:-1}"
seed="${2:-1}"
limit=()
if [ -n "${3:-}" ]; then limit=(--limit "$3"); fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

dotnet build -c Release examples/FashionMnistConv >/dev/null
echo "== PyTorch ($epochs epoch(s)) =="
/usr/bin/python3 bench/pytorch/fashion_mnist_conv_torch.py --epochs "$epochs" --seed "$seed" "${limit[@]}" --json "$out/pytorch.json"
echo "== SpikeLang ($epochs epoch(s)) =="
dotnet run -c Release --no-build --project examples/FashionMnistConv -- --epochs "$epochs" --schedule cosine --seed "$seed" "${limit[@]}" --deploy-check 0 \
  --out "$out/weights.slw" --summary-json "$out/spikelang.json"

/usr/bin/python3 - "$out/pytorch.json" "$out/spikelang.json" <<'PY'
import json, sys
runs = {"PyTorch": json.load(open(sys.argv[1]))["epochs"], "SpikeLang": json.load(open(sys.argv[2]))["epochs"]}
print()
print(f"{'framework':<10} {'epoch':>5} {'seconds':>9} {'train loss':>11} {'test accuracy':>14}")
for name, epochs in runs.items():
    for e in epochs:
        print(f"{name:<10} {e['epoch']:>5} {e['seconds']:>9.1f} {e['train_loss']:>11.4f} {e['test_accuracy']:>14.4f}")
torch_s = sum(e["seconds"] for e in runs["PyTorch"])
spike_s = sum(e["seconds"] for e in runs["SpikeLang"])
print(f"training time: PyTorch {torch_s:.1f} s, SpikeLang {spike_s:.1f} s (PyTorch / SpikeLang = {torch_s / spike_s:.2f})")
PY
