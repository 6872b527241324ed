using System;
using System.Collections.Generic;
using System.Linq;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>The convolution and pooling nodes of a graph as connections, and the shapes they give their populations.</summary>
/// <param name="Rules">The rule of each convolution or pooling node, by node name.</param>
/// <param name="Sources">The populations (node names) that feed each convolution or pooling node, in edge order.</param>
/// <param name="Shapes">The [C, H, W] or [C, L] shape of each shaped population, by node name.</param>
internal sealed record PlannedConvolutions(
    IReadOnlyDictionary<string, ImportedConvolution> Rules,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Sources,
    IReadOnlyDictionary<string, int[]> Shapes);

/// <summary>
/// Maps each convolution or pooling node to the connections it becomes. A SpikeLang connection runs from a
/// population to a neuron population, so the node must be fed by populations (an Input or a spiking neuron)
/// and feed neuron nodes, with at most pass-through nodes (a nested graph's boundary) between; it becomes one
/// connection per source and target. Its input shape is its <c>input_shape</c> (convolutions) or its source's
/// shape; the shapes it reads and writes become the shapes of those populations, which must agree wherever a
/// population is read or written by several nodes. A population no convolution touches keeps the shape of its
/// NIR node when that is [C, H, W] or [C, L].
/// </summary>
internal static class NirConvolutionPlanner
{
    /// <exception cref="NirFormatException">A convolution or pooling SpikeLang cannot express, or populations of disagreeing shapes.</exception>
    public static PlannedConvolutions Plan(NirGraph graph, IReadOnlyDictionary<string, ImportedPopulation> populations)
    {
        var own = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (string name in populations.Keys)
        {
            if (OwnShape(graph.Find(name)!) is { Length: 2 or 3 } shape)
            {
                own[name] = shape;
            }
        }

        var rules = new Dictionary<string, ImportedConvolution>(StringComparer.Ordinal);
        var sources = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var given = new Dictionary<string, (int[] Shape, string By)>(StringComparer.Ordinal);
        var pending = graph.Nodes.Where(n => NirConvolutions.Is(n.Type)).ToList();

        // A pooling takes its source's shape, which a convolution before it may give: repeat until every node is placed.
        while (pending.Count > 0)
        {
            NirNode? placed = null;
            foreach (NirNode node in pending)
            {
                List<string> from = SourcesOf(graph, node, populations);
                int[]? input = NirConvolutions.StatedInput(node)
                    ?? from.Select(s => given.TryGetValue(s, out var g) ? g.Shape : own.GetValueOrDefault(s))
                        .FirstOrDefault(s => s?.Length == NirConvolutions.Rank(node));
                if (input is null)
                {
                    continue;
                }

                var (rule, output) = NirConvolutions.Read(node, input);
                foreach (string source in from)
                {
                    Give(given, populations[source], input, node);
                }

                foreach (string target in TargetsOf(graph, node, populations))
                {
                    Give(given, populations[target], output, node);
                }

                rules[node.Name] = rule;
                sources[node.Name] = from;
                placed = node;
                break;
            }

            if (placed is null)
            {
                NirNode node = pending[0];
                string source = SourcesOf(graph, node, populations)[0];
                throw new NirFormatException(node.Name, node.Type.StartsWith("Conv", StringComparison.Ordinal) ? "input_shape" : "kernel_size",
                    $"the shape of its input is unknown: '{source}' has no {(NirConvolutions.Rank(node) == 3 ? "[channels, height, width]" : "[channels, length]")} shape"
                    + (node.Type.StartsWith("Conv", StringComparison.Ordinal) ? $" and the {node.Type} no 'input_shape' — export it with input_shape set" : " — give the Input or neuron node before it that shape"));
            }

            pending.Remove(placed);
        }

        var shapes = new Dictionary<string, int[]>(own, StringComparer.Ordinal);
        foreach (var (name, (shape, _)) in given)
        {
            shapes[name] = shape;
        }

        return new PlannedConvolutions(rules, sources, shapes);
    }

    /// <summary>The node past pass-through nodes that have one edge in (<paramref name="backwards"/>) or out.</summary>
    public static NirNode SkipPassThrough(NirGraph graph, string name, bool backwards)
    {
        NirNode node = graph.Find(name)!;
        while (node.Type == NirFlattener.Identity)
        {
            var next = (backwards ? graph.EdgesInto(node.Name).Select(e => e.Source) : graph.EdgesFrom(node.Name).Select(e => e.Target)).ToList();
            if (next.Count != 1)
            {
                break;
            }

            node = graph.Find(next[0])!;
        }

        return node;
    }

    private static List<string> SourcesOf(NirGraph graph, NirNode node, IReadOnlyDictionary<string, ImportedPopulation> populations)
    {
        var found = new List<string>();
        foreach (NirEdge edge in graph.EdgesInto(node.Name))
        {
            NirNode source = SkipPassThrough(graph, edge.Source, backwards: true);
            if (!populations.TryGetValue(source.Name, out var population) || population.Model is { } model && !NirNodeTypes.Spikes(model.NirType))
            {
                throw new NirFormatException(node.Name, "edges",
                    $"is fed by {source}; a SpikeLang {node.Type} connection reads the spikes (or input values) of a population — put a spiking neuron node between them");
            }

            found.Add(source.Name);
        }

        return found.Count > 0
            ? found
            : throw new NirFormatException(node.Name, "edges", $"the {node.Type} node has no input; connect a population to it or remove it");
    }

    private static List<string> TargetsOf(NirGraph graph, NirNode node, IReadOnlyDictionary<string, ImportedPopulation> populations)
    {
        var found = new List<string>();
        foreach (NirEdge edge in graph.EdgesFrom(node.Name))
        {
            NirNode target = SkipPassThrough(graph, edge.Target, backwards: false);
            if (!populations.TryGetValue(target.Name, out var population) || population.Model is null)
            {
                throw new NirFormatException(node.Name, "edges",
                    $"feeds {target}; a SpikeLang {node.Type} connection ends at a neuron population — put a neuron node after the {node.Type}");
            }

            found.Add(target.Name);
        }

        return found;
    }

    private static void Give(Dictionary<string, (int[] Shape, string By)> given, ImportedPopulation population, int[] shape, NirNode node)
    {
        if (NirTensor.Product(shape.Select(d => (long)d).ToArray()) != population.Size)
        {
            throw new NirFormatException(node.Name, "edges",
                $"joins it with '{population.NirNode}' as [{string.Join(", ", shape)}], but '{population.NirNode}' has {population.Size} values");
        }

        if (given.TryGetValue(population.NirNode, out var other) && !other.Shape.SequenceEqual(shape))
        {
            throw new NirFormatException(node.Name, "edges",
                $"joins it with '{population.NirNode}' as [{string.Join(", ", shape)}], but '{other.By}' joins it as [{string.Join(", ", other.Shape)}]; a SpikeLang population has one shape");
        }

        given[population.NirNode] = (shape, node.Name);
    }

    /// <summary>The shape a node states for itself: an Input's <c>shape</c>, a neuron's parameter shape.</summary>
    private static int[]? OwnShape(NirNode node)
    {
        if (node.Type == "Input")
        {
            NirTensor shape = node["shape"];
            return shape.Shape.Length == 1 && shape.Values.All(v => v >= 1 && v <= int.MaxValue) ? shape.Values.Select(v => (int)v).ToArray() : null;
        }

        long[] dimensions = node[NirNodeTypes.Find(node.Type)!.Elementwise[0]].Shape;
        return dimensions.All(d => d >= 1 && d <= int.MaxValue) ? dimensions.Select(d => (int)d).ToArray() : null;
    }
}
