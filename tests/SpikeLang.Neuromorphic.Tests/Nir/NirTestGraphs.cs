using System.Collections.Generic;
using System.Linq;
using SpikeLang.Neuromorphic.Nir;

namespace SpikeLang.Neuromorphic.Tests.Nir;

/// <summary>Small NIR graphs built in code for the tests.</summary>
internal static class NirTestGraphs
{
    public static NirNode Node(string name, string type, params (string Field, NirTensor Value)[] fields)
    {
        var map = new Dictionary<string, NirTensor>();
        foreach (var (field, value) in fields)
        {
            map[field] = value;
        }

        return new NirNode(name, type, map);
    }

    public static NirTensor Uniform(int n, double value) => NirTensor.Vector(Enumerable.Repeat(value, n).ToArray());

    public static NirNode Lif(string name, int n, double tau, double vLeak, double threshold, double vReset = 0) => Node(name, "LIF",
        ("tau", Uniform(n, tau)), ("r", Uniform(n, 1)), ("v_leak", Uniform(n, vLeak)),
        ("v_threshold", Uniform(n, threshold)), ("v_reset", Uniform(n, vReset)));

    public static NirNode CubaLif(string name, int n, double tauSyn, double tauMem, double vLeak, double threshold) => Node(name, "CubaLIF",
        ("tau_syn", Uniform(n, tauSyn)), ("tau_mem", Uniform(n, tauMem)), ("r", Uniform(n, 1)), ("v_leak", Uniform(n, vLeak)),
        ("v_threshold", Uniform(n, threshold)), ("v_reset", Uniform(n, 0)), ("w_in", Uniform(n, 1)));

    public static NirNode Shape(string name, string type, int n) => Node(name, type, ("shape", NirTensor.Vector(n)));

    /// <summary>
    /// Input[2] → Affine → LIF[3] → Affine (recurrent, back into the LIF) and → Linear → CubaLIF[2] → Output.
    /// The LIF's leak lies above its threshold, so the network is active without input.
    /// </summary>
    public static NirGraph Recurrent() => new(
        new[]
        {
            Shape("in", "Input", 2),
            Node("w_in", "Affine", ("weight", NirTensor.Matrix(3, 2, new[] { 0.5, -0.2, 0.1, 0.3, -0.4, 0.25 })), ("bias", NirTensor.Vector(0.05, 0, -0.05))),
            Lif("hidden", 3, tau: 0.02, vLeak: 1.3, threshold: 1),
            Node("w_rec", "Affine", ("weight", NirTensor.Matrix(3, 3, new[] { 0, -0.3, 0.2, 0.4, 0, -0.1, -0.2, 0.5, 0 })), ("bias", NirTensor.Vector(0.01, 0.02, 0.03))),
            Node("w_out", "Linear", ("weight", NirTensor.Matrix(2, 3, new[] { 3.0, 2.0, 1.0, 1.0, 2.0, 4.0 }))),
            CubaLif("out", 2, tauSyn: 0.005, tauMem: 0.01, vLeak: 0, threshold: 0.5),
            Shape("output", "Output", 2),
        },
        new[]
        {
            new NirEdge("in", "w_in"), new NirEdge("w_in", "hidden"),
            new NirEdge("hidden", "w_rec"), new NirEdge("w_rec", "hidden"),
            new NirEdge("hidden", "w_out"), new NirEdge("w_out", "out"), new NirEdge("out", "output"),
        });
}
