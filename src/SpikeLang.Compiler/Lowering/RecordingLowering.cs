using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// The monitors of a network's <c>record</c> statements: which population, subgroup or connection holds each,
/// its slice, interval, smoothing window and unit. A recording of a subgroup belongs to the subgroup, so its
/// indices count from the subgroup's start; one of weights belongs to every connection A -> B with a <c>w</c>.
/// </summary>
internal static class RecordingLowering
{
    public static EquatableArray<RecordingPlan> Lower(NetworkModel network, IReadOnlyList<PopulationPlan> populations,
        IReadOnlyList<SubgroupPlan> subgroups, IReadOnlyList<ConnectionPlan> connections)
    {
        var plans = new List<RecordingPlan>();
        foreach (var record in network.Records)
        {
            if (record.Kind == RecordKind.Weights)
            {
                for (int k = 0; k < connections.Count; k++)
                {
                    var model = network.Connections[k];
                    if (model.Source.Population == record.Population && model.Target.Population == record.TargetPopulation
                        && model.Synapse.State.FirstOrDefault(s => s.Symbol.Name == record.Variable) is { } w)
                    {
                        plans.Add(new RecordingPlan(record.Kind, connections[k].Member, $"{record.Population} -> {record.TargetPopulation}",
                            record.Variable, null, null, record.Interval, 1, Unit(w.Symbol)));
                    }
                }
                continue;
            }
            string owner = populations.FirstOrDefault(p => p.Name == record.Population)?.Member
                ?? subgroups.First(g => g.Name == record.Population).Member;
            string unit = record.Kind switch
            {
                RecordKind.Spikes => "s",
                RecordKind.Rate => "Hz",
                _ => Unit(ModelOf(network, record.Population)!.State.Concat(ModelOf(network, record.Population)!.Aliases)
                    .First(d => d.Symbol.Name == record.Variable).Symbol),
            };
            plans.Add(new RecordingPlan(record.Kind, owner, record.Population, record.Variable,
                record.Slice is { } slice ? slice.StartValue ?? Literal(slice.Start) : null,
                record.Slice is { } end ? end.EndValue ?? Literal(end.End) : null,
                record.Interval, record.Window, unit));
        }
        return plans.ToEquatableArray();
    }

    /// <summary>The neuron model of a population or of a subgroup's parent.</summary>
    private static NeuronModel? ModelOf(NetworkModel network, string name)
    {
        string population = network.Subgroups.FirstOrDefault(g => g.Name == name)?.Slice.Population ?? name;
        return network.Populations.First(p => p.Name == population).Model;
    }

    /// <summary>The SI unit of a variable's dimension, "1" when dimensionless.</summary>
    private static string Unit(VariableSymbol symbol) => symbol.Dimension?.Symbol ?? "1";

    private static BoundExpression Literal(int value) =>
        new BoundLiteral(value, ValueType.Number(Units.Dimension.None), default);
}
