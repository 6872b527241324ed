using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>The values the engine supplies to .snn code: a closed set, which every backend renders.</summary>
internal enum Builtin
{
    /// <summary><c>t</c>: the time at the start of the step.</summary>
    Time,

    /// <summary><c>dt</c>: the time step.</summary>
    TimeStep,

    /// <summary><c>i</c>: the neuron's index (in synapse code, the presynaptic neuron's index within the source slice).</summary>
    Index,

    /// <summary><c>j</c>: in synapse code, the postsynaptic neuron's index within the target slice.</summary>
    TargetIndex,

    /// <summary><c>N</c>: the population's size.</summary>
    Count,

    /// <summary><c>N_pre</c>: the size of a connection's source slice.</summary>
    SourceCount,

    /// <summary><c>N_post</c>: the size of a connection's target slice.</summary>
    TargetCount,

    /// <summary><c>input</c>: the summed synaptic input of the step.</summary>
    Input,

    /// <summary><c>not_refractory</c>: a condition, true when the neuron is not refractory (Brian2's variable of that name).</summary>
    NotRefractory,

    /// <summary><c>lastspike</c>: the time of the neuron's last spike (−10⁴ s before its first, as in Brian2).</summary>
    LastSpike,

    /// <summary>
    /// The summed input as an equation held while refractory reads it: zero when the input arrived while
    /// the neuron was refractory. Lowering writes it into those equations; .snn code cannot name it.
    /// </summary>
    GatedInput,

    /// <summary>
    /// <c>xi</c>, <c>xi_1</c>, <c>xi_name</c>: Brian2's white noise in neuron equations, in s^-1/2. Each name is
    /// one standard normal draw per neuron and step, shared by every equation of the neuron that uses it.
    /// </summary>
    Noise,
}

/// <summary>The one table from built-in names to <see cref="Builtin"/>: binding resolves names here, and nothing after binding looks at names.</summary>
internal static class Builtins
{
    private static readonly (Builtin Builtin, string Name, Dimension? Dimension)[] Table =
    {
        (Builtin.Time, "t", Dimension.TimeDimension),
        (Builtin.TimeStep, "dt", Dimension.TimeDimension),
        (Builtin.Index, "i", Dimension.None),
        (Builtin.TargetIndex, "j", Dimension.None),
        (Builtin.Count, "N", Dimension.None),
        (Builtin.SourceCount, "N_pre", Dimension.None),
        (Builtin.TargetCount, "N_post", Dimension.None),
        // The summed input adapts to what the model adds it to, so it has no dimension of its own.
        (Builtin.Input, "input", null),
        (Builtin.NotRefractory, "not_refractory", null),
        (Builtin.LastSpike, "lastspike", Dimension.TimeDimension),
        (Builtin.GatedInput, "input", null),
        (Builtin.Noise, "xi", Dimension.WhiteNoise),
    };

    /// <summary>The name .snn code uses.</summary>
    public static string Name(Builtin builtin) => Table[(int)builtin].Name;

    /// <summary>The symbol that binding declares for <paramref name="builtin"/>.</summary>
    public static VariableSymbol Symbol(Builtin builtin) =>
        new(Name(builtin), VariableKind.Implicit, Table[(int)builtin].Dimension, default) { Builtin = builtin, IsCondition = builtin == Builtin.NotRefractory };

    /// <summary>The white noise <paramref name="name"/> (xi or xi_something), one per name and neuron.</summary>
    public static VariableSymbol Noise(string name) => new(name, VariableKind.Implicit, Dimension.WhiteNoise, default) { Builtin = Builtin.Noise };

    /// <summary>True for Brian2's noise names: xi, and xi_ followed by more.</summary>
    public static bool IsNoiseName(string name) => name == "xi" || (name.StartsWith("xi_", System.StringComparison.Ordinal) && name.Length > 3);

    /// <summary>The names of the white noises an expression uses, in order of first use.</summary>
    public static IReadOnlyList<string> Noises(this BoundExpression expression) =>
        expression.Variables().Where(v => v.Symbol.Builtin == Builtin.Noise).Select(v => v.Symbol.Name).Distinct().ToList();

    /// <summary>What a neuron with a refractory period adds to its names, and synapses see of it: not_refractory and lastspike.</summary>
    public static IReadOnlyList<VariableSymbol> Refractoriness { get; } = Symbols(Builtin.NotRefractory, Builtin.LastSpike);

    /// <summary>The symbols of several built-ins, for a scope.</summary>
    public static IReadOnlyList<VariableSymbol> Symbols(params Builtin[] builtins) => builtins.Select(Symbol).ToList();

    /// <summary>True when <paramref name="expression"/> refers to <paramref name="builtin"/>.</summary>
    public static bool Uses(this BoundExpression expression, Builtin builtin) => expression.Variables().Any(v => v.Symbol.Builtin == builtin);
}
