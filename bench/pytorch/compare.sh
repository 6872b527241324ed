#!/usr/bin/env bash
# Trains the FashionMnist network for the same number of epochs with PyTorch
# (fashion_mnist_snntorch.py) and with SpikeLang (examples/FashionMnist), then prints one table.
#   bench/pytorch/compare.sh [EPOCHS] [SEED]   (default 1 epoch, seed 1; needs /usr/bin/python3 with python3-torch)
# PyTorch runs twice: as snnTorch's tutorials write the loop (fc1 every step) and with fc1 hoisted by hand.
set -euo pipefail
cd "$(dirname "$0")/../.."

epochs="${1:-1}"
seed="${2:-1}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

echo "== PyTorch, snnTorch style ($epochs epoch(s)) =="
/usr/bin/python3 bench/pytorch/fashion_mnist_snntorch.py --epochs "$epochs" --seed "$seed" --style snntorch --json "$out/pytorch.json"
echo "== PyTorch, fc1 hoisted ($epochs epoch(s)) =="
/usr/bin/python3 bench/pytorch/fashion_mnist_snntorch.py --epochs "$epochs" --seed "$seed" --style hoisted --json "$out/hoisted.json"

echo "== SpikeLang ($epochs epoch(s)) =="
dotnet run -c Release --project examples/FashionMnist -- --epochs "$epochs" --seed "$seed" --out "$out/weights.slw" --summary-json "$out/spikelang.json"

/usr/bin/python3 - "$out/pytorch.json" "$out/hoisted.json" "$out/spikelang.json" <<'PY'
import json, sys
runs = {"PyTorch": json.load(open(sys.argv[1]))["epochs"], "PyTorch*": json.load(open(sys.argv[2]))["epochs"],
        "SpikeLang": json.load(open(sys.argv[3]))["epochs"]}
print()
print(f"{'framework':<10} {'epoch':>5} {'seconds':>9} {'train loss':>11} {'test accuracy':>14}")
for name, epochs in runs.items():
    for e in epochs:
        print(f"{name:<10} {e['epoch']:>5} {e['seconds']:>9.1f} {e['train_loss']:>11.4f} {e['test_accuracy']:>14.4f}")
print("(PyTorch* = fc1 hoisted out of the time loop by hand)")
spike_s = sum(e["seconds"] for e in runs["SpikeLang"])
for name in ("PyTorch", "PyTorch*"):
    torch_s = sum(e["seconds"] for e in runs[name])
    print(f"training time: {name} {torch_s:.1f} s, SpikeLang {spike_s:.1f} s ({name} / SpikeLang = {torch_s / spike_s:.2f})")
PY
