using System;
using System.Collections.Generic;
using System.Linq;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>What a NIR node type is made of: its required datasets and the optional ones with their defaults.</summary>
/// <param name="Type">NIR type string.</param>
/// <param name="Required">Datasets every node of this type must have.</param>
/// <param name="Defaults">Optional datasets: when absent, filled with this value in the shape of <paramref name="DefaultShapeOf"/>.</param>
/// <param name="DefaultShapeOf">The required field whose shape an absent optional field takes.</param>
/// <param name="Elementwise">Fields that must all have the same shape (one value per neuron or element).</param>
/// <param name="Optional">Datasets a node may have without a default (read when present).</param>
public sealed record NirNodeType(
    string Type,
    IReadOnlyList<string> Required,
    IReadOnlyDictionary<string, double> Defaults,
    string? DefaultShapeOf,
    IReadOnlyList<string> Elementwise,
    IReadOnlyList<string> Optional);

/// <summary>
/// The NIR 1.0 node catalogue (neuromorphs/NIR, <c>nir/ir</c>), as far as files from 0.1 to 1.0 store
/// it: older writers left out <c>v_reset</c> (then 0) and <c>w_in</c> (then 1), which are filled in here.
/// </summary>
public static class NirNodeTypes
{
    private static readonly Dictionary<string, double> None = new();

    private static readonly NirNodeType[] All =
    {
        new("Input", new[] { "shape" }, None, null, Array.Empty<string>(), Array.Empty<string>()),
        new("Output", new[] { "shape" }, None, null, Array.Empty<string>(), Array.Empty<string>()),
        new("Affine", new[] { "weight", "bias" }, None, null, Array.Empty<string>(), Array.Empty<string>()),
        new("Linear", new[] { "weight" }, None, null, Array.Empty<string>(), Array.Empty<string>()),
        new("Scale", new[] { "scale" }, None, null, Array.Empty<string>(), Array.Empty<string>()),
        new("Threshold", new[] { "threshold" }, None, null, new[] { "threshold" }, Array.Empty<string>()),
        new("Flatten", new[] { "start_dim", "end_dim" }, None, null, Array.Empty<string>(), new[] { "input_type" }),
        new("Delay", new[] { "delay" }, None, null, Array.Empty<string>(), Array.Empty<string>()),
        new("I", new[] { "r" }, None, null, new[] { "r" }, Array.Empty<string>()),
        new("IF", new[] { "r", "v_threshold" }, new Dictionary<string, double> { ["v_reset"] = 0 }, "v_threshold",
            new[] { "r", "v_threshold", "v_reset" }, Array.Empty<string>()),
        new("LI", new[] { "tau", "r", "v_leak" }, None, null, new[] { "tau", "r", "v_leak" }, Array.Empty<string>()),
        new("LIF", new[] { "tau", "r", "v_leak", "v_threshold" }, new Dictionary<string, double> { ["v_reset"] = 0 }, "v_threshold",
            new[] { "tau", "r", "v_leak", "v_threshold", "v_reset" }, Array.Empty<string>()),
        new("CubaLI", new[] { "tau_syn", "tau_mem", "r", "v_leak" }, new Dictionary<string, double> { ["w_in"] = 1 }, "v_leak",
            new[] { "tau_syn", "tau_mem", "r", "v_leak", "w_in" }, Array.Empty<string>()),
        new("CubaLIF", new[] { "tau_syn", "tau_mem", "r", "v_leak", "v_threshold" }, new Dictionary<string, double> { ["v_reset"] = 0, ["w_in"] = 1 }, "v_threshold",
            new[] { "tau_syn", "tau_mem", "r", "v_leak", "v_threshold", "v_reset", "w_in" }, Array.Empty<string>()),
        new("Conv1d", new[] { "weight", "stride", "padding", "dilation", "groups", "bias" }, None, null, Array.Empty<string>(), new[] { "input_shape" }),
        new("Conv2d", new[] { "weight", "stride", "padding", "dilation", "groups", "bias" }, None, null, Array.Empty<string>(), new[] { "input_shape" }),
        new("SumPool2d", new[] { "kernel_size", "stride", "padding" }, None, null, Array.Empty<string>(), Array.Empty<string>()),
        new("AvgPool2d", new[] { "kernel_size", "stride", "padding" }, None, null, Array.Empty<string>(), Array.Empty<string>()),
    };

    private static readonly Dictionary<string, NirNodeType> ByType = All.ToDictionary(t => t.Type, StringComparer.Ordinal);

    /// <summary>The type string of a nested graph.</summary>
    public const string Graph = "NIRGraph";

    /// <summary>Every node type SpikeLang reads, for messages.</summary>
    public static IEnumerable<string> Names => All.Select(t => t.Type).Append(Graph);

    /// <summary>The description of <paramref name="type"/>, or null when NIR has no such node type.</summary>
    public static NirNodeType? Find(string type) => ByType.TryGetValue(type, out var found) ? found : null;

    /// <summary>
    /// Types that become a population: neurons, a state that integrates its input over time, and Threshold, a
    /// neuron without memory (it spikes in the steps whose input exceeds its threshold).
    /// </summary>
    public static bool IsNeuron(string type) => type is "I" or "IF" or "LI" or "LIF" or "CubaLI" or "CubaLIF" or "Threshold";

    /// <summary>Neuron types that emit spikes (the others pass their membrane value on).</summary>
    public static bool Spikes(string type) => type is "IF" or "LIF" or "CubaLIF" or "Threshold";
}
