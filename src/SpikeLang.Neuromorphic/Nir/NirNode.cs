using System;
using System.Collections.Generic;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>
/// One node of a NIR graph: its name within the graph, its NIR type (<c>LIF</c>, <c>Affine</c>, …),
/// its numeric datasets and, for a nested <c>NIRGraph</c>, the subgraph.
/// </summary>
public sealed class NirNode
{
    /// <summary>Creates a node; use <see cref="NirGraph"/> for subgraphs.</summary>
    /// <param name="name">Name of the node within its graph (the group name under <c>nodes/</c>).</param>
    /// <param name="type">NIR type string, e.g. <c>LIF</c>.</param>
    /// <param name="fields">Numeric datasets by name, e.g. <c>tau</c>, <c>weight</c>.</param>
    /// <param name="text">String datasets other than <c>type</c>, e.g. a convolution's <c>padding = "same"</c>.</param>
    /// <param name="subgraph">The nested graph when <paramref name="type"/> is <c>NIRGraph</c>.</param>
    /// <param name="metadata">The node's optional <c>metadata</c> group, values as text.</param>
    public NirNode(
        string name,
        string type,
        IReadOnlyDictionary<string, NirTensor> fields,
        IReadOnlyDictionary<string, string>? text = null,
        NirGraph? subgraph = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        Name = name;
        Type = type;
        Fields = fields;
        Text = text ?? new Dictionary<string, string>();
        Subgraph = subgraph;
        Metadata = metadata ?? new Dictionary<string, string>();
    }

    /// <summary>Name of the node within its graph.</summary>
    public string Name { get; }

    /// <summary>NIR type string.</summary>
    public string Type { get; }

    /// <summary>Numeric datasets by name.</summary>
    public IReadOnlyDictionary<string, NirTensor> Fields { get; }

    /// <summary>String datasets other than <c>type</c>.</summary>
    public IReadOnlyDictionary<string, string> Text { get; }

    /// <summary>The nested graph of a <c>NIRGraph</c> node, else null.</summary>
    public NirGraph? Subgraph { get; }

    /// <summary>Optional metadata, values as text.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The dataset <paramref name="field"/>; the node type catalogue guarantees required fields exist after reading.</summary>
    /// <exception cref="NirFormatException">The node has no such dataset.</exception>
    public NirTensor this[string field] =>
        Fields.TryGetValue(field, out var tensor)
            ? tensor
            : throw new NirFormatException(Name, field, $"the {Type} node has no '{field}' dataset");

    /// <inheritdoc/>
    public override string ToString() => $"{Type} '{Name}'";
}
