using System.Collections.Generic;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Analysis;

internal enum OdeKind
{
    /// <summary>dx/dt = A·x + b with A built from parameters only, b constant over a step: exp(A·dt) integrates it exactly.</summary>
    Linear,

    /// <summary>Anything else: integrated by a numerical method.</summary>
    Nonlinear,
}

/// <summary>
/// The continuous equations of a model as one system. For a linear system, <see cref="Matrix"/>[r][c] is
/// the coefficient of <see cref="Variables"/>[c] in d(<see cref="Variables"/>[r])/dt (null for zero) and
/// <see cref="Forcing"/>[r] is the rest (null for zero); aliases are already substituted.
/// </summary>
internal sealed record OdeSystem(
    EquatableArray<VariableSymbol> Variables,
    OdeKind Kind,
    EquatableArray<EquatableArray<BoundExpression?>>? Matrix,
    EquatableArray<BoundExpression?>? Forcing,
    string? NonlinearReason);
