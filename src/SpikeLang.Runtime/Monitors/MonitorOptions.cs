using System;

namespace SpikeLang.Runtime;

/// <summary>
/// What a monitor watches and how often: the neurons (or synapses) [<see cref="Start"/>, <see cref="Start"/> +
/// <see cref="Count"/>) of its source, one sample every <see cref="Interval"/> steps, the unit its values are in,
/// and the name of the source. Generated code fills these from <c>record state P[a:b].v every 1 ms</c>.
/// </summary>
public sealed record MonitorOptions
{
    /// <summary>The population, subgroup or connection (<c>"A -> B"</c>) recorded, as the .snn file names it.</summary>
    public string Source { get; init; } = "";

    /// <summary>The first element recorded, counted in the source.</summary>
    public int Start { get; init; }

    /// <summary>Elements recorded, from <see cref="Start"/> on; null for all the rest.</summary>
    public int? Count { get; init; }

    /// <summary>Steps between samples: a sample is taken in every step whose index is a multiple of it (Brian2's monitor clock).</summary>
    public int Interval { get; init; } = 1;

    /// <summary>The SI unit of the values (<c>"V"</c>, <c>"A"</c>, <c>"S"</c>, <c>"1"</c> when dimensionless).</summary>
    public string Unit { get; init; } = "1";

    /// <summary>The number of elements recorded out of <paramref name="available"/>, checked.</summary>
    internal int CountIn(int available)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(available);
        if (Start < 0 || Start > available)
        {
            throw new ArgumentOutOfRangeException(nameof(Start), Start, $"The first recorded element must lie in [0, {available}].");
        }
        int count = Count ?? available - Start;
        if (count < 0 || Start + (long)count > available)
        {
            throw new ArgumentOutOfRangeException(nameof(Count), count, $"[{Start}, {Start + (long)count}) does not fit {available} elements.");
        }
        if (Interval < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Interval), Interval, "A monitor samples every step or less often (an interval of at least 1).");
        }
        return count;
    }
}
