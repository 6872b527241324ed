#!/usr/bin/env python3
"""The SpikeLang FashionMnist example's network, trained with PyTorch as snnTorch would.

snnTorch itself is not installed here, so its pieces are written out: a surrogate-gradient spike
(torch.autograd.Function: Heaviside forward, fast-sigmoid derivative backward) and leaky
integrate-and-fire layers. The time loop follows SpikeLang's simulator semantics, which differ from
snnTorch's Leaky in two places (see README.md): every connection delivers one step late, and the
reset by subtraction is applied before the next decay.

    /usr/bin/python3 bench/pytorch/fashion_mnist_snntorch.py --epochs 1 --json /tmp/torch.json
"""
import argparse
import gzip
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

DATA = "/usr/share/datasets/fashion-mnist"


def read_idx(path):
    """Reads a (gzipped) unsigned-byte IDX file into a numpy array of its shape."""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rb") as f:
        raw = f.read()
    magic = int.from_bytes(raw[0:4], "big")
    if magic >> 8 != 0x08 or magic & 0xFF == 0:
        sys.exit(f"{path}: not an unsigned-byte IDX file (magic 0x{magic:08X})")
    dims = magic & 0xFF
    shape = [int.from_bytes(raw[4 + 4 * d: 8 + 4 * d], "big") for d in range(dims)]
    data = np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims)
    if data.size != int(np.prod(shape)):
        sys.exit(f"{path}: dimensions {shape} need {int(np.prod(shape))} bytes, the file has {data.size}")
    return data.reshape(shape)


def load(directory, split, limit):
    images = read_idx(os.path.join(directory, f"{split}-images-idx3-ubyte.gz"))
    labels = read_idx(os.path.join(directory, f"{split}-labels-idx1-ubyte.gz"))
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    x = torch.from_numpy(images.reshape(len(images), -1).astype(np.float32) / 255.0)
    return x, torch.from_numpy(labels.astype(np.int64))


class FastSigmoidSpike(torch.autograd.Function):
    """snnTorch's surrogate.fast_sigmoid: forward H(u) (strictly u > 0), backward 1 / (slope·|u| + 1)²."""

    slope = 25.0

    @staticmethod
    def forward(ctx, u):
        ctx.save_for_backward(u)
        return (u > 0).to(u.dtype)

    @staticmethod
    def backward(ctx, grad_output):
        (u,) = ctx.saved_tensors
        return grad_output / (FastSigmoidSpike.slope * u.abs() + 1.0) ** 2


class Network(torch.nn.Module):
    """784 → hidden → 10 leaky neurons, current-encoded input, output spike counts as scores."""

    def __init__(self, inputs, hidden, outputs, beta, threshold, steps, hoist):
        super().__init__()
        self.hoist = hoist
        self.fc1 = torch.nn.Linear(inputs, hidden)  # nn.Linear's default init, as LinearInit.Fill
        self.fc2 = torch.nn.Linear(hidden, outputs)
        self.beta, self.threshold, self.steps = beta, threshold, steps

    def forward(self, x):
        batch = x.shape[0]
        mem1 = x.new_zeros(batch, self.fc1.out_features)
        mem2 = x.new_zeros(batch, self.fc2.out_features)
        spk1 = x.new_zeros(batch, self.fc1.out_features)
        counts = x.new_zeros(batch, self.fc2.out_features)
        drive1 = None
        for t in range(self.steps):
            # One-step synaptic delay: what a connection delivers at the end of step t−1 is
            # consumed at step t, so nothing arrives at t = 0 and the output layer sees the
            # hidden spikes of the previous step.
            if t == 0:
                cur1 = torch.zeros_like(mem1)
                cur2 = torch.zeros_like(mem2)
            else:
                if not self.hoist:
                    cur1 = self.fc1(x)  # as snnTorch's tutorials write it: fc1 every step
                else:
                    if drive1 is None:
                        drive1 = self.fc1(x)  # the input is constant, so W1·x + b1 is too
                    cur1 = drive1
                cur2 = self.fc2(spk1)
            mem1 = self.beta * mem1 + cur1
            spk1 = FastSigmoidSpike.apply(mem1 - self.threshold)
            mem1 = mem1 - self.threshold * spk1.detach()  # reset by subtraction, not differentiated
            mem2 = self.beta * mem2 + cur2
            spk2 = FastSigmoidSpike.apply(mem2 - self.threshold)
            mem2 = mem2 - self.threshold * spk2.detach()
            counts = counts + spk2
        return counts


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N training and N test samples")
    parser.add_argument("--hidden", type=int, default=1000)
    parser.add_argument("--steps", type=int, default=25)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=5e-4)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--style", choices=["snntorch", "hoisted"], default="snntorch",
                        help="snntorch: fc1(x) every step, as snnTorch's tutorials; hoisted: fc1(x) once per batch, by hand")
    parser.add_argument("--threads", type=int, default=os.cpu_count(), help="torch threads (default: all cores)")
    parser.add_argument("--data", default=DATA, help="folder with the Fashion-MNIST .gz files")
    parser.add_argument("--json", help="write {'epochs': [{epoch, seconds, train_loss, test_accuracy}], ...} here")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    train_x, train_y = load(args.data, "train", args.limit)
    test_x, test_y = load(args.data, "t10k", args.limit)
    net = Network(train_x.shape[1], args.hidden, 10, beta=0.95, threshold=1.0, steps=args.steps, hoist=args.style == "hoisted")
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr, betas=(0.9, 0.999))

    epochs = []
    print(f"torch {torch.__version__}, {torch.get_num_threads()} threads, {len(train_x)} training / {len(test_x)} test samples")
    print(f"{'epoch':>5} {'seconds':>9} {'train loss':>11} {'test accuracy':>14}")
    for epoch in range(1, args.epochs + 1):
        net.train()
        order = torch.randperm(len(train_x))
        started = time.perf_counter()
        total, batches = 0.0, 0
        for start in range(0, len(train_x), args.batch):
            index = order[start:start + args.batch]
            counts = net(train_x[index])
            loss = F.cross_entropy(counts, train_y[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item()
            batches += 1
        seconds = time.perf_counter() - started

        net.eval()
        correct = 0
        with torch.no_grad():
            for start in range(0, len(test_x), args.batch):
                counts = net(test_x[start:start + args.batch])
                # argmax returns the first index of a tie, as Losses.CountCorrect.
                correct += (counts.argmax(dim=1) == test_y[start:start + args.batch]).sum().item()
        record = {"epoch": epoch, "seconds": seconds, "train_loss": total / batches, "test_accuracy": correct / len(test_x)}
        epochs.append(record)
        print(f"{epoch:>5} {seconds:>9.1f} {record['train_loss']:>11.4f} {record['test_accuracy']:>14.4f}", flush=True)

    if args.json:
        summary = {"framework": f"pytorch {torch.__version__}", "style": args.style, "threads": torch.get_num_threads(), "epochs": epochs}
        temporary = args.json + ".tmp"
        with open(temporary, "w") as f:
            json.dump(summary, f, indent=2)
        os.replace(temporary, args.json)  # atomic: readers see the old file or the whole new one


if __name__ == "__main__":
    main()
