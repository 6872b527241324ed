using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>Recordings: spikes, state variables and weights, each checked against what it names.</summary>
internal sealed partial class NetworkBinder
{
    private IEnumerable<RecordModel>? BindRecord(NetworkMember member, IReadOnlyList<ConnectionModel> connections)
    {
        switch (member)
        {
            case RecordSpikesMember spikes:
                return spikes.Populations.Where(p => Resolve(p) is not null)
                    .Select(p => new RecordModel(RecordKind.Spikes, p.Name, null, null, spikes.Span)).ToList();
            case RecordStateMember state:
                var records = new List<RecordModel>();
                foreach (var reference in state.Variables)
                {
                    var population = Resolve(reference.Population);
                    if (population is null or { Kind: PopulationKind.Neurons, Model: null })
                    {
                        continue;
                    }
                    var variables = population.Model?.State.Concat(population.Model.Aliases).Select(d => d.Symbol.Name).ToList()
                        ?? new List<string>();
                    if (!variables.Contains(reference.Variable.Name))
                    {
                        string modelName = population.Model?.Name ?? (population.Kind == PopulationKind.Poisson ? "poisson source" : "input");
                        _diagnostics.Report(DiagnosticDescriptors.UnknownStateVariable, reference.Variable.Span, population.Name, modelName, reference.Variable.Name,
                            Spelling.Hint(reference.Variable.Name, variables) is { Length: > 0 } hint
                                ? hint
                                : variables.Count == 0 ? "; it has no state to record" : $"; it has {string.Join(", ", variables)}");
                        continue;
                    }
                    // As written: a subgroup records its own neurons.
                    records.Add(new RecordModel(RecordKind.State, reference.Population.Name, reference.Variable.Name, null, reference.Span));
                }
                return records;
            case RecordWeightsMember weights:
                var source = Resolve(weights.Source);
                var target = Resolve(weights.Target);
                if (source is null || target is null)
                {
                    return null;
                }
                if (!connections.Any(c => c.Source.Population == source.Name && c.Target.Population == target.Name
                        && c.Synapse.State.Any(s => s.Symbol.Name == "w")))
                {
                    _diagnostics.Report(DiagnosticDescriptors.MissingMember, weights.Span, $"network '{_networkName}'",
                        $"connection {source.Name} -> {target.Name} with a weight 'w'",
                        "connect them with a synapse that has a state variable w (for example Static or Stdp)");
                    return null;
                }
                return new[] { new RecordModel(RecordKind.Weights, source.Name, "w", target.Name, weights.Span) };
            default:
                return null;
        }
    }
}
