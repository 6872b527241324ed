using System;
using System.Collections.Generic;
using System.Linq;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// Spikes of every neuron population, per population as (step, neuron) pairs in step order and,
/// within a step, in neuron order — so two records of the same run compare element by element.
/// </summary>
public sealed class SpikeRecord
{
    private readonly SortedDictionary<string, List<(int Step, int Neuron)>> _spikes = new(StringComparer.Ordinal);

    /// <summary>Populations recorded, by name.</summary>
    public IEnumerable<string> Populations => _spikes.Keys;

    /// <summary>Registers a population so it appears even when it never spikes.</summary>
    public void AddPopulation(string population) => _spikes.TryAdd(population, []);

    /// <summary>Spikes of <paramref name="population"/>.</summary>
    public IReadOnlyList<(int Step, int Neuron)> Of(string population) => _spikes[population];

    /// <summary>Total spike count.</summary>
    public long Count => _spikes.Values.Sum(list => (long)list.Count);

    /// <summary>Appends the spikes of one step; <paramref name="neurons"/> is sorted here.</summary>
    internal void AddStep(string population, int step, List<int> neurons)
    {
        neurons.Sort();
        List<(int Step, int Neuron)> list = _spikes[population];
        foreach (int neuron in neurons)
        {
            list.Add((step, neuron));
        }
    }

    /// <summary>
    /// Null when both records hold the same spikes; otherwise where they first differ
    /// (population, step, neuron), for a test message.
    /// </summary>
    public string? FirstDifference(SpikeRecord other)
    {
        if (!_spikes.Keys.SequenceEqual(other._spikes.Keys, StringComparer.Ordinal))
        {
            return $"populations differ: [{string.Join(", ", _spikes.Keys)}] vs [{string.Join(", ", other._spikes.Keys)}]";
        }

        foreach ((string population, List<(int Step, int Neuron)> mine) in _spikes)
        {
            List<(int Step, int Neuron)> theirs = other._spikes[population];
            int common = Math.Min(mine.Count, theirs.Count);
            for (int k = 0; k < common; k++)
            {
                if (mine[k] != theirs[k])
                {
                    return $"{population}: spike {k} is (step {mine[k].Step}, neuron {mine[k].Neuron}) vs (step {theirs[k].Step}, neuron {theirs[k].Neuron})";
                }
            }

            if (mine.Count != theirs.Count)
            {
                return $"{population}: {mine.Count} spikes vs {theirs.Count}";
            }
        }

        return null;
    }
}
