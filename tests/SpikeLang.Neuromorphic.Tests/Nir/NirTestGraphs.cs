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

    /// <summary>An IF node of shape <paramref name="shape"/> (r = 1, threshold 1, reset 0), as Sinabs exports its IAF layers.</summary>
    public static NirNode If(string name, params long[] shape)
    {
        NirTensor Filled(double value) => new(shape, Enumerable.Repeat(value, (int)shape.Aggregate(1L, (a, b) => a * b)).ToArray());
        return Node(name, "IF", ("r", Filled(1)), ("v_threshold", Filled(1)), ("v_reset", Filled(0)));
    }

    /// <summary>A Conv2d node with a <paramref name="kernel"/>×<paramref name="kernel"/> kernel of values 1, 2, 3, …, and bias 0.5, 1.5, ….</summary>
    public static NirNode Conv2d(string name, int outChannels, int inChannels, int kernel, int stride = 1, int padding = 0, int[]? inputShape = null)
    {
        var fields = new List<(string, NirTensor)>
        {
            ("weight", new NirTensor(new long[] { outChannels, inChannels, kernel, kernel }, Enumerable.Range(1, outChannels * inChannels * kernel * kernel).Select(v => (double)v).ToArray())),
            ("bias", NirTensor.Vector(Enumerable.Range(0, outChannels).Select(c => c + 0.5).ToArray())),
            ("stride", NirTensor.Vector(stride, stride)),
            ("padding", NirTensor.Vector(padding, padding)),
            ("dilation", NirTensor.Vector(1, 1)),
            ("groups", NirTensor.Scalar(1)),
        };
        if (inputShape is not null)
        {
            fields.Add(("input_shape", NirTensor.Vector(inputShape.Select(d => (double)d).ToArray())));
        }

        return Node(name, "Conv2d", fields.ToArray());
    }

    /// <summary>A SumPool2d (or <paramref name="type"/>) node of kernel and stride <paramref name="kernel"/>.</summary>
    public static NirNode Pool(string name, int kernel, string type = "SumPool2d") => Node(name, type,
        ("kernel_size", NirTensor.Vector(kernel, kernel)), ("stride", NirTensor.Vector(kernel, kernel)), ("padding", NirTensor.Vector(0, 0)));

    /// <summary>The same node with <paramref name="field"/> replaced.</summary>
    public static NirNode With(NirNode node, string field, NirTensor value) =>
        new(node.Name, node.Type, node.Fields.Where(f => f.Key != field).Append(new KeyValuePair<string, NirTensor>(field, value)).ToDictionary(f => f.Key, f => f.Value), node.Text);

    /// <summary>The same node with <paramref name="field"/> a string dataset, as NIR writes a convolution's <c>padding = "same"</c>.</summary>
    public static NirNode WithText(NirNode node, string field, string text) =>
        new(node.Name, node.Type, node.Fields.Where(f => f.Key != field).ToDictionary(f => f.Key, f => f.Value), new Dictionary<string, string> { [field] = text });

    /// <summary>Input [1, 6, 6] → Conv2d(1 → 2, 3×3, padding 1) → IF [2, 6, 6] → SumPool2d(2) → IF [2, 3, 3] → Flatten → Affine → IF [2] → Output.</summary>
    public static NirGraph SmallCnn() => new(
        new[]
        {
            Node("img", "Input", ("shape", NirTensor.Vector(1, 6, 6))),
            Conv2d("conv", 2, 1, 3, padding: 1, inputShape: new[] { 6, 6 }),
            If("c1", 2, 6, 6),
            Pool("pool", 2),
            If("p1", 2, 3, 3),
            Node("flat", "Flatten", ("start_dim", NirTensor.Scalar(0)), ("end_dim", NirTensor.Scalar(-1)), ("input_type", NirTensor.Vector(2, 3, 3))),
            Node("dense", "Affine", ("weight", NirTensor.Matrix(2, 18, Enumerable.Range(0, 36).Select(v => v / 10.0).ToArray())), ("bias", NirTensor.Vector(0.25, -0.25))),
            If("out", 2),
            Shape("output", "Output", 2),
        },
        new[]
        {
            new NirEdge("img", "conv"), new NirEdge("conv", "c1"), new NirEdge("c1", "pool"), new NirEdge("pool", "p1"),
            new NirEdge("p1", "flat"), new NirEdge("flat", "dense"), new NirEdge("dense", "out"), new NirEdge("out", "output"),
        });

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
