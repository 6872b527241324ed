using System;
using System.Collections.Generic;
using System.Linq;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>An edge of a NIR graph: the output of <paramref name="Source"/> feeds <paramref name="Target"/>.</summary>
/// <param name="Source">Name of the sending node (for a nested graph, <c>graph</c> or <c>graph.output</c>).</param>
/// <param name="Target">Name of the receiving node (for a nested graph, <c>graph</c> or <c>graph.input</c>).</param>
public sealed record NirEdge(string Source, string Target)
{
    /// <inheritdoc/>
    public override string ToString() => $"'{Source}' -> '{Target}'";
}

/// <summary>A NIR graph: named nodes and the edges between them (a node with several incoming edges sums them).</summary>
public sealed class NirGraph
{
    private readonly Dictionary<string, NirNode> _byName;

    /// <summary>Creates a graph; node names must be unique.</summary>
    /// <exception cref="ArgumentException">Two nodes share a name.</exception>
    public NirGraph(IReadOnlyList<NirNode> nodes, IReadOnlyList<NirEdge> edges, IReadOnlyDictionary<string, string>? metadata = null)
    {
        Nodes = nodes;
        Edges = edges;
        Metadata = metadata ?? new Dictionary<string, string>();
        _byName = new Dictionary<string, NirNode>(StringComparer.Ordinal);
        foreach (NirNode node in nodes)
        {
            if (!_byName.TryAdd(node.Name, node))
            {
                throw new ArgumentException($"The graph has two nodes named '{node.Name}'.", nameof(nodes));
            }
        }
    }

    /// <summary>Nodes in file order.</summary>
    public IReadOnlyList<NirNode> Nodes { get; }

    /// <summary>Edges in file order.</summary>
    public IReadOnlyList<NirEdge> Edges { get; }

    /// <summary>The graph's optional metadata, values as text.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The node called <paramref name="name"/>, or null.</summary>
    public NirNode? Find(string name) => _byName.TryGetValue(name, out var node) ? node : null;

    /// <summary>Edges that end at <paramref name="name"/>.</summary>
    public IEnumerable<NirEdge> EdgesInto(string name) => Edges.Where(e => e.Target == name);

    /// <summary>Edges that start at <paramref name="name"/>.</summary>
    public IEnumerable<NirEdge> EdgesFrom(string name) => Edges.Where(e => e.Source == name);
}

/// <summary>A NIR file's content: the version string it was written with and its top-level graph.</summary>
/// <param name="Version">The <c>/version</c> string, e.g. <c>1.0.0</c>.</param>
/// <param name="Graph">The graph stored under <c>/node</c>.</param>
public sealed record NirDocument(string Version, NirGraph Graph)
{
    /// <summary>The NIR version SpikeLang writes.</summary>
    public const string CurrentVersion = "1.0.0";
}
