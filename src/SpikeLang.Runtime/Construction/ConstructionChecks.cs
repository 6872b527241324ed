using System;

namespace SpikeLang.Runtime;

/// <summary>
/// Checks generated constructors make on values that depend on network parameters (which the compiler
/// checks only at their defaults): each failure names the value and says what it must be.
/// </summary>
public static class ConstructionChecks
{
    /// <summary>A population size: a whole number of at least 1.</summary>
    public static int Size(string population, double value) =>
        value >= 1 && value <= int.MaxValue && value == Math.Floor(value)
            ? (int)value
            : throw new ArgumentException($"The size of '{population}' must be a whole number of at least 1, but the network parameters make it {value}.");

    /// <summary>A slice bound or in-degree: a whole number in [0, <paramref name="count"/>].</summary>
    public static int Index(string what, double value, int count) =>
        value >= 0 && value <= count && value == Math.Floor(value)
            ? (int)value
            : throw new ArgumentException($"The {what} must be a whole number in [0, {count}], but the network parameters make it {value}.");

    /// <summary>
    /// The source of a linked variable, when the network parameters set a size: of 1 neuron where the compiler found
    /// one (<paramref name="broadcast"/>: every neuron reads it), else of the linking population's size (neuron i reads
    /// source neuron i). Any other size would make the neurons read past the source's values.
    /// </summary>
    public static void Link(string population, string variable, string source, int sourceSize, int size, bool broadcast)
    {
        if (broadcast ? sourceSize != 1 : sourceSize != size)
        {
            throw new ArgumentException($"'{variable}' of '{population}' is linked to '{source}', which must have {(broadcast ? "1 neuron" : $"as many neurons as '{population}' ({size})")}, but the network parameters make it {sourceSize}.");
        }
    }

    /// <summary>A connection probability in [0, 1].</summary>
    public static double Probability(double value) =>
        value >= 0 && value <= 1 ? value : throw new ArgumentException($"A connection probability must lie in [0, 1], but the network parameters make it {value}.");

    /// <summary>A value the compiler could not check (it depends on network parameters or differs per neuron): finite.</summary>
    public static double Finite(double value, string what) =>
        double.IsFinite(value) ? value : throw new ArgumentException($"{what} evaluates to {value}; check for a division by zero or an overflow.");

    /// <summary>Per-neuron values: all finite; the message names the first neuron that is not.</summary>
    public static void Finite(double[] values, string what)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException($"{what} evaluates to {values[i]} for neuron {i}; check for a division by zero or an overflow.");
            }
        }
    }

    /// <summary>The coefficients of a linear system, before its propagator is computed: all finite.</summary>
    public static void Finite(double[,] matrix, string what)
    {
        foreach (double value in matrix)
        {
            if (!double.IsFinite(value))
            {
                throw new ArgumentException($"{what}: a coefficient evaluates to {value}; check for a time constant of 0 or an overflow.");
            }
        }
    }

    /// <summary>A duration (a refractory period, a delay): finite and not negative.</summary>
    public static double NonNegative(double value, string what) =>
        double.IsFinite(value) && value >= 0 ? value : throw new ArgumentException($"{what} must be a finite value of at least 0, but it is {value}.");

    /// <summary>
    /// Refuses, before anything is allocated, a network that the process cannot hold: one array over .NET's
    /// largest, or more bytes in all than the memory available to it. The message gives every part's count
    /// and estimate and where it is declared. On several ranks each holds about its share of every part the ranks split
    /// (<see cref="MemoryDemand.Split"/>: its own neurons' values and the synapses onto them, see <see cref="HeldNeurons"/>)
    /// and all of the others, and the ranks refuse together
    /// when any of them cannot hold its share, so that none is left waiting for the others.
    /// </summary>
    /// <param name="network">The network's name, for the message.</param>
    /// <param name="ranks">The ranks that share the network, or null for this process alone.</param>
    /// <param name="parts">Each population and connection: what it is (with its .snn location), how many elements, and the bytes each takes.</param>
    public static void Memory(string network, RankGroup? ranks, params MemoryDemand[] parts)
    {
        string? refusal = MemoryRefusal(network, ranks?.Size ?? 1, parts);
        if (ranks is { Size: > 1 } && ranks.AllSum(refusal is null ? 0 : 1) is var refusing and > 0)
        {
            refusal ??= $"Network '{network}': {refusing} of the {ranks.Size} ranks cannot hold their share of it (their messages say why).";
        }
        if (refusal is not null)
        {
            throw new ArgumentException(refusal);
        }
    }

    private static string? MemoryRefusal(string network, int ranks, MemoryDemand[] parts)
    {
        string share = ranks == 1 ? "" : $" on each of {ranks} ranks";
        foreach (var part in parts)
        {
            if (part.PerRank(ranks) > Array.MaxLength)
            {
                return $"Network '{network}': {part.What} would have {part.PerRank(ranks):G3} {part.Unit}{share}, more than one .NET array holds ({Array.MaxLength}); make it smaller{(ranks == 1 || !part.Split ? "" : " or use more ranks")}.";
            }
        }
        double total = 0;
        foreach (var part in parts)
        {
            total += part.PerRank(ranks) * part.BytesEach;
        }
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (total <= available)
        {
            return null;
        }
        var lines = new System.Text.StringBuilder();
        foreach (var part in parts)
        {
            lines.Append($"; {part.What}: {part.PerRank(ranks):N0} {part.Unit}{share} × {part.BytesEach} B = {Gigabytes(part.PerRank(ranks) * part.BytesEach)}");
        }
        return $"Network '{network}' would need about {Gigabytes(total)}{share}, more than the {Gigabytes(available)} this process can use{lines}. "
            + $"Make it smaller, or run it where more memory is available{(ranks == 1 ? "" : " or on more ranks")}.";
    }

    private static string Gigabytes(double bytes) => $"{bytes / (1L << 30):0.0} GB";
}

/// <summary>One population's or connection's share of a network's memory.</summary>
/// <param name="What">What it is and where it is declared: "population P (Cuba.snn line 24)".</param>
/// <param name="Count">How many elements it holds.</param>
/// <param name="Unit">"neurons" or "synapses".</param>
/// <param name="BytesEach">The bytes each element takes.</param>
/// <param name="Split">True when ranks share the elements out (a population's neurons, the synapses onto them); false when
/// every rank holds all of them (sources, dense connections and their targets).</param>
public readonly record struct MemoryDemand(string What, double Count, string Unit, int BytesEach, bool Split = false)
{
    /// <summary>The elements each of <paramref name="ranks"/> ranks holds.</summary>
    public double PerRank(int ranks) => Split ? Count / ranks : Count;
}
