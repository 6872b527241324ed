"""Writes tests/fixtures/nir/cnn_sinabs_style.nir and the spikes its reference forward pass gives.

A small spiking CNN in the layout Sinabs exports (Sinabs' ``to_nir``: IAF layers become NIR ``IF`` with
r = 1, v_reset = 0; sum pooling ``SumPool2d``; ``Flatten`` before the dense layer):

    Input [1, 8, 8] -> Conv2d(1 -> 2, 3x3, padding 1) -> IF [2, 8, 8] -> SumPool2d(2) -> IF [2, 4, 4]
                    -> Flatten -> Affine(32 -> 3) -> IF [3]

with an Output after each IF. The file is written by the NIR Python package (neuromorphs/NIR, ``nir.write``).
The reference forward pass runs the same layers with PyTorch's own ``conv2d`` and ``avg_pool2d`` (times 4:
a sum pool), step by step in the order snnTorch and Sinabs evaluate a feed-forward network (every layer sees
the spikes of the layer before it in the same step), and NIR's IF: v += r * I (Sinabs' discrete step, which is
NIR's dv/dt = r * I over a step of 1 s), a spike when v > v_threshold, then v = v_reset. Sinabs itself is not
run: its default IAF emits several spikes per step and subtracts the threshold, which its NIR export does not
record; the reference is the single-spike, reset-to-zero IF that the file says.

Weights and biases are multiples of 1/16 and the input is spikes, so every sum is exact in float32 and float64
alike: the spikes do not depend on the order of the additions.

Run (Debian's python3-torch and python3-h5py; NIR from its repository):
    PYTHONPATH=/path/to/NIR /usr/bin/python3 bench/nir/make_cnn_fixture.py tests/fixtures/nir
"""

import json
import pathlib
import sys

import nir
import numpy as np
import torch
import torch.nn.functional as F

STEPS = 20
THRESHOLD = 1.0


def quantized(generator, shape, scale):
    """Uniform values in [-scale, scale], rounded to multiples of 1/16."""
    values = (torch.rand(shape, generator=generator) * 2 - 1) * scale
    return torch.round(values * 16) / 16


def main(out_dir: pathlib.Path) -> None:
    generator = torch.Generator().manual_seed(7)
    conv_w = quantized(generator, (2, 1, 3, 3), 1.0) + 0.25
    conv_b = quantized(generator, (2,), 0.25)
    dense_w = quantized(generator, (3, 32), 1.0) + 0.25
    dense_b = quantized(generator, (3,), 0.25)
    inputs = (torch.rand((STEPS, 1, 8, 8), generator=generator) < 0.35).float()

    def if_node(shape):
        return nir.IF(r=np.ones(shape, np.float32), v_threshold=np.full(shape, THRESHOLD, np.float32),
                      v_reset=np.zeros(shape, np.float32))

    graph = nir.NIRGraph(
        nodes={
            "input": nir.Input(input_type=np.array([1, 8, 8])),
            "conv": nir.Conv2d(input_shape=(8, 8), weight=conv_w.numpy(), stride=1, padding=1, dilation=1, groups=1,
                               bias=conv_b.numpy()),
            "if1": if_node((2, 8, 8)),
            "pool": nir.SumPool2d(kernel_size=np.array([2, 2]), stride=np.array([2, 2]), padding=np.array([0, 0])),
            "if2": if_node((2, 4, 4)),
            "flatten": nir.Flatten(input_type={"input": np.array([2, 4, 4])}, start_dim=0, end_dim=-1),
            "dense": nir.Affine(weight=dense_w.numpy(), bias=dense_b.numpy()),
            "if3": if_node((3,)),
            "out1": nir.Output(output_type=np.array([2, 8, 8])),
            "out2": nir.Output(output_type=np.array([2, 4, 4])),
            "out3": nir.Output(output_type=np.array([3])),
        },
        edges=[("input", "conv"), ("conv", "if1"), ("if1", "pool"), ("pool", "if2"), ("if2", "flatten"),
               ("flatten", "dense"), ("dense", "if3"), ("if1", "out1"), ("if2", "out2"), ("if3", "out3")],
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    nir.write(out_dir / "cnn_sinabs_style.nir", graph)

    v1, v2, v3 = torch.zeros(2, 8, 8), torch.zeros(2, 4, 4), torch.zeros(3)

    def fire(v):
        spikes = (v > THRESHOLD).float()
        return spikes, v * (1 - spikes)  # v_reset = 0

    recorded = {"if1": [], "if2": [], "if3": []}
    for step in range(STEPS):
        v1 = v1 + F.conv2d(inputs[step].unsqueeze(0), conv_w, conv_b, padding=1)[0]
        s1, v1 = fire(v1)
        v2 = v2 + F.avg_pool2d(s1.unsqueeze(0), 2)[0] * 4
        s2, v2 = fire(v2)
        v3 = v3 + F.linear(s2.flatten(), dense_w, dense_b)
        s3, v3 = fire(v3)
        for name, spikes in (("if1", s1), ("if2", s2), ("if3", s3)):
            recorded[name] += [[step, int(i)] for i in torch.nonzero(spikes.flatten()).flatten()]

    expected = {
        "about": "Written by bench/nir/make_cnn_fixture.py: input spikes and the reference forward pass's spikes, "
                 "each [step, flat C-order index].",
        "steps": STEPS,
        "input": [[step, int(i)] for step in range(STEPS) for i in torch.nonzero(inputs[step].flatten()).flatten()],
        "spikes": recorded,
    }
    (out_dir / "cnn_sinabs_style.json").write_text(json.dumps(expected, separators=(",", ":")) + "\n")
    print({name: len(spikes) for name, spikes in recorded.items()})


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "."))
