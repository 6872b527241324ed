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
public sealed record ImportedPopulation(string Name, string NirNode, ImportedModel? Model, int Size);

/// <summary>A dense connection the import declares; its weights are <c>Name.w</c> and <c>Name.b</c> of the weight set.</summary>
/// <param name="Name">Connection name as the generated simulator and weight files call it, e.g. <c>a_to_b</c>.</param>
/// <param name="Source">Source population.</param>
/// <param name="Target">Target population.</param>
/// <param name="Weight">Row-major [target size, source size] weights: the product of the NIR linear nodes on the way.</param>
/// <param name="Bias">Per-target bias (the Affine biases on the way into the target).</param>
public sealed record ImportedConnection(string Name, ImportedPopulation Source, ImportedPopulation Target, double[] Weight, double[] Bias)
{
    /// <summary>Written <c>same_step</c>: the target's update sees the source's spikes of the same step (see <see cref="NirTiming"/>).</summary>
    public bool SameStep { get; init; }
}

/// <summary>What a NIR graph becomes in SpikeLang: models, populations, dense connections and recordings.</summary>
/// <param name="NetworkName">Name of the network.</param>
/// <param name="Dt">Time step in seconds, chosen by the user (NIR has none).</param>
/// <param name="Models">Neuron models, in order of first use.</param>
/// <param name="Populations">Populations, in NIR node order.</param>
/// <param name="Connections">Dense connections.</param>
/// <param name="Recorded">Populations that feed a NIR Output node.</param>
public sealed record NirImportPlan(
    string NetworkName,
    double Dt,
    IReadOnlyList<ImportedModel> Models,
    IReadOnlyList<ImportedPopulation> Populations,
    IReadOnlyList<ImportedConnection> Connections,
    IReadOnlyList<ImportedPopulation> Recorded);
