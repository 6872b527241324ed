using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>
/// A connection's delay in steps: <see cref="Steps"/> for every synapse, plus one value per target element (a Delay node
/// right before the target) or per source element (one right after the source), so a synapse's delay is that of its
/// target or its source element. Used for the Delay nodes on a NIR path and for the SpikeLang <c>delay</c> they become.
/// </summary>
/// <param name="Steps">Steps every synapse has.</param>
/// <param name="PerTarget">Further steps per target element, or null.</param>
/// <param name="PerSource">Further steps per source element, or null.</param>
/// <param name="Node">The Delay node that gave the per-element values, for messages; null when there are none.</param>
public sealed record NirConnectionDelay(int Steps, int[]? PerTarget = null, int[]? PerSource = null, string? Node = null)
{
    /// <summary>No delay.</summary>
    public static readonly NirConnectionDelay None = new(0);

    /// <summary>No synapse is delayed.</summary>
    public bool IsNone => Steps == 0 && PerTarget is null && PerSource is null;

    /// <summary>Synapses have different delays.</summary>
    public bool IsPerElement => PerTarget is not null || PerSource is not null;

    /// <summary>The same delay with <paramref name="steps"/> more for every synapse.</summary>
    public NirConnectionDelay Plus(int steps) => this with { Steps = Steps + steps };

    /// <summary>The delay of the synapse from source element <paramref name="source"/> to target element <paramref name="target"/>.</summary>
    public int Of(int source, int target) => Steps + (PerTarget?[target] ?? 0) + (PerSource?[source] ?? 0);

    /// <summary>The smallest delay of any synapse.</summary>
    public int Smallest => Steps + (PerTarget?.Min() ?? 0) + (PerSource?.Min() ?? 0);

    /// <summary>Equal delays give the same key: paths from one source with the same key sum into one connection.</summary>
    public string Key => $"{Steps}|{Join(PerTarget)}|{Join(PerSource)}";

    /// <summary>
    /// The delay as SpikeLang writes it, <c>3 ms</c>, or per element a choice on the target index <c>j</c> (source index
    /// <c>i</c>) over runs of equal delay: <c>where(j &lt; 2, 1 ms, where(j &lt; 5, 3 ms, 2 ms))</c>. Milliseconds of a whole
    /// number of steps, to 15 digits so that 3 × 0.1 ms reads 0.3 ms.
    /// </summary>
    public string Text(double dt)
    {
        string Milliseconds(int steps) => (steps * dt * 1000).ToString("G15", CultureInfo.InvariantCulture) + " ms";
        (string Index, int[] Values)? element = PerTarget is { } target ? ("j", target) : PerSource is { } source ? ("i", source) : null;
        if (element is not { } perElement)
        {
            return Milliseconds(Steps);
        }

        var runs = new List<(int End, int Steps)>();
        for (int k = 0; k < perElement.Values.Length; k++)
        {
            if (runs.Count > 0 && runs[^1].Steps == Steps + perElement.Values[k])
            {
                runs[^1] = (k + 1, runs[^1].Steps);
            }
            else
            {
                runs.Add((k + 1, Steps + perElement.Values[k]));
            }
        }

        string text = Milliseconds(runs[^1].Steps);
        for (int r = runs.Count - 2; r >= 0; r--)
        {
            text = $"where({perElement.Index} < {runs[r].End}, {Milliseconds(runs[r].Steps)}, {text})";
        }

        return text;
    }

    private static string Join(int[]? values) => values is null ? "" : string.Join(",", values);
}
