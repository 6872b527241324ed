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
    /// <param name="populations">The network's populations.</param>
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
            ReportRefractoryTarget(context, populations, model.Target.Population, span, name);
        }
        foreach (var convolution in network.Convolutions.Where(c => c.SameStep is not null))
        {
            ReportRefractoryTarget(context, populations, convolution.Target, convolution.SameStep!.Value, $"{convolution.Source} -> {convolution.Target}");
        }
        ReportCycle(context);
    }

    private static void ReportRefractoryTarget(LoweringContext context, IReadOnlyList<PopulationPlan> populations, string targetName, Text.TextSpan span, string name)
    {
        if (populations.FirstOrDefault(p => p.Name == targetName) is NeuronPopulationPlan { Refractory: not null } target)
        {
            context.Report(DiagnosticDescriptors.SameStepUnsupported, context.Network.FilePath, span, name,
                $"its target '{target.Name}' is refractory, and whether a delivery counts depends on the refractory period that the target's update of the step ends or starts, after a same-step delivery",
                "remove 'same_step', or the refractory period from the target's model");
        }
    }

    /// <summary>A same-step connection or convolution between two populations: as written, where, and where 'same_step' is.</summary>
    private sealed record Edge(string Source, string Target, string SourceWritten, string TargetWritten, Text.TextSpan Span, Text.TextSpan SameStep);

    /// <summary>The network's same-step edges: its connections, then its convolutions, each in declaration order.</summary>
    private static IEnumerable<Edge> Edges(Binding.NetworkModel network) =>
        network.Connections.Where(c => c.SameStep is not null)
            .Select(c => new Edge(c.Source.Population, c.Target.Population, c.Source.Written, c.Target.Written, c.Span, c.SameStep!.Value))
            .Concat(network.Convolutions.Where(c => c.SameStep is not null)
                .Select(c => new Edge(c.Source, c.Target, c.Source, c.Target, c.Span, c.SameStep!.Value)));

    /// <summary>
    /// The populations in the order the step updates them: every same-step connection's source before its
    /// target, and otherwise in declaration order, so one network always has one schedule. Needs no cycle
    /// (see <see cref="Check"/>).
    /// </summary>
    /// <param name="network">The network whose same-step connections and convolutions order the step.</param>
    public static IEnumerable<PopulationPlan> Order(IReadOnlyList<PopulationPlan> populations, Binding.NetworkModel network)
    {
        var sameStep = Edges(network).ToList();
        var placed = new HashSet<string>(System.StringComparer.Ordinal);
        while (placed.Count < populations.Count)
        {
            // After a cycle (reported by Check) nothing is ready: the rest follow in declaration order.
            var next = populations.FirstOrDefault(p => !placed.Contains(p.Name)
                && sameStep.Where(c => c.Target == p.Name).All(c => placed.Contains(c.Source)))
                ?? populations.First(p => !placed.Contains(p.Name));
            placed.Add(next.Name);
            yield return next;
        }
    }

    /// <summary>Reports, at the connection that closes it, the first cycle of same-step connections a depth-first search meets.</summary>
    private static void ReportCycle(LoweringContext context)
    {
        var network = context.Network;
        var edges = Edges(network).ToList();
        var done = new HashSet<string>(System.StringComparer.Ordinal);
        var path = new List<int>();
        var onPath = new List<string>();

        bool Visit(string population)
        {
            onPath.Add(population);
            foreach (int k in Enumerable.Range(0, edges.Count).Where(k => edges[k].Source == population))
            {
                string target = edges[k].Target;
                path.Add(k);
                int start = onPath.IndexOf(target);
                if (start >= 0)
                {
                    var cycle = path.Skip(start).Select(e => edges[e]).ToList();
                    // Subgroups and slices are updated with their whole population, so the cycle is between populations.
                    string text = string.Join(", ", cycle.Select(c =>
                        $"{c.SourceWritten} -> {c.TargetWritten} (line {context.Source(network.FilePath)?.GetLinePosition(c.Span.Start).Line + 1}"
                        + (c.SourceWritten != c.Source || c.TargetWritten != c.Target ? $"; populations {c.Source} -> {c.Target})" : ")")));
                    context.Report(DiagnosticDescriptors.SameStepCycle, network.FilePath, edges[k].SameStep, text);
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
