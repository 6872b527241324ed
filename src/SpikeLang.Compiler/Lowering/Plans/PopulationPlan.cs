using System.Linq;
using SpikeLang.Compiler.Analysis;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Lowering;

/// <summary>What every population has: its names, size, whether its spikes are recorded, and the lines that describe it in the generated header.</summary>
/// <param name="Member">The C# property name on the network class.</param>
/// <param name="TypeName">The nested C# class.</param>
/// <param name="Stream">The random stream it draws from while running (stream 0 is construction's), or null when it draws none.</param>
/// <param name="Location">Where it is declared, for messages of generated code ("Cuba.snn line 24").</param>
/// <param name="BytesPerElement">The memory each neuron or source takes, for the check before construction.</param>
internal abstract record PopulationPlan(string Name, string Member, string TypeName, SizePlan Size, bool RecordsSpikes, int? Stream, EquatableArray<string> Header,
    string Location, int BytesPerElement);

/// <summary>Independent Poisson sources, each spiking with probability rate·dt per step.</summary>
/// <param name="HeterogeneousRate">True when the rate differs per source (it uses i or random numbers).</param>
/// <param name="TimeVarying">True when the rate uses t or a timed array: it is evaluated every step.</param>
internal sealed record PoissonPopulationPlan(
    string Name, string Member, string TypeName, SizePlan Size, bool RecordsSpikes, int? Stream, EquatableArray<string> Header,
    string Location, int BytesPerElement,
    BoundExpression Rate, bool HeterogeneousRate, bool TimeVarying)
    : PopulationPlan(Name, Member, TypeName, Size, RecordsSpikes, Stream, Header, Location, BytesPerElement);

/// <summary>
/// Sources driven by the host (spikes, or real values for dense connections), or by their own
/// <paramref name="Schedule"/>: Brian2's SpikeGeneratorGroup, whose spikes the host may add to.
/// </summary>
internal sealed record InputPopulationPlan(
    string Name, string Member, string TypeName, SizePlan Size, bool RecordsSpikes, int? Stream, EquatableArray<string> Header,
    string Location, int BytesPerElement, SpikeSchedule? Schedule)
    : PopulationPlan(Name, Member, TypeName, Size, RecordsSpikes, Stream, Header, Location, BytesPerElement);

/// <summary>Neurons of one model, with their parameters, state and the kernels' decisions.</summary>
/// <param name="Parameters">The model's parameters with the population's overrides, each after those it uses.</param>
/// <param name="State">State variables in the order of the model's state block, with initial values (overrides applied).</param>
/// <param name="Aliases">Named sub-expressions, written out where used.</param>
/// <param name="Update">How a step advances the state.</param>
/// <param name="UpdateVectorizable">True when the update (with the threshold, when fused) runs on Vector256 lanes.</param>
/// <param name="FusesThreshold">True when the update kernel also finds the spikes, in registers (one pass instead of two).</param>
/// <param name="ThresholdVectorizable">True when a separate threshold kernel runs on Vector256 lanes.</param>
/// <param name="Input">Whether the population has a summed synaptic input, and whether its update reads it.</param>
/// <param name="Dynamics">The affine form for tools (chip, NIR), or null with <paramref name="NotAffineReason"/>.</param>
/// <param name="Checks">The values the generated constructor checks, because they are not constants at compile time.</param>
internal sealed record NeuronPopulationPlan(
    string Name, string Member, string TypeName, SizePlan Size, bool RecordsSpikes, int? Stream, EquatableArray<string> Header,
    string Location, int BytesPerElement,
    string ModelName,
    EquatableArray<ParameterPlan> Parameters,
    EquatableArray<StatePlan> State,
    EquatableMap<BoundExpression> Aliases,
    UpdatePlan Update,
    bool UpdateVectorizable,
    BoundExpression? Threshold,
    string? ThresholdText,
    bool FusesThreshold,
    bool ThresholdVectorizable,
    EquatableArray<BoundAssignment> Reset,
    RefractoryPlan? Refractory,
    InputUse Input,
    EquatableArray<string> RecordedVariables,
    EquatableArray<string> LearnedParameters,
    string Equations,
    string Discretization,
    AffineDynamics? Dynamics,
    string? NotAffineReason,
    ValueChecks.ConstructionChecks Checks,
    EquatableArray<RegularlyPlan> Regularly)
    : PopulationPlan(Name, Member, TypeName, Size, RecordsSpikes, Stream, Header, Location, BytesPerElement)
{
    public bool RecordsAnything => RecordsSpikes || RecordedVariables.Count > 0;

    /// <summary>Variables whose synaptic input is summed in an accumulator and added after delivery (see <see cref="DeferredInputLowering"/>).</summary>
    public EquatableArray<string> DeferredInputs { get; init; } = EquatableArray.Empty<string>();

    /// <summary>State variables with one value for the whole population (Brian2's <c>(shared)</c>), held in a scalar field.</summary>
    public EquatableArray<StatePlan> SharedState { get; init; } = EquatableArray.Empty<StatePlan>();

    /// <summary>The linked variables, each read from another population wherever it is used; they have no field of their own.</summary>
    public EquatableArray<LinkPlan> Links { get; init; } = EquatableArray.Empty<LinkPlan>();

    public bool IsHeterogeneous(string parameter) => Parameters.Any(p => p.Name == parameter && p.Heterogeneous);

    /// <summary>True when the expression can differ from one neuron to the next.</summary>
    public bool VariesPerNeuron(BoundExpression expression) => ExpressionFacts.VariesPerElement(expression, IsHeterogeneous);
}

/// <summary>
/// <c>run_regularly</c> on neurons [<paramref name="Start"/>, <paramref name="End"/>) of the population (null: all of
/// them): <paramref name="Statements"/> at the start of every step that <paramref name="Steps"/> divides.
/// </summary>
/// <param name="Text">The statement as written, on one line, for the generated code's comment.</param>
internal sealed record RegularlyPlan(string Text, int Steps, int? Start, int? End, EquatableArray<BoundAssignment> Statements);

/// <summary>A parameter: its value (default or override) and whether it differs per neuron or synapse.</summary>
/// <param name="Learned">True when the train block learns it, so weight files may set it.</param>
/// <param name="Unit">How its unit reads in documentation.</param>
internal sealed record ParameterPlan(string Name, BoundExpression Value, bool Heterogeneous, bool Learned, string Unit)
{
    public string Member => Naming.Member(Name);
}

/// <summary>A state variable and its initial value; <paramref name="Shared"/> for a synapse variable with one value for all synapses, set by the host.</summary>
internal sealed record StatePlan(string Name, BoundExpression Initial, string Unit, bool Shared = false)
{
    public string Member => Naming.Member(Name);
}

/// <summary>
/// A linked variable: <paramref name="Variable"/> reads <paramref name="SourceVariable"/> of the population at the network's
/// member <paramref name="SourceMember"/>: its field when <paramref name="SourceShared"/>, else its element 0 when
/// <paramref name="Broadcast"/>, else the element of the reading neuron's index.
/// </summary>
/// <param name="Text">The link as written, for comments of the generated code.</param>
/// <param name="Source">The source population's name.</param>
internal sealed record LinkPlan(string Variable, string Source, string SourceMember, string SourceVariable, bool SourceShared, bool Broadcast, string Text);

/// <summary>The refractory period: its value, whether it differs per neuron, and the variables held while it lasts.</summary>
internal sealed record RefractoryPlan(BoundExpression Period, string Text, bool Heterogeneous, EquatableArray<string> Held);

/// <summary>The summed synaptic input of a population.</summary>
internal enum InputUse
{
    /// <summary>No synapse adds to it and no equation reads it: no buffer.</summary>
    None,

    /// <summary>Synapses add to it; the update clears it without reading it.</summary>
    Cleared,

    /// <summary>Synapses add to it and the update reads it, then clears it.</summary>
    Read,
}

/// <summary>
/// A named slice of a neuron population (Brian2's subgroup): its own spikes (indices counted from its
/// start), spike count and recordings, read from its parent each step.
/// </summary>
internal sealed record SubgroupPlan(
    string Name,
    string Member,
    string TypeName,
    string Parent,
    string ParentMember,
    string ParentTypeName,
    BoundExpression? Start,
    BoundExpression? End,
    bool RecordsSpikes,
    EquatableArray<string> RecordedVariables,
    EquatableArray<string> StateVariables);
