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

    [Fact]
    public void A_recurrent_graph_spikes_as_the_NIR_equations_say()
    {
        const double dt = 1e-3;
        const int steps = 400;
        NirGraph graph = Recurrent();
        using var temp = new TempDirectory();
        string nir = Path.Combine(temp.Path, "recurrent.nir");
        NirWriter.Write(nir, new NirDocument(NirDocument.CurrentVersion, graph));
        var import = CliRunner.Run("nir", "import", nir, "-o", temp.Path, "--dt", "1ms");
        Assert.True(import.ExitCode == 0, import.Stderr);

        // Slowly varying currents into both inputs; float32 as the simulator stores them.
        float[][] values = Enumerable.Range(0, steps)
            .Select(k => new[] { (float)(0.6 + 0.5 * Math.Sin(k * 0.05)), (float)(0.4 + 0.5 * Math.Cos(k * 0.031)) })
            .ToArray();
        var engine = NirEngineRun.Run(Path.Combine(temp.Path, "recurrent.snn"), Path.Combine(temp.Path, "recurrent.slw"), "in", values, new[] { "hidden", "out" });

        var reference = new NirReferenceSimulator(graph, dt);
        var expected = new Dictionary<string, List<(long Step, int Neuron)>> { ["hidden"] = new(), ["out"] = new() };
        for (int step = 0; step < steps; step++)
        {
            var spikes = reference.Step(new Dictionary<string, double[]> { ["in"] = values[step].Select(v => (double)v).ToArray() });
            foreach (var (population, list) in expected)
            {
                list.AddRange(spikes[population].Select(neuron => ((long)step, neuron)));
            }
        }

        Assert.True(expected["hidden"].Count > 20 && expected["out"].Count > 10, $"reference spikes: hidden {expected["hidden"].Count}, out {expected["out"].Count}");
        Assert.Equal(expected["hidden"], engine["hidden"]);
        Assert.Equal(expected["out"], engine["out"]);
    }
}
