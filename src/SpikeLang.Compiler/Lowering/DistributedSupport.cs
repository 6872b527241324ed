using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// What keeps a network from running on several ranks (<c>RankGroup</c>): each rank keeps only its own neurons'
/// values up to date and receives the other ranks' spikes, nothing else. So synapse code may read spikes, its own
/// synapse values and its target's values (a target is updated by the rank that delivers to it), but not the
/// values of presynaptic neurons; a monitor of neuron values joins the ranks' own values at each sample, but one of
/// synapse values would find each rank's synapses only.
/// The generated constructor refuses several ranks with these reasons; one process runs the network as before.
/// </summary>
internal static class DistributedSupport
{
    public static EquatableArray<string> Refusals(NetworkPlan network)
    {
        var populations = network.Populations;
        var connections = network.Connections;
        var recordings = network.Recordings;
        var neurons = new HashSet<string>(populations.OfType<NeuronPopulationPlan>().Select(p => p.Name), System.StringComparer.Ordinal);
        var refusals = new List<string>();
        foreach (var connection in connections.Where(c => neurons.Contains(c.Source.Population)))
        {
            var read = PresynapticReads(connection).Distinct().ToList();
            if (read.Count > 0)
            {
                refusals.Add($"connection {connection.Member} ({connection.Location}) reads {string.Join(", ", read.Select(v => v + "_pre"))}, " +
                    $"values of presynaptic neurons of {connection.Source.Population} that other ranks update");
            }
        }
        foreach (var neuron in populations.OfType<NeuronPopulationPlan>())
        {
            // Neuron i reads source neuron i, which the same rank holds when both populations are cut alike (the same
            // size, and HeldNeurons cuts linked populations at the same blocks); one value of a one-neuron source is
            // held by one rank only, and a population every rank holds whole is cut otherwise.
            foreach (var link in neuron.Links.Where(l => neurons.Contains(l.Source) && !l.SourceShared))
            {
                if (link.Broadcast)
                {
                    refusals.Add($"population {neuron.Name} links {link.Variable} to {link.Text}, the one neuron of {link.Source}, which one rank updates");
                }
                else if (network.HoldsWhole(neuron.Name) != network.HoldsWhole(link.Source))
                {
                    refusals.Add($"population {neuron.Name} links {link.Variable} to {link.Text}, but every rank holds all of {(network.HoldsWhole(neuron.Name) ? neuron.Name : link.Source)} (a dense connection or convolution delivers to it) and only its own neurons of the other");
                }
            }
        }
        var synapses = new HashSet<string>(connections.Select(c => c.Member), System.StringComparer.Ordinal);
        foreach (var recording in recordings.Where(r => r.SamplesValues && synapses.Contains(r.Owner)))
        {
            refusals.Add($"'record {recording.Source}.{recording.Variable}' samples synapse values, and each rank holds only the synapses onto its own neurons (record the neurons' values, spikes or rates)");
        }
        return refusals.ToEquatableArray();
    }

    /// <summary>
    /// How ranks can wait a window of steps between spike exchanges (<c>SpikeWindow</c>), or null when some
    /// connection needs every rank's spikes in the step they happen in: one without a delay, delivering in the same
    /// step, dense, or a convolution from neurons. The window is the shortest delay, in steps, of
    /// <see cref="SpikeWindowPlan.Delayed"/> (per-synapse delays included), known once they are built.
    /// </summary>
    public static SpikeWindowPlan? Window(IReadOnlyList<PopulationPlan> populations, IReadOnlyList<ConnectionPlan> connections,
        IReadOnlyList<ConvolutionPlan> convolutions, IReadOnlyList<SubgroupPlan> subgroups, IReadOnlyList<KernelCall> schedule)
    {
        var spiking = populations.OfType<NeuronPopulationPlan>().Where(p => p.Threshold is not null).ToList();
        var names = new HashSet<string>(spiking.Select(p => p.Name), System.StringComparer.Ordinal);
        var fromNeurons = connections.Where(c => names.Contains(c.Source.Population)).ToList();
        if (spiking.Count == 0
            || fromNeurons.Any(c => c.Delay.Kind == DelayKind.None || c.SameStep || c.IsDense)
            || convolutions.Any(c => names.Contains(c.Source.Population)))
        {
            return null;
        }
        var waiting = new HashSet<string>(spiking.Select(p => p.Member)
            .Concat(subgroups.Where(g => names.Contains(g.Parent)).Select(g => g.Member)), System.StringComparer.Ordinal);
        // The populations send their spikes in the order the step finds them: a fused update finds them in its own
        // kernel, the others' threshold kernels follow every update.
        var fused = new HashSet<string>(spiking.Where(p => p.FusesThreshold).Select(p => p.Member), System.StringComparer.Ordinal);
        var separate = new HashSet<string>(spiking.Where(p => !p.FusesThreshold).Select(p => p.Member), System.StringComparer.Ordinal);
        return new SpikeWindowPlan(
            schedule.Where(c => (c.Kind == KernelKind.NeuronUpdate && fused.Contains(c.Member)) || (c.Kind == KernelKind.Threshold && separate.Contains(c.Member)))
                .Select(c => c.Member).ToEquatableArray(),
            fromNeurons.Select(c => c.Member).ToEquatableArray(),
            schedule.Where(c => c.Kind == KernelKind.Record && waiting.Contains(c.Member)).Select(c => c.Member).ToEquatableArray());
    }

    private static IEnumerable<string> PresynapticReads(ConnectionPlan connection)
    {
        var expressions = connection.OnPre.Concat(connection.OnPost).Select(s => s.Value)
            .Concat(connection.Summed.Select(s => s.Sum.Value))
            .Concat(connection.ExactClock.SelectMany(t => new[] { t.Rate, t.Drift }).OfType<BoundExpression>())
            .Concat(connection.NumericalClock?.Rhs ?? EquatableArray.Empty<BoundExpression>());
        var written = connection.OnPre.Concat(connection.OnPost).Where(s => s.Owner == VariableOwner.Pre).Select(s => s.Target.Name);
        return expressions.SelectMany(e => e.Variables())
            .Where(v => v.Owner == VariableOwner.Pre
                && (v.Symbol.Kind is VariableKind.State or VariableKind.Alias || v.Symbol.Builtin is Builtin.LastSpike or Builtin.NotRefractory or Builtin.Input))
            .Select(v => v.Symbol.Name)
            .Concat(written)
            .Concat(connection.Summed.Where(s => s.Sum.Owner == VariableOwner.Pre).Select(s => s.Sum.Target.Name));
    }
}

/// <summary>
/// The spike exchange of a network whose ranks wait a window of steps between exchanges: <paramref name="Populations"/>
/// send their spikes in this order each step; the connections <paramref name="Delayed"/> take every rank's spikes when
/// the window is exchanged (a delay history in place of the rank's own, a per-synapse queue scheduled late); the
/// <c>Record</c> kernels of <paramref name="Records"/> (in schedule order) record each step of the window then.
/// </summary>
internal sealed record SpikeWindowPlan(EquatableArray<string> Populations, EquatableArray<string> Delayed, EquatableArray<string> Records);
