using System;
using System.Collections.Generic;

namespace SpikeLang.Simulation.Tests.Training;

/// <summary>A scalar on a <see cref="ReferenceTape"/>: its node index and forward value.</summary>
internal readonly record struct Scalar(int Node, double Value);

/// <summary>
/// Textbook scalar reverse-mode differentiation, the independent reference for the generated trainer's
/// backward pass: every operation appends a node holding its value and the local derivative by each
/// operand; <see cref="Backward"/> sweeps the nodes in reverse, accumulating adjoints in double.
/// Two kinds of arithmetic: the <c>...F</c> operations round the value to float32, as the trainer's
/// forward pass computes it (double rounding of one float +, −, × through double is exact, so the
/// values match the trainer bit for bit); the others stay in double (used for the loss).
/// </summary>
internal sealed class ReferenceTape
{
    private readonly List<double> _values = new();
    private readonly List<(int Parent, double Derivative)[]> _parents = new();

    private Scalar Node(double value, params (Scalar Parent, double Derivative)[] parents)
    {
        var edges = new (int, double)[parents.Length];
        for (int p = 0; p < parents.Length; p++)
        {
            edges[p] = (parents[p].Parent.Node, parents[p].Derivative);
        }
        _values.Add(value);
        _parents.Add(edges);
        return new Scalar(_values.Count - 1, value);
    }

    /// <summary>A leaf: a constant, or a parameter whose gradient is read after <see cref="Backward"/>.</summary>
    public Scalar Leaf(double value) => Node(value);

    public Scalar AddF(Scalar a, Scalar b) => Node((float)(a.Value + b.Value), (a, 1), (b, 1));

    public Scalar SubF(Scalar a, Scalar b) => Node((float)(a.Value - b.Value), (a, 1), (b, -1));

    public Scalar MulF(Scalar a, Scalar b) => Node((float)(a.Value * b.Value), (a, b.Value), (b, a.Value));

    public Scalar Add(Scalar a, Scalar b) => Node(a.Value + b.Value, (a, 1), (b, 1));

    public Scalar Sub(Scalar a, Scalar b) => Node(a.Value - b.Value, (a, 1), (b, -1));

    public Scalar Mul(Scalar a, Scalar b) => Node(a.Value * b.Value, (a, b.Value), (b, a.Value));

    public Scalar Scale(Scalar a, double factor) => Node(a.Value * factor, (a, factor));

    public Scalar Exp(Scalar a)
    {
        double value = Math.Exp(a.Value);
        return Node(value, (a, value));
    }

    public Scalar Log(Scalar a) => Node(Math.Log(a.Value), (a, 1 / a.Value));

    /// <summary>1/√(a + ε): a batch normalization's scale.</summary>
    public Scalar InverseSqrt(Scalar a, double epsilon)
    {
        double value = 1 / Math.Sqrt(a.Value + epsilon);
        return Node(value, (a, -0.5 * value * value * value));
    }

    /// <summary>The identity: a value taken over unchanged (a readout picking one step's membrane).</summary>
    public Scalar Copy(Scalar a) => Node(a.Value, (a, 1));

    /// <summary>
    /// A spike: its value is 1 when <paramref name="fires"/> (the Heaviside step of h), its derivative by
    /// <paramref name="h"/> the surrogate <paramref name="surrogate"/>(h) instead of the step's.
    /// </summary>
    public Scalar Spike(Scalar h, bool fires, Func<double, double> surrogate) => Node(fires ? 1 : 0, (h, surrogate(h.Value)));

    /// <summary>
    /// The state after a reset, x = u + s·(r − u): the value is exactly r when s = 1, else u. With
    /// <paramref name="detach"/> the spike is a constant here (no gradient through s into the reset).
    /// </summary>
    public Scalar Reset(Scalar updated, Scalar reset, Scalar spike, bool detach)
    {
        double value = spike.Value == 1 ? reset.Value : updated.Value;
        return detach
            ? Node(value, (updated, 1 - spike.Value), (reset, spike.Value))
            : Node(value, (updated, 1 - spike.Value), (reset, spike.Value), (spike, reset.Value - updated.Value));
    }

    /// <summary>Reverse sweep from <paramref name="output"/>: the adjoint ∂output/∂node of every node, indexed by node.</summary>
    public double[] Backward(Scalar output)
    {
        var adjoints = new double[_values.Count];
        adjoints[output.Node] = 1;
        for (int node = output.Node; node >= 0; node--)
        {
            double adjoint = adjoints[node];
            if (adjoint == 0)
            {
                continue;
            }
            foreach (var (parent, derivative) in _parents[node])
            {
                adjoints[parent] += adjoint * derivative;
            }
        }
        return adjoints;
    }
}
