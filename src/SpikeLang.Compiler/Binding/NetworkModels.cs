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
    TextSpan Span)
{
    /// <summary>For a spike generator (an input population that drives itself): its spikes.</summary>
    public SpikeSchedule? Schedule { get; init; }

    /// <summary>The links of the model's linked variables (<c>I = linked_var(source, x)</c>), one per linked variable.</summary>
    public IReadOnlyList<LinkModel> Links { get; init; } = System.Array.Empty<LinkModel>();

    /// <summary>
    /// [channels, length] or [channels, height, width] when declared with a shape, else null; neuron
    /// (c·H + y)·W + x is position (c, y, x) (C order), so <see cref="Size"/> is the product.
    /// </summary>
    public IReadOnlyList<int>? Shape { get; init; }
}

/// <summary>
/// Brian2's <c>linked_var</c>: each use of <see cref="Variable"/> reads <see cref="SourceVariable"/> of population
/// <see cref="Source"/>: its one value when <see cref="Broadcast"/> (a source of 1 neuron, or a shared variable), else
/// that of the source neuron with the reader's index.
/// </summary>
internal sealed record LinkModel(VariableSymbol Variable, string Source, VariableSymbol SourceVariable, bool Broadcast, TextSpan Span);

/// <summary>Spikes at given steps: source Indices[k] at step Steps[k], sorted by step then index; repeated every Period steps unless 0.</summary>
internal sealed record SpikeSchedule(EquatableArray<int> Steps, EquatableArray<int> Indices, int Period)
{
    /// <summary>The stimulus file the spikes were read from, as written in the .snn file; null when they are written there.</summary>
    public string? DataFile { get; init; }
}

/// <summary>
/// Neurons [Start, End) of a population (with the network parameters' defaults); the bounds as
/// expressions, or null for the whole population.
/// </summary>
internal sealed record PopulationSlice(string Population, int Start, int End, BoundExpression? StartValue, BoundExpression? EndValue)
{
    public int Count => End - Start;

    /// <summary>The name as written: the population's, or the subgroup's that stands for this slice.</summary>
    public string Written { get; init; } = Population;
}

internal sealed record ConnectionModel(
    PopulationSlice Source,
    PopulationSlice Target,
    ConnectivityKind Rule,
    double? Probability,
    int? Degree,
    BoundExpression? RuleValue,
    BoundExpression? Condition,
    BoundExpression? Delay,
    SynapseModel Synapse,
    IReadOnlyDictionary<string, BoundExpression> SynapseOverrides,
    TextSpan Span)
{
    /// <summary>
    /// Where <c>same_step</c> is written, or null: a spike is delivered before the target's update of the
    /// step it happens in, instead of being seen by the next step's update.
    /// </summary>
    public TextSpan? SameStep { get; init; }
}

/// <summary>
/// <c>connect A -> B conv2d(kernel = 3, stride = 1, padding = 1)</c> or a pooling: one kernel shared across
/// positions (its sizes in <see cref="Geometry"/>). Pooling has fixed weights, channel to same channel.
/// </summary>
internal sealed record ConvolutionModel(ConnectivityKind Kind, string Source, string Target, ConvolutionGeometry Geometry, TextSpan Span)
{
    public bool IsPooling => Kind.IsPooling();

    /// <summary>Where <c>same_step</c> is written, or null (as for <see cref="ConnectionModel.SameStep"/>).</summary>
    public TextSpan? SameStep { get; init; }

    /// <summary><c>batch_norm</c>: the output normalized per channel in training, folded into the kernel and bias; or null.</summary>
    public BatchNormModel? BatchNorm { get; init; }

    /// <summary>The rule as written: conv2d, conv1d, sum_pool2d, avg_pool2d or max_pool2d.</summary>
    public string RuleName => RuleNames.Of(Kind);
}

/// <summary>
/// Batch normalization of a convolution's output channels (PyTorch's BatchNorm1d/2d after the convolution):
/// <see cref="Momentum"/> is the batch statistics' share in the running ones, <see cref="Epsilon"/> is added to the variance.
/// </summary>
internal sealed record BatchNormModel(double Momentum, double Epsilon, TextSpan Span);

/// <summary>
/// The sizes of a convolution or pooling, which binding checks and every later stage reads: shapes
/// [channels, height, width] (a 1-D convolution has height 1 and a kernel of height 1), kernel, stride and
/// padding per axis. Pooling has <see cref="OutChannels"/> = <see cref="InChannels"/>.
/// </summary>
internal sealed record ConvolutionGeometry(
    int InChannels, int InHeight, int InWidth,
    int OutChannels, int OutHeight, int OutWidth,
    int KernelHeight, int KernelWidth,
    int StrideHeight, int StrideWidth,
    int PaddingHeight, int PaddingWidth);

internal static class RuleNames
{
    public static string Of(ConnectivityKind kind) => kind switch
    {
        ConnectivityKind.Conv1d => "conv1d",
        ConnectivityKind.Conv2d => "conv2d",
        ConnectivityKind.SumPool2d => "sum_pool2d",
        ConnectivityKind.AvgPool2d => "avg_pool2d",
        ConnectivityKind.MaxPool2d => "max_pool2d",
        _ => kind.ToString(),
    };
}

/// <summary><c>subgroup E = P[0:800]</c>: a named slice; its overrides are merged into the parent population's.</summary>
internal sealed record SubgroupModel(string Name, PopulationSlice Slice, TextSpan Span);

/// <summary>
/// <c>drive P.v += poisson(n = 1000, rate = 10 Hz, weight = 0.1 mV)</c>: each neuron of <see cref="Target"/>
/// receives, each step, Binomial(n, rate·dt) input spikes of <see cref="Weight"/> each, added to <see cref="Variable"/>.
/// </summary>
internal sealed record DriveModel(PopulationSlice Target, VariableSymbol Variable, BoundExpression Count, BoundExpression Rate, BoundExpression Weight, TextSpan Span);

/// <summary>
/// <c>run_regularly P[a:b] every 1 ms { ... }</c>: the assignments, run on each neuron of <see cref="Target"/> at the
/// start of every step that <see cref="Steps"/> divides (Brian2's run_regularly, when='start').
/// </summary>
internal sealed record RegularlyModel(PopulationSlice Target, int Steps, IReadOnlyList<BoundAssignment> Statements, TextSpan Span);

/// <summary>One phase of a protocol: its name, length in steps, and the settings applied at its first step.</summary>
internal sealed record PhaseModel(string Name, long Steps, IReadOnlyList<PhaseSettingModel> Settings, TextSpan Span);

/// <summary>
/// A value given at the start of a phase to <see cref="Variable"/>: of every neuron of <see cref="Slice"/>, or of every
/// synapse (or the shared value) of the connections at <see cref="Connections"/> (indices into the network's).
/// </summary>
internal sealed record PhaseSettingModel(PopulationSlice? Slice, IReadOnlyList<int> Connections, VariableSymbol Variable, BoundExpression Value, TextSpan Span);

internal enum RecordKind
{
    Spikes,
    State,
    Weights,
    Rate,
}

/// <summary>What to record: spikes of a population, a state variable, the population rate, or the weights of a connection.</summary>
internal sealed record RecordModel(RecordKind Kind, string Population, string? Variable, string? TargetPopulation, TextSpan Span)
{
    /// <summary>The neurons recorded, counted in the population or subgroup as written; null for all of them.</summary>
    public PopulationSlice? Slice { get; init; }

    /// <summary>Steps between samples (<c>every</c>), 1 for every step.</summary>
    public int Interval { get; init; } = 1;

    /// <summary>The rate's smoothing width in steps, odd (Brian2's flat window); 1 for none.</summary>
    public int Window { get; init; } = 1;
}

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
    TextSpan Span)
{
    /// <summary>Named slices of populations, in declaration order.</summary>
    public IReadOnlyList<SubgroupModel> Subgroups { get; init; } = System.Array.Empty<SubgroupModel>();

    /// <summary>External Poisson drives, in declaration order.</summary>
    public IReadOnlyList<DriveModel> Drives { get; init; } = System.Array.Empty<DriveModel>();

    /// <summary>The protocol's phases in order (empty without a protocol).</summary>
    public IReadOnlyList<PhaseModel> Phases { get; init; } = System.Array.Empty<PhaseModel>();

    /// <summary>Convolution and pooling connections, in declaration order (they deliver after the other connections).</summary>
    public IReadOnlyList<ConvolutionModel> Convolutions { get; init; } = System.Array.Empty<ConvolutionModel>();

    /// <summary>Code run regularly on populations, in declaration order.</summary>
    public IReadOnlyList<RegularlyModel> Regularly { get; init; } = System.Array.Empty<RegularlyModel>();

    /// <summary>The compilation's timed arrays (lowering keeps those the network's code reads).</summary>
    public IReadOnlyList<TimedArrayModel> TimedArrays { get; init; } = System.Array.Empty<TimedArrayModel>();
}
