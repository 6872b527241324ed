using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// Decides which neuron variables receive their synaptic input through an accumulator: when every
/// write to a variable held while refractory during delivery is a sum of a value that reads no neuron
/// state (Brunel's <c>v += J</c>, PoissonInput drives), the connections and drives add into a buffer
/// without looking at the target, and one vectorized pass after delivery adds the buffer to the variable
/// of the neurons that are not refractory. Brian2 checks <c>not_refractory</c> at every synaptic event;
/// a network near its refractory limit (Brunel's regime A) spends most of its time on that random read
/// and the branch it feeds. The result is the same sum, added in another order.
/// </summary>
internal static class DeferredInputLowering
{
    public static (List<PopulationPlan> Populations, List<ConnectionPlan> Connections, List<DrivePlan> Drives) Apply(
        List<PopulationPlan> populations, List<ConnectionPlan> connections, List<DrivePlan> drives)
    {
        var deferred = new Dictionary<string, EquatableArray<string>>(System.StringComparer.Ordinal);
        foreach (var neuron in populations.OfType<NeuronPopulationPlan>())
        {
            var variables = (neuron.Refractory?.Held ?? default)
                .Where(x => IsFed(neuron.Name, x, connections, drives) && CanDefer(neuron.Name, x, connections))
                .ToEquatableArray();
            if (variables.Count > 0)
            {
                deferred[neuron.Name] = variables;
            }
        }
        if (deferred.Count == 0)
        {
            return (populations, connections, drives);
        }
        EquatableArray<string> Of(string population) => deferred.TryGetValue(population, out var v) ? v : EquatableArray.Empty<string>();
        return (
            populations.Select(p => p is NeuronPopulationPlan n && deferred.ContainsKey(n.Name) ? n with { DeferredInputs = Of(n.Name) } : p).ToList(),
            connections.Select(c => c with { Target = c.Target with { DeferredInputs = Of(c.Target.Population) } }).ToList(),
            drives.Select(d => d with { Deferred = Of(d.Target.Population).Contains(d.Variable) }).ToList());
    }

    /// <summary>Some connection or drive adds to the variable: otherwise there is nothing to accumulate.</summary>
    private static bool IsFed(string population, string variable, List<ConnectionPlan> connections, List<DrivePlan> drives) =>
        drives.Any(d => d.Target.Population == population && d.Variable == variable)
        || connections.Any(c => c.Target.Population == population && c.OnPre.Any(s => s.Owner == VariableOwner.Post && s.Target.Name == variable));

    /// <summary>
    /// Every 'on pre' statement that touches the variable through either end of a connection is a sum into
    /// it, no value reads it and no summed variable sets it: then nothing during delivery reads the
    /// variable, so when its sums are added cannot change what any code sees.
    /// </summary>
    private static bool CanDefer(string population, string variable, List<ConnectionPlan> connections)
    {
        foreach (var connection in connections)
        {
            bool intoTarget = connection.Target.Population == population, fromSource = connection.Source.Population == population;
            if (!intoTarget && !fromSource)
            {
                continue;
            }
            if (intoTarget && connection.Summed.Any(s => s.Sum.Target.Name == variable && s.Sum.Owner == VariableOwner.Post))
            {
                return false;
            }
            if (fromSource && connection.Summed.Any(s => s.Sum.Target.Name == variable && s.Sum.Owner == VariableOwner.Pre))
            {
                return false;
            }
            foreach (var statement in connection.OnPre)
            {
                bool Touches(VariableOwner owner) => (owner == VariableOwner.Post && intoTarget) || (owner == VariableOwner.Pre && fromSource);
                if (statement.Value.Variables().Any(v => v.Symbol.Kind == VariableKind.State && v.Owner != VariableOwner.Self && Touches(v.Owner) && v.Symbol.Name == variable))
                {
                    return false;
                }
                if (statement.Target.Name != variable || !Touches(statement.Owner))
                {
                    continue;
                }
                if (statement.Owner != VariableOwner.Post || statement.Operator is not (AssignmentOperator.AddAssign or AssignmentOperator.SubtractAssign))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
