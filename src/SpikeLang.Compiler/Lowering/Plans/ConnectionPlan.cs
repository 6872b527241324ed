using System.Linq;
using SpikeLang.Compiler.Analysis;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// One connection with its decisions: connectivity rule, slices, synapse variables (per synapse or
/// shared), event-driven traces, clock-driven integration, delay policy and the 'on pre' / 'on post' code.
/// </summary>
/// <param name="Member">The C# property name on the network class (source_to_target, numbered when repeated).</param>
/// <param name="Statement">The connect statement as written, on one line.</param>
/// <param name="Parameters">The synapse's parameters with the connection's overrides.</param>
/// <param name="AllState">The synapse's state variables in declaration order, initial values with overrides applied: per synapse, or shared.</param>
/// <param name="NetworkParameters">Network parameters the synapse code reads; copied into the connection at construction.</param>
/// <param name="EventDriven">Traces advanced exactly from one event to the next.</param>
/// <param name="ExactClock">Clock-driven equations, each uncoupled and linear: advanced every step by a constant decay and offset.</param>
/// <param name="NumericalClock">Clock-driven equations integrated by an explicit method, or null.</param>
/// <param name="Summed">Brian2's summed variables: a neuron's variable set, every step, to the sum of a value over its synapses.</param>
/// <param name="Effect">What a presynaptic spike does to the target, for tools, or null when it is anything else.</param>
/// <param name="Location">Where it is declared, for messages of generated code.</param>
/// <param name="BytesPerSynapse">The memory each synapse takes, for the check before construction.</param>
internal sealed record ConnectionPlan(
    string Member,
    string TypeName,
    string Statement,
    string Location,
    int BytesPerSynapse,
    EndpointPlan Source,
    EndpointPlan Target,
    ConnectivityKind Rule,
    BoundExpression? RuleValue,
    BoundExpression? Condition,
    DelayPlan Delay,
    string SynapseName,
    EquatableArray<ParameterPlan> Parameters,
    EquatableArray<StatePlan> AllState,
    EquatableArray<string> NetworkParameters,
    EquatableArray<TracePlan> EventDriven,
    EquatableArray<TracePlan> ExactClock,
    NumericalUpdatePlan? NumericalClock,
    EquatableArray<BoundAssignment> OnPre,
    EquatableArray<BoundAssignment> OnPost,
    EquatableArray<SummedPlan> Summed,
    SpikeEffect? Effect)
{
    /// <summary>Variables with a value per synapse.</summary>
    public System.Collections.Generic.IEnumerable<StatePlan> State => AllState.Where(s => !s.Shared);

    /// <summary>Variables with one value for all synapses, set by the host.</summary>
    public System.Collections.Generic.IEnumerable<StatePlan> SharedState => AllState.Where(s => s.Shared);

    /// <summary>A <c>dense</c> connection: an all-to-all weight matrix (one row per source) plus a bias per target.</summary>
    public bool IsDense => Rule == ConnectivityKind.Dense;

    public bool HasOnPost => OnPost.Count > 0;

    public bool HasClockDriven => ExactClock.Count > 0 || NumericalClock is not null;

    /// <summary>Its code changes its synapses: 'on post' code, event-driven traces, or 'on pre' code that assigns synapse variables.</summary>
    public bool IsPlastic => HasOnPost || EventDriven.Count > 0 || OnPre.Any(s => s.Owner == VariableOwner.Self);

    public bool HasSummed => Summed.Count > 0;

    /// <summary>Each synapse keeps its presynaptic index: per-synapse delays, 'on post', clock-driven equations and sums need it.</summary>
    public bool NeedsSynapsePre => Delay.Kind == DelayKind.PerSynapse || HasOnPost || HasClockDriven || HasSummed;

    /// <summary>
    /// 'on pre' may run on several threads, each over a range of targets: it writes only the target and
    /// per-synapse values, so each range's writes are its own, events are not queued per synapse, and no
    /// presynaptic read meets a write of another range (a recurrent connection reading <c>v_pre</c> while
    /// it adds to <c>v</c> would see some other range's additions or not, depending on timing).
    /// </summary>
    public bool DeliversInParts => !IsDense && Delay.Kind != DelayKind.PerSynapse && WritesOnlyItsTargets(OnPre);

    /// <summary>
    /// 'on post' runs on the same ranges of targets as 'on pre', each part over its own targets' spikes, under the
    /// same rule: a postsynaptic spike visits only its own synapses, so the parts' writes are disjoint.
    /// </summary>
    public bool DeliversPostInParts => DeliversInParts && WritesOnlyItsTargets(OnPost);

    private bool WritesOnlyItsTargets(EquatableArray<BoundAssignment> code) =>
        code.All(s => s.Owner == VariableOwner.Post || (s.Owner == VariableOwner.Self && !SharedState.Any(v => v.Name == s.Target.Name)))
        && !(Source.Population == Target.Population && code.Any(s => s.Value.Variables().Any(v =>
            v.Owner == VariableOwner.Pre && v.Symbol.Kind == VariableKind.State && code.Any(w => w.Target.Name == v.Symbol.Name))));

    /// <summary>
    /// <c>same_step</c>: the schedule delivers its spikes right after its source's threshold and before its
    /// target's update of the same step (see <see cref="SameStepLowering"/>).
    /// </summary>
    public bool SameStep { get; init; }

    /// <summary>
    /// The first of the connection's two random streams (<c>TargetDraws</c>): its connectivity and its synapses' values
    /// are drawn target block by target block, so a rank can build its own targets' synapses alone.
    /// </summary>
    public ulong Stream { get; init; }

    /// <summary>Each synapse has its own weight <c>w</c>, which weight files carry.</summary>
    public bool HasWeightVariable => State.Any(s => s.Name == "w");

    /// <summary>Construction visits every synapse to give it values.</summary>
    public bool NeedsPairs => Parameters.Any(p => p.Heterogeneous) || State.Any() || NeedsSynapsePre;
}

/// <summary>
/// One side of a connection: the population, its slice (null bounds: the whole population), which of its
/// parameters differ per neuron, and which of its variables are held while refractory (synaptic writes to
/// them are dropped then, as in Brian2).
/// </summary>
internal sealed record EndpointPlan(
    string Population,
    string Member,
    string TypeName,
    PopulationKind Kind,
    BoundExpression? Start,
    BoundExpression? End,
    EquatableArray<string> HeterogeneousParameters,
    EquatableArray<string> HeldWhileRefractory,
    bool RefractoryHeterogeneous)
{
    /// <summary>Variables of the population that synapses add to through its accumulator (see <see cref="DeferredInputLowering"/>).</summary>
    public EquatableArray<string> DeferredInputs { get; init; } = EquatableArray.Empty<string>();
}

internal enum DelayKind
{
    /// <summary>Delivered in the step of the spike.</summary>
    None,

    /// <summary>The same whole number of steps for every synapse: a ring of past spikes.</summary>
    Homogeneous,

    /// <summary>Each synapse its own number of steps: a queue of synaptic events.</summary>
    PerSynapse,
}

/// <summary>
/// How a connection delays its spikes: <paramref name="Value"/> is the delay (per synapse, or for all, fixed for
/// a run); <paramref name="Steps"/> the homogeneous delay in steps with the network parameters at their defaults.
/// </summary>
internal sealed record DelayPlan(DelayKind Kind, int Steps, BoundExpression? Value)
{
    public static DelayPlan Immediate { get; } = new(DelayKind.None, 0, null);
}

/// <summary>
/// <c>x_post = value (summed)</c>: <paramref name="Sum"/> assigns the neuron's variable, which becomes each step
/// the sum of the value over the neuron's synapses; <paramref name="Equation"/> is the line as written.
/// </summary>
internal sealed record SummedPlan(string Equation, BoundAssignment Sum);

/// <summary>dx/dt = a·x + c for one synapse variable (a or c null when zero).</summary>
internal sealed record TracePlan(string Name, BoundExpression? Rate, BoundExpression? Drift);

/// <summary>
/// An external Poisson drive (Brian2's PoissonInput): each neuron of <paramref name="Target"/>, each step,
/// receives Binomial(n, rate·dt) input spikes, and its <paramref name="Variable"/> grows by their number
/// times <paramref name="Weight"/>; dropped while the neuron is refractory when the variable is held then.
/// </summary>
/// <param name="Held">True when <paramref name="Variable"/> is held while refractory, so the drive is gated.</param>
/// <param name="Stream">The random stream the drive draws from.</param>
internal sealed record DrivePlan(
    string Member,
    string TypeName,
    string Statement,
    EndpointPlan Target,
    string Variable,
    bool Held,
    BoundExpression Count,
    BoundExpression Rate,
    BoundExpression Weight,
    int Stream)
{
    /// <summary>The drive adds to the population's accumulator of the variable, which applies the refractory gate (see <see cref="DeferredInputLowering"/>).</summary>
    public bool Deferred { get; init; }
}
