#!/usr/bin/env python3
"""The spiking CNN of examples/FashionMnistConv, trained with PyTorch the fast way.

Every connection of the network is same_step, so a layer's spikes at all steps are known before the next
layer runs: the stateless operations (convolutions, poolings, dense layers) take all steps at once with time
folded into the batch (SpikingJelly's multi-step mode), the first convolution of the constant image is
computed once, and only the membranes loop over time. The arithmetic is SpikeLang's (see README.md):

    conv1 = BN(Conv2d(1, 16, 3, padding 1)(x))              same input current at every step
    s1(t) = LIF(conv1);  p1(t) = H(max_pool2(s1(t)) − 0.5)   max pooling of spikes into SpikeMax neurons
    s2(t) = LIF(BN(Conv2d(16, 32, 3, padding 1)(p1(t))));  p2(t) = H(max_pool2(s2(t)) − 0.5)
    BN: BatchNorm2d over the batch and, for conv2, the steps folded into it (--no-batch-norm: none,
    and the convolutions keep their bias)
    s3(t) = LIF(Linear(1568, 128)(p2(t)));  s4(t) = LIF(Linear(128, 10)(s3(t)))
    LIF: mem = β·mem + I;  s = H(mem − 1);  mem −= s (detached);  β = 0.9
    loss = cross_entropy(Σ_t s4(t), labels), Adam(lr 1e-3, cosine annealing over the epochs), batch 64, 8 steps

    /usr/bin/python3 bench/pytorch/fashion_mnist_conv_torch.py --epochs 1 --json /tmp/torch-cnn.json
"""
import argparse
import json
import os
import time

import torch
import torch.nn.functional as F

from fashion_mnist_snntorch import DATA, FastSigmoidSpike, load


def spike(u):
    return FastSigmoidSpike.apply(u)


def leaky(currents, beta, threshold=1.0):
    """Membranes over time for currents [T, ...]: reset by subtraction after the spike, not differentiated."""
    mem = torch.zeros_like(currents[0])
    spikes = []
    for current in currents:
        mem = beta * mem + current
        s = spike(mem - threshold)
        mem = mem - threshold * s.detach()
        spikes.append(s)
    return torch.stack(spikes)


def max_pool_spikes(spikes):
    """max_pool2d(kernel = 2) into SpikeMax neurons: a window spikes when any of its inputs did."""
    return spike(F.max_pool2d(spikes, 2) - 0.5)


class Network(torch.nn.Module):
    def __init__(self, steps, batch_norm, beta=0.9):
        super().__init__()
        self.conv1 = torch.nn.Conv2d(1, 16, 3, padding=1, bias=not batch_norm)
        self.conv2 = torch.nn.Conv2d(16, 32, 3, padding=1, bias=not batch_norm)
        self.norm1 = torch.nn.BatchNorm2d(16) if batch_norm else torch.nn.Identity()
        self.norm2 = torch.nn.BatchNorm2d(32) if batch_norm else torch.nn.Identity()
        self.fc1 = torch.nn.Linear(32 * 7 * 7, 128)
        self.fc2 = torch.nn.Linear(128, 10)
        self.steps, self.beta = steps, beta

    def forward(self, x):
        batch, steps = x.shape[0], self.steps
        current1 = self.norm1(self.conv1(x.view(batch, 1, 28, 28)))
        s1 = leaky(current1.unsqueeze(0).expand(steps, *current1.shape), self.beta)
        p1 = max_pool_spikes(s1.flatten(0, 1))
        s2 = leaky(self.norm2(self.conv2(p1)).view(steps, batch, 32, 14, 14), self.beta)
        p2 = max_pool_spikes(s2.flatten(0, 1))
        s3 = leaky(self.fc1(p2.flatten(1)).view(steps, batch, 128), self.beta)
        s4 = leaky(self.fc2(s3), self.beta)
        return s4.sum(0)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N training and N test samples")
    parser.add_argument("--steps", type=int, default=8)
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--lr", type=float, default=1e-3)
    parser.add_argument("--schedule", choices=["constant", "cosine"], default="cosine", help="cosine: CosineAnnealingLR over the epochs")
    parser.add_argument("--no-batch-norm", action="store_true", help="the network without BatchNorm2d")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--threads", type=int, default=os.cpu_count(), help="torch threads (default: all cores)")
    parser.add_argument("--data", default=DATA, help="folder with the Fashion-MNIST .gz files")
    parser.add_argument("--json", help="write {'epochs': [{epoch, seconds, train_loss, test_accuracy}], ...} here")
    args = parser.parse_args()

    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    FastSigmoidSpike.slope = 5.0
    train_x, train_y = load(args.data, "train", args.limit)
    test_x, test_y = load(args.data, "t10k", args.limit)
    net = Network(args.steps, batch_norm=not args.no_batch_norm)
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr, betas=(0.9, 0.999))
    schedule = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, args.epochs) if args.schedule == "cosine" else None

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
            loss = F.cross_entropy(net(train_x[index]), train_y[index])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            total += loss.item()
            batches += 1
        seconds = time.perf_counter() - started
        if schedule is not None:
            schedule.step()

        net.eval()
        correct = 0
        with torch.no_grad():
            for start in range(0, len(test_x), args.batch):
                counts = net(test_x[start:start + args.batch])
                correct += (counts.argmax(dim=1) == test_y[start:start + args.batch]).sum().item()
        record = {"epoch": epoch, "seconds": seconds, "train_loss": total / batches, "test_accuracy": correct / len(test_x)}
        epochs.append(record)
        print(f"{epoch:>5} {seconds:>9.1f} {record['train_loss']:>11.4f} {record['test_accuracy']:>14.4f}", flush=True)

    if args.json:
        summary = {"framework": f"pytorch {torch.__version__}", "style": "multi-step", "threads": torch.get_num_threads(), "epochs": epochs}
        temporary = args.json + ".tmp"
        with open(temporary, "w") as f:
            json.dump(summary, f, indent=2)
        os.replace(temporary, args.json)


if __name__ == "__main__":
    main()
