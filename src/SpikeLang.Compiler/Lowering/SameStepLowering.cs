using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// <c>same_step</c> connections: a spike reaches its target's update in the step it happens, so the source
/// must be updated and thresholded, and the connection delivered, before the target updates. This file
/// refuses what that order cannot honour and gives the order of the populations in the schedule.
/// </summary>
internal static class SameStepLowering
{
    /// <summary>Reports the same-step connections the schedule cannot run and the first cycle of them.</summary>
    /// <param name="connections">The plans of the network's connections, in declaration order.</param>
    public static void Check(LoweringContext context, IReadOnlyList<ConnectionPlan> connections, IReadOnlyList<PopulationPlan> populations)
    {
        var network = context.Network;
        string file = network.FilePath;
        for (int k = 0; k < network.Connections.Count; k++)
        {
            var model = network.Connections[k];
            var plan = connections[k];
            if (model.SameStep is not { } span)
            {
                continue;
            }
            string name = $"{model.Source.Written} -> {model.Target.Written}";
            // Each refused feature runs in a fixed slot of the step that the moved delivery would cross.
            if (plan.HasClockDriven)
            {
                context.Report(DiagnosticDescriptors.SameStepUnsupported, file, span, name,
                    $"its synapse '{plan.SynapseName}' has clock-driven equations, which are integrated after every population's update, so a same-step delivery would run before them",
                    "mark those equations '(event-driven)' or remove 'same_step'");
            }
            if (plan.HasSummed)
            {
                context.Report(DiagnosticDescriptors.SameStepUnsupported, file, span, name,
                    $"its synapse '{plan.SynapseName}' has summed variables, which are written at the start of the step, before any delivery",
                    "remove 'same_step', or move the summed variable to a connection without it");
            }
            if (plan.HasOnPost)
            {
                context.Report(DiagnosticDescriptors.SameStepUnsupported, file, span, name,
                    $"its synapse '{plan.SynapseName}' has 'on post' code, which same-step delivery does not support",
                    "remove 'same_step', or use a synapse without 'on post'");
            }
            if (populations.FirstOrDefault(p => p.Name == model.Target.Population) is NeuronPopulationPlan { Refractory: not null } target)
            {
                context.Report(DiagnosticDescriptors.SameStepUnsupported, file, span, name,
                    $"its target '{target.Name}' is refractory, and whether a delivery counts depends on the refractory period that the target's update of the step ends or starts, after a same-step delivery",
                    "remove 'same_step', or the refractory period from the target's model");
            }
        }
        ReportCycle(context, connections);
    }

    /// <summary>
    /// The populations in the order the step updates them: every same-step connection's source before its
    /// target, and otherwise in declaration order, so one network always has one schedule. Needs no cycle
    /// (see <see cref="Check"/>).
    /// </summary>
    public static IEnumerable<PopulationPlan> Order(IReadOnlyList<PopulationPlan> populations, IReadOnlyList<ConnectionPlan> connections)
    {
        var placed = new HashSet<string>(System.StringComparer.Ordinal);
        var sameStep = connections.Where(c => c.SameStep).ToList();
        while (placed.Count < populations.Count)
        {
            var next = populations.First(p => !placed.Contains(p.Name)
                && sameStep.Where(c => c.Target.Population == p.Name).All(c => placed.Contains(c.Source.Population)));
            placed.Add(next.Name);
            yield return next;
        }
    }

    /// <summary>Reports, at the connection that closes it, the first cycle of same-step connections a depth-first search meets.</summary>
    private static void ReportCycle(LoweringContext context, IReadOnlyList<ConnectionPlan> connections)
    {
        var network = context.Network;
        var edges = Enumerable.Range(0, connections.Count).Where(k => connections[k].SameStep).ToList();
        var done = new HashSet<string>(System.StringComparer.Ordinal);
        var path = new List<int>();
        var onPath = new List<string>();

        bool Visit(string population)
        {
            onPath.Add(population);
            foreach (int k in edges.Where(k => network.Connections[k].Source.Population == population))
            {
                string target = network.Connections[k].Target.Population;
                path.Add(k);
                int start = onPath.IndexOf(target);
                if (start >= 0)
                {
                    var cycle = path.Skip(start).Select(e => network.Connections[e]).ToList();
                    // Subgroups and slices are updated with their whole population, so the cycle is between populations.
                    string text = string.Join(", ", cycle.Select(c =>
                        $"{c.Source.Written} -> {c.Target.Written} (line {context.Source(network.FilePath)?.GetLinePosition(c.Span.Start).Line + 1}"
                        + (c.Source.Written != c.Source.Population || c.Target.Written != c.Target.Population ? $"; populations {c.Source.Population} -> {c.Target.Population})" : ")")));
                    context.Report(DiagnosticDescriptors.SameStepCycle, network.FilePath, network.Connections[k].SameStep!.Value, text);
                    return true;
                }
                if (!done.Contains(target) && Visit(target))
                {
                    return true;
                }
                path.RemoveAt(path.Count - 1);
            }
            onPath.RemoveAt(onPath.Count - 1);
            done.Add(population);
            return false;
        }

        foreach (var population in network.Populations.Select(p => p.Name))
        {
            if (!done.Contains(population) && Visit(population))
            {
                return;
            }
        }
    }
}
