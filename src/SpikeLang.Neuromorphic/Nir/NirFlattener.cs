using System;
using System.Collections.Generic;
using System.Linq;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>
/// Inlines nested <c>NIRGraph</c> nodes: a node <c>lif</c> of subgraph <c>block</c> becomes <c>block.lif</c>,
/// the subgraph's Input and Output nodes become pass-through nodes of type <see cref="Identity"/>, and
/// outer edges to <c>block</c> (or <c>block.in</c>) are redirected to them.
/// </summary>
public static class NirFlattener
{
    /// <summary>Type of the pass-through nodes that a subgraph's Input and Output become.</summary>
    public const string Identity = "Identity";

    /// <summary>The graph with every nested graph inlined; the graph itself when it has none.</summary>
    /// <exception cref="NirFormatException">An edge names a node that does not exist, or a subgraph edge is ambiguous.</exception>
    public static NirGraph Flatten(NirGraph graph) => Flatten(graph, prefix: "");

    private static NirGraph Flatten(NirGraph graph, string prefix)
    {
        var nodes = new List<NirNode>();
        var edges = new List<NirEdge>();
        foreach (NirNode node in graph.Nodes)
        {
            if (node.Subgraph is { } subgraph)
            {
                NirGraph inner = Flatten(subgraph, prefix + node.Name + ".");
                nodes.AddRange(inner.Nodes);
                edges.AddRange(inner.Edges);
            }
            else
            {
                bool boundary = prefix.Length > 0 && node.Type is "Input" or "Output";
                nodes.Add(new NirNode(prefix + node.Name, boundary ? Identity : node.Type, node.Fields, node.Text, metadata: node.Metadata));
            }
        }

        string graphName = prefix.Length == 0 ? "(top-level graph)" : prefix.TrimEnd('.');
        foreach (NirEdge edge in graph.Edges)
        {
            edges.Add(new NirEdge(
                Resolve(graph, edge.Source, "Output", prefix, graphName, edge),
                Resolve(graph, edge.Target, "Input", prefix, graphName, edge)));
        }

        return new NirGraph(nodes, edges, graph.Metadata);
    }

    /// <summary>The flat name of an edge end: a node of this graph, or the boundary node of a subgraph.</summary>
    private static string Resolve(NirGraph graph, string end, string boundaryType, string prefix, string graphName, NirEdge edge)
    {
        if (graph.Find(end) is { } node)
        {
            if (node.Subgraph is not { } subgraph)
            {
                return prefix + end;
            }

            var boundary = subgraph.Nodes.Where(n => n.Type == boundaryType).ToList();
            if (boundary.Count != 1)
            {
                throw new NirFormatException(graphName, "edges",
                    $"edge {edge} connects to subgraph '{end}', which has {boundary.Count} {boundaryType} nodes; name one of them as '{end}.<name>'");
            }

            return prefix + end + "." + boundary[0].Name;
        }

        int dot = end.IndexOf('.');
        if (dot > 0 && graph.Find(end[..dot]) is { Subgraph: { } nested } && nested.Find(end[(dot + 1)..]) is { Subgraph: null })
        {
            return prefix + end;
        }

        throw new NirFormatException(graphName, "edges", $"edge {edge} names '{end}', which is not a node of this graph");
    }
}
