using System.Linq;
using SpikeLang.Neuromorphic.Chip;
using SpikeLang.Neuromorphic.Tests.Chip.Networks;
using SpikeLang.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace SpikeLang.Neuromorphic.Tests.Chip;

/// <summary>
/// The path a trained Fashion-MNIST network takes, on a smaller dense network of Leaky neurons with
/// random weights and biases loaded the way trained weights are: discrete updates, dense layers,
/// layer biases as compartment bias, reset by subtraction approximated by reset to 0.
/// </summary>
public class DenseNetworkChipTests(ITestOutputHelper output)
{
    [Fact]
    public void Dense_leaky_tables_and_fixed_point_network_spike_identically_for_10000_steps()
    {
        QuantizedNetwork network = Quantizer.Quantize(WithRandomWeights(seed: 11));
        QuantizedPopulation hidden = network.PopulationsByName["hidden"];
        Assert.Equal(["mem"], hidden.Channels);
        // mem' = 0.95·mem + input: dv = 4096 · 0.05 = 204.8 → 205; input empties every step (du = 4095).
        Assert.All(hidden.Compartments, c => Assert.Equal((205, 4095), (c.VoltageDecay, c.CurrentDecay)));
        Assert.Contains(network.Notes, note => note.Contains("reset by addition") && note.Contains("'hidden'"));
        Assert.Contains(hidden.Compartments, c => c.BiasMantissa != 0);

        using var folder = new TempFolder();
        ChipTableWriter.Write(ChipCompiler.Map(network, ChipLimits.Loihi1), folder.Path);
        var input = new BernoulliSpikes(seed: 11, probability: 0.05);
        SpikeRecord fromTables = new TableSimulator(ChipTableReader.Read(folder.Path), input).Run(10_000);
        SpikeRecord fromModel = new FixedPointSimulator(network, input).Run(10_000);
        output.WriteLine($"hidden {fromModel.Of("hidden").Count} spikes, out {fromModel.Of("out").Count} spikes");
        Assert.True(fromModel.Of("out").Count > 100, "the output layer should spike");
        Assert.Null(fromModel.FirstDifference(fromTables));
    }

    [Fact]
    public void Dense_leaky_weights_keep_their_sign_and_relative_size()
    {
        NetworkDescriptor descriptor = WithRandomWeights(seed: 12);
        QuantizedNetwork network = Quantizer.Quantize(descriptor);
        QuantizedConnection layer = network.Connections[0];
        float[] weights = descriptor.Connections[0].SynapseState["w"];
        Assert.Equal(weights.Length, layer.SynapseCount);
        Assert.True(layer.Quality!.MaxRelativeError <= 0.5 / ChipLimits.MaxWeightMantissa + 1e-9, $"max weight error {layer.Quality.MaxRelativeError}");
        Assert.All(Enumerable.Range(0, weights.Length), s => Assert.True(layer.WeightMantissa[s] == 0 || System.Math.Sign(layer.WeightMantissa[s]) == System.Math.Sign(weights[s])));
    }

    /// <summary>Uniform random weights in ±0.3 and biases in [0, 0.02], set through SetWeights as a trained weight file would be.</summary>
    [Fact]
    public void A_same_step_connection_is_refused_by_name()
    {
        NetworkDescriptor descriptor = WithRandomWeights(seed: 13);
        var connections = descriptor.Connections.ToList();
        connections[1] = connections[1] with { SameStep = true };

        var error = Assert.Throws<ChipCompilationException>(() => Quantizer.Quantize(descriptor with { Connections = connections }));

        Assert.Contains($"Connection {connections[1].Source} -> {connections[1].Target}", error.Message);
        Assert.Contains("same_step", error.Message);
        Assert.Contains("next step", error.Message);
    }

    private static NetworkDescriptor WithRandomWeights(ulong seed)
    {
        var net = new DenseLeaky(seed);
        var random = new RandomStream(seed);
        var weights = new WeightSet();
        foreach (NamedTensor tensor in net.GetWeights())
        {
            float[] values = tensor.Values.Select(_ => tensor.Name.EndsWith(".b") ? (float)random.Uniform(0, 0.02) : (float)random.Uniform(-0.3, 0.3)).ToArray();
            weights.Add(tensor.Name, tensor.Shape, values);
        }

        net.SetWeights(weights);
        return net.Describe();
    }
}
