using System.Collections.Generic;

namespace SpikeLang.Runtime;

/// <summary>How the state of a neuron model advances between spikes.</summary>
public enum DynamicsKind
{
    /// <summary>Ordinary differential equations dx/dt = A·x + B·input + c (A in 1/s, c in units/s).</summary>
    Continuous,

    /// <summary>An update map applied once per step: x' = A·x + B·input + c.</summary>
    Discrete,
}

/// <summary>
/// The dynamics of a neuron population whose model is affine in its state, with parameter values
/// substituted, so that tools (NIR export, chip backends) can translate it without parsing equations.
/// </summary>
/// <remarks>
/// <para>
/// x is the vector of <see cref="StateVariables"/>. A state variable that has no equation keeps its
/// value between spikes (a zero row of A for continuous dynamics, an identity row for discrete ones).
/// </para>
/// <para>
/// <c>input</c> is the summed synaptic drive: synapses that do <c>input += w</c> add to it while a step
/// delivers spikes, and the next step's update consumes and clears it. For continuous dynamics it is
/// held constant over that step (x(t+dt) = P·x + Q·(B·input + c) with P = exp(A·dt),
/// Q = ∫₀^dt exp(A·s) ds when the discretization is exact); for discrete dynamics it enters the map
/// once. A model whose equations do not mention <c>input</c> has B = 0: spikes added to its input
/// have no effect.
/// </para>
/// <para>
/// Every value is a <see cref="NeuronValue"/>: one number when all neurons share it, else one per
/// neuron (when a population override makes a parameter differ per neuron).
/// </para>
/// </remarks>
/// <param name="Kind">Continuous equations or a discrete update map.</param>
/// <param name="StateVariables">State variable names, in declaration order; the order of rows and columns.</param>
/// <param name="Matrix">A, row-major: entry [r·n + c] is the coefficient of variable c in the equation of variable r.</param>
/// <param name="Constant">c, one entry per state variable (SI units per second for continuous dynamics).</param>
/// <param name="Input">B, one entry per state variable: the coefficient of the summed synaptic input.</param>
/// <param name="HeldWhileRefractory">Variables whose equations are marked <c>unless refractory</c>: they keep their value while the neuron is refractory (input reaching them in that time is lost).</param>
/// <param name="RefractoryPeriod">The refractory period in seconds (0 when the model has none). The simulator holds a neuron for round(period / dt) steps.</param>
/// <param name="Threshold">The spike condition when it is <c>x &gt; value</c> or <c>x &gt;= value</c>, else null.</param>
/// <param name="Reset">What a spike does to the state when every reset statement sets or adds a value, in order; else null.</param>
public sealed record NeuronDynamics(
    DynamicsKind Kind,
    IReadOnlyList<string> StateVariables,
    IReadOnlyList<NeuronValue> Matrix,
    IReadOnlyList<NeuronValue> Constant,
    IReadOnlyList<NeuronValue> Input,
    IReadOnlyList<string> HeldWhileRefractory,
    NeuronValue RefractoryPeriod,
    ThresholdCondition? Threshold,
    IReadOnlyList<ResetOperation>? Reset)
{
    /// <summary>Number of state variables.</summary>
    public int Order => StateVariables.Count;

    /// <summary>The coefficient of <paramref name="column"/> in the equation of <paramref name="row"/>.</summary>
    public NeuronValue A(int row, int column) => Matrix[row * StateVariables.Count + column];

    /// <summary>The coefficient of variable <paramref name="column"/> in the equation of variable <paramref name="row"/>, by name.</summary>
    /// <exception cref="KeyNotFoundException">Either name is not a state variable.</exception>
    public NeuronValue A(string row, string column) => A(IndexOf(row), IndexOf(column));

    /// <summary>The position of a state variable.</summary>
    /// <exception cref="KeyNotFoundException">It is not a state variable of this model.</exception>
    public int IndexOf(string variable)
    {
        for (int k = 0; k < StateVariables.Count; k++)
        {
            if (StateVariables[k] == variable)
            {
                return k;
            }
        }

        throw new KeyNotFoundException($"'{variable}' is not a state variable of this model; its state variables are {string.Join(", ", StateVariables)}.");
    }

    /// <summary>True when no value differs between neurons.</summary>
    public bool IsHomogeneous
    {
        get
        {
            foreach (NeuronValue value in AllValues())
            {
                if (!value.IsHomogeneous)
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>A of neuron <paramref name="neuron"/> as an n×n array.</summary>
    public double[,] MatrixOf(int neuron)
    {
        int n = StateVariables.Count;
        var a = new double[n, n];
        for (int r = 0; r < n; r++)
        {
            for (int c = 0; c < n; c++)
            {
                a[r, c] = Matrix[r * n + c][neuron];
            }
        }

        return a;
    }

    private IEnumerable<NeuronValue> AllValues()
    {
        foreach (NeuronValue value in Matrix)
        {
            yield return value;
        }

        foreach (NeuronValue value in Constant)
        {
            yield return value;
        }

        foreach (NeuronValue value in Input)
        {
            yield return value;
        }

        yield return RefractoryPeriod;
        if (Threshold is not null)
        {
            yield return Threshold.Value;
        }

        foreach (ResetOperation reset in Reset ?? [])
        {
            yield return reset.Value;
        }
    }
}
