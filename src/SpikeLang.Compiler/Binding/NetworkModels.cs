using System.Collections.Generic;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Binding;

internal enum PopulationKind
{
    /// <summary>Neurons of a neuron model.</summary>
    Neurons,

    /// <summary>Independent Poisson spike sources: <c>poisson(rate = ...)</c>.</summary>
    Poisson,

    /// <summary>Values the host supplies each step: <c>input pixels[784]</c>.</summary>
    Input,
}

/// <summary>
/// A population. <see cref="Overrides"/> replace the model's parameter values or initial state for
/// this population; they may use <c>i</c> and <c>N</c>, so they can differ per neuron.
/// </summary>
/// <remarks><see cref="Size"/> is the value with the network parameters' defaults; <see cref="SizeValue"/> the expression.</remarks>
internal sealed record PopulationModel(
    string Name,
    PopulationKind Kind,
    NeuronModel? Model,
    int Size,
    BoundExpression SizeValue,
    IReadOnlyDictionary<string, BoundExpression> Overrides,
    BoundExpression? Rate,
    TextSpan Span);

/// <summary>
/// Neurons [Start, End) of a population (with the network parameters' defaults); the bounds as
/// expressions, or null for the whole population.
/// </summary>
internal sealed record PopulationSlice(string Population, int Start, int End, BoundExpression? StartValue, BoundExpression? EndValue)
{
    public int Count => End - Start;
}

internal sealed record ConnectionModel(
    PopulationSlice Source,
    PopulationSlice Target,
    ConnectivityKind Rule,
    double? Probability,
    int? InDegree,
    BoundExpression? RuleValue,
    BoundExpression? Condition,
    BoundExpression? Delay,
    SynapseModel Synapse,
    IReadOnlyDictionary<string, BoundExpression> SynapseOverrides,
    TextSpan Span);

internal enum RecordKind
{
    Spikes,
    State,
    Weights,
}

/// <summary>What to record: spikes of a population, a state variable, or the weights of a connection.</summary>
internal sealed record RecordModel(RecordKind Kind, string Population, string? Variable, string? TargetPopulation, TextSpan Span);

internal sealed record NetworkModel(
    string Name,
    string? Namespace,
    string FilePath,
    IReadOnlyList<BoundVariableDeclaration> Parameters,
    double Dt,
    bool DoublePrecision,
    IReadOnlyList<PopulationModel> Populations,
    IReadOnlyList<ConnectionModel> Connections,
    IReadOnlyList<RecordModel> Records,
    TrainModel? Train,
    TextSpan Span);
