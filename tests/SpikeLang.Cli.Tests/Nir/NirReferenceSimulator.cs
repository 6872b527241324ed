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
/// With <c>sameStep</c>, as snnTorch, Norse and Sinabs: an edge whose source its target cannot reach
/// (on no cycle) carries the source's output of this step, so the neurons update sources first; an edge
/// on a cycle carries the previous step's, nothing in step 0.
/// </summary>
internal sealed class NirReferenceSimulator
{
    private readonly NirGraph _graph;
    private readonly double _dt;
    private readonly Dictionary<string, double[]> _v = new();
    private readonly Dictionary<string, double[]> _syn = new();
    private readonly bool _sameStep;
    private Dictionary<string, double[]> _previous = new();
    private Dictionary<string, double[]> _current = new();
    private bool _delivered;

    public NirReferenceSimulator(NirGraph graph, double dt, bool sameStep = false)
    {
        _graph = NirFlattener.Flatten(graph);
        _dt = dt;
        _sameStep = sameStep;
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
        _current = new Dictionary<string, double[]>();
        foreach (var (name, values) in inputs)
        {
            _current[name] = values;
        }

        var spikes = new Dictionary<string, List<int>>();
        var pending = _v.Keys.ToList();
        while (pending.Count > 0)
        {
            string name = pending.First(n => Sources(n).All(s => !ThisStep(s, n) || _current.ContainsKey(s)));
            pending.Remove(name);
            double[] v = _v[name];
            spikes[name] = Integrate(_graph.Find(name)!, v, _syn[name], Drive(name, name) ?? new double[v.Length]);
            double[] output = new double[v.Length];
            foreach (int k in spikes[name])
            {
                output[k] = 1;
            }

            _current[name] = output;
        }

        _previous = _current;
        _delivered = true;
        return spikes;
    }

    /// <summary>The neurons and Inputs whose outputs reach <paramref name="name"/> through linear nodes.</summary>
    private IEnumerable<string> Sources(string name) => _graph.EdgesInto(name).SelectMany(e =>
        _graph.Find(e.Source)!.Type == "Input" || NirNodeTypes.IsNeuron(_graph.Find(e.Source)!.Type) ? new[] { e.Source } : Sources(e.Source));

    /// <summary>Whether the edge from <paramref name="source"/> into <paramref name="target"/> carries this step's output: same-step and on no cycle.</summary>
    private bool ThisStep(string source, string target) => _sameStep && !Reaches(target, source);

    private bool Reaches(string from, string to)
    {
        var seen = new HashSet<string> { from };
        var pending = new Stack<string>(seen);
        while (pending.Count > 0)
        {
            string next = pending.Pop();
            if (next == to)
            {
                return true;
            }

            foreach (NirEdge edge in _graph.Edges.Where(e => e.Source == next && seen.Add(e.Target)))
            {
                pending.Push(edge.Target);
            }
        }

        return false;
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

    /// <summary>
    /// The input current of a node: the sum of what its incoming edges carry to <paramref name="target"/>, or null
    /// when none carries anything yet (an edge on a cycle, or every edge without same-step, in step 0).
    /// </summary>
    private double[]? Drive(string name, string target)
    {
        double[]? sum = null;
        foreach (NirEdge edge in _graph.EdgesInto(name))
        {
            if (Value(edge.Source, target) is not { } value)
            {
                continue;
            }

            sum ??= new double[value.Length];
            for (int k = 0; k < value.Length; k++)
            {
                sum[k] += value[k];
            }
        }

        return sum;
    }

    private double[]? Value(string name, string target)
    {
        NirNode node = _graph.Find(name)!;
        if (node.Type == "Input" || NirNodeTypes.IsNeuron(node.Type))
        {
            if (ThisStep(name, target))
            {
                return _current.TryGetValue(name, out var now) ? now : new double[(int)NirShapes.Input(node).Size!.Value];
            }

            return !_delivered ? null : _previous.TryGetValue(name, out var output) ? output : new double[(int)NirShapes.Input(node).Size!.Value];
        }

        if (Drive(name, target) is not { } x)
        {
            return null;
        }

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
