using System.Collections.Generic;
using SpikeLang.Compiler.Analysis;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Binding;

/// <summary>A parameter or state variable with its bound initial value.</summary>
internal sealed record BoundVariableDeclaration(VariableSymbol Symbol, BoundExpression Value);

/// <summary><c>dx/dt = rhs</c>, bound, with its flags.</summary>
internal sealed record BoundEquation(VariableSymbol Variable, BoundExpression Rhs, bool UnlessRefractory, bool EventDriven, TextSpan Span);

internal enum IntegrationMethod
{
    /// <summary>exp(A·dt) propagator for linear equations with constant coefficients.</summary>
    Exact,
    /// <summary>Forward Euler; Euler-Maruyama with white noise.</summary>
    Euler,
    RungeKutta2,
    RungeKutta4,

    /// <summary>Heun's method (the trapezoidal predictor-corrector); the stochastic Heun scheme with white noise.</summary>
    Heun,

    /// <summary>Brian2's exponential Euler: each dx/dt = A + B·x, with A and B taken at the start of the step, is solved exactly.</summary>
    ExponentialEuler,
}

/// <summary>
/// What neuron and synapse models share: parameters and state in dependency order, aliases,
/// the equations with their classification and the method that will integrate them.
/// </summary>
internal abstract record DynamicsModel(
    string Name,
    string FilePath,
    TextSpan Span,
    IReadOnlyList<BoundVariableDeclaration> Parameters,
    IReadOnlyList<BoundVariableDeclaration> State,
    IReadOnlyList<BoundVariableDeclaration> Aliases,
    IReadOnlyList<BoundEquation> Equations,
    OdeSystem? Continuous,
    IntegrationMethod Method);

internal sealed record NeuronModel(
    string Name,
    string FilePath,
    TextSpan Span,
    IReadOnlyList<BoundVariableDeclaration> Parameters,
    IReadOnlyList<BoundVariableDeclaration> State,
    IReadOnlyList<BoundVariableDeclaration> Aliases,
    IReadOnlyList<BoundEquation> Equations,
    OdeSystem? Continuous,
    IntegrationMethod Method,
    IReadOnlyList<BoundAssignment> Update,
    BoundExpression? Threshold,
    IReadOnlyList<BoundAssignment> Reset,
    BoundExpression? Refractory)
    : DynamicsModel(Name, FilePath, Span, Parameters, State, Aliases, Equations, Continuous, Method)
{
    /// <summary>True for discrete-time models written with <c>update { }</c>.</summary>
    public bool IsDiscrete => Update.Count > 0;
}

/// <summary>
/// A synapse model as bound for one connection, so its pre- and postsynaptic names are resolved.
/// Event-driven equations are in <see cref="DynamicsModel.Equations"/> with their flag set and are
/// excluded from <see cref="DynamicsModel.Continuous"/>. <see cref="Summed"/> holds Brian2's summed variables,
/// <c>x_post = expr (summed)</c>, as assignments of the pre- or postsynaptic neuron's variable: each step
/// the variable becomes the sum of the value over the neuron's synapses.
/// </summary>
internal sealed record SynapseModel(
    string Name,
    string FilePath,
    TextSpan Span,
    IReadOnlyList<BoundVariableDeclaration> Parameters,
    IReadOnlyList<BoundVariableDeclaration> State,
    IReadOnlyList<BoundVariableDeclaration> Aliases,
    IReadOnlyList<BoundEquation> Equations,
    OdeSystem? Continuous,
    IntegrationMethod Method,
    IReadOnlyList<BoundAssignment> OnPre,
    IReadOnlyList<BoundAssignment> OnPost,
    IReadOnlyList<BoundAssignment> Summed)
    : DynamicsModel(Name, FilePath, Span, Parameters, State, Aliases, Equations, Continuous, Method);
