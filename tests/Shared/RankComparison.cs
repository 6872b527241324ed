using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SpikeLang.Runtime;

namespace SpikeLang.Tests;

/// <summary>
/// A network run step by step in one process (<see cref="Trace"/>), then on several ranks (threads of this process,
/// <see cref="ThreadRanks"/>): every rank must find the single process's spikes in every step, and the ranks' own
/// values, joined in rank order, must be its values (<see cref="OnRanks"/>).
/// </summary>
internal static class RankComparison
{
    /// <summary>
    /// Each step's spikes of every population and subgroup, the values the process holds afterwards (per population and
    /// state variable) and the first non-finite value it found.
    /// </summary>
    public sealed record Trace(List<string> Spikes, Dictionary<string, double[]> Values, string? NonFinite)
    {
        public static Trace Of(INetwork network, int steps)
        {
            var spikes = new List<string>();
            for (int step = 0; step < steps; step++)
            {
                network.Run(1);
                spikes.Add(string.Join("; ", network.Populations.Concat(network.Subgroups).Select(p => $"{p.Name}: {string.Join(" ", p.Spikes.ToArray())}")));
            }
            var values = new Dictionary<string, double[]>(StringComparer.Ordinal);
            foreach (var population in network.Populations)
            {
                foreach (string variable in population.StateVariables)
                {
                    values[$"{population.Name}.{variable}"] = population.ReadState(variable);
                }
            }
            string? nonFinite = network.NonFinite is { } bad
                ? string.Create(CultureInfo.InvariantCulture, $"{bad.Population}.{bad.Variable}[{bad.Neuron}] = {bad.Value} at step {bad.Step}")
                : null;
            return new Trace(spikes, values, nonFinite);
        }
    }

    /// <summary>
    /// Where the network built by <paramref name="create"/> on <paramref name="size"/> ranks differs from
    /// <paramref name="alone"/>, or null. A network that refuses ranks (<see cref="NotSupportedException"/>: synapse code
    /// reading presynaptic values, a synapse monitor, a link) or memory for them is no difference: <paramref name="refused"/>.
    /// </summary>
    public static string? OnRanks(Func<RankGroup, INetwork> create, Trace alone, int size, out bool refused)
    {
        refused = false;
        Trace?[] ranks;
        try
        {
            ranks = ThreadRanks.Run(size, r =>
            {
                INetwork network;
                try
                {
                    network = create(r);
                }
                catch (NotSupportedException)
                {
                    return null;
                }
                using (network as IDisposable)
                {
                    return Trace.Of(network, alone.Spikes.Count);
                }
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.All(x => x is ArgumentException { TargetSite.Name: nameof(ConstructionChecks.Memory) }))
        {
            refused = true;
            return null;
        }
        catch (AggregateException e)
        {
            return $"on {size} ranks: {e.InnerExceptions[0].GetType().Name}: {e.InnerExceptions[0].Message}";
        }
        if (ranks.All(r => r is null))
        {
            refused = true;
            return null;
        }
        for (int rank = 0; rank < size; rank++)
        {
            if (ranks[rank] is not { } trace)
            {
                return $"on {size} ranks: rank {rank} refused the network and another did not";
            }
            for (int step = 0; step < alone.Spikes.Count; step++)
            {
                if (trace.Spikes[step] != alone.Spikes[step])
                {
                    return $"on {size} ranks: rank {rank} found other spikes in step {step}: {trace.Spikes[step]} instead of {alone.Spikes[step]}";
                }
            }
            if (trace.NonFinite != alone.NonFinite)
            {
                return $"on {size} ranks: rank {rank} reports non-finite state {trace.NonFinite} instead of {alone.NonFinite}";
            }
        }
        foreach (var (key, values) in alone.Values)
        {
            // Each rank holds its own neurons' values (HeldNeurons), so the ranks' values in rank order are the whole
            // population's, except where every rank holds every neuron (the target of a dense connection or convolution).
            var held = ranks.Select(r => r!.Values[key]).ToList();
            if (held.Sum(v => v.Length) != values.Length)
            {
                continue;
            }
            double[] joined = held.SelectMany(v => v).ToArray();
            int at = Enumerable.Range(0, joined.Length).FirstOrDefault(k => joined[k].CompareTo(values[k]) != 0, -1);
            if (at >= 0)
            {
                return $"on {size} ranks: {key}[{at}] = {joined[at]} instead of {values[at]} after {alone.Spikes.Count} steps";
            }
        }
        return null;
    }
}
