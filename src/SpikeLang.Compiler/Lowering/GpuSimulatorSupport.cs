using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// What of a network the GPU simulator cannot run yet, as SL0521 warnings kept in the plan: the source generator
/// reports them only for projects that reference SpikeLang.Gpu, and emits no GPU simulator where there is one.
/// The GPU simulator runs neuron populations (white noise, random numbers drawn while running, lastspike and refractory
/// periods uniform or per neuron among them), Poisson sources (a rate of t evaluated on the host each step), input
/// populations (spikes from the host, uploaded each step), Poisson drives, subgroups, connections whose 'on pre' code
/// adds a value of constants, synapse values and neuron variables to a target variable, delivered in the step of the
/// spike (same_step ones before the target's update of that step) or after a delay (homogeneous, or per synapse through
/// a ring of input on its way to each target), event-driven plasticity, synapse code that reads neuron variables
/// (lastspike and not_refractory among them), summed variables and clock-driven synapse equations, and in single
/// precision dense connections, convolutions and poolings (the GPU trainer's kernels); timed arrays read by neuron code
/// (tables on the device), run_regularly (run by the host network on the state it reads, copied back), shared variables
/// (held by the host, read by kernels as constants), linked variables (copied from their sources on the device before
/// each kernel) and protocols whose settings reach neuron variables (applied by the host network, copied to the
/// device); it records spikes, rates, state variables (of populations and subgroups) and weights.
/// </summary>
internal static class GpuSimulatorSupport
{
    /// <summary>The GPU simulator's constructor parameter and local that a network parameter of the same name would clash with.</summary>
    private static readonly string[] ConstructorNames = { "device", "accelerator" };

    public static EquatableArray<Diagnostic> Refusals(LoweringContext context, NetworkModel network, NetworkPlan plan)
    {
        var source = context.Source(network.FilePath);
        if (source is null)
        {
            return EquatableArray.Empty<Diagnostic>();
        }
        var refusals = new List<Diagnostic>();
        void Refuse(TextSpan span, string what) =>
            refusals.Add(Diagnostic.Create(DiagnosticDescriptors.NotOnGpuSimulator, source, span, network.Name, what, plan.ClassName));

        foreach (var parameter in network.Parameters.Where(p => ConstructorNames.Contains(p.Symbol.Name) || p.Symbol.Name.StartsWith("spikes_", System.StringComparison.Ordinal)))
        {
            Refuse(parameter.Symbol.DeclarationSpan, $"a network parameter named '{parameter.Symbol.Name}' (its constructor needs the name for the device or a local)");
        }
        for (int k = 0; k < plan.Populations.Count; k++)
        {
            foreach (string what in Refused(plan.Populations[k]))
            {
                Refuse(network.Populations[k].Span, what);
            }
        }
        for (int k = 0; k < plan.Connections.Count; k++)
        {
            foreach (string what in Refused(plan.Connections[k]))
            {
                Refuse(network.Connections[k].Span, $"{what} of the connection {plan.Connections[k].Statement}");
            }
        }
        if (plan.DoublePrecision)
        {
            // The GPU trainer's dense and convolution kernels, which deliver them, are single-precision.
            for (int k = 0; k < plan.Connections.Count; k++)
            {
                if (plan.Connections[k].IsDense)
                {
                    Refuse(network.Connections[k].Span, $"the dense weights of the connection {plan.Connections[k].Statement} in double precision");
                }
            }
            foreach (var convolution in network.Convolutions)
            {
                Refuse(convolution.Span, $"the {convolution.RuleName} connection {convolution.Source} -> {convolution.Target} in double precision");
            }
        }
        for (int k = 0; k < plan.Drives.Count; k++)
        {
            // A held variable is accumulated unless some code reads it during delivery, which the rest refuses already; the
            // drive would then have to look at each target's refractoriness itself.
            if (plan.Drives[k] is { Held: true, Deferred: false } drive)
            {
                Refuse(network.Drives[k].Span, $"the Poisson drive of {drive.Target.Population}.{drive.Variable}, held while refractory and not accumulated");
            }
        }
        for (int k = 0; k < plan.Phases.Count; k++)
        {
            // Settings of neuron variables are copied to the device; synapse values lie in each connection's own views.
            foreach (var setting in plan.Phases[k].Settings.Where(s => plan.Connections.Any(c => c.Member == s.Member)).Take(1))
            {
                Refuse(network.Phases[k].Span, $"the protocol setting of the synapse variable '{setting.Variable}' in phase '{plan.Phases[k].Name}'");
            }
        }
        for (int k = 0; k < plan.Connections.Count; k++)
        {
            // Neuron kernels read timed arrays from the device (DeviceTimedArray); synapse kernels do not have them.
            if (plan.Connections[k].OnPre.Concat(plan.Connections[k].OnPost).SelectMany(s => s.Value.TimedArrays()).FirstOrDefault() is { } table)
            {
                Refuse(network.Connections[k].Span, $"the timed array '{table}' in synapse code of the connection {plan.Connections[k].Statement}");
            }
        }
        foreach (var record in network.Records.Where(r => r.Kind is not (RecordKind.Spikes or RecordKind.Rate) && !RecordsStateVariable(plan, r) && !RecordsSynapseVariable(plan, r)))
        {
            Refuse(record.Span, record.Kind == RecordKind.Weights
                ? $"recording the weights of {record.Population} -> {record.TargetPopulation}, which are shared or dense (it records per-synapse weights, spikes, rates and state variables)"
                : $"recording '{record.Population}.{record.Variable}', which is no state variable of each neuron (it records spikes, rates, state variables and weights)");
        }
        return refusals.ToEquatableArray();
    }

    /// <summary>A 'record state' of a variable that each neuron of a population (or of a subgroup's parent) keeps: not an alias, nor shared.</summary>
    private static bool RecordsStateVariable(NetworkPlan plan, RecordModel record)
    {
        string population = plan.Subgroups.FirstOrDefault(g => g.Name == record.Population)?.Parent ?? record.Population;
        return record.Kind == RecordKind.State
            && plan.Populations.FirstOrDefault(p => p.Name == population) is NeuronPopulationPlan neurons
            && neurons.State.Any(s => s.Name == record.Variable);
    }

    /// <summary>A 'record weights' of a variable each synapse keeps (in the synapse-values view on the device), for every connection it records.</summary>
    private static bool RecordsSynapseVariable(NetworkPlan plan, RecordModel record) =>
        record.Kind == RecordKind.Weights
        && plan.Recordings.Where(r => r.Kind == RecordKind.Weights && r.Source == $"{record.Population} -> {record.TargetPopulation}")
            .All(r => plan.Connections.First(c => c.Member == r.Owner) is { IsDense: false } connection && connection.State.Any(s => s.Name == r.Variable));

    private static IEnumerable<string> Refused(PopulationPlan population)
    {
        string name = population.Name;
        switch (population)
        {
            case NeuronPopulationPlan neurons:
                // The device copies a link's values from its source's views: the host network's copy of a source's
                // per-neuron values is not kept current, so the host's run_regularly code reads only shared sources.
                var regularly = ExpressionFacts.References(neurons.Regularly.SelectMany(r => r.Statements).Select(s => s.Value.ExpandAliases(neurons.Aliases)));
                foreach (var link in neurons.Links.Where(l => !l.SourceShared && regularly.Contains(l.Variable)))
                {
                    yield return $"run_regularly code of population '{name}' that reads the linked variable '{link.Variable}'";
                }
                break;
        }
    }

    private static IEnumerable<string> Refused(ConnectionPlan connection)
    {
        if (connection.IsDense)
        {
            // Delivered by the GPU trainer's dense kernel, whatever its synapse model says; only in single precision (above).
            yield break;
        }
        if (connection.NumericalClock is { } clock && !Integrable(connection, clock))
        {
            yield return "clock-driven synapse equations with white noise, random numbers, or reads of a neuron's summed input, of a parameter that differs per neuron or of a Poisson source";
        }
        foreach (var summed in connection.Summed.Where(s => !Summable(connection, s.Sum)))
        {
            yield return $"the summed variable '{summed.Equation}' (only a state variable of the target that is not held while refractory, summed from constants, "
                + "synapse values, t, dt and neuron variables that no summed variable of it sets)";
        }
        if (!connection.IsPlastic)
        {
            foreach (var statement in connection.OnPre.Where(s => !Deliverable(connection, s)))
            {
                yield return $"the 'on pre' statement '{Written(statement)} ...' (only a target variable or input += or -= constants, synapse values and neuron variables no statement of it adds to)";
            }
            if (connection.Delay.Kind == DelayKind.PerSynapse && connection.OnPre.Any(ReadsNeurons))
            {
                // The delay ring sums values as the spike leaves; the CPU simulator reads the neurons when it arrives.
                yield return "'on pre' code that reads neuron variables, with delays that differ per synapse";
            }
            yield break;
        }
        if (connection.Delay.Kind == DelayKind.PerSynapse)
        {
            yield return "plasticity with delays that differ per synapse";
        }
        foreach (var (statement, side) in connection.OnPre.Select(s => (s, "on pre")).Concat(connection.OnPost.Select(s => (s, "on post")))
            .Where(x => !Plastic(connection, x.s, post: x.Item2 == "on post")))
        {
            yield return $"the '{side}' statement '{Written(statement)} ...' of plastic code (only synapse variables assigned, a target variable or input += or -=, "
                + "from constants, synapse values, neuron variables no statement of it adds to, t and dt)";
        }
    }

    /// <summary>The statement reads a variable or parameter of the pre- or postsynaptic neuron.</summary>
    private static bool ReadsNeurons(BoundAssignment statement) => statement.Value.Variables().Any(v => v.Owner is VariableOwner.Pre or VariableOwner.Post);

    /// <summary>
    /// A variable of the pre- or postsynaptic neuron that synapse code on the device reads: a state variable of a neuron
    /// population (from its state view), a parameter with one value for the population (a constant of the kernel), or its
    /// lastspike or not_refractory (from its view of last spikes).
    /// The kernels of one step run one after the other on one stream, so a kernel reads what the CPU simulator reads at
    /// the same point of its schedule, unless the kernel itself writes the variable: the 'on pre' kernel adds to target
    /// neurons from several threads at once (one per source spike), in another order than the CPU's ascending sources, so
    /// a read of a target variable it adds to would see a partial sum that depends on the threads' timing. The 'on post'
    /// kernel (<paramref name="post"/>) runs one thread per spiking target over its incoming synapses in the CPU
    /// simulator's order, so what it adds to the target is that thread's alone and it reads its own sums, as the CPU does
    /// (Clopath's rule adds to the low-pass voltages it reads). Either kernel reading a source's variable it adds to, where
    /// the sources are the targets' population, would read another thread's target. The kernels of summed variables and
    /// clock-driven equations add to no neuron (<paramref name="code"/> empty): they read any of these variables.
    /// </summary>
    private static bool ReadsNeuron(ConnectionPlan connection, BoundVariable variable, IReadOnlyList<BoundAssignment> code, bool post)
    {
        var endpoint = variable.Owner == VariableOwner.Pre ? connection.Source : connection.Target;
        if (endpoint.Kind != PopulationKind.Neurons)
        {
            return false;
        }
        string name = variable.Symbol.Name;
        bool written = code.Any(s => s.Owner == VariableOwner.Post && s.Target.Name == name)
            && (variable.Owner == VariableOwner.Post ? !post : connection.Source.Population == connection.Target.Population);
        return variable.Symbol.Kind switch
        {
            VariableKind.State => !variable.Symbol.IsShared && !written,
            VariableKind.Parameter => !endpoint.HeterogeneousParameters.Contains(name),
            // Its population's last spikes, which only the neuron kernels write.
            VariableKind.Implicit => variable.Symbol.Builtin is Builtin.LastSpike or Builtin.NotRefractory,
            _ => false,
        };
    }

    /// <summary>
    /// A statement of plastic code the device runs: it assigns a per-synapse variable (its synapse is its thread's
    /// alone), or adds to a target neuron's state variable or summed input (atomically, so only += and -=; one held while refractory only
    /// through its accumulator), a value of constants, network and synapse parameters, per-synapse values, neuron
    /// variables (<see cref="ReadsNeuron"/>), t and dt.
    /// </summary>
    private static bool Plastic(ConnectionPlan connection, BoundAssignment statement, bool post)
    {
        bool target = statement.Owner switch
        {
            VariableOwner.Self => statement.Target.Kind == VariableKind.State && !statement.Target.IsShared,
            VariableOwner.Post => (statement.Target.Kind == VariableKind.State && !statement.Target.IsShared || statement.Target.Builtin == Builtin.Input)
                && statement.Operator is AssignmentOperator.AddAssign or AssignmentOperator.SubtractAssign
                && (!connection.Target.HeldWhileRefractory.Contains(statement.Target.Name) || connection.Target.DeferredInputs.Contains(statement.Target.Name)),
            _ => false,
        };
        return target
            && !statement.Value.UsesRandom()
            && statement.Value.Variables().All(v => v.Owner == VariableOwner.Self ? SynapseValue(v) : ReadsNeuron(connection, v, post ? connection.OnPost : connection.OnPre, post));
    }

    /// <summary>
    /// Clock-driven synapse equations the device integrates, one thread per synapse: without white noise or random numbers,
    /// reading constants, network and synapse parameters, per-synapse values, t, dt and neuron variables (<see cref="ReadsNeuron"/>).
    /// </summary>
    private static bool Integrable(ConnectionPlan connection, NumericalUpdatePlan clock) =>
        clock.Noises.Count == 0
        && Integrated(clock).All(rhs => !rhs.UsesRandom() && rhs.Variables().All(v => v.Owner == VariableOwner.Self ? SynapseValue(v) : ReadsNeuron(connection, v, Array.Empty<BoundAssignment>(), post: false)));

    /// <summary>The expressions the method writes: exponential Euler the linear decomposition of each equation (its aliases expanded), the others the right-hand sides.</summary>
    private static IEnumerable<BoundExpression> Integrated(NumericalUpdatePlan clock) =>
        clock.Method == IntegrationMethod.ExponentialEuler && clock.Linear is { } linear
            ? linear.SelectMany(l => new[] { l.Constant, l.Rate }).OfType<BoundExpression>()
            : clock.Rhs;

    /// <summary>A value of the synapse itself that device code reads: a constant, a parameter, a per-synapse variable, t or dt.</summary>
    private static bool SynapseValue(BoundVariable v) => v.Symbol.Kind switch
    {
        VariableKind.Parameter or VariableKind.NetworkParameter or VariableKind.Constant => true,
        VariableKind.State => !v.Symbol.IsShared,
        VariableKind.Implicit => v.Symbol.Builtin is Builtin.Time or Builtin.TimeStep,
        _ => false,
    };

    /// <summary>
    /// A summed variable the device gathers, one thread per target over its synapses: it sets a state variable of each
    /// target neuron that is not held while refractory (the CPU simulator would drop the sums of a refractory neuron), from
    /// constants, network and synapse parameters, per-synapse values, t, dt and neuron variables (<see cref="ReadsNeuron"/>)
    /// that no summed variable of the connection sets: a thread would read what another thread is setting.
    /// </summary>
    private static bool Summable(ConnectionPlan connection, BoundAssignment sum) =>
        sum.Owner == VariableOwner.Post
        && sum.Target.Kind == VariableKind.State && !sum.Target.IsShared
        && !connection.Target.HeldWhileRefractory.Contains(sum.Target.Name)
        && !sum.Value.UsesRandom()
        && sum.Value.Variables().All(v => v.Owner == VariableOwner.Self ? SynapseValue(v) : ReadsNeuron(connection, v, Array.Empty<BoundAssignment>(), post: false)
            && !connection.Summed.Any(s => s.Sum.Target.Name == v.Symbol.Name
                && (v.Owner == VariableOwner.Post || connection.Source.Population == connection.Target.Population)));

    private static string Written(BoundAssignment statement) =>
        $"{statement.Target.Name}{(statement.Owner == VariableOwner.Post ? "_post" : statement.Owner == VariableOwner.Pre ? "_pre" : "")} {Operator(statement.Operator)}";

    /// <summary>
    /// A statement the device delivers with an atomic addition: it adds to a target neuron's variable a value of
    /// constants, network parameters and synapse parameters or per-synapse values that no code of the connection writes,
    /// and neuron variables (<see cref="ReadsNeuron"/>; such a connection's kernel is written as plastic code's is).
    /// </summary>
    private static bool Deliverable(ConnectionPlan connection, BoundAssignment statement) =>
        statement.Owner == VariableOwner.Post
        && (statement.Target.Kind == VariableKind.State && !statement.Target.IsShared || statement.Target.Builtin == Builtin.Input)
        && statement.Operator is AssignmentOperator.AddAssign or AssignmentOperator.SubtractAssign
        && !statement.Value.UsesRandom()
        && statement.Value.Variables().All(v => v.Owner == VariableOwner.Self ? v.Symbol.Kind switch
        {
            VariableKind.Parameter or VariableKind.NetworkParameter or VariableKind.Constant => true,
            VariableKind.State => !v.Symbol.IsShared && connection.State.Any(s => s.Name == v.Symbol.Name),
            _ => false,
        } : ReadsNeuron(connection, v, connection.OnPre, post: false));

    private static string Operator(AssignmentOperator op) => op switch
    {
        AssignmentOperator.Assign => "=",
        AssignmentOperator.AddAssign => "+=",
        AssignmentOperator.SubtractAssign => "-=",
        AssignmentOperator.MultiplyAssign => "*=",
        _ => "/=",
    };
}
