using System.Collections.Generic;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>A neuron model the import declares: one per NIR neuron type and parameter set.</summary>
/// <param name="Name">Model name in the .snn file, e.g. <c>NirLif</c>.</param>
/// <param name="NirType">The NIR node type it stands for, e.g. <c>LIF</c>.</param>
/// <param name="Parameters">Parameter values by NIR field name, in NIR units (seconds for time constants).</param>
public sealed record ImportedModel(string Name, string NirType, IReadOnlyList<KeyValuePair<string, double>> Parameters);

/// <summary>A population the import declares.</summary>
/// <param name="Name">Population name in the .snn file.</param>
/// <param name="NirNode">The NIR node it comes from (flattened path).</param>
/// <param name="Model">Its neuron model, or null for an <c>input</c> (a NIR Input node).</param>
/// <param name="Size">Number of neurons or inputs.</param>
/// <param name="Shape">[channels, height, width] or [channels, length] when the population is shaped (a convolution reads
/// or writes it, or its NIR node has such a shape), else null; its product is <paramref name="Size"/> (C order).</param>
public sealed record ImportedPopulation(string Name, string NirNode, ImportedModel? Model, int Size, int[]? Shape = null);

/// <summary>The convolution or pooling rule of a connection: <c>conv2d(kernel = 3, stride = 1, padding = 1)</c>.</summary>
/// <param name="Kind"><c>conv1d</c>, <c>conv2d</c>, <c>sum_pool2d</c> or <c>avg_pool2d</c>.</param>
/// <param name="WeightShape">The kernel's shape [out, in, (kh,) kw] (PyTorch's layout), or null for a pooling, which has no weights.</param>
/// <param name="Kernel">Kernel size, the same on both axes.</param>
/// <param name="Stride">Stride, the same on both axes.</param>
/// <param name="Padding">Zero padding per side, the same on both axes.</param>
public sealed record ImportedConvolution(string Kind, int[]? WeightShape, int Kernel, int Stride, int Padding);

/// <summary>
/// A dense, delayed or convolution connection the import declares; its weights are <c>Name.w</c> and <c>Name.b</c> of the
/// weight set. A path through NIR Delay nodes whose SpikeLang <c>delay</c> is not 0 is written as an <c>all</c> connection
/// with that delay and one weight per synapse (<c>Name.w</c> in source-major order, no bias): a <c>dense</c> connection
/// is a trainable matrix and takes no delay.
/// </summary>
/// <param name="Name">Connection name as the generated simulator and weight files call it, e.g. <c>a_to_b</c>.</param>
/// <param name="Source">Source population.</param>
/// <param name="Target">Target population.</param>
/// <param name="Weight">Row-major [target size, source size] weights: the product of the NIR linear nodes on the way;
/// for a convolution its kernel [out, in, (kh,) kw]; empty for a pooling.</param>
/// <param name="Bias">Per-target bias (the Affine biases on the way into the target); for a convolution one per output channel; empty for a pooling.</param>
public sealed record ImportedConnection(string Name, ImportedPopulation Source, ImportedPopulation Target, double[] Weight, double[] Bias)
{
    /// <summary>Written <c>same_step</c>: the target's update sees the source's spikes of the same step (see <see cref="NirTiming"/>).</summary>
    public bool SameStep { get; init; }

    /// <summary>The convolution or pooling rule, or null for a dense connection.</summary>
    public ImportedConvolution? Convolution { get; init; }

    /// <summary>The steps of the NIR Delay nodes on its path.</summary>
    public NirConnectionDelay NirDelay { get; init; } = NirConnectionDelay.None;

    /// <summary>Its SpikeLang <c>delay</c> in steps under the import's timing (<see cref="NirDelays.ToSpikeLang"/>).</summary>
    public NirConnectionDelay Delay { get; init; } = NirConnectionDelay.None;

    /// <summary>Written as an <c>all</c> connection with <c>delay</c> and a weight per synapse.</summary>
    public bool IsDelayed => !Delay.IsNone;
}

/// <summary>What a NIR graph becomes in SpikeLang: models, populations, connections and recordings.</summary>
/// <param name="NetworkName">Name of the network.</param>
/// <param name="Dt">Time step in seconds, chosen by the user (NIR has none).</param>
/// <param name="Models">Neuron models, in order of first use.</param>
/// <param name="Populations">Populations, in NIR node order.</param>
/// <param name="Connections">Dense, convolution and pooling connections.</param>
/// <param name="Recorded">Populations that feed a NIR Output node.</param>
/// <param name="Integration">How the neuron models' equations are stepped, chosen by the user (NIR has no discretization).</param>
public sealed record NirImportPlan(
    string NetworkName,
    double Dt,
    IReadOnlyList<ImportedModel> Models,
    IReadOnlyList<ImportedPopulation> Populations,
    IReadOnlyList<ImportedConnection> Connections,
    IReadOnlyList<ImportedPopulation> Recorded,
    NirIntegration Integration = NirIntegration.Exact);
