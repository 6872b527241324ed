using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Neuromorphic.Nir;

namespace SpikeLang.Cli.Tests.Nir;

/// <summary>
/// A direct simulation of a NIR graph's equations, written from the NIR node definitions and
/// independent of the SpikeLang compiler: each neuron integrates its equation exactly over a step
/// of length dt with its input I held constant; I is the sum over incoming edges of what the
/// linear nodes (Affine W·x + b, Linear W·x, Scale s⊙x) make of the previous step's outputs
/// (spikes 0/1 of spiking neurons, values of Inputs). A spike is v &gt; v_threshold after the
/// update, then v = v_reset. Before the first step nothing has been delivered, so I is 0 in step 0.
/// </summary>
internal sealed class NirReferenceSimulator
{
    private readonly NirGraph _graph;
    private readonly double _dt;
    private readonly Dictionary<string, double[]> _v = new();
    private readonly Dictionary<string, double[]> _syn = new();
    private Dictionary<string, double[]> _previous = new();
    private bool _delivered;

    public NirReferenceSimulator(NirGraph graph, double dt)
    {
        _graph = NirFlattener.Flatten(graph);
        _dt = dt;
        foreach (NirNode node in _graph.Nodes.Where(n => NirNodeTypes.IsNeuron(n.Type)))
        {
            int n = (int)NirShapes.Input(node).Size!.Value;
            _v[node.Name] = new double[n];
            _syn[node.Name] = new double[n];
        }
    }

    /// <summary>Advances one step; <paramref name="inputs"/> gives each Input node's values this step. Returns the indices that spiked, per neuron node.</summary>
    public Dictionary<string, List<int>> Step(IReadOnlyDictionary<string, double[]> inputs)
    {
        var outputs = new Dictionary<string, double[]>();
        var spikes = new Dictionary<string, List<int>>();
        foreach (var (name, v) in _v)
        {
            NirNode node = _graph.Find(name)!;
            double[] current = _delivered ? Drive(name) : new double[v.Length];
            spikes[name] = Integrate(node, v, _syn[name], current);
            double[] output = new double[v.Length];
            foreach (int k in spikes[name])
            {
                output[k] = 1;
            }

            outputs[name] = output;
        }

        foreach (var (name, values) in inputs)
        {
            outputs[name] = values;
        }

        _previous = outputs;
        _delivered = true;
        return spikes;
    }

    private List<int> Integrate(NirNode node, double[] v, double[] syn, double[] current)
    {
        var spiked = new List<int>();
        for (int k = 0; k < v.Length; k++)
        {
            double P(string field) => node[field].Values[k];
            switch (node.Type)
            {
                case "LIF":
                case "LI":
                {
                    double target = P("v_leak") + P("r") * current[k];
                    v[k] = target + (v[k] - target) * Math.Exp(-_dt / P("tau"));
                    break;
                }
                case "IF":
                case "I":
                    v[k] += P("r") * current[k] * _dt;
                    break;
                default:
                {
                    // tau_syn·dI/dt = −I + w_in·S, tau_mem·dv/dt = (v_leak − v) + r·I, solved in closed form over the step.
                    double tauSyn = P("tau_syn"), tauMem = P("tau_mem"), r = P("r");
                    double iEnd = P("w_in") * current[k];
                    double i0 = syn[k];
                    double c = r * (i0 - iEnd) * tauSyn / (tauSyn - tauMem);
                    double vEnd = P("v_leak") + r * iEnd;
                    v[k] = vEnd + c * Math.Exp(-_dt / tauSyn) + (v[k] - vEnd - c) * Math.Exp(-_dt / tauMem);
                    syn[k] = iEnd + (i0 - iEnd) * Math.Exp(-_dt / tauSyn);
                    break;
                }
            }

            if (NirNodeTypes.Spikes(node.Type) && v[k] > P("v_threshold"))
            {
                spiked.Add(k);
                v[k] = P("v_reset");
            }
        }

        return spiked;
    }

    /// <summary>The input current of a node: the sum of what its incoming edges carry from the previous step.</summary>
    private double[] Drive(string name)
    {
        double[]? sum = null;
        foreach (NirEdge edge in _graph.EdgesInto(name))
        {
            double[] value = Value(edge.Source);
            sum ??= new double[value.Length];
            for (int k = 0; k < value.Length; k++)
            {
                sum[k] += value[k];
            }
        }

        return sum ?? new double[(int)NirShapes.Input(_graph.Find(name)!).Size!.Value];
    }

    private double[] Value(string name)
    {
        NirNode node = _graph.Find(name)!;
        if (_previous.TryGetValue(name, out var output))
        {
            return output;
        }

        if (node.Type == "Input")
        {
            return new double[(int)NirShapes.Input(node).Size!.Value];
        }

        double[] x = Drive(name);
        switch (node.Type)
        {
            case "Affine":
            case "Linear":
            {
                var (rows, columns) = NirShapes.Matrix(node);
                double[] w = node["weight"].Values;
                double[] y = node.Type == "Affine" ? (double[])node["bias"].Values.Clone() : new double[rows];
                for (int r = 0; r < rows; r++)
                {
                    for (int c = 0; c < columns; c++)
                    {
                        y[r] += w[r * columns + c] * x[c];
                    }
                }

                return y;
            }
            case "Scale":
                return x.Select((value, k) => value * node["scale"].Values[k]).ToArray();
            default:
                return x;
        }
    }
}
