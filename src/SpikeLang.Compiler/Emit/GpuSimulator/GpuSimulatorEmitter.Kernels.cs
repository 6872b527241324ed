using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Emit.Simulator;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.GpuSimulator;

/// <summary>
/// The step and its kernels. A neuron kernel runs one thread per neuron (the update and threshold) or per slot of this
/// step's spikes (the reset); a delivery kernel one thread per slot of the source's spikes of the step they arrive from,
/// each running its synapses and adding with atomics, so sums onto one target may add in another order than the CPU's.
/// With delays per synapse, the spikes are this step's and the additions go into the connection's delay ring, whose
/// slot of the step then arrives at the targets.
/// </summary>
internal sealed partial class GpuSimulatorEmitter
{
    /// <summary>Every neuron kernel takes the same views, so that one delegate type serves them all.</summary>
    private string NeuronKernelTypes =>
        $"Index1D, ArrayView<Real>, ArrayView<Real>, ArrayView<Real>, ArrayView<Real>, ArrayView<Real>, ArrayView<{StepType}>, ArrayView<int>, ArrayView<int>, ArrayView<double>, NeuronStep";

    private string NeuronKernelDelegate => $"Action<{NeuronKernelTypes}>";

    private string NeuronKernelParameters =>
        $"Index1D index, ArrayView<Real> state, ArrayView<Real> constants, ArrayView<Real> perNeuron, ArrayView<Real> input, ArrayView<Real> deferred, ArrayView<{StepType}> lastSpike, ArrayView<int> spikes, ArrayView<int> counts, ArrayView<double> tables, NeuronStep s";

    private string DeliverKernelTypes =>
        "Index1D, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<Real>, ArrayView<Real>, ArrayView<Real>, ArrayView<Real>, ArrayView<Real>, DeliverStep";

    private string DeliverDelegate => $"Action<{DeliverKernelTypes}>";

    /// <summary>The delivery kernels of connections with delays per synapse, which add into their ring instead of the target.</summary>
    private string DelayedDeliverKernelTypes =>
        "Index1D, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<int>, ArrayView<Real>, ArrayView<Real>, ArrayView<int>, ArrayView<Real>, DeliverStep, DelayRingStep";

    private string DelayedDeliverDelegate => $"Action<{DelayedDeliverKernelTypes}>";

    /// <summary>The kernels a population has, in the order of <see cref="KernelKind"/>: update, threshold (when not fused), applyInput, reset.</summary>
    private static IEnumerable<string> NeuronKernelNames(NeuronPopulationPlan neurons)
    {
        // As on the CPU: with nothing to change and no input to clear, there is no update kernel.
        if (neurons.Update.Changed.Count > 0 || neurons.Input != InputUse.None)
        {
            yield return "update";
        }
        if (!neurons.FusesThreshold && neurons.Threshold is not null)
        {
            yield return "threshold";
        }
        if (neurons.DeferredInputs.Count > 0)
        {
            yield return "applyInput";
        }
        if (neurons.Reset.Count > 0)
        {
            yield return "reset";
        }
    }

    private static string KernelMethod(string kernel, string member) => $"{char.ToUpperInvariant(kernel[0])}{kernel.Substring(1)}_{member.TrimStart('@')}";

    /// <summary>A synapse value with one value for the connection: a parameter, or a network parameter the code reads.</summary>
    private sealed record SynapseConstant(string Local, Func<string, string> Host);

    private static IReadOnlyList<SynapseConstant> SynapseConstants(ConnectionPlan connection) =>
        connection.Parameters.Where(p => !p.Heterogeneous).Select(p => new SynapseConstant($"k_s_{p.Name}", host => $"{host}._p_{p.Name}"))
            .Concat(connection.NetworkParameters.Select(name => new SynapseConstant($"k_np_{name}", _ => $"(Real)_host.{Naming.Member(name)}")))
            .Concat(connection.EventDriven.Where(t => t.Rate is not null).Select(t => new SynapseConstant($"k_rate_{t.Name}", host => $"{host}._rate_{t.Name}")))
            .Concat(connection.EventDriven.Where(t => t.Drift is not null).Select(t => new SynapseConstant($"k_drift_{t.Name}", host => $"{host}._drift_{t.Name}")))
            .Concat(connection.ExactClock.SelectMany(t => new[]
            {
                new SynapseConstant($"k_decay_{t.Name}", host => $"{host}._decay_{t.Name}"),
                new SynapseConstant($"k_offset_{t.Name}", host => $"{host}._offset_{t.Name}"),
            }))
            .Concat(NeuronParameters(connection))
            .ToList();

    /// <summary>
    /// The parameters of the pre- or postsynaptic neurons that the synapse code reads, each with one value for its
    /// population (SL0521 refuses those that differ per neuron): the locals and host fields the CPU simulator's writer reads.
    /// </summary>
    private static IEnumerable<SynapseConstant> NeuronParameters(ConnectionPlan connection) =>
        connection.OnPre.Concat(connection.OnPost).Concat(connection.Summed.Select(s => s.Sum)).Select(s => s.Value)
            .Concat(connection.NumericalClock?.Rhs ?? Enumerable.Empty<BoundExpression>())
            .SelectMany(e => e.Variables())
            .Where(v => v.Owner is VariableOwner.Pre or VariableOwner.Post && v.Symbol.Kind == VariableKind.Parameter)
            .Select(v => (Side: v.Owner == VariableOwner.Pre ? "pre" : "post", Endpoint: v.Owner == VariableOwner.Pre ? connection.Source : connection.Target, v.Symbol.Name))
            .Distinct()
            .Select(p => new SynapseConstant($"k_{p.Side}_p_{p.Name}", _ => $"_host.{p.Endpoint.Member}._p_{p.Name}"));

    /// <summary>The host arrays with one value per synapse (heterogeneous parameters, then per-synapse state), in the order of the synapse-values view.</summary>
    private static IReadOnlyList<string> SynapseArrays(ConnectionPlan connection) =>
        connection.Parameters.Where(p => p.Heterogeneous).Select(p => $"_p_{p.Name}")
            .Concat(connection.State.Select(s => $"_{s.Name}"))
            .ToList();

    private void EmitStep(CodeWriter w)
    {
        w.Line("/// <summary>Advances the network by one time step: the plan's kernels in its order, launched on the device without waiting.</summary>");
        using (w.Block("public void Step()"))
        {
            w.Line("long step = _step;");
            EmitPhaseChange(w);
            foreach (var call in _network.Schedule)
            {
                EmitCall(w, call);
                EmitSourceValues(w, call);
            }
            foreach (var population in _network.Populations)
            {
                w.Line($"this.{population.Member}.EndStep(step);");
            }
            w.Line("_step = step + 1;");
        }
    }

    private void EmitCall(CodeWriter w, KernelCall call)
    {
        var population = _network.Populations.FirstOrDefault(p => p.Member == call.Member);
        switch (call.Kind)
        {
            case KernelKind.NeuronUpdate when population is NeuronPopulationPlan neurons:
                if (neurons.FusesThreshold)
                {
                    w.Line($"this.{neurons.Member}.DeviceSpikes.Clear(step);");
                }
                if (NeuronKernelNames(neurons).Contains("update"))
                {
                    EmitLinkCopies(w, neurons);
                    w.Line(Launch("update", neurons, "step"));
                }
                break;
            case KernelKind.Threshold when population is NeuronPopulationPlan neurons:
                w.Line($"this.{neurons.Member}.DeviceSpikes.Clear(step);");
                if (neurons.Threshold is not null)
                {
                    EmitLinkCopies(w, neurons);
                    w.Line(Launch("threshold", neurons, "step"));
                }
                break;
            case KernelKind.Threshold when population is PoissonPopulationPlan { TimeVarying: true } poisson:
                // A rate of t: the host network's population evaluates the step's probability (one, or one per source)
                // and it is copied into the probability view before the kernel that draws with it (on the same stream).
                w.Line($"_host.{poisson.Member}.UpdateProbability(step);");
                w.Line(poisson.HeterogeneousRate
                    ? $"DeviceCopy.Upload<float>({Buffer("probability", poisson)}.View, _host.{poisson.Member}._probability);"
                    : $"DeviceCopy.Upload<float>({Buffer("probability", poisson)}.View, new ReadOnlySpan<float>(in _host.{poisson.Member}._probability));");
                w.Line($"_kernels.Poisson(this.{poisson.Member}.DeviceSpikes, {Buffer("probability", poisson)}.View, _seed, {poisson.Stream}, step);");
                break;
            case KernelKind.Threshold when population is PoissonPopulationPlan poisson:
                w.Line($"_kernels.Poisson(this.{poisson.Member}.DeviceSpikes, {Buffer("probability", poisson)}.View, _seed, {poisson.Stream}, step);");
                break;
            case KernelKind.Threshold when population is InputPopulationPlan input:
                // The host decides an input's spikes: the host network's input population runs its step (the host's
                // SetSpikes, its schedule, its stimulus) and this step's spikes are uploaded into their slot here, where the
                // CPU simulator's schedule finds them, so the deliveries launched after read them. No array is created: a span of the host's.
                w.Line($"_host.{input.Member}.Threshold(step);");
                w.Line($"this.{input.Member}.DeviceSpikes.Upload(step, _host.{input.Member}.Spikes);");
                break;
            case KernelKind.Regularly when population is NeuronPopulationPlan neurons:
                EmitRegularlyCall(w, neurons);
                break;
            case KernelKind.ApplyInput when population is NeuronPopulationPlan neurons:
                w.Line(Launch("applyInput", neurons, "step"));
                break;
            case KernelKind.Reset when population is NeuronPopulationPlan neurons:
                if (neurons.Reset.Count > 0)
                {
                    EmitLinkCopies(w, neurons);
                    w.Line(Launch("reset", neurons, "step"));
                }
                break;
            case KernelKind.Deliver when DeliversValues(call.Member):
                EmitValueDeliveryCall(w, call.Member);
                break;
            case KernelKind.Deliver when _network.Connections.First(c => c.Member == call.Member) is var connection && RunsSynapseCode(connection):
                EmitPlasticDeliverCall(w, connection);
                break;
            case KernelKind.Deliver:
                EmitDeliverCall(w, _network.Connections.First(c => c.Member == call.Member));
                break;
            case KernelKind.DeliverPost:
                // After the connections' 'on pre' kernels, drives and applied input, as on the CPU: its synapses' 'on pre' updates come first.
                w.Line(PlasticLaunch(_network.Connections.First(c => c.Member == call.Member), post: true, "step"));
                break;
            case KernelKind.SynapseUpdate:
                EmitIntegrateCall(w, _network.Connections.First(c => c.Member == call.Member));
                break;
            case KernelKind.SummedVariable:
                EmitSumCall(w, _network.Connections.First(c => c.Member == call.Member));
                break;
            case KernelKind.Drive:
                EmitDriveCall(w, _network.Drives.First(d => d.Member == call.Member));
                break;
            case KernelKind.Record:
                // Each population's EndStep copies its recorded spikes back, a block of steps at a time, and hands its
                // subgroups theirs (the parent's in their range, taken on the host).
                break;
            case KernelKind.Sample:
                EmitSampleCall(w, call.Member);
                break;
            case KernelKind.FiniteCheck:
                // Run looks for state that is not finite when it returns (a copy of the state from the device).
                break;
            default:
                throw new InvalidOperationException($"The GPU simulator has no {call.Kind} kernel for '{call.Member}'; SL0521 should have refused it.");
        }
    }

    /// <summary>A launch of a population's kernel over all its neurons (the reset's threads past this step's spike count return at once).</summary>
    private string Launch(string kernel, NeuronPopulationPlan neurons, string step)
    {
        string m = neurons.Member;
        // Periods that differ per neuron are in the lastSpike view instead.
        string refractory = neurons.Refractory is { Heterogeneous: false } ? Buffer("refractorySteps", neurons) : "0";
        return $"{Buffer(kernel, neurons)}(this.{m}.Count, {Buffer("state", neurons)}.View, {Buffer("constants", neurons)}, {Buffer("perNeuron", neurons)}, "
            + $"{Buffer("input", neurons)}, {Buffer("deferred", neurons)}, {Buffer("lastSpike", neurons)}, this.{m}.DeviceSpikes.Indices, this.{m}.DeviceSpikes.Counts, _timedArrays.View, "
            + $"new NeuronStep({step}, this.{m}.DeviceSpikes.Slot({step}), this.{m}.Count, {refractory}, _seed, {neurons.Stream ?? 0}));";
    }

    private void EmitDeliverCall(CodeWriter w, ConnectionPlan connection)
    {
        string c = connection.Member;
        string source = $"this.{_network.Populations.First(p => p.Name == connection.Source.Population).Member}";
        var target = (NeuronPopulationPlan)_network.Populations.First(p => p.Name == connection.Target.Population);
        string host = $"_host.{c}";
        bool delayed = connection.Delay.Kind == DelayKind.PerSynapse;
        // The spikes of the step the delay reaches back to; none before the first step. With delays per synapse, this
        // step's spikes, which the ring holds until each synapse's delay has passed.
        string arriving = connection.Delay.Kind == DelayKind.Homogeneous ? $"step - {host}.DelaySteps" : "step";
        string targets = delayed
            ? $"{Buffer("delays", c)}.DelaySteps, {Buffer("delays", c)}.Ring, "
            : $"{Buffer("state", target)}.View, {Buffer("input", target)}, {Buffer("deferred", target)}, ";
        string launch = $"{Buffer("deliver", c)}({source}.Count, {source}.DeviceSpikes.Indices, {source}.DeviceSpikes.Counts, {Buffer("rowStart", c)}.View, {Buffer("columns", c)}.View, "
            + $"{Buffer("synapseConstants", c)}, {Buffer("synapseValues", c)}, {targets}"
            + $"new DeliverStep({source}.DeviceSpikes.Slot({arriving}), {source}.Count, {host}.SourceStart, {host}.SourceEnd - {host}.SourceStart, {host}.TargetStart, "
            + $"this.{target.Member}.Count, {host}.Connectivity.Columns.Length){(delayed ? $", {Buffer("delays", c)}.At(step)" : "")});";
        w.Line(connection.Delay.Kind == DelayKind.Homogeneous ? $"if ({arriving} >= 0) {launch}" : launch);
        if (delayed)
        {
            // After this step's spikes are in the ring (a delay of 0 lands in this step's slot): what arrives now.
            foreach (var (destination, k) in Destinations(connection).Select((x, k) => (x, k)))
            {
                w.Line($"_kernels.Arrive({Buffer("delays", c)}.Due(step, {k}), {destination.SliceView});");
            }
        }
    }

    /// <summary>A drive's step: its counts times the weight added to the targets' slice of the variable, or of its accumulator.</summary>
    private void EmitDriveCall(CodeWriter w, DrivePlan drive)
    {
        var target = (NeuronPopulationPlan)_network.Populations.First(p => p.Name == drive.Target.Population);
        string host = $"_host.{drive.Member}";
        string n = $"this.{target.Member}.Count";
        string view, into;
        if (drive.Deferred)
        {
            // Held while refractory: into the accumulator, whose applyInput kernel drops it for refractory neurons, as on the CPU.
            into = $"the accumulator of {drive.Variable}, applied unless refractory";
            view = $"{Buffer("deferred", target)}.SubView({target.DeferredInputs.ToList().IndexOf(drive.Variable)} * (long){n} + {host}.Start, {host}.Count)";
        }
        else if (drive.Held)
        {
            // Held, and not accumulated: only where some code reads the variable during delivery, which SL0521 refuses.
            throw new InvalidOperationException($"'{drive.Variable}' of '{target.Name}' is held while refractory but not summed in an accumulator.");
        }
        else
        {
            into = drive.Variable;
            view = $"{Buffer("state", target)}.View.SubView({target.State.Select(x => x.Name).ToList().IndexOf(drive.Variable)} * (long){n} + {host}.Start, {host}.Count)";
        }
        w.Line($"// {drive.Statement}: count · weight into {into}, for the targets' slice.");
        w.Line($"_{drive.Member.TrimStart('@')}.Deliver({view}, _seed, step);");
    }

    private void EmitNeuronKernels(CodeWriter w, NeuronPopulationPlan neurons)
    {
        var emitter = _neurons[neurons.Member];
        string type = StepType;
        void Prologue(bool refractory)
        {
            w.Line("int n = s.Neurons;");
            w.Line("long step = s.Step;");
            if (refractory && neurons.Refractory is { Heterogeneous: false })
            {
                w.Line($"var refractorySteps = ({type})s.RefractorySteps;");
            }
        }
        void Spike(string condition)
        {
            using (w.Block($"if ({condition})"))
            {
                w.Line("// Appended where the count says: the order of a step's spikes is the threads', sorted when copied back.");
                w.Line("int k = Atomic.Add(ref counts[s.Slot], 1);");
                w.Line("spikes[(long)s.Slot * n + k] = i;");
                if (neurons.Refractory is not null)
                {
                    w.Line($"lastSpike[i] = ({type})step;");
                }
            }
        }
        foreach (var kernel in NeuronKernelNames(neurons))
        {
            if (kernel != NeuronKernelNames(neurons).First())
            {
                w.Line();
            }
            w.Line(kernel switch
            {
                "update" => $"/// <summary>'{neurons.Name}' ({neurons.ModelName}), one thread per neuron: the update{(neurons.FusesThreshold ? ", then the threshold on the new state" : "")}.</summary>",
                "threshold" => $"/// <summary>'{neurons.Name}', one thread per neuron: finds the neurons where {neurons.ThresholdText}{(neurons.Refractory is null ? "" : ", unless refractory")}.</summary>",
                "applyInput" => $"/// <summary>'{neurons.Name}', one thread per neuron: {string.Join(", ", neurons.DeferredInputs.Select(x => $"{x} += accumulated input"))}, unless refractory.</summary>",
                _ => $"/// <summary>'{neurons.Name}', one thread per spike of this step: the reset.</summary>",
            });
            using (w.Block($"private static void {KernelMethod(kernel, neurons.Member)}({NeuronKernelParameters})"))
            {
                if (kernel == "reset")
                {
                    w.Line("if ((int)index >= counts[s.Slot]) return;");
                    Prologue(refractory: false);
                    w.Line("int i = spikes[(long)s.Slot * n + index];");
                    emitter.WriteDeviceReset(w);
                    continue;
                }
                w.Line("int i = index;");
                Prologue(refractory: true);
                switch (kernel)
                {
                    case "update":
                        emitter.WriteDeviceUpdate(w, Spike);
                        break;
                    case "threshold":
                        emitter.WriteDeviceThreshold(w, Spike);
                        break;
                    default:
                        emitter.WriteDeviceApplyInput(w);
                        break;
                }
            }
        }
    }

    /// <summary>
    /// Where a connection's 'on pre' sums into one target variable go: KernelView inside the delivery kernel (the target
    /// population's whole variable, declared by KernelHoist), SliceView on the host (its target slice, where a delay
    /// ring's values arrive, for connections with delays per synapse).
    /// </summary>
    private sealed record Destination(string Variable, string KernelView, string? KernelHoist, string SliceView);

    /// <summary>The distinct target variables of the connection's 'on pre' sums, in the order they are first written.</summary>
    private IReadOnlyList<Destination> Destinations(ConnectionPlan connection)
    {
        var target = (NeuronPopulationPlan)_network.Populations.First(p => p.Name == connection.Target.Population);
        string host = $"_host.{connection.Member}";
        string n = $"this.{target.Member}.Count";
        string slice = $"{host}.TargetStart, {host}.TargetEnd - {host}.TargetStart";
        var destinations = new List<Destination>();
        foreach (var statement in connection.OnPre)
        {
            string name = statement.Target.Name;
            if (destinations.Any(d => d.Variable == name))
            {
                continue;
            }
            if (BuiltinRenderer.IsSummedInput(statement.Target))
            {
                // The summed input, which the target's next update reads and clears.
                destinations.Add(new Destination(name, "targetInput", null, $"{Buffer("input", target)}.SubView({slice})"));
            }
            else if (target.DeferredInputs.Contains(name))
            {
                // A variable held while refractory: summed into the target's accumulator, whose applyInput kernel adds it to the
                // neurons that are not refractory (Brian2 drops a synaptic write to a held variable then, as the CPU simulator does).
                int k = target.DeferredInputs.ToList().IndexOf(name);
                destinations.Add(new Destination(name, $"r_post_in_{name}", $"var r_post_in_{name} = targetDeferred.SubView({k} * (long)d.TargetNeurons, d.TargetNeurons);",
                    $"{Buffer("deferred", target)}.SubView({k} * (long){n} + {slice})"));
            }
            else if (connection.Target.HeldWhileRefractory.Contains(name))
            {
                // Every sum the GPU simulator delivers can be deferred, so DeferredInputLowering routes all of them to accumulators.
                throw new InvalidOperationException($"'{name}' of '{target.Name}' is held while refractory but not summed in an accumulator.");
            }
            else
            {
                int k = target.State.Select(x => x.Name).ToList().IndexOf(name);
                destinations.Add(new Destination(name, $"r_post_{name}", $"var r_post_{name} = targetState.SubView({k} * (long)d.TargetNeurons, d.TargetNeurons);",
                    $"{Buffer("state", target)}.View.SubView({k} * (long){n} + {slice})"));
            }
        }
        return destinations;
    }

    private void EmitDeliverKernel(CodeWriter w, ConnectionPlan connection)
    {
        if (RunsSynapseCode(connection))
        {
            EmitPlasticKernels(w, connection);
            return;
        }
        bool delayed = connection.Delay.Kind == DelayKind.PerSynapse;
        var constants = SynapseConstants(connection);
        var arrays = SynapseArrays(connection);
        var destinations = Destinations(connection);
        var hoisted = new List<string>();
        void Hoist(string line)
        {
            if (!hoisted.Contains(line))
            {
                hoisted.Add(line);
            }
        }
        string Variable(BoundVariable v)
        {
            string name = v.Symbol.Name;
            switch (v.Symbol.Kind)
            {
                case VariableKind.NetworkParameter:
                case VariableKind.Parameter when !connection.Parameters.First(p => p.Name == name).Heterogeneous:
                    string local = v.Symbol.Kind == VariableKind.NetworkParameter ? $"k_np_{name}" : $"k_s_{name}";
                    Hoist($"Real {local} = synapseConstants[{constants.Select(c => c.Local).ToList().IndexOf(local)}];");
                    return local;
                default:
                    // A per-synapse value: a heterogeneous parameter or a state variable no code of the connection writes.
                    string array = v.Symbol.Kind == VariableKind.Parameter ? $"_p_{name}" : $"_{name}";
                    return $"synapseValues[{arrays.ToList().IndexOf(array)} * (long)d.Synapses + k]";
            }
        }
        var writer = new ExpressionWriter(EvaluationMode.Scalar, _network.DoublePrecision, Variable);
        var body = new List<string>();
        foreach (var statement in connection.OnPre)
        {
            string value = writer.Write(statement.Value);
            if (statement.Operator == Syntax.AssignmentOperator.SubtractAssign)
            {
                value = $"-{value}";
            }
            var destination = destinations.First(x => x.Variable == statement.Target.Name);
            if (delayed)
            {
                // Into the ring's slot of the step this synapse's delay reaches, from where it arrives then.
                body.Add($"Atomic.Add(ref ring[r.At(delaySteps[k], {destinations.ToList().IndexOf(destination)}, columns[k])], {value});");
            }
            else
            {
                if (destination.KernelHoist is { } line)
                {
                    Hoist(line);
                }
                body.Add($"Atomic.Add(ref {destination.KernelView}[j], {value});");
            }
        }
        if (delayed)
        {
            w.Line($"/// <summary>{connection.Statement}: one thread per spike of the source's step, its synapses' 'on pre' sums atomically added to the delay ring, each where its delay arrives.</summary>");
        }
        else
        {
            w.Line($"/// <summary>{connection.Statement}: one thread per spike of the source's step that arrives now, its synapses' 'on pre' code as atomic additions.</summary>");
        }
        string targets = delayed ? "ArrayView<int> delaySteps, ArrayView<Real> ring, DeliverStep d, DelayRingStep r" : "ArrayView<Real> targetState, ArrayView<Real> targetInput, ArrayView<Real> targetDeferred, DeliverStep d";
        using (w.Block($"private static void Deliver_{connection.Member.TrimStart('@')}(Index1D index, ArrayView<int> spikes, ArrayView<int> counts, ArrayView<int> rowStart, ArrayView<int> columns, "
            + $"ArrayView<Real> synapseConstants, ArrayView<Real> synapseValues, {targets})"))
        {
            w.Line("if ((int)index >= counts[d.Slot]) return;");
            w.Line("int row = spikes[(long)d.Slot * d.SourceNeurons + index] - d.SourceStart;");
            w.Line("if ((uint)row >= (uint)d.SourceCount) return;");
            foreach (var line in hoisted)
            {
                w.Line(line);
            }
            using (w.Block("for (int k = rowStart[row], end = rowStart[row + 1]; k < end; k++)"))
            {
                if (!delayed)
                {
                    w.Line("int j = columns[k] + d.TargetStart;");
                }
                foreach (var line in body)
                {
                    w.Line(line);
                }
            }
        }
    }

    private void EmitContract(CodeWriter w)
    {
        w.Line("private readonly IPopulation[] _populations;");
        w.Line($"string INetwork.Name => {CSharpLiteral.String(_network.Name)};");
        w.Line("double INetwork.Dt => Dt;");
        w.Line(_network.Phases.Count > 0
            ? $"IReadOnlyList<ProtocolPhase> INetwork.Phases => {Host}.Phases;"
            : "IReadOnlyList<ProtocolPhase> INetwork.Phases => Array.Empty<ProtocolPhase>();");
        w.Line("IReadOnlyList<IPopulation> INetwork.Populations => _populations;");
        w.Line(_network.Subgroups.Count == 0
            ? "IReadOnlyList<IPopulation> INetwork.Subgroups => Array.Empty<IPopulation>();"
            : $"IReadOnlyList<IPopulation> INetwork.Subgroups => new IPopulation[] {{ {string.Join(", ", _network.Subgroups.Select(g => "this." + g.Member))} }};");
        w.Line($"IReadOnlyList<IStateMonitor> INetwork.SynapseMonitors => {MonitorEmitter.SynapseMonitors(_network, "_host")};");
        w.Line();
        w.Line("/// <summary>The name and shape of every weight tensor: the CPU simulator's.</summary>");
        w.Line("public IReadOnlyList<(string Name, int[] Shape)> WeightShapes => _host.WeightShapes;");
        w.Line();
        // With plasticity or clock-driven equations the device holds the synapses' current state: it is copied back into the host network first.
        bool plastic = _network.Connections.Any(ChangesSynapseState);
        void BringBack()
        {
            if (plastic)
            {
                w.Line("DownloadSynapseState();");
            }
        }
        w.Line(plastic
            ? "/// <summary>The weights: the host network's, once the changes on the device are copied back into it.</summary>"
            : "/// <summary>The weights: nothing on the device changes them, so the host network's are this network's.</summary>");
        using (w.Block("public WeightSet GetWeights()"))
        {
            BringBack();
            w.Line("return _host.GetWeights();");
        }
        w.Line();
        w.Line("/// <summary>Replaces the weights, on the host network and then on the device.</summary>");
        using (w.Block("public void SetWeights(WeightSet weights)"))
        {
            BringBack();
            w.Line("_host.SetWeights(weights);");
            w.Line("UploadSynapseValues();");
        }
        w.Line();
        w.Line("/// <summary>The structure, parameters, dynamics and weights: the host network's, which is this one.</summary>");
        using (w.Block("public NetworkDescriptor Describe()"))
        {
            BringBack();
            w.Line("return _host.Describe();");
        }
        w.Line();
        w.Line("/// <summary>Releases the device buffers (the device itself is the caller's).</summary>");
        using (w.Block("public void Dispose()"))
        {
            w.Line("_buffers.Dispose();");
            w.Line("_host.Dispose();");
        }
    }
}
