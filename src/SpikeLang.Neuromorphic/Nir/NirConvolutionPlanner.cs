using System;
using System.Collections.Generic;
using System.Linq;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>What a chain of convolution and pooling nodes becomes: one rule, applied from each source to each target.</summary>
/// <param name="Rule">The rule of the connections.</param>
/// <param name="Weight">Its kernel [out, in, (kh,) kw], empty for a pooling.</param>
/// <param name="Bias">One bias per output channel, empty for a pooling.</param>
/// <param name="Sources">The populations (node names) that feed the chain, in edge order.</param>
/// <param name="FirstNode">The chain's first node, which its sources feed.</param>
/// <param name="Input">The shape the chain reads.</param>
/// <param name="Output">The shape the chain gives.</param>
internal sealed record PlannedConvolution(
    ImportedConvolution Rule, double[] Weight, double[] Bias, IReadOnlyList<string> Sources, string FirstNode, int[] Input, int[] Output);

/// <summary>The convolution and pooling nodes of a graph as connections, and the shapes they give their populations.</summary>
/// <param name="ByLastNode">The plan of each chain, by the name of its last node (the one that feeds neuron nodes).</param>
/// <param name="Shapes">The [C, H, W] or [C, L] shape of each shaped population, by node name.</param>
internal sealed record PlannedConvolutions(
    IReadOnlyDictionary<string, PlannedConvolution> ByLastNode,
    IReadOnlyDictionary<string, int[]> Shapes);

/// <summary>
/// Maps the convolution and pooling nodes of a graph to the connections they become. A SpikeLang connection runs
/// from a population to a neuron population, so a chain of such nodes, each the only input of the next, must be
/// fed by populations (an Input or a spiking neuron) and feed neuron nodes, with at most pass-through nodes (a
/// nested graph's boundary) between; it becomes one connection per source and target, a chain of several nodes
/// one folded convolution (<see cref="NirConvolutionChains"/>). A chain that feeds linear nodes (a Flatten and an
/// Affine) is also part of the dense connections through them, as its matrix. Its input shape is its first node's
/// <c>input_shape</c> (convolutions) or its source's shape; the shapes it reads and writes become the shapes of
/// those populations, which must agree wherever a population is read or written by several chains. A population
/// no convolution touches keeps the shape of its NIR node when that is [C, H, W] or [C, L].
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

        var plans = new Dictionary<string, PlannedConvolution>(StringComparer.Ordinal);
        var given = new Dictionary<string, (int[] Shape, string By)>(StringComparer.Ordinal);
        var pending = Chains(graph);

        // A chain takes its source's shape, which a chain before it may give: repeat until every chain is placed.
        while (pending.Count > 0)
        {
            List<NirNode>? placed = null;
            foreach (List<NirNode> chain in pending)
            {
                NirNode first = chain[0];
                List<string> sources = SourcesOf(graph, first, populations);
                int[]? input = NirConvolutions.StatedInput(first)
                    ?? sources.Select(s => given.TryGetValue(s, out var g) ? g.Shape : own.GetValueOrDefault(s))
                        .FirstOrDefault(s => s?.Length == NirConvolutions.Rank(first));
                if (input is null)
                {
                    continue;
                }

                var steps = new List<ChainStep>();
                int[] shape = input;
                foreach (NirNode node in chain)
                {
                    if (steps.Count > 0 && NirConvolutions.StatedInput(node) is { } stated && !stated.SequenceEqual(shape))
                    {
                        throw new NirFormatException(node.Name, "input_shape",
                            $"says [{string.Join(", ", stated)}], but {steps[^1].Node} gives it [{string.Join(", ", shape)}]");
                    }

                    var (rule, output) = NirConvolutions.Read(node, shape);
                    steps.Add(new ChainStep(node, rule, shape));
                    shape = output;
                }

                foreach (string source in sources)
                {
                    Give(given, populations[source], input, first);
                }

                NirNode last = chain[^1];
                foreach (string target in TargetsOf(graph, last, populations))
                {
                    Give(given, populations[target], shape, last);
                }

                var (folded, weight, bias) = NirConvolutionChains.Fold(steps);
                plans[last.Name] = new PlannedConvolution(folded, weight, bias, sources, first.Name, input, shape);
                placed = chain;
                break;
            }

            if (placed is null)
            {
                NirNode node = pending[0][0];
                string source = SourcesOf(graph, node, populations)[0];
                bool conv = node.Type.StartsWith("Conv", StringComparison.Ordinal);
                throw new NirFormatException(node.Name, conv ? "input_shape" : "kernel_size",
                    $"the shape of its input is unknown: '{source}' has no {(NirConvolutions.Rank(node) == 3 ? "[channels, height, width]" : "[channels, length]")} shape"
                    + (conv ? $" and the {node.Type} no 'input_shape' — export it with input_shape set" : " — give the Input or neuron node before it that shape"));
            }

            pending.Remove(placed);
        }

        var shapes = new Dictionary<string, int[]>(own, StringComparer.Ordinal);
        foreach (var (name, (shape, _)) in given)
        {
            shapes[name] = shape;
        }

        return new PlannedConvolutions(plans, shapes);
    }

    /// <summary>
    /// The chains of convolution and pooling nodes: each starts at one that no such node feeds and runs on while
    /// its last node feeds exactly one node, a convolution or pooling that nothing else feeds.
    /// </summary>
    private static List<List<NirNode>> Chains(NirGraph graph)
    {
        NirNode? Before(NirNode node) => graph.EdgesInto(node.Name)
            .Select(e => SkipPassThrough(graph, e.Source, backwards: true)).FirstOrDefault(n => NirConvolutions.Is(n.Type));
        var chains = new List<List<NirNode>>();
        foreach (NirNode start in graph.Nodes.Where(n => NirConvolutions.Is(n.Type) && Before(n) is null))
        {
            var chain = new List<NirNode> { start };
            while (true)
            {
                NirNode last = chain[^1];
                var next = graph.EdgesFrom(last.Name).Select(e => SkipPassThrough(graph, e.Target, backwards: false)).ToList();
                if (next.Count != 1 || !NirConvolutions.Is(next[0].Type) || graph.EdgesInto(next[0].Name).Count() != 1)
                {
                    break;
                }

                chain.Add(next[0]);
            }

            chains.Add(chain);
        }

        // A convolution or pooling node in no chain is fed by one and by something else too, or fed by one that feeds others.
        foreach (NirNode node in graph.Nodes.Where(n => NirConvolutions.Is(n.Type) && !chains.Any(c => c.Contains(n))))
        {
            throw new NirFormatException(node.Name, "edges",
                $"is fed by {Before(node)}, which has no neuron node after it, and by other nodes or it feeds other nodes too; SpikeLang folds a convolution or pooling into the next only when each feeds only the next — put a neuron node after {Before(node)}");
        }

        return chains;
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
                    $"is fed by {source}; a SpikeLang {node.Type} connection reads the spikes of a population or input — put a spiking neuron node between them");
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
            if (populations.TryGetValue(target.Name, out var population) && population.Model is not null)
            {
                found.Add(target.Name);
            }
            else if (target.Type is not ("Affine" or "Linear" or "Scale" or "Flatten" or NirFlattener.Identity))
            {
                // Linear nodes after it take it into a dense connection (NirImporter's walk); anything else cannot.
                throw new NirFormatException(node.Name, "edges",
                    $"feeds {target}; a SpikeLang {node.Type} connection ends at a neuron population or, through linear nodes, a dense connection — put a neuron node after the {node.Type}");
            }
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
