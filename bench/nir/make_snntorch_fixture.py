"""Writes tests/fixtures/nir/cnn_snntorch.nir and the spikes snnTorch itself gives for it.

A small spiking CNN built from snnTorch's own classes:

    Conv2d(1 -> 4, 3x3, padding 1) -> snn.Leaky [4, 8, 8] -> AvgPool2d(2) -> Flatten -> Linear(64 -> 4)
                                   -> snn.Leaky(output=True) [4]

run by snnTorch's forward pass (``init_hidden=True``: the module keeps its membrane between calls) for 20
steps of input spikes [1, 8, 8], with a forward hook recording each Leaky layer's spikes, and exported by
snnTorch's own ``snntorch.export_nir.export_to_nir`` (which traces the model with nirtorch's
``extract_nir_graph``) and written with ``nir.write``.

Choices that make spike-for-spike equality a fair test:
- ``reset_mechanism="zero"``: snnTorch's export writes every Leaky as a LIF with v_reset = 0 whatever its reset
  mechanism, so a subtracting Leaky would be exported as a neuron it is not.
- beta = 0.5, weights and biases multiples of 1/16, input spikes: the membranes are short binary fractions, so
  float32 rounds them little or not at all, whatever the order of the additions.
- snnTorch's export writes beta as a LIF for forward Euler at dt = 1e-4 s (tau = dt / (1 - beta), r = tau / dt),
  in float32, so tau is 1e-4 / 0.5 rounded, and a simulator stepping that LIF computes 1 - dt / tau = beta only
  to about 1e-7. The threshold is 0.99, not 1: these sums land on 1.0 exactly, where such a rounding would decide
  the spike. The script checks that no membrane comes within MARGIN of the threshold, far more than any of these
  roundings, so none of them can move a spike.

Run (Debian's python3-torch and python3-h5py; snnTorch, NIR and nirtorch from their repositories, each given a
``<name>-<version>.dist-info`` folder on the path for its ``importlib.metadata`` version). nirtorch gathers the
edges in a set, so their order in the file follows Python's string hashing; PYTHONHASHSEED=0 makes reruns
byte for byte the same:
    PYTHONHASHSEED=0 PYTHONPATH=/path/to/snntorch:/path/to/NIR:/path/to/NIRTorch:/path/to/dist-infos \
        /usr/bin/python3 bench/nir/make_snntorch_fixture.py tests/fixtures/nir
"""

import collections
import json
import pathlib
import sys

import nir
import snntorch as snn
import torch
from snntorch.export_nir import export_to_nir

STEPS = 20
BETA = 0.5
THRESHOLD = 0.99
MARGIN = 1e-3


def quantized(generator, shape, scale):
    """Uniform values in [-scale, scale], rounded to multiples of 1/16."""
    values = (torch.rand(shape, generator=generator) * 2 - 1) * scale
    return torch.round(values * 16) / 16


def leaky(shape, output=False):
    """A Leaky with beta and threshold given per neuron: with scalars, the export writes LIF nodes of shape [],
    which NIR's type check (``infer_types``, called by the export) refuses after a [4, 8, 8] convolution; with
    only one of them per neuron, the LIF's own check refuses parameters of different shapes."""
    return snn.Leaky(beta=torch.full(shape, BETA), threshold=torch.full(shape, THRESHOLD), reset_mechanism="zero",
                     init_hidden=True, output=output)


def main(out_dir: pathlib.Path) -> None:
    generator = torch.Generator().manual_seed(11)
    net = torch.nn.Sequential(collections.OrderedDict([
        ("conv", torch.nn.Conv2d(1, 4, 3, padding=1)),
        ("lif1", leaky((4, 8, 8))),
        ("pool", torch.nn.AvgPool2d(2)),
        ("flatten", torch.nn.Flatten()),
        ("fc", torch.nn.Linear(64, 4)),
        ("lif2", leaky((4,), output=True)),
    ]))
    with torch.no_grad():
        net.conv.weight.copy_(quantized(generator, (4, 1, 3, 3), 1.0) + 0.25)
        net.conv.bias.copy_(quantized(generator, (4,), 0.25))
        net.fc.weight.copy_(quantized(generator, (4, 64), 1.0))
        net.fc.bias.copy_(quantized(generator, (4,), 0.25))
    inputs = (torch.rand((STEPS, 1, 1, 8, 8), generator=generator) < 0.35).float()

    spiking = {"lif1": net.lif1, "lif2": net.lif2}
    step_spikes = {}
    for name, layer in spiking.items():
        # The output layer returns (spikes, membrane); the hidden one its spikes.
        layer.register_forward_hook(
            lambda module, args, out, name=name: step_spikes.__setitem__(name, out[0] if isinstance(out, tuple) else out))

    recorded = {name: [] for name in spiking}
    closest = float("inf")
    with torch.no_grad():
        for step in range(STEPS):
            net(inputs[step])
            for name, layer in spiking.items():
                closest = min(closest, float((layer.mem - THRESHOLD).abs().min()))
                recorded[name] += [[step, int(i)] for i in torch.nonzero(step_spikes[name].flatten()).flatten()]
    assert closest > MARGIN, f"a membrane comes within {closest} of the threshold: choose another seed"

    graph = export_to_nir(net, torch.zeros(1, 1, 8, 8), ignore_dims=[0])
    out_dir.mkdir(parents=True, exist_ok=True)
    nir.write(out_dir / "cnn_snntorch.nir", graph)

    expected = {
        "about": f"Written by bench/nir/make_snntorch_fixture.py: input spikes and the spikes of snnTorch {snn.__version__}'s "
                 "own forward pass, each [step, flat C-order index].",
        "steps": STEPS,
        "input": [[step, int(i)] for step in range(STEPS) for i in torch.nonzero(inputs[step].flatten()).flatten()],
        "spikes": recorded,
    }
    (out_dir / "cnn_snntorch.json").write_text(json.dumps(expected, separators=(",", ":")) + "\n")
    print({name: len(spikes) for name, spikes in recorded.items()}, "closest membrane to threshold:", closest)
    print({name: type(node).__name__ for name, node in graph.nodes.items()}, sorted(graph.edges))


if __name__ == "__main__":
    main(pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "."))
