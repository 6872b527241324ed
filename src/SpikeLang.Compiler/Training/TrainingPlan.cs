using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Emit;
using SpikeLang.Compiler.Syntax;

namespace SpikeLang.Compiler.Training;

/// <summary>A dense connection as training sees it: weights stored one row per source ([sources, targets]).</summary>
internal sealed record TrainedConnection(string Member, PopulationModel Source, PopulationModel Target, bool SelfRecurrent)
{
    public int Sources => Source.Size;

    public int Targets => Target.Size;
}

/// <summary>
/// How a network with a <c>train</c> block is trained: its layers in the order the forward pass runs
/// them (every connection delivers one step later, as in the simulator, so a feed-forward network can
/// run layer by layer over all steps), their dense connections, the input encodings and the readout.
/// </summary>
internal sealed class TrainingPlan
{
    private TrainingPlan(TrainModel train)
    {
        Train = train;
    }

    public TrainModel Train { get; }

    /// <summary>Input populations with their encoding, in declaration order.</summary>
    public IReadOnlyList<(PopulationModel Input, TrainOption Encoder)> Inputs { get; private set; } = Array.Empty<(PopulationModel, TrainOption)>();

    /// <summary>Trained populations, each after the populations that feed it.</summary>
    public IReadOnlyList<LayerStep> Layers { get; private set; } = Array.Empty<LayerStep>();

    /// <summary>Dense connections in declaration order (the order the simulator delivers them).</summary>
    public IReadOnlyList<TrainedConnection> Connections { get; private set; } = Array.Empty<TrainedConnection>();

    public LayerStep Readout { get; private set; } = null!;

    /// <summary>Builds the plan, or reports every reason the network cannot be trained and returns null.</summary>
    /// <param name="members">The simulator's member name of each connection, in declaration order.</param>
    public static TrainingPlan? Create(EmitContext context, IReadOnlyList<string> members)
    {
        var network = context.Network;
        var train = network.Train!;
        var plan = new TrainingPlan(train);
        bool ok = true;
        string file = network.FilePath;
        var trainSpan = new Text.TextSpan(train.Span.Start, "train".Length);

        foreach (var population in network.Populations.Where(p => p.Kind == PopulationKind.Poisson))
        {
            context.ReportUntrainable(file, population.Span, $"training a network with the Poisson population '{population.Name}' (encode an input instead: 'encode NAME as poisson(max_rate = 100 Hz)')");
            ok = false;
        }
        plan.Inputs = network.Populations.Where(p => p.Kind == PopulationKind.Input)
            .Select(p => (p, train.Encodings.First(e => e.Input == p.Name).Encoder)).ToList();

        var connections = new List<TrainedConnection>();
        for (int k = 0; k < network.Connections.Count; k++)
        {
            var c = network.Connections[k];
            var source = network.Populations.First(p => p.Name == c.Source.Population);
            var target = network.Populations.First(p => p.Name == c.Target.Population);
            if (c.Rule != ConnectivityKind.Dense)
            {
                context.ReportUntrainable(file, c.Span, "training through a connection that is not 'dense' (training learns dense weight matrices)");
                ok = false;
                continue;
            }
            if (c.Source.Count != source.Size || c.Target.Count != target.Size)
            {
                context.ReportUntrainable(file, c.Span, "training through a connection between slices (connect whole populations)");
                ok = false;
                continue;
            }
            connections.Add(new TrainedConnection(members[k], source, target, source.Name == target.Name));
        }
        plan.Connections = connections;

        // Layers: Kahn's order over the connections between different populations; self-connections are recurrence.
        var neurons = network.Populations.Where(p => p.Kind == PopulationKind.Neurons).ToList();
        var order = new List<PopulationModel>();
        var placed = new HashSet<string>(plan.Inputs.Select(i => i.Input.Name), StringComparer.Ordinal);
        while (order.Count < neurons.Count)
        {
            var next = neurons.FirstOrDefault(p => !placed.Contains(p.Name)
                && connections.Where(c => c.Target.Name == p.Name && !c.SelfRecurrent).All(c => placed.Contains(c.Source.Name)));
            if (next is null)
            {
                var stuck = neurons.First(p => !placed.Contains(p.Name));
                context.ReportUntrainable(file, stuck.Span, $"training a loop between different populations through '{stuck.Name}' (recurrence is supported as a population connected to itself)");
                return null;
            }
            order.Add(next);
            placed.Add(next.Name);
        }

        var layers = new List<LayerStep>();
        foreach (var population in order)
        {
            if (LayerStep.Lower(population, train, context) is { } step)
            {
                layers.Add(step);
            }
            else
            {
                ok = false;
            }
        }
        plan.Layers = layers;
        foreach (var learned in train.Learned.Where(l => layers.All(s => !s.Learned.Contains(l.Name))))
        {
            context.ReportUntrainable(file, learned.Span, $"learning '{learned.Name}': no trained population has it as a parameter");
            ok = false;
        }
        if (!ok)
        {
            return null;
        }
        plan.Readout = layers.First(l => l.Population.Name == train.Loss.Population);
        if (plan.Readout.Threshold is null && train.Loss.Readout == "spike_count")
        {
            context.ReportUntrainable(file, train.Loss.Span, $"spike_count({train.Loss.Population}): its model '{plan.Readout.Model.Name}' has no threshold, so it never spikes (use max_membrane or final_membrane)");
            return null;
        }
        if (connections.Count == 0)
        {
            context.ReportUntrainable(file, trainSpan, "a train block in a network without dense connections (nothing to learn)");
            return null;
        }
        return plan;
    }

    /// <summary>Dense connections into <paramref name="layer"/>, in delivery (declaration) order.</summary>
    public IEnumerable<TrainedConnection> Incoming(PopulationModel layer) => Connections.Where(c => c.Target.Name == layer.Name);

    /// <summary>Dense connections out of <paramref name="population"/> to other populations.</summary>
    public IEnumerable<TrainedConnection> Outgoing(PopulationModel population) => Connections.Where(c => c.Source.Name == population.Name && !c.SelfRecurrent);

    public bool IsLayer(PopulationModel population) => Layers.Any(l => l.Population.Name == population.Name);

    public TrainOption? EncoderOf(PopulationModel population) =>
        Inputs.FirstOrDefault(i => i.Input.Name == population.Name).Encoder;
}
