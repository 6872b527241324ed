using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Lowering.Training;

/// <summary>Lowers a network's <c>train</c> block into a <see cref="TrainerPlan"/>, reporting every reason it cannot be trained.</summary>
internal static class TrainerLowering
{
    /// <summary>The plan, or null after reporting (SL0501) why the network cannot be trained.</summary>
    /// <param name="connections">The simulator's connections, in declaration order (their member names name the weights).</param>
    /// <param name="convolutions">The simulator's convolutions and poolings, in declaration order.</param>
    /// <param name="populations">The simulator's populations, whose order of update fixes the order of same-step deliveries.</param>
    public static TrainerPlan? Lower(LoweringContext context, IReadOnlyList<ConnectionPlan> connections, IReadOnlyList<ConvolutionPlan> convolutions, IReadOnlyList<PopulationPlan> populations)
    {
        var network = context.Network;
        var train = network.Train!;
        bool ok = true;
        string file = network.FilePath;
        var trainSpan = new TextSpan(train.Span.Start, "train".Length);

        foreach (var population in network.Populations.Where(p => p.Kind == PopulationKind.Poisson))
        {
            context.ReportUntrainable(file, population.Span, $"training a network with the Poisson population '{population.Name}' (encode an input instead: 'encode NAME as poisson(max_rate = 100 Hz)')");
            ok = false;
        }
        // The trainer's kernels keep one value per neuron and sample, in its own arrays: a linked or shared variable has neither.
        foreach (var population in network.Populations)
        {
            if (population.Model?.State.FirstOrDefault(s => s.Symbol.IsLinked || s.Symbol.IsShared)?.Symbol is { } special)
            {
                context.ReportUntrainable(file, population.Span,
                    $"training population '{population.Name}', whose model has the {(special.IsLinked ? "linked" : "shared")} variable '{special.Name}' (give it a value per neuron to train it)");
                ok = false;
            }
        }
        var inputs = network.Populations.Where(p => p.Kind == PopulationKind.Input)
            .Select(p => new TrainedInputPlan(p.Name, Naming.Member(p.Name), NetworkLowering.Size(context, p), train.Encodings.First(e => e.Input == p.Name).Encoder))
            .ToList();

        var trained = new List<(TrainedConnectionPlan Plan, int Declared)>();
        for (int k = 0; k < network.Connections.Count; k++)
        {
            var c = network.Connections[k];
            var source = network.Populations.First(p => p.Name == c.Source.Population);
            var target = network.Populations.First(p => p.Name == c.Target.Population);
            if (c.Rule != ConnectivityKind.Dense)
            {
                context.ReportUntrainable(file, c.Span, "training through a connection that is neither 'dense' nor a convolution or pooling (training learns dense weight matrices and convolution kernels)");
                ok = false;
                continue;
            }
            if (c.Source.Count != source.Size || c.Target.Count != target.Size)
            {
                context.ReportUntrainable(file, c.Span, "training through a connection between slices (connect whole populations)");
                ok = false;
                continue;
            }
            trained.Add((new TrainedConnectionPlan(connections[k].Member, source.Name, source.Kind, target.Name, source.Name == target.Name, c.SameStep is not null, null), k));
        }
        for (int k = 0; k < convolutions.Count; k++)
        {
            var c = convolutions[k];
            if (c.Source.Population == c.Target.Population)
            {
                context.ReportUntrainable(file, network.Convolutions[k].Span, $"training a {RuleNames.Of(c.Kind)} from '{c.Source.Population}' to itself (recurrence is trained through dense self-connections)");
                ok = false;
                continue;
            }
            trained.Add((new TrainedConnectionPlan(c.Member, c.Source.Population, c.Source.Kind, c.Target.Population, false, c.SameStep, c), network.Connections.Count + k));
        }
        // The simulator's order of additions into a target's input (see TrainerPlan.Connections): equal sums, equal spikes.
        var updateRank = SameStepLowering.Order(populations, network).Select((p, rank) => (p.Name, rank)).ToDictionary(x => x.Name, x => x.rank, System.StringComparer.Ordinal);
        var delivered = trained
            .OrderBy(t => t.Plan.SameStep ? 1 : 0)
            .ThenBy(t => t.Plan.SameStep ? updateRank[t.Plan.Source] : 0)
            .ThenBy(t => t.Declared)
            .Select(t => t.Plan)
            .ToList();

        // Layers: Kahn's order over the connections between different populations; self-connections are recurrence.
        var neurons = network.Populations.Where(p => p.Kind == PopulationKind.Neurons).ToList();
        var order = new List<PopulationModel>();
        var placed = new HashSet<string>(inputs.Select(i => i.Name), System.StringComparer.Ordinal);
        while (order.Count < neurons.Count)
        {
            var next = neurons.FirstOrDefault(p => !placed.Contains(p.Name)
                && delivered.Where(c => c.Target == p.Name && !c.SelfRecurrent).All(c => placed.Contains(c.Source)));
            if (next is null)
            {
                var stuck = neurons.First(p => !placed.Contains(p.Name));
                context.ReportUntrainable(file, stuck.Span, $"training a loop between different populations through '{stuck.Name}' (recurrence is supported as a population connected to itself)");
                return null;
            }
            order.Add(next);
            placed.Add(next.Name);
        }

        var layers = new List<LayerPlan>();
        foreach (var population in order)
        {
            if (LayerLowering.Lower(context, population, train) is { } layer)
            {
                layers.Add(layer);
            }
            else
            {
                ok = false;
            }
        }
        foreach (var learned in train.Learned.Where(l => layers.All(s => !s.Learned.Contains(l.Name))))
        {
            context.ReportUntrainable(file, learned.Span, $"learning '{learned.Name}': no trained population has it as a parameter");
            ok = false;
        }
        if (!ok)
        {
            return null;
        }
        var readout = layers.First(l => l.Population == train.Loss.Population);
        if (readout.Threshold is null && train.Loss.Readout == "spike_count")
        {
            context.ReportUntrainable(file, train.Loss.Span, $"spike_count({train.Loss.Population}): its model '{readout.ModelName}' has no threshold, so it never spikes (use max_membrane or final_membrane)");
            return null;
        }
        if (!delivered.Any(c => c.Convolution is not { IsPooling: true }))
        {
            context.ReportUntrainable(file, trainSpan, "a train block in a network without dense or convolution connections (nothing to learn)");
            return null;
        }
        return new TrainerPlan(train.Steps, train.BatchSize, train.Surrogate, train.Loss, train.Optimizer, train.DetachReset,
            inputs.ToEquatableArray(), layers.ToEquatableArray(), delivered.ToEquatableArray(), readout.Population,
            GpuTrainerSupport.Refusals(context, network));
    }
}
