using System.Collections.Generic;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Analysis;

/// <summary>
/// A neuron model whose state advances affinely: dx/dt = A·x + B·input + c (continuous equations) or
/// x' = A·x + B·input + c (a discrete update map). Entries are bound expressions of parameters,
/// network parameters, literals and the built-ins dt, N and i, with aliases substituted; null is zero.
/// </summary>
/// <param name="Discrete">True for an <c>update { }</c> map, false for differential equations.</param>
/// <param name="Variables">Every state variable, in the order of the model's state.</param>
/// <param name="Matrix">Matrix[r][c]: the coefficient of Variables[c] in the equation of Variables[r].</param>
/// <param name="Constant">c: the rest of each equation that is neither state nor input.</param>
/// <param name="Input">B: the coefficient of the summed synaptic input in each equation.</param>
/// <param name="HeldWhileRefractory">Variables whose equations are marked <c>unless refractory</c>.</param>
/// <param name="RefractoryPeriod">The refractory period in seconds, or null when the model has none.</param>
/// <param name="Threshold">The threshold when it compares one state variable with a constant, else null.</param>
/// <param name="Reset">The reset statements when each sets or adds a constant, else null.</param>
internal sealed record AffineDynamics(
    bool Discrete,
    EquatableArray<VariableSymbol> Variables,
    EquatableArray<EquatableArray<BoundExpression?>> Matrix,
    EquatableArray<BoundExpression?> Constant,
    EquatableArray<BoundExpression?> Input,
    EquatableArray<string> HeldWhileRefractory,
    BoundExpression? RefractoryPeriod,
    AffineThreshold? Threshold,
    EquatableArray<AffineReset>? Reset);

/// <summary><c>Variable &gt; Value</c>, or <c>&gt;=</c> when <paramref name="Inclusive"/>; <c>Value &lt; Variable</c> is read the same way.</summary>
internal sealed record AffineThreshold(string Variable, bool Inclusive, BoundExpression Value);

/// <summary>A reset statement: <c>Variable = Value</c>, or <c>Variable += Value</c> when <paramref name="Add"/> (<c>-= v</c> adds −v).</summary>
internal sealed record AffineReset(string Variable, bool Add, BoundExpression Value);
