using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

internal enum VariableKind
{
    /// <summary>Fixed during a run; may differ per neuron when a population overrides it with an expression.</summary>
    Parameter,

    /// <summary>Changes during a run: integrated, updated, reset or changed by spikes.</summary>
    State,

    /// <summary>A named sub-expression of the equations, substituted where it is used.</summary>
    Alias,

    /// <summary>Supplied by the engine: t, dt, i, j, N, input.</summary>
    Implicit,

    /// <summary>A mathematical constant: pi, e.</summary>
    Constant,

    /// <summary>A parameter of the network (<c>parameters { n = 4000 }</c>), fixed once the network is built.</summary>
    NetworkParameter,
}

/// <summary>Whose variable a name refers to inside synapse code.</summary>
internal enum VariableOwner
{
    /// <summary>The model being bound itself (the neuron, or the synapse).</summary>
    Self,

    /// <summary>The presynaptic neuron (<c>x_pre</c>).</summary>
    Pre,

    /// <summary>The postsynaptic neuron (<c>x_post</c>, or an unqualified name the synapse does not declare).</summary>
    Post,
}

/// <summary>
/// A named value of a model. <see cref="Dimension"/> is null only for names whose dimension is
/// fixed by their use (the summed synaptic <c>input</c>). <see cref="IsShared"/> marks a state variable
/// (or a neuron's alias) with one value for the whole connection or population.
/// </summary>
internal sealed record VariableSymbol(string Name, VariableKind Kind, Dimension? Dimension, TextSpan DeclarationSpan, bool IsShared = false)
{
    /// <summary>
    /// True for a neuron state variable flagged <c>linked</c> (Brian2's <c>(linked)</c>): it has no value of its own,
    /// each use reads the variable of another population that the population argument <c>linked_var(...)</c> names.
    /// Its kind stays <see cref="VariableKind.State"/>, so analyses treat it as a value that changes in time.
    /// </summary>
    public bool IsLinked { get; init; }

    /// <summary>Which built-in an <see cref="VariableKind.Implicit"/> symbol is; null for every other kind.</summary>
    public Builtin? Builtin { get; init; }

    /// <summary>True for a variable whose value is a condition (not_refractory), not a number.</summary>
    public bool IsCondition { get; init; }

    /// <summary>"a parameter", "an alias", ... for messages that already name the variable.</summary>
    public string KindDescription => Kind switch
    {
        VariableKind.Parameter => "a parameter",
        VariableKind.State when IsLinked => "a linked variable (read from another population)",
        VariableKind.State => "a state variable",
        VariableKind.Alias => "an alias (a named expression)",
        VariableKind.Implicit => "a built-in",
        VariableKind.NetworkParameter => "a network parameter",
        _ => "a constant",
    };

    public string Describe() => Kind switch
    {
        VariableKind.Parameter => $"parameter '{Name}'",
        VariableKind.State when IsLinked => $"linked variable '{Name}'",
        VariableKind.State => $"state variable '{Name}'",
        VariableKind.Alias => $"alias '{Name}'",
        VariableKind.Implicit => $"the built-in '{Name}'",
        VariableKind.NetworkParameter => $"network parameter '{Name}'",
        _ => $"the constant '{Name}'",
    };
}
