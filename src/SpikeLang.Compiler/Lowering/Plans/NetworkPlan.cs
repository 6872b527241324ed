using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// One network with every decision made: how each population integrates, what each kernel reads and
/// whether it vectorizes, how each connection delivers, which random stream each population draws
/// from, what the generated members are called and the order the kernels run in. Backends print a
/// plan; they decide nothing. Plans are immutable and compare by value, so the incremental generator
/// re-emits a network only when its plan changes.
/// </summary>
public sealed record NetworkPlan
{
    internal NetworkPlan(
        string name,
        string? @namespace,
        string fileName,
        double dt,
        bool doublePrecision,
        EquatableArray<NetworkParameterPlan> parameters,
        EquatableArray<PopulationPlan> populations,
        EquatableArray<ConnectionPlan> connections,
        EquatableArray<KernelCall> schedule,
        TrainerPlan? trainer,
        EquatableArray<SubgroupPlan> subgroups,
        EquatableArray<DrivePlan> drives,
        EquatableArray<TimedArrayModel> timedArrays,
        EquatableArray<PhasePlan> phases)
    {
        Phases = phases;
        TimedArrays = timedArrays;
        Subgroups = subgroups;
        Drives = drives;
        Name = name;
        Namespace = @namespace;
        FileName = fileName;
        Dt = dt;
        DoublePrecision = doublePrecision;
        Parameters = parameters;
        Populations = populations;
        Connections = connections;
        Schedule = schedule;
        Trainer = trainer;
    }

    /// <summary>The network's name in the .snn file.</summary>
    public string Name { get; }

    /// <summary>The name of the generated C# file.</summary>
    public string HintName => (Namespace is null ? "" : Namespace + ".") + Name + ".g.cs";

    internal string? Namespace { get; }

    /// <summary>The .snn file's name, for the generated file's header.</summary>
    internal string FileName { get; }

    internal double Dt { get; }

    internal bool DoublePrecision { get; }

    internal EquatableArray<NetworkParameterPlan> Parameters { get; }

    /// <summary>Every population, in declaration order.</summary>
    internal EquatableArray<PopulationPlan> Populations { get; }

    /// <summary>Every connection, in declaration order (the order they deliver in).</summary>
    internal EquatableArray<ConnectionPlan> Connections { get; }

    /// <summary>Named slices of populations, in declaration order.</summary>
    internal EquatableArray<SubgroupPlan> Subgroups { get; }

    /// <summary>External Poisson drives, in declaration order.</summary>
    internal EquatableArray<DrivePlan> Drives { get; }

    /// <summary>The timed arrays the network's code reads, by name.</summary>
    internal EquatableArray<TimedArrayModel> TimedArrays { get; }

    /// <summary>The protocol's phases, one after the other from step 0 (empty without a protocol).</summary>
    internal EquatableArray<PhasePlan> Phases { get; }

    /// <summary>The kernels of one step, in the order they run.</summary>
    internal EquatableArray<KernelCall> Schedule { get; }

    /// <summary>The generated trainer, for a network with a train block.</summary>
    internal TrainerPlan? Trainer { get; }

    /// <summary>Convolution and pooling connections, in declaration order (they deliver after <see cref="Connections"/>).</summary>
    internal EquatableArray<ConvolutionPlan> Convolutions { get; init; } = EquatableArray.Empty<ConvolutionPlan>();

    /// <summary>The monitors of the network's <c>record</c> statements, in the order written.</summary>
    internal EquatableArray<RecordingPlan> Recordings { get; init; } = EquatableArray.Empty<RecordingPlan>();

    /// <summary>Why the network cannot run on several ranks (see <see cref="DistributedSupport"/>); empty when it can.</summary>
    internal EquatableArray<string> DistributedRefusals { get; init; } = EquatableArray.Empty<string>();

    /// <summary>How ranks exchange spikes once per window of steps, or null when they exchange them within every step (see <see cref="DistributedSupport.Window"/>).</summary>
    internal SpikeWindowPlan? SpikeWindow { get; init; }

    /// <summary>Why the GPU simulator cannot run this network (SL0521), reported only for projects that reference SpikeLang.Gpu; empty when it can.</summary>
    internal EquatableArray<Diagnostics.Diagnostic> GpuSimulatorRefusals { get; init; } = EquatableArray.Empty<Diagnostics.Diagnostic>();

    /// <summary>The C# class name.</summary>
    internal string ClassName => Naming.Member(Name);

    /// <summary>
    /// True for a neuron population that every rank holds whole (<c>HeldNeurons</c>): a dense connection or a convolution
    /// delivers to it as one product over all of its targets, on every rank alike.
    /// </summary>
    internal bool HoldsWhole(string population) =>
        Connections.Any(c => c.IsDense && c.Target.Population == population) || Convolutions.Any(c => c.Target.Population == population);

    /// <summary>
    /// Whether ranks cut the population at blocks of <c>Partition.RandomBlock</c> neurons (so that each block's random
    /// stream is drawn by one rank), not of 16: when it, or a population linked with it one to one, draws per block.
    /// Populations linked one to one (neuron i reads source neuron i) are cut alike, so that a rank holds both of each pair.
    /// </summary>
    internal bool CutsAtRandomBlocks(string population)
    {
        var neurons = Populations.OfType<NeuronPopulationPlan>().ToList();
        var group = new HashSet<string>(StringComparer.Ordinal) { population };
        for (bool grew = true; grew;)
        {
            grew = false;
            foreach (var neuron in neurons)
            {
                foreach (var link in neuron.Links.Where(l => !l.Broadcast && group.Contains(neuron.Name) != group.Contains(l.Source)))
                {
                    grew |= group.Add(neuron.Name) | group.Add(link.Source);
                }
            }
        }
        return neurons.Any(n => group.Contains(n.Name) && n.Stream is not null);
    }

    /// <summary>The C# type of a step index in refractory bookkeeping: as wide as the state, so vector masks line up lane for lane.</summary>
    internal string StepType => DoublePrecision ? "long" : "int";
}

/// <summary>A network parameter: a constructor argument, defaulting to the value as written.</summary>
/// <param name="Written">The default as the .snn file writes it.</param>
/// <param name="Default">The default's value in SI units.</param>
/// <param name="Unit">The SI unit of its dimension, "1" when dimensionless.</param>
internal sealed record NetworkParameterPlan(string Name, BoundExpression Value, string Written, double Default, string Unit)
{
    public string Member => Naming.Member(Name);
}

/// <summary>The size of a population: its expression (which may use network parameters), its value with their defaults, and the text as written.</summary>
internal sealed record SizePlan(BoundExpression Value, int Default, string Written)
{
    /// <summary>The size as written, with its default value when it depends on network parameters.</summary>
    public string Describe() => Written == Default.ToString(System.Globalization.CultureInfo.InvariantCulture) ? Written : $"{Written} (default {Default})";
}

/// <summary>A phase of the protocol: from <paramref name="FirstStep"/> for <paramref name="Steps"/> steps, its settings applied first.</summary>
internal sealed record PhasePlan(string Name, long FirstStep, long Steps, string Text, EquatableArray<PhaseSettingPlan> Settings);

/// <summary>
/// One setting of a phase: <paramref name="Variable"/> of the population or connection <paramref name="Member"/>
/// becomes <paramref name="Value"/> (a constant of the network): for neurons [<paramref name="Start"/>,
/// <paramref name="End"/>) (null: all), every synapse, or the shared value of the connection or population.
/// </summary>
internal sealed record PhaseSettingPlan(string Member, string Variable, PhaseTarget Target, int? Start, int? End, BoundExpression Value);

internal enum PhaseTarget
{
    Neurons,
    Synapses,
    SharedValue,
}
