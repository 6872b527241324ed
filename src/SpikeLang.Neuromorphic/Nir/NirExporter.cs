using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Runtime;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>
/// Turns a built network's <see cref="NetworkDescriptor"/> into a NIR graph: inputs become Input
/// nodes, populations neuron nodes (chosen from their <see cref="NeuronDynamics"/>), connections
/// Affine nodes (weights [targets, sources], bias from the weight set; a delayed connection's Affine with a Delay node
/// after or before it, <see cref="NirDelayNodes"/>), convolutions and poolings
/// Conv1d, Conv2d, SumPool2d and AvgPool2d nodes (<see cref="NirConvolutionNodes"/>), and every
/// population that drives nothing an Output node. A population a convolution reads or writes has
/// its [C, H, W] (or [C, L]) shape on its node, and a Flatten node before the Affine nodes it feeds.
/// </summary>
/// <remarks>
/// Continuous one-variable models map exactly: dv/dt = a·v + b·input + c with a &lt; 0 is LI/LIF with
/// tau = −1/a, r = b·tau, v_leak = c·tau; with a = 0 and c = 0 it is I/IF with r = b. Two variables
/// where a decaying synaptic variable driven by the input feeds the membrane are CubaLI/CubaLIF. A
/// discrete update mem' = β·mem + input (snnTorch's Leaky) is exported as the LIF whose exact step
/// is that map: tau = −dt/ln β, r = 1/(1 − β), v_leak = 0 — provided its reset sets a value, since
/// NIR resets to v_reset and cannot subtract the threshold. With β = 0 (x' = input, no memory) and a threshold it
/// is a Threshold node. Anything else is refused with the model's name.
/// </remarks>
public static class NirExporter
{
    /// <summary>The NIR graph of <paramref name="network"/>.</summary>
    /// <param name="network">What the generated simulator's <c>Describe()</c> returned.</param>
    /// <param name="weights">Its <c>GetWeights()</c>, for dense biases; null when it has none (biases are then 0).</param>
    /// <exception cref="NirFormatException">A population or connection NIR cannot express; the message names it and says why.</exception>
    public static NirGraph Export(NetworkDescriptor network, WeightSet? weights)
    {
        if (network.Drives.Count > 0)
        {
            throw new NirFormatException(network.Drives[0].Target, null,
                $"receives a Poisson drive onto '{network.Drives[0].Variable}'; NIR has no random spike sources — drive it from the host through an 'input' population");
        }
        if (network.RunRegularly.Count > 0)
        {
            throw new NirFormatException(network.Name, null,
                $"runs '{network.RunRegularly[0]}'; NIR graphs have no code that runs on a schedule");
        }
        // Populations a convolution reads or writes are shaped; their nodes carry the shape, as snnTorch's and Sinabs' do.
        var shapes = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach (ConvolutionDescriptor convolution in network.Convolutions)
        {
            (shapes[convolution.Source], shapes[convolution.Target]) = NirConvolutionNodes.Shapes(convolution);
        }

        var nodes = new List<NirNode>();
        var edges = new List<NirEdge>();
        var sizes = network.Populations.ToDictionary(p => p.Name, p => p.Size, StringComparer.Ordinal);
        NirTensor ShapeOf(PopulationDescriptor population) =>
            NirTensor.Vector(shapes.TryGetValue(population.Name, out var shape) ? shape.Select(d => (double)d).ToArray() : new double[] { population.Size });
        foreach (PopulationDescriptor population in network.Populations)
        {
            nodes.Add(population.Kind switch
            {
                "input" => new NirNode(population.Name, "Input", new Dictionary<string, NirTensor> { ["shape"] = ShapeOf(population) }),
                "neurons" => Shaped(NeuronNode(population, network.Dt), shapes.GetValueOrDefault(population.Name)),
                _ => throw new NirFormatException(population.Name, null, $"is a {population.Kind} population; NIR has no random spike sources — make it an 'input' and drive it from the host"),
            });
        }

        var names = new Dictionary<string, int>(StringComparer.Ordinal);
        string NameOf(string source, string target)
        {
            string baseName = source + "_to_" + target;
            int count = names.TryGetValue(baseName, out int seen) ? seen + 1 : 1;
            names[baseName] = count;
            return count == 1 ? baseName : $"{baseName}_{count}";
        }

        // The file records no timing: a delay is written for the convention the network shows (NirDelayNodes).
        bool sameStepConvention = network.Connections.Any(c => c.SameStep) || network.Convolutions.Any(c => c.SameStep);
        var pairs = network.Connections.Select(c => (c.Source, c.Target)).Concat(network.Convolutions.Select(c => (c.Source, c.Target))).ToList();
        foreach (ConnectionDescriptor connection in network.Connections)
        {
            string name = NameOf(connection.Source, connection.Target);
            nodes.Add(AffineNode(name, connection, sizes, weights));
            string source = FlatSource(connection.Source, shapes, nodes, edges);
            bool withinStep = sameStepConvention && !NirCycles.OnCycle(pairs, connection.Source, connection.Target);
            var path = new List<string> { source, name, connection.Target };
            if (NirDelayNodes.For(name, connection, withinStep, sizes[connection.Source], sizes[connection.Target], network.Dt) is (NirNode delay, bool beforeAffine))
            {
                nodes.Add(delay);
                path.Insert(beforeAffine ? 1 : 2, delay.Name);
            }

            for (int k = 1; k < path.Count; k++)
            {
                edges.Add(new NirEdge(path[k - 1], path[k]));
            }
        }

        foreach (ConvolutionDescriptor convolution in network.Convolutions)
        {
            string name = NameOf(convolution.Source, convolution.Target);
            nodes.Add(NirConvolutionNodes.Node(name, convolution));
            edges.Add(new NirEdge(convolution.Source, name));
            edges.Add(new NirEdge(name, convolution.Target));
        }

        foreach (PopulationDescriptor population in network.Populations.Where(p => p.Kind == "neurons"))
        {
            if (network.Connections.All(c => c.Source != population.Name) && network.Convolutions.All(c => c.Source != population.Name))
            {
                string name = population.Name + "_output";
                nodes.Add(new NirNode(name, "Output", new Dictionary<string, NirTensor> { ["shape"] = ShapeOf(population) }));
                edges.Add(new NirEdge(population.Name, name));
            }
        }

        return new NirGraph(nodes, edges, new Dictionary<string, string> { ["source"] = $"SpikeLang network {network.Name}, dt = {network.Dt} s" });
    }

    private static NirNode NeuronNode(PopulationDescriptor population, double dt)
    {
        string model = population.Model ?? population.Name;
        NeuronDynamics dynamics = population.Dynamics
            ?? throw Refuse(population, model, population.DynamicsUnavailable ?? "its dynamics are not affine in the state");
        if (dynamics.RefractoryPeriod.Values.Any(v => v != 0))
        {
            throw Refuse(population, model, "it has a refractory period, which NIR neurons do not have");
        }

        var fields = new Dictionary<string, NirTensor>(StringComparer.Ordinal);
        int n = population.Size;
        NirTensor Field(Func<int, double> value) => NirTensor.Vector(Enumerable.Range(0, n).Select(value).ToArray());

        // The membrane is the variable the threshold tests, or for a leaky integrator the only one (or the one the others feed).
        int order = dynamics.Order;
        int membrane = dynamics.Threshold is { } threshold ? dynamics.IndexOf(threshold.Variable) : order == 1 ? 0 : MembraneOf(dynamics);
        string type;
        if (dynamics.Kind == DynamicsKind.Discrete)
        {
            if (order != 1 || dynamics.Constant[0].Values.Any(v => v != 0) || dynamics.Input[0].Values.Any(v => v != 1))
            {
                throw Refuse(population, model, "it is a discrete update other than x' = β·x + input");
            }

            double Beta(int i) => dynamics.A(0, 0)[i];
            if (Enumerable.Range(0, n).All(i => Beta(i) == 0))
            {
                return ThresholdNode(population, model, dynamics);
            }

            if (Enumerable.Range(0, n).Any(i => !(Beta(i) > 0 && Beta(i) < 1)))
            {
                throw Refuse(population, model, "its decay factor β is not between 0 and 1 (nor 0 for every neuron, a neuron without memory), so it has no continuous-time equivalent");
            }

            fields["tau"] = Field(i => -dt / Math.Log(Beta(i)));
            fields["r"] = Field(i => 1 / (1 - Beta(i)));
            fields["v_leak"] = Field(_ => 0);
            type = "LI";
        }
        else if (order == 1)
        {
            double a(int i) => dynamics.A(0, 0)[i];
            double b(int i) => dynamics.Input[0][i];
            double c(int i) => dynamics.Constant[0][i];
            if (Enumerable.Range(0, n).All(i => a(i) < 0))
            {
                fields["tau"] = Field(i => -1 / a(i));
                fields["r"] = Field(i => -b(i) / a(i));
                fields["v_leak"] = Field(i => -c(i) / a(i));
                type = "LI";
            }
            else if (Enumerable.Range(0, n).All(i => a(i) == 0 && c(i) == 0))
            {
                fields["r"] = Field(b);
                type = "I";
            }
            else
            {
                throw Refuse(population, model, "dv/dt = a·v + b·input + c needs a < 0 (LI/LIF) or a = c = 0 (I/IF)");
            }
        }
        else if (order == 2)
        {
            int syn = 1 - membrane;
            double A(int r, int c, int i) => dynamics.A(r, c)[i];
            bool cuba = Enumerable.Range(0, n).All(i =>
                A(syn, syn, i) < 0 && A(syn, membrane, i) == 0 && dynamics.Constant[syn][i] == 0
                && A(membrane, membrane, i) < 0 && A(membrane, syn, i) != 0 && dynamics.Input[membrane][i] == 0);
            if (!cuba)
            {
                throw Refuse(population, model, "two state variables map to NIR only as CubaLIF: a decaying synaptic variable driven by the input, feeding a leaky membrane");
            }

            fields["tau_syn"] = Field(i => -1 / A(syn, syn, i));
            fields["tau_mem"] = Field(i => -1 / A(membrane, membrane, i));
            fields["r"] = Field(i => -A(membrane, syn, i) / A(membrane, membrane, i));
            fields["v_leak"] = Field(i => -dynamics.Constant[membrane][i] / A(membrane, membrane, i));
            fields["w_in"] = Field(i => -dynamics.Input[syn][i] / A(syn, syn, i));
            type = "CubaLI";
        }
        else
        {
            throw Refuse(population, model, $"it has {order} state variables; NIR neurons have one (LI, LIF, I, IF) or two (CubaLI, CubaLIF)");
        }

        if (dynamics.Threshold is { } spike)
        {
            ResetOperation reset = SetReset(population, model, spike, dynamics.Reset)
                ?? throw Refuse(population, model, $"it has no reset, and NIR's spiking neurons reset '{spike.Variable}' to v_reset after a spike — add 'reset {{ {spike.Variable} = … }}'");
            fields["v_threshold"] = Field(i => spike.Value[i]);
            fields["v_reset"] = Field(i => reset.Value[i]);
            type = type switch { "LI" => "LIF", "I" => "IF", "CubaLI" => "CubaLIF", _ => throw new InvalidOperationException($"No spiking form of {type}.") };
        }
        else if (dynamics.Reset is { Count: > 0 })
        {
            throw Refuse(population, model, "it resets without a threshold NIR can express");
        }

        return new NirNode(population.Name, type, fields);
    }

    /// <summary>
    /// A discrete x' = input (β = 0) keeps nothing from one step to the next: with the threshold x &gt; θ it spikes in
    /// exactly the steps whose input exceeds θ, which is NIR's Threshold node, H(input − θ) with H(0) = 0 (nir/ir/threshold.py:
    /// 1 when v &gt; threshold, else 0), as SpikeLang's strict '&gt;'. Its reset is overwritten by the next step's update,
    /// so the node needs none; it is still held to the rule of the LIF export (none, or one that sets the membrane), so
    /// that whether a model exports does not hang on β alone.
    /// </summary>
    private static NirNode ThresholdNode(PopulationDescriptor population, string model, NeuronDynamics dynamics)
    {
        ThresholdCondition spike = dynamics.Threshold
            ?? throw Refuse(population, model,
                $"'{dynamics.StateVariables[0]}' = input (β = 0) without a threshold passes its input on unchanged, and no NIR neuron does that — give the model a threshold (it then exports as a NIR Threshold node) or connect its sources to its targets directly");
        SetReset(population, model, spike, dynamics.Reset);
        return new NirNode(population.Name, "Threshold", new Dictionary<string, NirTensor>
        {
            ["threshold"] = NirTensor.Vector(Enumerable.Range(0, population.Size).Select(i => spike.Value[i]).ToArray()),
        });
    }

    /// <summary>
    /// The reset that sets the threshold's variable, or null when the model has none. NIR's spiking nodes fire when the
    /// value is strictly above the threshold and reset to a value; anything else is refused.
    /// </summary>
    private static ResetOperation? SetReset(PopulationDescriptor population, string model, ThresholdCondition spike, IReadOnlyList<ResetOperation>? resets)
    {
        if (spike.Comparison != ThresholdComparison.Greater)
        {
            throw Refuse(population, model, $"its threshold is '{spike.Variable} >= …'; NIR spikes when the value is strictly above the threshold (H(0) = 0) — write '{spike.Variable} > …'");
        }

        return resets switch
        {
            [] => null,
            [{ Kind: ResetKind.Set } reset] when reset.Variable == spike.Variable => reset,
            _ => throw Refuse(population, model, $"NIR resets '{spike.Variable}' to a value after a spike, and this model's reset does something else (e.g. subtracts the threshold)"),
        };
    }

    /// <summary>The neuron node with its parameters in the population's shape, when it has one.</summary>
    private static NirNode Shaped(NirNode node, int[]? shape) => shape is null
        ? node
        : new NirNode(node.Name, node.Type, node.Fields.ToDictionary(f => f.Key, f => new NirTensor(shape.Select(d => (long)d).ToArray(), f.Value.Values), StringComparer.Ordinal));

    /// <summary>
    /// What a dense connection from <paramref name="source"/> reads: the population itself, or for a shaped one a Flatten
    /// node <c>&lt;source&gt;_flatten</c> (added once), as snnTorch and Sinabs put one between a convolution stage and an
    /// Affine; it changes no value, since SpikeLang numbers a shaped population's neurons in C order.
    /// </summary>
    private static string FlatSource(string source, Dictionary<string, int[]> shapes, List<NirNode> nodes, List<NirEdge> edges)
    {
        if (!shapes.TryGetValue(source, out var shape))
        {
            return source;
        }

        string name = source + "_flatten";
        if (nodes.All(n => n.Name != name))
        {
            nodes.Add(new NirNode(name, "Flatten", new Dictionary<string, NirTensor>
            {
                ["start_dim"] = NirTensor.Scalar(0),
                ["end_dim"] = NirTensor.Scalar(-1),
                ["input_type"] = NirTensor.Vector(shape.Select(d => (double)d).ToArray()),
            }));
            edges.Add(new NirEdge(source, name));
        }

        return name;
    }

    /// <summary>In a two-variable model without threshold, the membrane is the variable the other one feeds.</summary>
    private static int MembraneOf(NeuronDynamics dynamics) => dynamics.A(1, 0).Values.Any(v => v != 0) ? 1 : 0;

    private static NirNode AffineNode(string name, ConnectionDescriptor connection, Dictionary<string, int> sizes, WeightSet? weights)
    {
        if (connection.Effect is not { TargetVariable: "input", Plastic: false } effect)
        {
            throw new NirFormatException(name, null,
                "NIR connections add their weighted spikes to the target's input; this connection's 'on pre' does something else (or is plastic, or sums a value into its neurons every step with '(summed)')");
        }

        int sources = sizes[connection.Source], targets = sizes[connection.Target];
        double[] weight = new double[targets * sources];
        Csr csr = connection.Connectivity;
        float[]? w = effect.SynapseVariable is { } variable ? connection.SynapseState[variable] : null;
        for (int row = 0; row < csr.Rows; row++)
        {
            for (int k = csr.RowStart[row]; k < csr.RowStart[row + 1]; k++)
            {
                int pre = connection.SourceStart + row, post = connection.TargetStart + csr.Columns[k];
                weight[post * sources + pre] += w is null ? effect.Constant ?? 0 : w[k];
            }
        }

        double[] bias = new double[targets];
        if (weights?.Find(name + ".b") is { } b)
        {
            for (int k = 0; k < b.Values.Length; k++)
            {
                bias[connection.TargetStart + k] = b.Values[k];
            }
        }

        return new NirNode(name, "Affine", new Dictionary<string, NirTensor>
        {
            ["weight"] = NirTensor.Matrix(targets, sources, weight),
            ["bias"] = NirTensor.Vector(bias),
        });
    }

    private static NirFormatException Refuse(PopulationDescriptor population, string model, string why) =>
        new(population.Name, null, $"model '{model}' cannot be exported to NIR: {why}");
}
