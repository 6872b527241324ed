using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// What keeps a network from running on several ranks (<c>RankGroup</c>): each rank keeps only its own neurons'
/// values up to date and receives the other ranks' spikes, nothing else. So synapse code may read spikes, its own
/// synapse values and its target's values (a target is updated by the rank that delivers to it), but not the
/// values of presynaptic neurons, and a monitor of values would hold stale values for the neurons of other ranks.
/// The generated constructor refuses several ranks with these reasons; one process runs the network as before.
/// </summary>
internal static class DistributedSupport
{
    public static EquatableArray<string> Refusals(
        IReadOnlyList<PopulationPlan> populations, IReadOnlyList<ConnectionPlan> connections, IReadOnlyList<RecordingPlan> recordings)
    {
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
            foreach (var link in neuron.Links.Where(l => neurons.Contains(l.Source)))
            {
                refusals.Add($"population {neuron.Name} links {link.Variable} to {link.Text}, values of neurons that other ranks update");
            }
        }
        foreach (var recording in recordings.Where(r => r.SamplesValues))
        {
            refusals.Add($"'record {recording.Source}.{recording.Variable}' samples values, which each rank keeps only for its own neurons (record spikes or rates)");
        }
        return refusals.ToEquatableArray();
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
                && (v.Symbol.Kind is VariableKind.State or VariableKind.Alias || v.Symbol.Builtin is Builtin.LastSpike or Builtin.NotRefractory))
            .Select(v => v.Symbol.Name)
            .Concat(written);
    }
}
