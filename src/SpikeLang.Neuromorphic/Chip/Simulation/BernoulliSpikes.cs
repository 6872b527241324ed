using System;
using System.Collections.Generic;
using SpikeLang.Runtime;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// Host input where every external neuron spikes independently with a fixed probability per step,
/// reproducibly: the draw for (population, step, neuron) depends only on the seed and those three,
/// never on the order of the calls, so two simulators asking at different times see the same spikes.
/// </summary>
public sealed class BernoulliSpikes : IExternalSpikes
{
    private readonly ulong _seed;
    private readonly double _probability;

    /// <summary>Spike probability per neuron and step, e.g. rate · dt.</summary>
    public BernoulliSpikes(ulong seed, double probability)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(probability);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(probability, 1.0);
        _seed = seed;
        _probability = probability;
    }

    /// <inheritdoc />
    public void Collect(int step, string population, int size, List<int> neurons)
    {
        ulong populationHash = 14695981039346656037UL;
        foreach (char c in population)
        {
            populationHash = (populationHash ^ c) * 1099511628211UL;
        }

        var random = new RandomStream(_seed ^ populationHash, (ulong)step);
        for (int i = 0; i < size; i++)
        {
            if (random.NextDouble() < _probability)
            {
                neurons.Add(i);
            }
        }
    }
}
