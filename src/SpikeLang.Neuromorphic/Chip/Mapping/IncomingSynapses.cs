using System.Collections.Generic;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// For every neuron of every neuron population, the synapses that end on it, as (connection,
/// synapse) pairs in connection then synapse order: what the mapper needs to count input axons and
/// synapse memory per core, and the table builder to fill synapse lists.
/// </summary>
internal sealed class IncomingSynapses
{
    private readonly Dictionary<string, (int[] Start, (int Connection, int Synapse)[] Synapses)> _byTarget = [];

    public IncomingSynapses(QuantizedNetwork network)
    {
        foreach (QuantizedPopulation population in network.Populations)
        {
            if (population.IsExternal)
            {
                continue;
            }

            int[] start = new int[population.Size + 1];
            for (int c = 0; c < network.Connections.Count; c++)
            {
                QuantizedConnection connection = network.Connections[c];
                if (connection.Target == population.Name)
                {
                    foreach (int post in connection.Post)
                    {
                        start[post + 1]++;
                    }
                }
            }

            for (int i = 0; i < population.Size; i++)
            {
                start[i + 1] += start[i];
            }

            var synapses = new (int, int)[start[population.Size]];
            int[] next = (int[])start.Clone();
            for (int c = 0; c < network.Connections.Count; c++)
            {
                QuantizedConnection connection = network.Connections[c];
                if (connection.Target == population.Name)
                {
                    for (int s = 0; s < connection.SynapseCount; s++)
                    {
                        synapses[next[connection.Post[s]]++] = (c, s);
                    }
                }
            }

            _byTarget[population.Name] = (start, synapses);
        }
    }

    /// <summary>The synapses ending on neuron <paramref name="neuron"/> of <paramref name="population"/>.</summary>
    public System.ReadOnlySpan<(int Connection, int Synapse)> Of(string population, int neuron)
    {
        (int[] start, (int, int)[] synapses) = _byTarget[population];
        return new System.ReadOnlySpan<(int, int)>(synapses, start[neuron], start[neuron + 1] - start[neuron]);
    }
}
