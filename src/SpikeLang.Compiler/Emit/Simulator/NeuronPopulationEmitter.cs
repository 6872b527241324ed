using System.Linq;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>
/// Prints the nested class of one neuron population: structure-of-arrays state, parameters (scalars
/// when homogeneous), propagators, the kernels of its plan and the <c>IPopulation</c> contract.
/// </summary>
internal sealed partial class NeuronPopulationEmitter
{
    private readonly NetworkPlan _network;
    private readonly NeuronPopulationPlan _plan;

    private NeuronPopulationEmitter(NetworkPlan network, NeuronPopulationPlan plan)
    {
        _network = network;
        _plan = plan;
    }

    public static void Emit(CodeWriter w, NetworkPlan network, NeuronPopulationPlan plan) => new NeuronPopulationEmitter(network, plan).EmitClass(w);

    private ExactUpdatePlan? Exact => _plan.Update as ExactUpdatePlan;

    private bool HasRefractory => _plan.Refractory is not null;

    private bool HasInput => _plan.Input != InputUse.None;

    private string StepType => _network.StepType;

    /// <summary>This population's place in the spike window's messages, or -1 when the ranks exchange spikes in every step.</summary>
    private int WindowIndex => _network.SpikeWindow?.Populations.ToList().IndexOf(_plan.Member) ?? -1;

    private void EmitClass(CodeWriter w)
    {
        w.Line($"/// <summary>Population '{_plan.Name}' of {_plan.ModelName} neurons.</summary>");
        using (w.Block($"public sealed class {_plan.TypeName} : IPopulation"))
        {
            EmitFields(w);
            w.Line();
            EmitConstructor(w);
            EmitKeepHeld(w);
            w.Line();
            EmitAccessors(w);
            w.Line();
            EmitIntegrate(w);
            w.Line();
            if (!_plan.FusesThreshold)
            {
                EmitThreshold(w);
                w.Line();
            }
            EmitReset(w);
            if (WindowIndex >= 0)
            {
                w.Line();
                EmitReceive(w);
            }
            if (_plan.DeferredInputs.Count > 0)
            {
                w.Line();
                EmitApplyInput(w);
            }
            if (_plan.Regularly.Count > 0)
            {
                w.Line();
                EmitRegularly(w);
            }
            MonitorEmitter.EmitSample(w, _network, _plan.Member, variable => $"_{variable}",
                variable => _plan.Aliases.ContainsKey(variable) ? $"Evaluate_{variable}();" : null, "HeldStart, _ranks, OwnStart, OwnEnd");
            if (MonitorEmitter.Records(_network, _plan.Member))
            {
                w.Line();
                EmitRecord(w);
            }
            foreach (var alias in RecordedAliases())
            {
                w.Line();
                EmitAliasValues(w, alias);
            }
            if (_plan.State.Count + _plan.SharedState.Count > 0)
            {
                w.Line();
                EmitCheckFinite(w);
            }
            w.Line();
            PopulationContract.Emit(w, _network, _plan.Member, _plan.Name, _plan.State.Select(s => (s.Name, $"_{s.Name}")));
        }
    }

    private void EmitFields(CodeWriter w)
    {
        // Per-neuron arrays computed for every neuron are not readonly: KeepHeld keeps the neurons this process holds.
        foreach (var state in _plan.State)
        {
            w.Line($"internal Real[] _{state.Name};");
        }
        foreach (var shared in _plan.SharedState)
        {
            w.Line($"internal Real _{shared.Name};");
        }
        if (_plan.Links.Count > 0)
        {
            w.Line("// Linked variables are read from other populations of the network each time they are used.");
            w.Line($"private readonly {_network.ClassName} _net;");
        }
        foreach (var parameter in _plan.Parameters)
        {
            w.Line(parameter.Heterogeneous ? $"internal readonly Real[] _p_{parameter.Name};"
                : parameter.Learned ? $"internal Real _p_{parameter.Name};"
                : $"internal readonly Real _p_{parameter.Name};");
        }
        if (HasInput)
        {
            w.Line("/// <summary>Summed synaptic input: synapses add to it during a step, the next update consumes and clears it.</summary>");
            w.Line("internal readonly Real[] _input;");
        }
        foreach (var variable in _plan.DeferredInputs)
        {
            w.Line($"/// <summary>What synapses and drives add to {variable} during a step; ApplyInput adds it to the neurons that are not refractory.</summary>");
            w.Line($"internal readonly Real[] _in_{variable};");
        }
        if (_plan.Refractory is { } refractory)
        {
            w.Line($"internal readonly {StepType}[] _lastSpike;");
            w.Line(refractory.Heterogeneous ? $"internal {StepType}[] _refractorySteps;" : $"internal readonly {StepType} _refractorySteps;");
        }
        if (Exact is { } exact)
        {
            string type = exact.Heterogeneous ? "Real[]" : "Real";
            // Internal: the GPU simulator copies them from the network it builds on the host.
            w.Line("// Propagator of the exact update x(t + dt) = P·x(t) + Q·b; only entries that can be non-zero.");
            foreach (var field in exact.Fields())
            {
                w.Line($"internal {(exact.Heterogeneous ? "" : "readonly ")}{type} {field};");
            }
        }
        if (_plan.Stream is not null)
        {
            w.Line("// One random stream per block of Partition.RandomBlock neurons: a neuron's draws do not depend on the threads.");
            w.Line("private readonly RandomStream[] _rngs;");
        }
        foreach (var alias in RecordedAliases())
        {
            w.Line($"/// <summary>The values of alias {alias} for the monitors that record it, computed when a step is recorded.</summary>");
            w.Line($"internal readonly Real[] _{alias};");
        }
        w.Line("private readonly int[] _spikes;");
        w.Line("private int _spikeCount;");
        w.Line("// The ranks that share the network, or null in one process: the spikes found here are joined with theirs.");
        w.Line("internal readonly RankGroup? _ranks;");
        if (WindowIndex >= 0)
        {
            w.Line("// Set by the network when the ranks wait a window of steps between exchanges: the spikes found here go to it instead.");
            w.Line("internal SpikeWindow? Window;");
        }
        if (_plan.FusesThreshold)
        {
            w.Line("// The spikes each part found in this step, listed in _spikes from the part's first neuron.");
            w.Line("private readonly int[] _partSpikes;");
        }
    }

    private void EmitAccessors(CodeWriter w)
    {
        w.Line("/// <summary>Number of neurons.</summary>");
        w.Line("public int Count { get; }");
        w.Line();
        w.Line("/// <summary>The first neuron this process updates: 0, or where this rank's share starts (see <see cref=\"RankGroup\"/>).</summary>");
        w.Line("public int OwnStart { get; }");
        w.Line();
        w.Line("/// <summary>One past the last neuron this process updates; the neurons outside [OwnStart, OwnEnd) are other ranks' to update.</summary>");
        w.Line("public int OwnEnd { get; }");
        w.Line();
        w.Line("/// <summary>The first neuron whose values this process holds: element k of every per-neuron array is neuron HeldStart + k (see <see cref=\"HeldNeurons\"/>).</summary>");
        w.Line("public int HeldStart { get; }");
        w.Line();
        w.Line("/// <summary>One past the last neuron whose values this process holds: OwnEnd, or Count where every rank holds every neuron.</summary>");
        w.Line("public int HeldEnd { get; }");
        w.Line();
        w.Line("/// <summary>The ranges of this process's neurons updated by different threads (see <see cref=\"Partition\"/>).</summary>");
        w.Line("internal int Parts { get; }");
        w.Line();
        w.Line(_plan.Stream is null
            ? "/// <summary>The first neuron of a part (OwnEnd for part = Parts).</summary>"
            : "/// <summary>The first neuron of a part (OwnEnd for part = Parts), at a block boundary so that each block's stream is drawn by one thread in neuron order.</summary>");
        w.Line(_plan.Stream is null
            ? "internal int PartStart(int part) => OwnStart + Partition.Start(OwnEnd - OwnStart, Parts, part);"
            : "internal int PartStart(int part) => OwnStart + Partition.BlockStart(OwnEnd - OwnStart, Parts, part);");
        w.Line();
        foreach (var state in _plan.State)
        {
            w.Line($"/// <summary>State variable {state.Name}, in {state.Unit}, one value per neuron held: neuron HeldStart + k at k (every neuron in one process).</summary>");
            w.Line($"public Span<Real> {state.Member} => _{state.Name};");
        }
        foreach (var shared in _plan.SharedState)
        {
            w.Line($"/// <summary>Shared state variable {shared.Name}, in {shared.Unit}: one value for the whole population, which the host may set.</summary>");
            w.Line($"public Real {shared.Member} {{ get => _{shared.Name}; set => _{shared.Name} = value; }}");
        }
        foreach (var link in _plan.Links)
        {
            w.Line($"/// <summary>Linked variable {link.Variable} ({link.Text}): {(link.Broadcast ? "one value, read by every neuron" : "neuron i reads source neuron i")}.</summary>");
            w.Line(link.Broadcast
                ? $"public Real {Naming.Member(link.Variable)} => {LinkedSource(link)}{(link.SourceShared ? "" : "[0]")};"
                : $"public ReadOnlySpan<Real> {Naming.Member(link.Variable)} => {LinkedSource(link)};");
        }
        foreach (var parameter in _plan.Parameters)
        {
            w.Line(parameter.Heterogeneous
                ? $"/// <summary>Parameter {parameter.Name}, in {parameter.Unit}, one value per neuron (every rank holds all of them: connections read them as they are built).</summary>"
                : $"/// <summary>Parameter {parameter.Name}, in {parameter.Unit}.</summary>");
            w.Line(parameter.Heterogeneous
                ? $"public ReadOnlySpan<Real> {parameter.Member} => _p_{parameter.Name};"
                : $"public Real {parameter.Member} => _p_{parameter.Name};");
        }
        w.Line();
        w.Line("/// <summary>The neurons that spiked in the last step, ascending.</summary>");
        w.Line("public ReadOnlySpan<int> Spikes => new(_spikes, 0, _spikeCount);");
        w.Line();
        w.Line("/// <summary>Spikes since construction.</summary>");
        w.Line("public long SpikeCount { get; private set; }");
        MonitorEmitter.EmitProperties(w, _network, _plan.Member);
        if (_plan.Refractory is { } refractory)
        {
            string steps = refractory.Heterogeneous ? "_refractorySteps[i - HeldStart]" : "_refractorySteps";
            w.Line();
            w.Line("/// <summary>");
            w.Line("/// Brian2's not_refractory: false from the step neuron i spikes until its refractory period is over.");
            w.Line("/// Synaptic writes to the variables it holds while refractory take effect only when this is true.");
            w.Line("/// </summary>");
            w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
            w.Line($"public bool NotRefractory(int i, long step) => step - _lastSpike[i - HeldStart] >= {steps};");
            w.Line();
            w.Line("/// <summary>Brian2's lastspike: the time of neuron i's last spike, in seconds (−10⁴ s before its first).</summary>");
            w.Line("public double LastSpikeTime(int i) => _lastSpike[i - HeldStart] * Dt;");
        }
    }

    /// <summary>The field a linked variable reads: the source population's array, or its scalar for a shared source.</summary>
    private static string LinkedSource(LinkPlan link) => $"_net.{link.SourceMember}._{link.SourceVariable}";
}
