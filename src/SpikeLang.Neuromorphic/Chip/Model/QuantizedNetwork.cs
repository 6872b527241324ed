using System;
using System.Collections.Generic;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// A network in the target's integer model: what the mapper places on cores and what the
/// fixed-point simulator runs. It is independent of cores and tables, so simulating it and
/// simulating the emitted tables are two separate computations of the same behaviour.
/// </summary>
public sealed class QuantizedNetwork
{
    /// <summary>Creates the network and checks that every connection names known populations and channels.</summary>
    public QuantizedNetwork(string name, double dt, IReadOnlyList<QuantizedPopulation> populations, IReadOnlyList<QuantizedConnection> connections, IReadOnlyList<string>? notes = null)
    {
        Name = name;
        Dt = dt;
        Populations = populations;
        Connections = connections;
        Notes = notes ?? [];
        var byName = new Dictionary<string, QuantizedPopulation>(StringComparer.Ordinal);
        foreach (QuantizedPopulation population in populations)
        {
            if (!byName.TryAdd(population.Name, population))
            {
                throw new ArgumentException($"Population '{population.Name}' appears twice.");
            }
        }

        foreach (QuantizedConnection connection in connections)
        {
            QuantizedPopulation source = Find(byName, connection.Source, connection);
            QuantizedPopulation target = Find(byName, connection.Target, connection);
            if (target.IsExternal || connection.Channel >= target.CompartmentsPerNeuron)
            {
                throw new ArgumentException($"Connection {connection.Source} -> {connection.Target}: channel {connection.Channel} does not exist on the target.");
            }

            for (int s = 0; s < connection.SynapseCount; s++)
            {
                if ((uint)connection.Pre[s] >= (uint)source.Size || (uint)connection.Post[s] >= (uint)target.Size)
                {
                    throw new ArgumentException($"Connection {connection.Source} -> {connection.Target}: synapse {s} joins neurons outside the populations.");
                }
            }
        }

        PopulationsByName = byName;
    }

    /// <summary>Network name.</summary>
    public string Name { get; }

    /// <summary>Time step in seconds (one chip step).</summary>
    public double Dt { get; }

    /// <summary>Populations in declaration order.</summary>
    public IReadOnlyList<QuantizedPopulation> Populations { get; }

    /// <summary>Projections: those written with synapses in declaration order, then the expanded convolutions in theirs.</summary>
    public IReadOnlyList<QuantizedConnection> Connections { get; }

    /// <summary>Approximations the quantizer made (for example reset by subtraction turned into reset to 0).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>Populations by name.</summary>
    public IReadOnlyDictionary<string, QuantizedPopulation> PopulationsByName { get; }

    private static QuantizedPopulation Find(Dictionary<string, QuantizedPopulation> byName, string name, QuantizedConnection connection) =>
        byName.TryGetValue(name, out QuantizedPopulation? population)
            ? population
            : throw new ArgumentException($"Connection {connection.Source} -> {connection.Target}: no population '{name}'.");
}
