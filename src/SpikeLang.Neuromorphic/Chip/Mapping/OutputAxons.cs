using System;
using System.Collections.Generic;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>Which cores each neuron's spikes must reach, given a placement: one output axon per destination core.</summary>
internal static class OutputAxons
{
    /// <summary>Global core holding (population, neuron).</summary>
    public static Func<string, int, int> CoreOf(CorePlacement placement, ChipLimits limits)
    {
        var lookup = new Dictionary<string, int[]>(StringComparer.Ordinal);
        foreach ((string population, List<PlacementSlice> slices) in placement.Slices)
        {
            int size = 0;
            foreach (PlacementSlice slice in slices)
            {
                size = Math.Max(size, slice.FirstNeuron + slice.NeuronCount);
            }

            int[] cores = new int[size];
            foreach (PlacementSlice slice in slices)
            {
                Array.Fill(cores, slice.Chip * limits.CoresPerChip + slice.Core, slice.FirstNeuron, slice.NeuronCount);
            }

            lookup[population] = cores;
        }

        return (population, neuron) => lookup[population][neuron];
    }

    /// <summary>
    /// Per population (neuron and external alike), per neuron, the sorted distinct global cores that
    /// hold a target of its synapses.
    /// </summary>
    public static Dictionary<string, int[][]> DestinationCores(QuantizedNetwork network, CorePlacement placement, ChipLimits limits)
    {
        Func<string, int, int> coreOf = CoreOf(placement, limits);
        var sets = new Dictionary<string, SortedSet<int>[]>(StringComparer.Ordinal);
        foreach (QuantizedPopulation population in network.Populations)
        {
            var perNeuron = new SortedSet<int>[population.Size];
            for (int i = 0; i < perNeuron.Length; i++)
            {
                perNeuron[i] = [];
            }

            sets[population.Name] = perNeuron;
        }

        foreach (QuantizedConnection connection in network.Connections)
        {
            SortedSet<int>[] perNeuron = sets[connection.Source];
            for (int s = 0; s < connection.SynapseCount; s++)
            {
                perNeuron[connection.Pre[s]].Add(coreOf(connection.Target, connection.Post[s]));
            }
        }

        var result = new Dictionary<string, int[][]>(StringComparer.Ordinal);
        foreach ((string population, SortedSet<int>[] perNeuron) in sets)
        {
            result[population] = Array.ConvertAll(perNeuron, set => new List<int>(set).ToArray());
        }

        return result;
    }
}
