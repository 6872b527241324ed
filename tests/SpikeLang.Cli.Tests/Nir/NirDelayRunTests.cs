using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SpikeLang.Cli.Simulation;
using SpikeLang.Neuromorphic.Nir;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Cli.Tests.Nir;

/// <summary>
/// NIR Delay nodes through <c>spikelang nir import</c> and <c>export</c>, run: an imported Delay shifts the spikes that
/// reach the next layer by its steps, and a delayed SpikeLang network exports and imports back to the same weights,
/// delays and spikes.
/// </summary>
public class NirDelayRunTests
{
    private const double Dt = 1e-3;
    private const int Steps = 300;

    private static NirNode Node(string name, string type, params (string Field, NirTensor Value)[] fields) =>
        new(name, type, fields.ToDictionary(f => f.Field, f => f.Value));

    private static NirTensor Uniform(int n, double value) => NirTensor.Vector(Enumerable.Repeat(value, n).ToArray());

    private static NirNode L1() => Node("l1", "LIF", ("tau", Uniform(3, 0.02)), ("r", Uniform(3, 1)), ("v_leak", Uniform(3, 0.1)), ("v_threshold", Uniform(3, 0.5)), ("v_reset", Uniform(3, 0)));

    private static NirNode L2() => Node("l2", "LIF", ("tau", Uniform(2, 0.01)), ("r", Uniform(2, 1)), ("v_leak", Uniform(2, 0)), ("v_threshold", Uniform(2, 0.4)), ("v_reset", Uniform(2, 0)));

    private static NirNode W1() => Node("w1", "Affine", ("weight", NirTensor.Matrix(3, 2, new[] { 0.9, -0.2, 0.1, 0.7, -0.4, 0.8 })), ("bias", NirTensor.Vector(0.3, 0.2, 0.4)));

    private static NirNode W2() => Node("w2", "Linear", ("weight", NirTensor.Matrix(2, 3, new[] { 3.0, 2.5, 1.5, 1.5, 2.0, 4.0 })));

    /// <summary>
    /// in[2] → Affine → l1 LIF[3] → Delay → Linear → l2 LIF[2], both layers recorded: the Delay delays each of l1's
    /// neurons by its <paramref name="steps"/>.
    /// </summary>
    private static NirGraph Delayed(int[] steps) => new(
        new[]
        {
            Node("in", "Input", ("shape", NirTensor.Vector(2))), W1(), L1(),
            Node("d", "Delay", ("delay", NirTensor.Vector(steps.Select(s => s * Dt).ToArray()))), W2(), L2(),
            Node("l1_out", "Output", ("shape", NirTensor.Vector(3))), Node("l2_out", "Output", ("shape", NirTensor.Vector(2))),
        },
        new[]
        {
            new NirEdge("in", "w1"), new NirEdge("w1", "l1"), new NirEdge("l1", "d"), new NirEdge("d", "w2"), new NirEdge("w2", "l2"),
            new NirEdge("l1", "l1_out"), new NirEdge("l2", "l2_out"),
        });

    /// <summary>Slowly varying currents into both inputs; float32 as the simulator stores them.</summary>
    private static float[][] Values() => Enumerable.Range(0, Steps)
        .Select(k => new[] { (float)(0.6 + 0.5 * Math.Sin(k * 0.05)), (float)(0.4 + 0.5 * Math.Cos(k * 0.031)) })
        .ToArray();

    /// <summary>Runs <paramref name="graph"/> in <see cref="NirReferenceSimulator"/> with the values per step of each Input; the spikes of <paramref name="population"/>.</summary>
    private static List<(long Step, int Neuron)> Reference(NirGraph graph, bool sameStep, string population, Func<int, Dictionary<string, double[]>> inputs)
    {
        var reference = new NirReferenceSimulator(graph, Dt, sameStep);
        var spikes = new List<(long Step, int Neuron)>();
        for (int step = 0; step < Steps; step++)
        {
            spikes.AddRange(reference.Step(inputs(step))[population].Select(neuron => ((long)step, neuron)));
        }

        return spikes;
    }

    /// <summary>
    /// The reference without Delay, in two parts: the first layer alone, then the second layer driven through the Linear by
    /// an Input that replays each first-layer neuron's spikes its <paramref name="shift"/> steps late, the Delay's definition.
    /// </summary>
    private static (List<(long Step, int Neuron)> L1, List<(long Step, int Neuron)> L2) ShiftedReference(bool sameStep, int[] shift)
    {
        float[][] values = Values();
        var first = new NirGraph(
            new[] { Node("in", "Input", ("shape", NirTensor.Vector(2))), W1(), L1() },
            new[] { new NirEdge("in", "w1"), new NirEdge("w1", "l1") });
        var l1 = Reference(first, sameStep, "l1", step => new() { ["in"] = values[step].Select(v => (double)v).ToArray() });

        var second = new NirGraph(
            new[] { Node("replay", "Input", ("shape", NirTensor.Vector(3))), W2(), L2() },
            new[] { new NirEdge("replay", "w2"), new NirEdge("w2", "l2") });
        var l2 = Reference(second, sameStep, "l2", step =>
        {
            double[] replayed = new double[3];
            foreach (var (_, neuron) in l1.Where(s => s.Step == step - shift[s.Neuron]))
            {
                replayed[neuron] = 1;
            }

            return new() { ["replay"] = replayed };
        });
        return (l1, l2);
    }

    [Theory]
    [InlineData("same-step", true, new[] { 3, 3, 3 }, "connect l1 -> l2 all delay 2 ms\n")]
    [InlineData("one-step", false, new[] { 3, 3, 3 }, "connect l1 -> l2 all delay 3 ms\n")]
    [InlineData("same-step", true, new[] { 2, 5, 1 }, "connect l1 -> l2 all delay where(i < 1, 1 ms, where(i < 2, 4 ms, 0 ms))\n")]
    [InlineData("one-step", false, new[] { 2, 5, 1 }, "connect l1 -> l2 all delay where(i < 1, 2 ms, where(i < 2, 5 ms, 1 ms))\n")]
    public void An_imported_Delay_feeds_the_next_layer_the_spikes_of_its_steps_before(string timing, bool sameStep, int[] steps, string line)
    {
        var (l1, l2) = ShiftedReference(sameStep, steps);
        using var temp = new TempDirectory();
        string nir = Path.Combine(temp.Path, "delayed.nir");
        NirWriter.Write(nir, new NirDocument(NirDocument.CurrentVersion, Delayed(steps)));
        var import = CliRunner.Run("nir", "import", nir, "-o", temp.Path, "--dt", "1ms", "--timing", timing);
        Assert.True(import.ExitCode == 0, import.Stderr);
        Assert.Contains("1 dense connections, 1 delayed connections, 0 convolutions and poolings", import.Stdout);
        Assert.Contains(line, File.ReadAllText(Path.Combine(temp.Path, "delayed.snn")));

        var engine = NirEngineRun.Run(Path.Combine(temp.Path, "delayed.snn"), Path.Combine(temp.Path, "delayed.slw"), "in", Values(), new[] { "l1", "l2" });

        Assert.True(l2.Count > 10, $"reference spikes of the second layer: {l2.Count}");
        // A step less of delay gives other spikes: the comparison sees an off-by-one.
        Assert.NotEqual(ShiftedReference(sameStep, steps.Select(s => s - 1).ToArray()).L2, l2);
        Assert.Equal(l1, engine["l1"]);
        Assert.Equal(l2, engine["l2"]);
    }

    /// <summary>
    /// A network with delayed 'all' connections NIR can express: a feed-forward one, two on a cycle, and delays per
    /// synapse of the target and of the source. <c>x -> h</c> is <c>same_step</c> or not, which makes the network one of
    /// same-step or one-step timing.
    /// </summary>
    private static string Network(bool sameStep) => $$"""
        neuron Cell {
            parameters { tau = 20 ms; r = 2; v_leak = 0; v_threshold = 1; v_reset = 0 }
            state { v = 0 }
            equations { dv/dt = (v_leak - v + r * input) / tau }
            threshold v > v_threshold
            reset { v = v_reset }
        }

        network Delays {
            dt = 1 ms
            input x[6]
            population h = Cell[5]
            population o = Cell[3]
            population r = Cell[2]
            connect x -> h dense{{(sameStep ? " same_step" : "")}}
            connect h -> o all delay 2 ms synapse Static(w = 2 + (i + 2 * j) % 3)
            connect o -> h all delay 1 ms synapse Static(w = -0.5 * (1 + (i + j) % 2))
            connect h -> r all delay 3 ms synapse Static(w = 1.5 + 0.5 * i - 0.25 * j)
            connect x -> r all delay (2 * j + 1) * 1 ms synapse Static(w = 0.5 + 0.25 * i)
            connect o -> r all delay (3 - i) * 1 ms synapse Static(w = 1.25)
        }
        """;

    [Theory]
    [InlineData(true, "same-step")]
    [InlineData(false, "one-step")]
    public void A_delayed_network_exports_and_imports_back_with_the_same_weights_delays_and_spikes(bool sameStep, string timing)
    {
        using var temp = new TempDirectory();
        string snn = temp.Write("delays.snn", Network(sameStep));
        // The network's own synapse weights, and dense weights of the input layer other than the default 1.
        string original = Path.Combine(temp.Path, "original.slw");
        using (var built = BuiltNetwork.Build(snn, null, "NirDelayWeights" + timing.Replace("-", ""), 0, null, TextWriter.Null, out int exit))
        {
            Assert.True(built is not null, $"exit {exit}");
            var weights = new WeightSet();
            foreach (NamedTensor tensor in built!.Network.GetWeights())
            {
                float[] values = tensor.Name switch
                {
                    "x_to_h.w" => Enumerable.Range(0, 30).Select(k => (float)(1 + 0.25 * (k % 5))).ToArray(),
                    "x_to_h.b" => new[] { 0.125f, 0, 0.25f, 0, 0.0625f },
                    _ => tensor.Values,
                };
                weights.Add(tensor.Name, tensor.Shape, values);
            }

            WeightFile.Save(original, weights);
        }

        string nir = Path.Combine(temp.Path, "delays.nir");
        var export = CliRunner.Run("nir", "export", snn, "--weights", original, "-o", nir);
        Assert.True(export.ExitCode == 0, export.Stderr);
        string back = Path.Combine(temp.Path, "back");
        var import = CliRunner.Run("nir", "import", nir, "-o", back, "--dt", "1ms", "--timing", timing, "--name", "Delays");
        Assert.True(import.ExitCode == 0, import.Stderr);

        string imported = File.ReadAllText(Path.Combine(back, "delays.snn"));
        Assert.Contains(sameStep ? "    connect x -> h dense same_step\n" : "    connect x -> h dense\n", imported);
        Assert.Contains("    connect h -> o all delay 2 ms\n", imported);
        Assert.Contains("    connect o -> h all delay 1 ms\n", imported);
        Assert.Contains("    connect h -> r all delay 3 ms\n", imported);
        Assert.Contains("    connect x -> r all delay where(j < 1, 1 ms, 3 ms)\n", imported);
        Assert.Contains("    connect o -> r all delay where(i < 1, 3 ms, where(i < 2, 2 ms, 1 ms))\n", imported);

        using var before = BuiltNetwork.Build(snn, null, "NirDelayOriginal" + timing.Replace("-", ""), 0, original, TextWriter.Null, out int originalExit);
        using var after = BuiltNetwork.Build(Path.Combine(back, "delays.snn"), null, "NirDelayImported" + timing.Replace("-", ""), 0, Path.Combine(back, "delays.slw"), TextWriter.Null, out int importedExit);
        Assert.True(before is not null && after is not null, $"exit {originalExit}, {importedExit}");

        // The same weights, synapse for synapse.
        WeightSet expected = before!.Network.GetWeights(), got = WeightFile.Load(Path.Combine(back, "delays.slw"));
        foreach (string name in new[] { "x_to_h.w", "x_to_h.b", "h_to_o.w", "o_to_h.w", "h_to_r.w", "x_to_r.w", "o_to_r.w" })
        {
            Assert.Equal(expected.Find(name)!.Values, got.Find(name)!.Values);
        }

        // The same spikes from the same input spikes.
        var random = new Random(7);
        var input = Enumerable.Range(0, 120).Select(_ => Enumerable.Range(0, 6).Where(_ => random.NextDouble() < 0.3).ToArray()).ToList();
        var spikesBefore = NetworkDriver.Drive(before.Network, "x", input.Count, step => input[step]);
        var spikesAfter = NetworkDriver.Drive(after!.Network, "x", input.Count, step => input[step]);
        foreach (string population in new[] { "h", "o", "r" })
        {
            Assert.True(spikesBefore[population].Count > 10, $"{population} spikes {spikesBefore[population].Count} times: the test would show little");
            Assert.Equal(spikesBefore[population], spikesAfter[population]);
        }
    }
}
