using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Runtime;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>
/// Turns a NIR graph into a SpikeLang network: each Input node becomes an <c>input</c>, each neuron
/// node (and each Threshold node, a neuron without memory) a population, every path of linear nodes
/// (Affine, Linear, Scale, Flatten, a nested graph's boundary) from one population to another one
/// dense connection whose weight is the
/// product of the matrices on the way and whose bias collects the Affine biases (a path through Delay nodes one
/// delayed connection, <see cref="NirDelays"/>), and each
/// chain of convolution and pooling nodes between populations a connection with its rule
/// (<see cref="NirConvolutionPlanner"/>), which also shapes the populations; a chain on a dense
/// path joins the product as its matrix. A Flatten only
/// re-reads a shaped population flat (C order, as SpikeLang numbers its neurons). Populations that
/// feed an Output node are recorded. Recurrent graphs (a population feeding itself through an Affine)
/// are dense connections from a population to itself.
/// </summary>
public static class NirImporter
{
    /// <summary>Plans the network for <paramref name="document"/>.</summary>
    /// <param name="document">The NIR file's content.</param>
    /// <param name="networkName">Name of the network in the .snn file.</param>
    /// <param name="dt">Time step in seconds.</param>
    /// <param name="timing">Which connections deliver within the step.</param>
    /// <param name="integration">How the neurons' equations are stepped.</param>
    /// <exception cref="NirFormatException">The graph uses something SpikeLang cannot express; the message names the node.</exception>
    public static NirImportPlan Plan(NirDocument document, string networkName, double dt, NirTiming timing = NirTiming.SameStep, NirIntegration integration = NirIntegration.Exact)
    {
        if (!(dt > 0) || double.IsInfinity(dt))
        {
            throw new ArgumentOutOfRangeException(nameof(dt), dt, "The time step must be a positive number of seconds.");
        }

        NirGraph graph = NirFlattener.Flatten(document.Graph);
        var names = new SnnNames();
        var models = new List<ImportedModel>();
        var populations = new Dictionary<string, ImportedPopulation>(StringComparer.Ordinal);
        var delays = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (NirNode node in graph.Nodes)
        {
            if (node.Type == "Input")
            {
                populations[node.Name] = new ImportedPopulation(names.Claim(node.Name), node.Name, null, Size(node, NirShapes.Input(node)));
            }
            else if (NirNodeTypes.IsNeuron(node.Type))
            {
                RefuseThresholdOnInput(graph, node);
                ImportedModel model = ModelFor(node, models);
                populations[node.Name] = new ImportedPopulation(names.Claim(node.Name), node.Name, model, Size(node, NirShapes.Input(node)));
            }
            else if (node.Type == "Delay")
            {
                RefuseDelayBesideConvolution(graph, node);
                delays[node.Name] = NirDelays.Steps(node, dt);
            }
            else if (!IsLinear(node.Type) && !NirConvolutions.Is(node.Type) && node.Type != "Output")
            {
                throw new NirFormatException(node.Name, "type", $"{node.Type} nodes cannot be imported");
            }
        }

        PlannedConvolutions convolutions = NirConvolutionPlanner.Plan(graph, populations);
        foreach (var (name, shape) in convolutions.Shapes)
        {
            populations[name] = populations[name] with { Shape = shape };
        }

        var connections = new List<ImportedConnection>();
        var recorded = new List<ImportedPopulation>();
        var connectionNames = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (NirNode node in graph.Nodes)
        {
            if (populations.TryGetValue(node.Name, out var target) && target.Model is not null)
            {
                connections.AddRange(ConnectionsInto(graph, node, target, populations, convolutions, delays, connectionNames));
            }
            else if (node.Type == "Output")
            {
                recorded.AddRange(RecordedBy(graph, node, populations));
            }
        }

        var pairs = connections.Select(c => (c.Source.Name, c.Target.Name)).ToList();
        connections = connections.Select(c =>
        {
            bool withinStep = timing == NirTiming.SameStep && !NirCycles.OnCycle(pairs, c.Source.Name, c.Target.Name);
            var (sameStep, delay) = NirDelays.ToSpikeLang(c.NirDelay, withinStep);
            return c with { SameStep = sameStep, Delay = delay };
        }).ToList();

        return new NirImportPlan(networkName, dt, models, populations.Values.ToList(), connections, recorded.Distinct().ToList(), integration);
    }

    /// <summary>
    /// The weight set of a plan (docs/weights.md): <c>NAME.w</c> [targets, sources] and <c>NAME.b</c> [targets] per dense
    /// connection, <c>NAME.w</c> [out, in, (kh,) kw] and <c>NAME.b</c> [out] per convolution, <c>NAME.w</c> [synapses]
    /// per delayed connection (an <c>all</c> connection: its synapses source by source, each source's targets in order).
    /// </summary>
    public static WeightSet Weights(NirImportPlan plan, string provenance)
    {
        var weights = new WeightSet();
        weights.Metadata["network"] = plan.NetworkName;
        weights.Metadata["source"] = provenance;
        foreach (ImportedConnection connection in plan.Connections)
        {
            if (connection.Convolution is { } rule)
            {
                // A pooling has fixed weights: nothing to store.
                if (rule.WeightShape is { } shape)
                {
                    weights.Add(connection.Name + ".w", shape, connection.Weight.Select(v => (float)v).ToArray());
                    weights.Add(connection.Name + ".b", new[] { shape[0] }, connection.Bias.Select(v => (float)v).ToArray());
                }

                continue;
            }

            if (connection.IsDelayed)
            {
                weights.Add(connection.Name + ".w", new[] { connection.Target.Size * connection.Source.Size }, SourceMajor(connection));
                continue;
            }

            weights.Add(connection.Name + ".w", new[] { connection.Target.Size, connection.Source.Size }, connection.Weight.Select(v => (float)v).ToArray());
            weights.Add(connection.Name + ".b", new[] { connection.Target.Size }, connection.Bias.Select(v => (float)v).ToArray());
        }

        return weights;
    }

    /// <summary>An <c>all</c> connection's weights in its synapse order: each source's targets in turn.</summary>
    private static float[] SourceMajor(ImportedConnection connection)
    {
        int sources = connection.Source.Size, targets = connection.Target.Size;
        float[] weights = new float[sources * targets];
        for (int source = 0; source < sources; source++)
        {
            for (int target = 0; target < targets; target++)
            {
                weights[source * targets + target] = (float)connection.Weight[target * sources + source];
            }
        }

        return weights;
    }

    private static bool IsLinear(string type) => type is "Affine" or "Linear" or "Scale" or "Flatten" or NirFlattener.Identity;

    /// <summary>SpikeLang's convolutions and poolings take no delay; a Delay on a dense path (after the Affine that reads a convolution's output) does.</summary>
    private static void RefuseDelayBesideConvolution(NirGraph graph, NirNode delay)
    {
        var neighbours = graph.EdgesInto(delay.Name).Select(e => NirConvolutionPlanner.SkipPassThrough(graph, e.Source, backwards: true))
            .Concat(graph.EdgesFrom(delay.Name).Select(e => NirConvolutionPlanner.SkipPassThrough(graph, e.Target, backwards: false)));
        if (neighbours.FirstOrDefault(n => NirConvolutions.Is(n.Type)) is { } convolution)
        {
            throw new NirFormatException(delay.Name, "edges",
                $"the Delay is next to {convolution.Type} '{convolution.Name}', and SpikeLang's convolutions and poolings take no delay; put the Delay on a dense path (after an Affine or Linear node) or remove it");
        }
    }

    /// <summary>
    /// A Threshold right after an Input, with no connection between, turns the graph's input values into spikes: an
    /// encoding of the input, which SpikeLang leaves to the host that drives an <c>input</c>, not a layer (it would take an
    /// identity dense connection of n² weights). A Threshold fed through Affine, Linear, Conv or pooling nodes is a population.
    /// </summary>
    private static void RefuseThresholdOnInput(NirGraph graph, NirNode node)
    {
        if (node.Type != "Threshold")
        {
            return;
        }

        foreach (NirEdge edge in graph.EdgesInto(node.Name))
        {
            if (NirConvolutionPlanner.SkipPassThrough(graph, edge.Source, backwards: true) is { Type: "Input" } input)
            {
                throw new NirFormatException(node.Name, "edges",
                    $"a Threshold node right after Input '{input.Name}', with no connection between, thresholds the graph's input itself; SpikeLang does that on the host — drive the input with the spikes (values above the threshold) and leave the node out, or put an Affine or Conv node between");
            }
        }
    }

    private static int Size(NirNode node, NirPort port) => port.Size is { } size and > 0 and <= int.MaxValue
        ? (int)size
        : throw new NirFormatException(node.Name, port.Field, "does not give a positive number of elements");

    private static ImportedModel ModelFor(NirNode node, List<ImportedModel> models)
    {
        var parameters = new List<KeyValuePair<string, double>>();
        foreach (string field in NirNodeTypes.Find(node.Type)!.Elementwise)
        {
            NirTensor tensor = node[field];
            if (!tensor.IsUniform)
            {
                throw new NirFormatException(node.Name, field,
                    $"has different values per neuron ({string.Join(", ", tensor.Values.Distinct().Take(4))}…); SpikeLang imports one value per population — split the node into populations of equal parameters");
            }

            double value = tensor.Values[0];
            if (field.StartsWith("tau", StringComparison.Ordinal) && !(value > 0))
            {
                throw new NirFormatException(node.Name, field, $"is {value}; a time constant must be positive");
            }

            parameters.Add(new KeyValuePair<string, double>(field, value));
        }

        foreach (ImportedModel existing in models)
        {
            if (existing.NirType == node.Type && existing.Parameters.SequenceEqual(parameters))
            {
                return existing;
            }
        }

        string baseName = "Nir" + node.Type switch { "LIF" => "Lif", "LI" => "Li", "IF" => "If", "I" => "Integrator", "CubaLIF" => "CubaLif", "Threshold" => "Threshold", _ => "CubaLi" };
        int sameType = models.Count(m => m.NirType == node.Type);
        var model = new ImportedModel(sameType == 0 ? baseName : baseName + (sameType + 1), node.Type, parameters);
        models.Add(model);
        return model;
    }

    /// <summary>
    /// The connections into a neuron node: one per source of each chain of convolution and pooling nodes that feeds it,
    /// its bias on the first; then, walking back through linear nodes and multiplying matrices, one dense connection
    /// per population (or input) that drives it and total delay of the Delay nodes on the way, the target's bias on the
    /// first connection without delay.
    /// </summary>
    private static IEnumerable<ImportedConnection> ConnectionsInto(
        NirGraph graph, NirNode node, ImportedPopulation target,
        Dictionary<string, ImportedPopulation> populations, PlannedConvolutions convolutions, Dictionary<string, int[]> delays,
        Dictionary<string, int> connectionNames)
    {
        int n = target.Size;
        var bySource = new Dictionary<(ImportedPopulation, string), double[]>();
        var order = new List<(ImportedPopulation Source, NirConnectionDelay Delay)>();
        double[] bias = new double[n];
        foreach (NirEdge edge in graph.EdgesInto(node.Name))
        {
            NirNode from = NirConvolutionPlanner.SkipPassThrough(graph, edge.Source, backwards: true);
            if (convolutions.ByLastNode.TryGetValue(from.Name, out var convolution))
            {
                bool firstSource = true;
                foreach (string source in convolution.Sources)
                {
                    double[] channelBias = firstSource ? convolution.Bias : new double[convolution.Bias.Length];
                    yield return new ImportedConnection(ConnectionName(populations[source], target, connectionNames), populations[source], target, convolution.Weight, channelBias)
                    {
                        Convolution = convolution.Rule,
                    };
                    firstSource = false;
                }

                continue;
            }

            Walk(graph, edge.Source, Identity(n), n, bias, bySource, order, populations, convolutions, delays, NirConnectionDelay.None, new Stack<string>(new[] { node.Name }));
        }

        bool biasCarried = false;
        foreach (var (source, delay) in order)
        {
            bool carriesBias = !biasCarried && delay.IsNone;
            yield return new ImportedConnection(ConnectionName(source, target, connectionNames), source, target, bySource[(source, delay.Key)], carriesBias ? bias : new double[n])
            {
                NirDelay = delay,
            };
            biasCarried |= carriesBias;
        }

        if (!biasCarried && bias.Any(b => b != 0))
        {
            throw new NirFormatException(node.Name, "input", order.Count == 0
                ? "receives only a constant bias and no connection; SpikeLang carries biases on dense connections — give the neuron a v_leak instead"
                : "receives a constant bias, but every connection into it passes a Delay node; SpikeLang carries biases on dense connections without delay — give the neuron a v_leak instead");
        }
    }

    /// <summary><c>a_to_b</c>, or <c>a_to_b_2</c>… for the second and later connections between the same populations.</summary>
    private static string ConnectionName(ImportedPopulation source, ImportedPopulation target, Dictionary<string, int> connectionNames)
    {
        string name = source.Name + "_to_" + target.Name;
        int count = connectionNames.TryGetValue(name, out int seen) ? seen + 1 : 1;
        connectionNames[name] = count;
        return count == 1 ? name : $"{name}_{count}";
    }

    /// <summary>
    /// Walks back from a target through the linear nodes before it: <paramref name="matrix"/> [rows, this node's outputs]
    /// maps what this node gives to the target's input, <paramref name="delay"/> sums the Delay nodes between.
    /// Arriving at a population adds the matrix to its connection of that delay.
    /// </summary>
    private static void Walk(
        NirGraph graph, string name, double[] matrix, int rows, double[] bias,
        Dictionary<(ImportedPopulation, string), double[]> bySource, List<(ImportedPopulation, NirConnectionDelay)> order,
        Dictionary<string, ImportedPopulation> populations, PlannedConvolutions convolutions,
        Dictionary<string, int[]> delays, NirConnectionDelay delay, Stack<string> path)
    {
        NirNode node = graph.Find(name)!;
        if (populations.TryGetValue(name, out var source))
        {
            if (source.Model is { } model && !NirNodeTypes.Spikes(model.NirType))
            {
                // NIR passes a leaky integrator's potential on; SpikeLang connections carry spikes.
                throw new NirFormatException(name, "edges",
                    $"the {model.NirType} node drives other nodes with its potential, but SpikeLang connections carry spikes; only an Output may follow a non-spiking neuron");
            }

            if (bySource.TryGetValue((source, delay.Key), out var sum))
            {
                for (int k = 0; k < sum.Length; k++)
                {
                    sum[k] += matrix[k];
                }
            }
            else
            {
                // A copy: the same matrix object is handed to every edge into a pass-through node.
                bySource[(source, delay.Key)] = (double[])matrix.Clone();
                order.Add((source, delay));
            }

            return;
        }

        if (node.Type == "Output")
        {
            throw new NirFormatException(node.Name, "edges", "an Output node feeds other nodes; Output nodes end a graph");
        }

        if (NirConvolutions.Is(node.Type))
        {
            // A chain of convolution and pooling nodes on a dense path (Sinabs' SumPool2d → Flatten → Affine): its matrix joins the product.
            PlannedConvolution convolution = convolutions.ByLastNode[name];
            if (!delay.IsNone && convolution.Bias.Any(b => b != 0))
            {
                throw DelayedBias(name, path.First(delays.ContainsKey));
            }

            double[] through = NirConvolutionChains.Unfold(name, matrix, rows, convolution, bias);
            foreach (NirEdge edge in graph.EdgesInto(convolution.FirstNode))
            {
                Walk(graph, edge.Source, through, rows, bias, bySource, order, populations, convolutions, delays, delay, path);
            }

            return;
        }

        if (path.Contains(name))
        {
            throw new NirFormatException(name, "edges", "is part of a loop of linear nodes with no neuron in it; every cycle of a NIR graph needs a neuron to hold its state");
        }

        int columns = (int)NirShapes.Input(node).Size.GetValueOrDefault(rows);
        double[] next = node.Type switch
        {
            "Affine" or "Linear" => Multiply(matrix, rows, node["weight"].Values, (int)NirShapes.Matrix(node).Rows, columns),
            "Scale" => ScaleColumns(matrix, rows, node["scale"].Values),
            _ => matrix,
        };
        if (node.Type == "Affine")
        {
            double[] b = node["bias"].Values;
            if (!delay.IsNone && b.Any(v => v != 0))
            {
                throw DelayedBias(name, path.First(delays.ContainsKey));
            }

            int inner = b.Length;
            for (int r = 0; r < rows; r++)
            {
                for (int k = 0; k < inner; k++)
                {
                    bias[r] += matrix[r * inner + k] * b[k];
                }
            }
        }

        NirConnectionDelay delayed = delays.TryGetValue(name, out int[]? steps) ? Through(graph, node, steps, delay, path, populations) : delay;
        path.Push(name);
        foreach (NirEdge edge in graph.EdgesInto(name))
        {
            Walk(graph, edge.Source, next, rows, bias, bySource, order, populations, convolutions, delays, delayed, path);
        }

        path.Pop();
    }

    /// <summary>
    /// The delay of a path once it passes Delay node <paramref name="node"/>: one value more for every synapse, or, when the
    /// values differ, a value per target element (the Delay is right before the target) or per source element (right after
    /// the source populations), so that each synapse's delay is its target's or its source's element's.
    /// </summary>
    private static NirConnectionDelay Through(NirGraph graph, NirNode node, int[] steps, NirConnectionDelay delay, Stack<string> path, Dictionary<string, ImportedPopulation> populations)
    {
        if (steps.Distinct().Count() <= 1)
        {
            return delay.Plus(steps.FirstOrDefault());
        }

        if (!delay.IsPerElement)
        {
            // The path holds the target (at the bottom) and the nodes walked through since.
            if (path.Take(path.Count - 1).All(name => graph.Find(name)!.Type == NirFlattener.Identity))
            {
                return delay with { PerTarget = steps, Node = node.Name };
            }

            if (graph.EdgesInto(node.Name).All(e => populations.ContainsKey(NirConvolutionPlanner.SkipPassThrough(graph, e.Source, backwards: true).Name)))
            {
                return delay with { PerSource = steps, Node = node.Name };
            }
        }

        throw new NirFormatException(node.Name, "delay",
            $"has different delays per element ({string.Join(", ", steps.Distinct().Take(4))}… steps), and a SpikeLang synapse's delay can follow its target's element (the Delay right before the target population) or its source's (right after the source), one of them per path; this Delay is between linear nodes, or the path has another such Delay — move it next to a population, or give it one value");
    }

    /// <summary>
    /// A bias before a Delay reaches the target only from the delay's end on, and SpikeLang's delayed connections
    /// (<c>all</c>, one weight per synapse) carry no bias.
    /// </summary>
    private static NirFormatException DelayedBias(string node, string delay) => new(node, "bias",
        $"is nonzero and passes Delay node '{delay}'; SpikeLang's delayed connections carry no bias — remove the bias (a v_leak of the target neurons can take its place) or the Delay");


    private static IEnumerable<ImportedPopulation> RecordedBy(NirGraph graph, NirNode output, Dictionary<string, ImportedPopulation> populations)
    {
        foreach (NirEdge edge in graph.EdgesInto(output.Name))
        {
            NirNode source = graph.Find(edge.Source)!;
            while (source.Type is NirFlattener.Identity or "Flatten" && graph.EdgesInto(source.Name).Count() == 1)
            {
                source = graph.Find(graph.EdgesInto(source.Name).Single().Source)!;
            }

            if (!populations.TryGetValue(source.Name, out var population) || population.Model is null)
            {
                throw new NirFormatException(output.Name, "edges",
                    $"is fed by {source}; SpikeLang records populations, so an Output node must follow a neuron node (add a LI readout after a final Affine)");
            }

            yield return population;
        }
    }

    private static double[] Identity(int n)
    {
        double[] matrix = new double[n * n];
        for (int k = 0; k < n; k++)
        {
            matrix[k * n + k] = 1;
        }

        return matrix;
    }

    /// <summary>[rows, inner] × [inner, columns], row-major.</summary>
    private static double[] Multiply(double[] left, int rows, double[] right, int inner, int columns)
    {
        double[] result = new double[rows * columns];
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < inner; k++)
            {
                double a = left[r * inner + k];
                if (a == 0)
                {
                    continue;
                }

                for (int c = 0; c < columns; c++)
                {
                    result[r * columns + c] += a * right[k * columns + c];
                }
            }
        }

        return result;
    }

    private static double[] ScaleColumns(double[] matrix, int rows, double[] scale)
    {
        double[] result = (double[])matrix.Clone();
        int columns = scale.Length;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                result[r * columns + c] *= scale[c];
            }
        }

        return result;
    }
}
