using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>
/// Prints one connection: its connectivity (CSR rows by presynaptic neuron, built at construction),
/// per-synapse state, and the kernels that run the synapse code for the spikes of each step.
/// </summary>
internal sealed partial class ConnectionEmitter
{
    private readonly NetworkPlan _network;
    private readonly ConnectionPlan _plan;

    private ConnectionEmitter(NetworkPlan network, ConnectionPlan plan)
    {
        _network = network;
        _plan = plan;
    }

    public static void Emit(CodeWriter w, NetworkPlan network, ConnectionPlan plan) => new ConnectionEmitter(network, plan).EmitClass(w);

    /// <summary>The source is a host-driven input, which may carry real values (currents) instead of spikes.</summary>
    private bool FromInput => _plan.Source.Kind == PopulationKind.Input;

    private bool PerSynapseDelays => _plan.Delay.Kind == DelayKind.PerSynapse;

    private bool HomogeneousDelay => _plan.Delay.Kind == DelayKind.Homogeneous;

    private void EmitClass(CodeWriter w)
    {
        w.Line($"/// <summary>Connection {_plan.Statement}.</summary>");
        using (w.Block($"public sealed class {_plan.TypeName}"))
        {
            EmitFields(w);
            w.Line();
            EmitConstructor(w);
            w.Line();
            EmitAccessors(w);
            MonitorEmitter.EmitProperties(w, _network, _plan.Member);
            MonitorEmitter.EmitSample(w, _network, _plan.Member, variable => $"_{variable}");
            w.Line();
            EmitDeliver(w);
        }
    }

    private void EmitFields(CodeWriter w)
    {
        w.Line($"private readonly {_plan.Source.TypeName} _pre;");
        w.Line($"private readonly {_plan.Target.TypeName} _post;");
        foreach (var state in _plan.State)
        {
            w.Line($"internal readonly Real[] _{state.Name};");
        }
        foreach (var state in _plan.SharedState)
        {
            w.Line($"internal Real _{state.Name};");
        }
        foreach (var name in _plan.NetworkParameters)
        {
            w.Line($"private readonly Real _np_{name};");
        }
        foreach (var parameter in _plan.Parameters)
        {
            w.Line(parameter.Heterogeneous ? $"internal readonly Real[] _p_{parameter.Name};" : $"internal readonly Real _p_{parameter.Name};");
        }
        w.Line("private readonly int _sourceCount;");
        if (_plan.IsDense)
        {
            w.Line("internal readonly Real[] _b;");
        }
        if (HomogeneousDelay)
        {
            w.Line("private readonly SpikeHistory? _history;");
        }
        if (_plan.DeliversInParts)
        {
            w.Line("// Where each row's synapses cross from one target range to the next; null when one part delivers to every target this process holds.");
            w.Line("private readonly TargetSplit? _split;");
        }
        if (PerSynapseDelays)
        {
            w.Line("private readonly int[] _delaySteps;");
            w.Line("private readonly SynapticEventQueue _queue;");
        }
        if (_plan.NeedsSynapsePre)
        {
            // Internal: the GPU simulator copies it to the device for 'on post' code that reads the presynaptic neuron.
            w.Line("internal readonly int[] _synapsePre;");
        }
        if (_plan.HasOnPost)
        {
            w.Line("internal readonly IncomingIndex _incoming;");
        }
        if (_plan.EventDriven.Count > 0)
        {
            w.Line("// Event-driven traces are brought up to date only when a spike reaches their synapse.");
            w.Line("internal readonly int[] _lastUpdate;");
            foreach (var trace in _plan.EventDriven)
            {
                if (trace.Rate is not null)
                {
                    w.Line($"internal readonly Real _rate_{trace.Name};");
                }
                if (trace.Drift is not null)
                {
                    w.Line($"internal readonly Real _drift_{trace.Name};");
                }
            }
        }
        foreach (var trace in _plan.ExactClock)
        {
            // Internal: the GPU simulator copies them to the device.
            w.Line($"internal readonly Real _decay_{trace.Name};");
            w.Line($"internal readonly Real _offset_{trace.Name};");
        }
    }

    private void EmitAccessors(CodeWriter w)
    {
        w.Line("/// <summary>Synapses as CSR rows: one row per presynaptic neuron of the source slice, columns index the target slice.</summary>");
        w.Line("public Csr Connectivity { get; }");
        foreach (var state in _plan.State)
        {
            w.Line($"/// <summary>Per-synapse {state.Name}, in the order of <see cref=\"Connectivity\"/>.</summary>");
            w.Line($"public Span<Real> {state.Member} => _{state.Name};");
        }
        if (_plan.IsDense)
        {
            w.Line("/// <summary>Bias added to each target's input every step, as a dense layer's bias (zero unless trained or loaded).</summary>");
            w.Line("public Span<Real> b => _b;");
        }
        foreach (var parameter in _plan.Parameters)
        {
            w.Line($"/// <summary>Synapse parameter {parameter.Name}, in SI units.</summary>");
            w.Line(parameter.Heterogeneous
                ? $"public ReadOnlySpan<Real> {parameter.Member} => _p_{parameter.Name};"
                : $"public Real {parameter.Member} => _p_{parameter.Name};");
        }
        foreach (var state in _plan.SharedState)
        {
            w.Line($"/// <summary>{state.Name}, one value for every synapse of this connection; the host may set it between steps.</summary>");
            w.Line($"public Real {state.Member} {{ get => _{state.Name}; set => _{state.Name} = value; }}");
        }
        w.Line($"/// <summary>First neuron of the source slice of {_plan.Source.Population}.</summary>");
        w.Line("public int SourceStart { get; }");
        w.Line($"/// <summary>First neuron of the target slice of {_plan.Target.Population}.</summary>");
        w.Line("public int TargetStart { get; }");
        w.Line("/// <summary>One past the last neuron of the source slice.</summary>");
        w.Line("public int SourceEnd => SourceStart + _sourceCount;");
        w.Line("/// <summary>One past the last neuron of the target slice.</summary>");
        w.Line("public int TargetEnd => TargetStart + Connectivity.ColumnCount;");
        w.Line("/// <summary>Delay in steps when it is the same for every synapse (0: delivered in the step of the spike), otherwise -1.</summary>");
        w.Line("public int DelaySteps { get; }");
        if (_plan.DeliversInParts)
        {
            w.Line("/// <summary>The ranges of targets delivered to by different threads (see <see cref=\"Partition\"/>).</summary>");
            w.Line("internal int Parts { get; }");
        }
        if (PerSynapseDelays)
        {
            w.Line("/// <summary>Per-synapse delays in steps.</summary>");
            w.Line("public ReadOnlySpan<int> SynapseDelaySteps => _delaySteps;");
        }
        if (HasWeightsPerSynapse)
        {
            w.Line("/// <summary>The synapses of every rank (of this process alone in one): the length of the weight files' w.</summary>");
            w.Line("public int SynapseTotal { get; }");
        }
    }

    /// <summary>A per-synapse w that weight files carry, of which each rank of several holds its own targets' part.</summary>
    private bool HasWeightsPerSynapse => _plan.HasWeightVariable && !_plan.IsDense;
}
