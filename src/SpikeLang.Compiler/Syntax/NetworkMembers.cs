using System.Collections.Generic;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Syntax;

internal abstract record NetworkMember(TextSpan Span) : SyntaxNode(Span);

/// <summary>
/// <c>parameters { n = 4000 }</c> of a network: constants that sizes, slices, probabilities and
/// population overrides may use, and that the generated constructor lets the host change.
/// </summary>
internal sealed record NetworkParametersMember(Block<VariableDeclaration> Body, TextSpan Span) : NetworkMember(Span);

/// <summary><c>dt = 0.1 ms</c>.</summary>
internal sealed record DtMember(Expression Value, TextSpan Span) : NetworkMember(Span);

/// <summary><c>precision float|double</c>.</summary>
internal sealed record PrecisionMember(Identifier Precision, TextSpan Span) : NetworkMember(Span);

/// <summary>
/// <c>population P = CubaLif[4000]</c>, <c>population n = Lif(tau = 5 ms)[10]</c> or
/// <c>population drive = poisson(rate = 15 Hz)[1000]</c>. Arguments override the model's
/// parameters and initial values for this population.
/// </summary>
internal sealed record PopulationMember(
    Identifier Name,
    Identifier Model,
    IReadOnlyList<Argument> Arguments,
    Expression Size,
    TextSpan Span) : NetworkMember(Span)
{
    /// <summary>Every dimension written, <c>[16, 28, 28]</c> for a shaped population; one (the size) otherwise.</summary>
    public IReadOnlyList<Expression> Dimensions { get; init; } = new[] { Size };
}

/// <summary><c>input pixels[784]</c>: a population whose spikes or currents the host supplies.</summary>
internal sealed record InputMember(Identifier Name, Expression Size, TextSpan Span) : NetworkMember(Span)
{
    /// <summary>Every dimension written, <c>[1, 28, 28]</c> for a shaped input; one (the size) otherwise.</summary>
    public IReadOnlyList<Expression> Dimensions { get; init; } = new[] { Size };
}

/// <summary><c>P</c> or the slice <c>P[0:3200]</c> (start inclusive, end exclusive).</summary>
internal sealed record PopulationReference(Identifier Population, Expression? Start, Expression? End, TextSpan Span) : SyntaxNode(Span)
{
    public bool IsSlice => Start is not null;
}

internal enum ConnectivityKind
{
    All,
    OneToOne,
    Probability,
    FixedInDegree,
    Dense,
    FixedOutDegree,
    Conv1d,
    Conv2d,
    SumPool2d,
    AvgPool2d,
    MaxPool2d,
}

internal static class ConnectivityKinds
{
    /// <summary>A pooling: fixed weights (or none, for the maximum), channel to same channel.</summary>
    public static bool IsPooling(this ConnectivityKind kind) =>
        kind is ConnectivityKind.SumPool2d or ConnectivityKind.AvgPool2d or ConnectivityKind.MaxPool2d;

    /// <summary>A rule that shares one small kernel (or window) across the positions of shaped populations.</summary>
    public static bool IsConvolution(this ConnectivityKind kind) =>
        kind is ConnectivityKind.Conv1d or ConnectivityKind.Conv2d || kind.IsPooling();
}

/// <summary>
/// How source and target neurons are paired; <see cref="Argument"/> is p or k where the kind needs one.
/// A convolution or pooling rule (<c>conv2d(kernel = 3, padding = 1)</c>) has its named <see cref="Arguments"/> instead.
/// </summary>
internal sealed record ConnectivityRule(ConnectivityKind Kind, Expression? Argument, TextSpan Span) : SyntaxNode(Span)
{
    public IReadOnlyList<Argument> Arguments { get; init; } = System.Array.Empty<Argument>();

    /// <summary>A rule that shares one small kernel across the positions of shaped populations.</summary>
    public bool IsConvolution => Kind.IsConvolution();
}

/// <summary>The synapse of a connection: a named model with optional argument overrides.</summary>
internal sealed record SynapseReference(Identifier Model, IReadOnlyList<Argument> Arguments, TextSpan Span) : SyntaxNode(Span);

/// <summary>
/// <c>connect SRC -> DST [rule] [batch_norm(...)] [if condition] [delay d | same_step] [synapse Model(...) | on pre { ... }]</c>;
/// <see cref="SameStep"/> is where <c>same_step</c> is written, when it is.
/// </summary>
internal sealed record ConnectMember(
    PopulationReference Source,
    PopulationReference Target,
    ConnectivityRule? Rule,
    Expression? Condition,
    Expression? Delay,
    TextSpan? SameStep,
    SynapseReference? Synapse,
    OnEventMember? OnPre,
    TextSpan Span) : NetworkMember(Span)
{
    /// <summary><c>batch_norm</c> after the rule, when written.</summary>
    public BatchNormClause? BatchNorm { get; init; }
}

/// <summary><c>batch_norm</c> or <c>batch_norm(momentum = 0.1, eps = 1e-5)</c>: the rule's output normalized per channel in training.</summary>
internal sealed record BatchNormClause(IReadOnlyList<Argument> Arguments, TextSpan Span) : SyntaxNode(Span);

/// <summary>
/// <c>subgroup E = P[0:800](a = 0.02)</c>: a named slice of a population, with its own parameter or
/// initial values (Brian2's <c>P[:800].a = 0.02</c>), usable where a population is.
/// </summary>
internal sealed record SubgroupMember(Identifier Name, PopulationReference Slice, IReadOnlyList<Argument> Arguments, TextSpan Span) : NetworkMember(Span);

/// <summary>
/// <c>drive P.v += poisson(n = 1000, rate = 10 Hz, weight = 0.1 mV)</c>: Brian2's PoissonInput, n
/// independent Poisson sources per neuron without source neurons.
/// </summary>
internal sealed record DriveMember(PopulationReference Target, Identifier Variable, Identifier Source, IReadOnlyList<Argument> Arguments, TextSpan Span) : NetworkMember(Span);

/// <summary>
/// <c>run_regularly P[0:800] every 1 ms { I_noise = 5 * randn() * nA }</c>: Brian2's <c>run_regularly</c>,
/// assignments run on every neuron of the population or slice at the start of every step the interval divides.
/// </summary>
internal sealed record RunRegularlyMember(PopulationReference Target, Expression Interval, Block<AssignmentStatement> Body, TextSpan Span) : NetworkMember(Span);

/// <summary>
/// <c>protocol { phase warmup 1 s; phase learning 9 s { A -> B.eta = 0.01 } }</c>: Brian2's successive
/// <c>run()</c> calls with changes between them, as a schedule the network follows however it is run.
/// </summary>
internal sealed record ProtocolMember(Block<PhaseSyntax> Phases, TextSpan Span) : NetworkMember(Span);

/// <summary><c>phase NAME DURATION { settings }</c>: the settings apply at the phase's first step.</summary>
internal sealed record PhaseSyntax(Identifier Name, Expression Duration, IReadOnlyList<PhaseSetting> Settings, TextSpan Span) : SyntaxNode(Span);

/// <summary>
/// <c>P[a:b].v = -70 mV</c> (every neuron of the slice) or <c>A -> B.eta = 0.01</c> (every synapse of the
/// connections from A to B, or their shared value).
/// </summary>
internal sealed record PhaseSetting(PopulationReference Target, PopulationReference? PostTarget, Identifier Variable, Expression Value, TextSpan Span) : SyntaxNode(Span);

/// <summary>A <c>record</c> statement; <see cref="Every"/> is its sampling interval (<c>every 1 ms</c>), where written.</summary>
internal abstract record RecordMember(TextSpan Span) : NetworkMember(Span)
{
    public Expression? Every { get; init; }
}

/// <summary><c>record spikes P, Q[0:10]</c>.</summary>
internal sealed record RecordSpikesMember(IReadOnlyList<PopulationReference> Populations, TextSpan Span) : RecordMember(Span);

/// <summary><c>n.v</c> or <c>n[0:3].v</c> in <c>record state n.v, n.vt</c>.</summary>
internal sealed record StateReference(PopulationReference Population, Identifier Variable, TextSpan Span) : SyntaxNode(Span);

internal sealed record RecordStateMember(IReadOnlyList<StateReference> Variables, TextSpan Span) : RecordMember(Span);

/// <summary><c>record rate P, Q window 5 ms</c>: population rates, smoothed over the window where written.</summary>
internal sealed record RecordRateMember(IReadOnlyList<Identifier> Populations, Expression? Window, TextSpan Span) : RecordMember(Span);

/// <summary><c>record weights inputs -> out</c>.</summary>
internal sealed record RecordWeightsMember(Identifier Source, Identifier Target, TextSpan Span) : RecordMember(Span);

/// <summary>
/// One line of a <c>train</c> block: <c>steps 25</c>, <c>encode pixels as current</c>,
/// <c>loss cross_entropy(spike_count(out))</c>. <see cref="Subject"/> is set for <c>encode X as ...</c>.
/// </summary>
internal sealed record TrainSetting(Identifier Key, Identifier? Subject, Expression Value, TextSpan Span) : SyntaxNode(Span);

internal sealed record TrainMember(Block<TrainSetting> Body, TextSpan Span) : NetworkMember(Span);
