using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Lowering.Training;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// Lowers a bound network into its <see cref="NetworkPlan"/>: populations, connections, the random
/// stream of each population, the schedule of one step, and the trainer. Everything a backend cannot
/// run is reported here, so <c>spikelang check</c>, the build and <c>spikelang run</c> agree.
/// </summary>
internal static class NetworkLowering
{
    /// <summary>The plan, or null when a construct cannot be emitted (reported in <paramref name="files"/>).</summary>
    /// <summary>
    /// The first connection's first stream; connection k draws from streams ConnectionStreams + 2k and + 2k + 1, apart from
    /// the populations' and drives' streams (1, 2, ...) whatever their number.
    /// </summary>
    private const ulong ConnectionStreams = 1ul << 30;

    public static NetworkPlan? Lower(NetworkModel network, IReadOnlyDictionary<string, DiagnosticBag> files)
    {
        var context = new LoweringContext(network, files);
        var names = new MemberNames(context);

        // Stream 0 draws everything at construction; each population that draws while running gets the
        // next stream, in declaration order, so adding a recording never changes the spikes.
        int stream = 1;
        var populations = new List<PopulationPlan>();
        foreach (var population in network.Populations)
        {
            PopulationPlan plan = population.Kind switch
            {
                PopulationKind.Neurons => NeuronPopulationLowering.Lower(context, population, stream, names.Unique(Naming.Type(population.Name, "Population"))),
                PopulationKind.Poisson => Poisson(context, population, stream, names.Unique(Naming.Type(population.Name, "Poisson"))),
                _ => Input(context, population, names.Unique(Naming.Type(population.Name, "Input"))),
            };
            if (plan.Stream is not null)
            {
                stream++;
            }
            populations.Add(plan);
        }

        var connections = new List<ConnectionPlan>();
        foreach (var connection in network.Connections)
        {
            // source_to_target; a second connection between the same populations is source_to_target_2.
            string member = names.Unique($"{connection.Source.Written}_to_{connection.Target.Written}", separator: "_");
            connections.Add(ConnectionLowering.Lower(context, connection, member, names.Unique(Naming.Type(member, "Connection")), populations)
                with { Stream = ConnectionStreams + 2 * (ulong)connections.Count });
        }

        var convolutions = network.Convolutions.Select(c =>
        {
            string member = names.Unique($"{c.Source}_to_{c.Target}", separator: "_");
            return ConvolutionLowering.Lower(context, c, member, names.Unique(Naming.Type(member, "Connection")), populations);
        }).ToList();

        var drives = new List<DrivePlan>();
        foreach (var drive in network.Drives)
        {
            string member = names.Unique($"drive_{drive.Target.Written}_{drive.Variable.Name}", separator: "_");
            var target = (NeuronPopulationPlan)populations.First(p => p.Name == drive.Target.Population);
            drives.Add(new DrivePlan(member, names.Unique(Naming.Type(member, "")), context.Text(network.FilePath, drive.Span),
                ConnectionLowering.Endpoint(drive.Target, populations), drive.Variable.Name, target.Refractory?.Held.Contains(drive.Variable.Name) == true,
                drive.Count, drive.Rate, drive.Weight, stream++));
        }
        (populations, connections, drives) = DeferredInputLowering.Apply(populations, connections, drives);
        var subgroups = network.Subgroups.Select(g =>
        {
            var parent = populations.First(p => p.Name == g.Slice.Population);
            return new SubgroupPlan(g.Name, Naming.Member(g.Name), names.Unique(Naming.Type(g.Name, "Subgroup")), parent.Name, parent.Member, parent.TypeName,
                g.Slice.StartValue, g.Slice.EndValue,
                network.Records.Any(r => r.Kind == RecordKind.Spikes && r.Population == g.Name),
                network.Records.Where(r => r.Kind == RecordKind.State && r.Population == g.Name).Select(r => r.Variable!).Distinct().ToEquatableArray(),
                (parent as NeuronPopulationPlan)?.State.Select(s => s.Name).ToEquatableArray() ?? EquatableArray.Empty<string>());
        }).ToList();

        SameStepLowering.Check(context, connections, populations);
        var trainer = network.Train is null ? null : TrainerLowering.Lower(context, connections, convolutions, populations);
        var recordings = RecordingLowering.Lower(network, populations, subgroups, connections);
        if (context.HasErrors)
        {
            return null;
        }
        var lowered = new NetworkPlan(
            network.Name,
            network.Namespace,
            Path.GetFileName(network.FilePath),
            network.Dt,
            network.DoublePrecision,
            network.Parameters.Select(p => new NetworkParameterPlan(p.Symbol.Name, p.Value, context.Text(network.FilePath, p.Value.Span),
                context.Evaluate(p.Value) ?? 0, p.Symbol.Dimension?.Symbol ?? "1")).ToEquatableArray(),
            populations.ToEquatableArray(),
            connections.ToEquatableArray(),
            Schedule(network, populations, connections, convolutions, drives, subgroups, recordings).ToEquatableArray(),
            trainer,
            subgroups.ToEquatableArray(),
            drives.ToEquatableArray(),
            TimedArraysRead(network).ToEquatableArray(),
            Phases(context, network, populations, connections).ToEquatableArray())
        {
            Recordings = recordings,
            Convolutions = convolutions.ToEquatableArray(),
        };
        return lowered with
        {
            DistributedRefusals = DistributedSupport.Refusals(lowered),
            SpikeWindow = DistributedSupport.Window(populations, connections, convolutions, subgroups, lowered.Schedule),
            GpuSimulatorRefusals = GpuSimulatorSupport.Refusals(context, network, lowered),
        };
    }

    /// <summary>
    /// The kernels of one step in Brian2's order: run the run_regularly code due, sample the state monitors
    /// (both Brian2's when='start'), write the summed variables, integrate every population and clock-driven synapse,
    /// find the spikes (same-step connections delivered between, see <see cref="SameStepStages"/>), deliver them ('on pre' of every connection and the drives, then the input they accumulated,
    /// then 'on post', so a pre and a post spike in one step see each other's traces), reset the neurons that
    /// spiked, record spikes and rates.
    /// </summary>
    private static IEnumerable<KernelCall> Schedule(NetworkModel network, IReadOnlyList<PopulationPlan> populations, IReadOnlyList<ConnectionPlan> connections,
        IReadOnlyList<ConvolutionPlan> convolutions, IReadOnlyList<DrivePlan> drives, IReadOnlyList<SubgroupPlan> subgroups, IReadOnlyList<RecordingPlan> recordings)
    {
        var neurons = populations.OfType<NeuronPopulationPlan>().ToList();
        foreach (var neuron in neurons.Where(n => n.Regularly.Count > 0))
        {
            yield return new KernelCall(KernelKind.Regularly, neuron.Member);
        }
        // Brian2 runs objects of the same slot (when='start', order 0) by name, and its default names put
        // 'neurongroup_run_regularly' before 'statemonitor': a monitor sees what run_regularly just set.
        var sampled = recordings.Where(r => r.SamplesValues).Select(r => r.Owner).ToList();
        foreach (var member in populations.Select(p => p.Member).Concat(subgroups.Select(g => g.Member)).Concat(connections.Select(c => c.Member)).Where(sampled.Contains))
        {
            yield return new KernelCall(KernelKind.Sample, member);
        }
        foreach (var connection in connections.Where(c => c.HasSummed))
        {
            yield return new KernelCall(KernelKind.SummedVariable, connection.Member);
        }
        foreach (var call in connections.Any(c => c.SameStep) || convolutions.Any(c => c.SameStep)
            ? SameStepStages(network, populations, connections, convolutions) : Stages(populations, connections))
        {
            yield return call;
        }
        foreach (var convolution in convolutions.Where(c => !c.SameStep))
        {
            yield return new KernelCall(KernelKind.Deliver, convolution.Member);
        }
        foreach (var drive in drives)
        {
            yield return new KernelCall(KernelKind.Drive, drive.Member, InParts: true);
        }
        foreach (var neuron in neurons.Where(n => n.DeferredInputs.Count > 0))
        {
            yield return new KernelCall(KernelKind.ApplyInput, neuron.Member, InParts: true);
        }
        foreach (var connection in connections.Where(c => c.HasOnPost))
        {
            yield return new KernelCall(KernelKind.DeliverPost, connection.Member, connection.DeliversPostInParts);
        }
        foreach (var neuron in neurons)
        {
            yield return new KernelCall(KernelKind.Reset, neuron.Member);
        }
        foreach (var population in populations.Where(p => recordings.Any(r => r.Owner == p.Member && !r.SamplesValues)))
        {
            yield return new KernelCall(KernelKind.Record, population.Member);
        }
        // A subgroup reads its spikes from its parent's every step, for its count and recordings.
        foreach (var subgroup in subgroups)
        {
            yield return new KernelCall(KernelKind.Record, subgroup.Member);
        }
        foreach (var neuron in neurons.Where(n => n.State.Count > 0))
        {
            yield return new KernelCall(KernelKind.FiniteCheck, neuron.Member);
        }
    }

    /// <summary>Update, threshold and delivery when every connection is seen by the next step's update: each slot for all at once, as Brian2.</summary>
    private static IEnumerable<KernelCall> Stages(IReadOnlyList<PopulationPlan> populations, IReadOnlyList<ConnectionPlan> connections)
    {
        foreach (var neuron in populations.OfType<NeuronPopulationPlan>())
        {
            yield return new KernelCall(KernelKind.NeuronUpdate, neuron.Member, InParts: true);
        }
        foreach (var connection in connections.Where(c => c.HasClockDriven))
        {
            yield return new KernelCall(KernelKind.SynapseUpdate, connection.Member);
        }
        foreach (var population in populations.Where(p => p is not NeuronPopulationPlan { FusesThreshold: true }))
        {
            yield return new KernelCall(KernelKind.Threshold, population.Member);
        }
        foreach (var connection in connections)
        {
            yield return new KernelCall(KernelKind.Deliver, connection.Member, connection.DeliversInParts);
        }
    }

    /// <summary>
    /// Update, threshold and delivery with same-step connections: population by population in an order where each
    /// same-step source comes before its targets, each followed by its same-step deliveries, so a target's update
    /// sees this step's spikes (a source's connections, then its convolutions, each in declaration order); then the
    /// clock-driven synapses (none same-step: they read the updated neurons, which thresholds leave as they are) and
    /// the connections seen by the next step's update.
    /// </summary>
    private static IEnumerable<KernelCall> SameStepStages(NetworkModel network, IReadOnlyList<PopulationPlan> populations, IReadOnlyList<ConnectionPlan> connections, IReadOnlyList<ConvolutionPlan> convolutions)
    {
        foreach (var population in SameStepLowering.Order(populations, network))
        {
            if (population is NeuronPopulationPlan)
            {
                yield return new KernelCall(KernelKind.NeuronUpdate, population.Member, InParts: true);
            }
            if (population is not NeuronPopulationPlan { FusesThreshold: true })
            {
                yield return new KernelCall(KernelKind.Threshold, population.Member);
            }
            foreach (var connection in connections.Where(c => c.SameStep && c.Source.Population == population.Name))
            {
                yield return new KernelCall(KernelKind.Deliver, connection.Member, connection.DeliversInParts);
            }
            foreach (var convolution in convolutions.Where(c => c.SameStep && c.Source.Population == population.Name))
            {
                yield return new KernelCall(KernelKind.Deliver, convolution.Member);
            }
        }
        foreach (var connection in connections.Where(c => c.HasClockDriven))
        {
            yield return new KernelCall(KernelKind.SynapseUpdate, connection.Member);
        }
        foreach (var connection in connections.Where(c => !c.SameStep))
        {
            yield return new KernelCall(KernelKind.Deliver, connection.Member, connection.DeliversInParts);
        }
    }

    /// <summary>The protocol's phases with their first steps and the members their settings reach.</summary>
    private static IEnumerable<PhasePlan> Phases(LoweringContext context, NetworkModel network, IReadOnlyList<PopulationPlan> populations, IReadOnlyList<ConnectionPlan> connections)
    {
        long first = 0;
        foreach (var phase in network.Phases)
        {
            var settings = phase.Settings.SelectMany(s => s.Slice is { } slice
                ? new[]
                {
                    new PhaseSettingPlan(populations.First(p => p.Name == slice.Population).Member, s.Variable.Name,
                        // A shared neuron variable is one value, whatever slice names it.
                        s.Variable.IsShared ? PhaseTarget.SharedValue : PhaseTarget.Neurons,
                        slice.StartValue is null ? null : slice.Start, slice.EndValue is null ? null : slice.End, s.Value),
                }
                : s.Connections.Select(k => new PhaseSettingPlan(connections[k].Member, s.Variable.Name,
                    // Connections of different synapse models may hold the variable per synapse or shared.
                    connections[k].SharedState.Any(v => v.Name == s.Variable.Name) ? PhaseTarget.SharedValue : PhaseTarget.Synapses, null, null, s.Value)));
            yield return new PhasePlan(phase.Name, first, phase.Steps, context.Text(network.FilePath, phase.Span), settings.ToEquatableArray());
            first += phase.Steps;
        }
    }

    /// <summary>The timed arrays the network's neuron and synapse code reads, in name order.</summary>
    private static IEnumerable<TimedArrayModel> TimedArraysRead(NetworkModel network)
    {
        var expressions = network.Populations.Where(p => p.Model is not null).SelectMany(p =>
                p.Model!.Equations.Select(e => e.Rhs).Concat(p.Model.Aliases.Select(a => a.Value)).Concat(p.Model.Update.Select(s => s.Value))
                    .Concat(p.Model.Reset.Select(s => s.Value)).Concat(p.Model.Threshold is { } t ? new[] { t } : Array.Empty<BoundExpression>())
                    .Concat(p.Overrides.Values))
            .Concat(network.Connections.SelectMany(c => c.Synapse.Equations.Select(e => e.Rhs)
                .Concat(c.Synapse.OnPre.Concat(c.Synapse.OnPost).Concat(c.Synapse.Summed).Select(s => s.Value)).Concat(c.SynapseOverrides.Values)))
            .Concat(network.Regularly.SelectMany(r => r.Statements.Select(s => s.Value)))
            .Concat(network.Populations.Where(p => p.Rate is not null).Select(p => p.Rate!));
        var used = new HashSet<string>(expressions.SelectMany(e => e.TimedArrays()), StringComparer.Ordinal);
        return network.TimedArrays.Where(a => used.Contains(a.Name)).OrderBy(a => a.Name, StringComparer.Ordinal);
    }

    private static PoissonPopulationPlan Poisson(LoweringContext context, PopulationModel population, int stream, string typeName)
    {
        bool heterogeneous = new PopulationParameters(Array.Empty<BoundVariableDeclaration>(), new Dictionary<string, BoundExpression>()).VariesPerElement(population.Rate!);
        return new(population.Name, Naming.Member(population.Name), typeName, Size(context, population),
            RecordsSpikes(context, population), stream,
            new[] { $"Population {population.Name}: {Size(context, population).Describe()} Poisson sources, each spiking with probability rate·dt per step." }.ToEquatableArray(),
            context.Location(context.Network.FilePath, population.Span), sizeof(int) + (heterogeneous ? sizeof(float) : 0),
            population.Rate!,
            heterogeneous,
            population.Rate!.Uses(Builtin.Time) || population.Rate!.TimedArrays().Any());
    }

    private static InputPopulationPlan Input(LoweringContext context, PopulationModel population, string typeName) =>
        new(population.Name, Naming.Member(population.Name), typeName, Size(context, population),
            RecordsSpikes(context, population), null,
            new[]
            {
                population.Schedule is { } schedule
                    ? $"Population {population.Name}: {Size(context, population).Describe()} spike generators, {schedule.Steps.Count} spikes"
                        + (schedule.Period > 0 ? $" repeated every {schedule.Period} steps." : ".")
                    : $"Population {population.Name}: {Size(context, population).Describe()} host-driven input sources.",
            }.ToEquatableArray(),
            // Spikes, pending spikes and values.
            context.Location(context.Network.FilePath, population.Span), 2 * sizeof(int) + (context.Network.DoublePrecision ? 8 : 4),
            population.Schedule);

    private static bool RecordsSpikes(LoweringContext context, PopulationModel population) =>
        context.Network.Records.Any(r => r.Kind == RecordKind.Spikes && r.Population == population.Name);

    public static SizePlan Size(LoweringContext context, PopulationModel population) =>
        new(population.SizeValue, population.Size, population.Shape is null
            ? context.Text(context.Network.FilePath, population.SizeValue.Span)
            : population.Size.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
