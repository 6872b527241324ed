using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Text.Json;
using SpikeLang.Neuromorphic.Chip;
using SpikeLang.Neuromorphic.Tests.Chip.Networks;
using SpikeLang.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace SpikeLang.Neuromorphic.Tests.Chip;

/// <summary>
/// Convolutions and poolings on the chip: expanded into the synapses the float simulator's scatter
/// reaches, quantized and mapped as dense connections, their bias in the compartments' bias, their
/// cost in the report, and a small CNN whose tables spike as its fixed-point model does and whose
/// fixed-point model spikes about as often as the float simulator.
/// </summary>
public class ConvolutionChipTests(ITestOutputHelper output)
{
    private delegate void ScatterInto(Span<double> output, int source);

    [Fact]
    public void Every_geometry_expands_into_the_synapses_the_simulators_scatter_reaches()
    {
        NetworkDescriptor descriptor = new ConvShapes(seed: 3).Describe();
        ConvolutionDescriptor Find(string target) => descriptor.Convolutions.Single(c => c.Target == target);
        double[] Kernel(string target) => Find(target).Weights!.Select(w => (double)w).ToArray();

        // The generated simulator's own scatter (the code every step of the float network runs) is the reference.
        AssertExpandsLikeTheScatter(Find("same"), (o, s) => ConvShapes.ImgToSameConnection.Scatter<double>(o, Kernel("same"), s, 1.0));
        AssertExpandsLikeTheScatter(Find("strided"), (o, s) => ConvShapes.ImgToStridedConnection.Scatter<double>(o, Kernel("strided"), s, 1.0));
        AssertExpandsLikeTheScatter(Find("valid"), (o, s) => ConvShapes.ImgToValidConnection.Scatter<double>(o, Kernel("valid"), s, 1.0));
        AssertExpandsLikeTheScatter(Find("averaged"), (o, s) => ConvShapes.ImgToAveragedConnection.Scatter<double>(o, s, 1.0));
        AssertExpandsLikeTheScatter(Find("overlapping"), (o, s) => ConvShapes.ImgToOverlappingConnection.Scatter<double>(o, s, 1.0));
        AssertExpandsLikeTheScatter(Find("line"), (o, s) => ConvShapes.SeqToLineConnection.Scatter<double>(o, Kernel("line"), s, 1.0));
    }

    [Fact]
    public void The_report_gives_each_expanded_convolution_its_synapses_beside_its_shared_weights()
    {
        QuantizedNetwork network = Quantizer.Quantize(WithRandomWeights(seed: 21).Describe());
        // 3×3 with padding 1 over 6×6: 16 (position, tap) pairs per axis, so 16·16 per input and output channel, 2 output channels.
        QuantizedConnection conv = network.Connections.Single(c => c.Target == "c1");
        Assert.Equal(2 * 16 * 16, conv.SynapseCount);
        Assert.Equal(new ExpandedConvolution("connect img -> c1 conv2d(kernel = 3, padding = 1) (ConvChip.snn line 20)", "conv2d", 2 * 1 * 3 * 3), conv.Convolution);
        // Pooling 2×2 with stride 2: every c1 neuron reaches exactly one p1 neuron.
        QuantizedConnection pool = network.Connections.Single(c => c.Target == "p1");
        Assert.Equal(2 * 6 * 6, pool.SynapseCount);
        Assert.Equal(1, pool.Convolution!.SharedWeights);
        Assert.Null(network.Connections.Single(c => c.Target == "out").Convolution);

        using var folder = new TempFolder();
        ChipTables tables = ChipCompiler.Map(network, ChipLimits.Loihi1);
        ChipReportWriter.Write(folder.Path, network, ResourceReport.Of(tables, ChipLimits.Loihi1));
        using JsonDocument report = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, ChipReportWriter.ReportFile)));
        JsonElement written = report.RootElement.GetProperty("connections").EnumerateArray().Single(c => c.GetProperty("target").GetString() == "c1");
        Assert.Equal(512, written.GetProperty("synapses").GetInt32());
        Assert.Equal("conv2d", written.GetProperty("expandedFrom").GetProperty("kind").GetString());
        Assert.Equal(18, written.GetProperty("expandedFrom").GetProperty("sharedWeights").GetInt32());
    }

    [Fact]
    public void A_convolutions_bias_becomes_the_bias_of_its_output_channels_compartments()
    {
        NetworkDescriptor descriptor = WithRandomWeights(seed: 22).Describe();
        float[] bias = descriptor.Convolutions.Single(c => c.Target == "c1").Bias!;
        QuantizedPopulation c1 = Quantizer.Quantize(descriptor).PopulationsByName["c1"];
        double scale = c1.Quality!.Scale;
        for (int neuron = 0; neuron < c1.Size; neuron++)
        {
            // mem = beta·mem + input, reset to 0: the bias per step is the channel's bias itself.
            CompartmentParameters soma = c1.Compartments[neuron];
            double realized = LoihiArithmetic.Bias(soma.BiasMantissa, soma.BiasExponent) / scale;
            Assert.Equal(bias[neuron / 36], realized, tolerance: 1e-3 * Math.Abs(bias[neuron / 36]));
        }
    }

    [Fact]
    public void Small_cnn_tables_and_fixed_point_network_spike_identically_for_10000_steps()
    {
        QuantizedNetwork network = Quantizer.Quantize(WithRandomWeights(seed: 23).Describe());
        using var folder = new TempFolder();
        ChipTableWriter.Write(ChipCompiler.Map(network, ChipLimits.Loihi1), folder.Path);
        var input = new BernoulliSpikes(seed: 23, probability: 0.1);
        SpikeRecord fromTables = new TableSimulator(ChipTableReader.Read(folder.Path), input).Run(10_000);
        SpikeRecord fromModel = new FixedPointSimulator(network, input).Run(10_000);
        output.WriteLine($"c1 {fromModel.Of("c1").Count}, p1 {fromModel.Of("p1").Count}, out {fromModel.Of("out").Count} spikes");
        Assert.True(fromModel.Of("p1").Count > 1_000, "the pooling layer should spike");
        Assert.True(fromModel.Of("out").Count > 100, "the output layer should spike");
        Assert.Null(fromModel.FirstDifference(fromTables));
    }

    [Fact]
    public void Small_cnn_fixed_point_spike_counts_match_the_float_simulators_within_5_percent()
    {
        SmallCnn net = WithRandomWeights(seed: 25);
        QuantizedNetwork network = Quantizer.Quantize(net.Describe());
        var input = new BernoulliSpikes(seed: 25, probability: 0.1);
        SpikeRecord chip = new FixedPointSimulator(network, input).Run(10_000);
        // The float network gets the same input spikes; both see a spike of step t in their update of step t + 1.
        var spikes = new List<int>();
        for (int step = 0; step < 10_000; step++)
        {
            spikes.Clear();
            input.Collect(step, "img", net.img.Count, spikes);
            net.img.SetSpikes(CollectionsMarshal.AsSpan(spikes));
            net.Step();
        }

        foreach ((string name, long floatSpikes) in new[] { ("c1", net.c1.SpikeCount), ("p1", net.p1.SpikeCount), ("out", net.@out.SpikeCount) })
        {
            long chipSpikes = chip.Of(name).Count;
            output.WriteLine($"{name}: float {floatSpikes}, fixed point {chipSpikes} spikes");
            Assert.True(floatSpikes > 1_000, $"{name} should spike");
            Assert.InRange(chipSpikes, floatSpikes * 0.95, floatSpikes * 1.05);
        }
    }

    [Fact]
    public void A_same_step_convolution_is_refused_by_its_statement()
    {
        NetworkDescriptor descriptor = WithRandomWeights(seed: 24).Describe();
        var convolutions = descriptor.Convolutions.Select(c => c.Target == "p1" ? c with { SameStep = true } : c).ToList();

        var error = Assert.Throws<ChipCompilationException>(() => Quantizer.Quantize(descriptor with { Convolutions = convolutions }));

        Assert.Contains("'connect c1 -> p1 sum_pool2d(kernel = 2) (ConvChip.snn line 21)'", error.Message, StringComparison.Ordinal);
        Assert.Contains("next step", error.Message, StringComparison.Ordinal);
        Assert.Contains("remove 'same_step'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Max_pooling_is_refused_by_its_statement_with_the_pooling_a_chip_can_run()
    {
        NetworkDescriptor descriptor = WithRandomWeights(seed: 25).Describe();
        var convolutions = descriptor.Convolutions.Select(c => c.Target == "p1" ? c with { Kind = "max_pool2d" } : c).ToList();

        var error = Assert.Throws<ChipCompilationException>(() => Quantizer.Quantize(descriptor with { Convolutions = convolutions }));

        Assert.Contains("connect c1 -> p1", error.Message, StringComparison.Ordinal);
        Assert.Contains("max pooling is not a sum of weighted spikes", error.Message, StringComparison.Ordinal);
        Assert.Contains("sum_pool2d into threshold neurons", error.Message, StringComparison.Ordinal);
    }

    private static void AssertExpandsLikeTheScatter(ConvolutionDescriptor convolution, ScatterInto scatter)
    {
        ConnectionDescriptor expanded = ConvolutionExpansion.Expand(convolution);
        Assert.Equal(convolution.InputShape.Aggregate(1, (a, b) => a * b), expanded.Connectivity.Rows);
        Assert.Equal(convolution.OutputShape.Aggregate(1, (a, b) => a * b), expanded.Connectivity.ColumnCount);
        float[] weights = expanded.SynapseState[expanded.Effect!.SynapseVariable!];
        for (int source = 0; source < expanded.Connectivity.Rows; source++)
        {
            var expected = new double[expanded.Connectivity.ColumnCount];
            scatter(expected, source);
            var actual = new double[expected.Length];
            int first = expanded.Connectivity.RowStart[source], end = expanded.Connectivity.RowStart[source + 1];
            for (int s = first; s < end; s++)
            {
                actual[expanded.Connectivity.Columns[s]] += weights[s];
            }

            Assert.Equal(expected, actual);
            // Kernel weights are random, never 0: one synapse per position reached, none to spare.
            Assert.Equal(expected.Count(v => v != 0), end - first);
        }
    }

    /// <summary>Kernel and dense weights uniform in [−0.3, 0.6] and biases in [0, 0.05], set as a trained weight file would be.</summary>
    private static SmallCnn WithRandomWeights(ulong seed)
    {
        var net = new SmallCnn(seed);
        var random = new RandomStream(seed);
        var weights = new WeightSet();
        foreach (NamedTensor tensor in net.GetWeights())
        {
            float[] values = tensor.Values.Select(_ => tensor.Name.EndsWith(".b", StringComparison.Ordinal) ? (float)random.Uniform(0, 0.05) : (float)random.Uniform(-0.3, 0.6)).ToArray();
            weights.Add(tensor.Name, tensor.Shape, values);
        }

        net.SetWeights(weights);
        return net;
    }
}
