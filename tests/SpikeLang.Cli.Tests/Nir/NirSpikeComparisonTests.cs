using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SpikeLang.Neuromorphic.Nir;
using Xunit;

namespace SpikeLang.Cli.Tests.Nir;

/// <summary>Import → run gives the spikes of a direct simulation of the NIR equations.</summary>
public class NirSpikeComparisonTests
{
    private static NirNode Node(string name, string type, params (string Field, NirTensor Value)[] fields) =>
        new(name, type, fields.ToDictionary(f => f.Field, f => f.Value));

    private static NirTensor Uniform(int n, double value) => NirTensor.Vector(Enumerable.Repeat(value, n).ToArray());

    /// <summary>
    /// Input[2] → Affine → LIF[3], which feeds itself through a second Affine (recurrent) and a CubaLIF[2]
    /// through a Linear; both populations feed Outputs.
    /// </summary>
    private static NirGraph Recurrent() => new(
        new[]
        {
            Node("in", "Input", ("shape", NirTensor.Vector(2))),
            Node("w_in", "Affine", ("weight", NirTensor.Matrix(3, 2, new[] { 0.9, -0.2, 0.1, 0.7, -0.4, 0.8 })), ("bias", NirTensor.Vector(0.3, 0.2, 0.4))),
            Node("hidden", "LIF", ("tau", Uniform(3, 0.02)), ("r", Uniform(3, 1)), ("v_leak", Uniform(3, 0.1)), ("v_threshold", Uniform(3, 0.5)), ("v_reset", Uniform(3, 0))),
            Node("w_rec", "Affine", ("weight", NirTensor.Matrix(3, 3, new[] { 0, -0.3, 0.2, 0.4, 0, -0.1, -0.2, 0.5, 0 })), ("bias", NirTensor.Vector(0.01, 0.02, 0.03))),
            Node("w_out", "Linear", ("weight", NirTensor.Matrix(2, 3, new[] { 3.0, 2.0, 1.0, 1.0, 2.0, 4.0 }))),
            Node("out", "CubaLIF", ("tau_syn", Uniform(2, 0.005)), ("tau_mem", Uniform(2, 0.01)), ("r", Uniform(2, 2)), ("v_leak", Uniform(2, 0)),
                ("v_threshold", Uniform(2, 0.3)), ("v_reset", Uniform(2, 0)), ("w_in", Uniform(2, 1.5))),
            Node("hidden_out", "Output", ("shape", NirTensor.Vector(3))),
            Node("output", "Output", ("shape", NirTensor.Vector(2))),
        },
        new[]
        {
            new NirEdge("in", "w_in"), new NirEdge("w_in", "hidden"),
            new NirEdge("hidden", "w_rec"), new NirEdge("w_rec", "hidden"),
            new NirEdge("hidden", "w_out"), new NirEdge("w_out", "out"),
            new NirEdge("hidden", "hidden_out"), new NirEdge("out", "output"),
        });

    /// <summary>Input[2] → Affine → LIF[3] → Linear → CubaLIF[2] → Affine → LIF[2]: three layers, no cycle, each feeding an Output.</summary>
    private static NirGraph FeedForward() => new(
        new[]
        {
            Node("in", "Input", ("shape", NirTensor.Vector(2))),
            Node("w1", "Affine", ("weight", NirTensor.Matrix(3, 2, new[] { 0.9, -0.2, 0.1, 0.7, -0.4, 0.8 })), ("bias", NirTensor.Vector(0.3, 0.2, 0.4))),
            Node("l1", "LIF", ("tau", Uniform(3, 0.02)), ("r", Uniform(3, 1)), ("v_leak", Uniform(3, 0.1)), ("v_threshold", Uniform(3, 0.5)), ("v_reset", Uniform(3, 0))),
            Node("w2", "Linear", ("weight", NirTensor.Matrix(2, 3, new[] { 3.0, 2.0, 1.0, 1.0, 2.0, 4.0 }))),
            Node("l2", "CubaLIF", ("tau_syn", Uniform(2, 0.005)), ("tau_mem", Uniform(2, 0.01)), ("r", Uniform(2, 2)), ("v_leak", Uniform(2, 0)),
                ("v_threshold", Uniform(2, 0.3)), ("v_reset", Uniform(2, 0)), ("w_in", Uniform(2, 1.5))),
            Node("w3", "Affine", ("weight", NirTensor.Matrix(2, 2, new[] { 2.5, -0.5, 0.3, 2.0 })), ("bias", NirTensor.Vector(0.05, 0.1))),
            Node("l3", "LIF", ("tau", Uniform(2, 0.01)), ("r", Uniform(2, 1)), ("v_leak", Uniform(2, 0)), ("v_threshold", Uniform(2, 0.4)), ("v_reset", Uniform(2, 0))),
            Node("output", "Output", ("shape", NirTensor.Vector(2))),
            Node("l1_out", "Output", ("shape", NirTensor.Vector(3))),
            Node("l2_out", "Output", ("shape", NirTensor.Vector(2))),
        },
        new[]
        {
            new NirEdge("l1", "l1_out"), new NirEdge("l2", "l2_out"),
            new NirEdge("in", "w1"), new NirEdge("w1", "l1"), new NirEdge("l1", "w2"), new NirEdge("w2", "l2"),
            new NirEdge("l2", "w3"), new NirEdge("w3", "l3"), new NirEdge("l3", "output"),
        });

    private const double Dt = 1e-3;
    private const int Steps = 400;

    /// <summary>Slowly varying currents into both inputs; float32 as the simulator stores them.</summary>
    private static float[][] Values() => Enumerable.Range(0, Steps)
        .Select(k => new[] { (float)(0.6 + 0.5 * Math.Sin(k * 0.05)), (float)(0.4 + 0.5 * Math.Cos(k * 0.031)) })
        .ToArray();

    /// <summary>The spikes of <paramref name="populations"/> in the imported network run with <see cref="Values"/>.</summary>
    private static Dictionary<string, List<(long Step, int Neuron)>> Imported(NirGraph graph, string stem, string timing, string[] populations)
    {
        using var temp = new TempDirectory();
        string nir = Path.Combine(temp.Path, stem + ".nir");
        NirWriter.Write(nir, new NirDocument(NirDocument.CurrentVersion, graph));
        var import = timing == ""
            ? CliRunner.Run("nir", "import", nir, "-o", temp.Path, "--dt", "1ms")
            : CliRunner.Run("nir", "import", nir, "-o", temp.Path, "--dt", "1ms", "--timing", timing);
        Assert.True(import.ExitCode == 0, import.Stderr);
        return NirEngineRun.Run(Path.Combine(temp.Path, stem + ".snn"), Path.Combine(temp.Path, stem + ".slw"), "in", Values(), populations);
    }

    /// <summary>The spikes of <paramref name="populations"/> in <see cref="NirReferenceSimulator"/> driven by <see cref="Values"/>.</summary>
    private static Dictionary<string, List<(long Step, int Neuron)>> Reference(NirGraph graph, bool sameStep, string[] populations)
    {
        var values = Values();
        var reference = new NirReferenceSimulator(graph, Dt, sameStep);
        var expected = populations.ToDictionary(p => p, _ => new List<(long Step, int Neuron)>());
        for (int step = 0; step < Steps; step++)
        {
            var spikes = reference.Step(new Dictionary<string, double[]> { ["in"] = values[step].Select(v => (double)v).ToArray() });
            foreach (var (population, list) in expected)
            {
                list.AddRange(spikes[population].Select(neuron => ((long)step, neuron)));
            }
        }

        return expected;
    }

    [Theory]
    [InlineData("", true)] // same-step is the default
    [InlineData("same-step", true)]
    [InlineData("one-step", false)]
    public void A_recurrent_graph_spikes_as_the_NIR_equations_say(string timing, bool sameStep)
    {
        string[] populations = { "hidden", "out" };
        var expected = Reference(Recurrent(), sameStep, populations);
        var engine = Imported(Recurrent(), "recurrent", timing, populations);

        Assert.True(expected["hidden"].Count > 20 && expected["out"].Count > 10, $"reference spikes: hidden {expected["hidden"].Count}, out {expected["out"].Count}");
        Assert.Equal(expected["hidden"], engine["hidden"]);
        Assert.Equal(expected["out"], engine["out"]);
    }

    [Theory]
    [InlineData("same-step", true)]
    [InlineData("one-step", false)]
    public void A_feed_forward_graph_spikes_as_the_NIR_equations_say_with_either_timing(string timing, bool sameStep)
    {
        string[] populations = { "l1", "l2", "l3" };
        var expected = Reference(FeedForward(), sameStep, populations);
        var engine = Imported(FeedForward(), "feedforward", timing, populations);

        Assert.True(expected["l3"].Count > 10, $"reference spikes of the last layer: {expected["l3"].Count}");
        Assert.Equal(expected["l1"], engine["l1"]);
        Assert.Equal(expected["l2"], engine["l2"]);
        Assert.Equal(expected["l3"], engine["l3"]);
    }

    [Fact]
    public void The_two_timings_differ_by_a_step_per_layer_at_the_first_spike()
    {
        string[] populations = { "l1", "l2", "l3" };
        var same = Reference(FeedForward(), sameStep: true, populations);
        var one = Reference(FeedForward(), sameStep: false, populations);

        // The input drives l1 from step 0 with same-step, from step 1 with one-step; each layer adds its step.
        Assert.Equal(same["l1"][0].Step + 1, one["l1"][0].Step);
        Assert.NotEqual(same["l3"], one["l3"]);
        Assert.True(one["l3"][0].Step >= same["l3"][0].Step + 3, $"first l3 spike: same-step {same["l3"][0].Step}, one-step {one["l3"][0].Step}");
    }
}
