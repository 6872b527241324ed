using System;

namespace SpikeLang.Runtime;

/// <summary>
/// Products with a spike matrix (entries 0 or 1) that visit only the spikes: in a spiking layer most
/// entries are 0, so this beats a dense GEMM, whose cost does not depend on the values.
/// </summary>
public static class SpikeProducts
{
    /// <summary>
    /// <c>result[k, :] += Σ_r spikes[r, k] · gradients[r, :]</c>: the weight gradient of a dense connection
    /// from a spiking source (rows × sources spikes, rows × targets gradients, sources × targets result).
    /// Rows are visited in order, so the sum is the same on every run.
    /// </summary>
    public static void AccumulateOuter(ReadOnlySpan<float> spikes, ReadOnlySpan<float> gradients, Span<float> result, int rows, int sources, int targets)
    {
        if (spikes.Length < (long)rows * sources || gradients.Length < (long)rows * targets || result.Length < (long)sources * targets)
        {
            throw new ArgumentException($"Spans too short for {rows} rows × {sources} sources × {targets} targets.");
        }
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = spikes.Slice(r * sources, sources);
            ReadOnlySpan<float> gradient = gradients.Slice(r * targets, targets);
            for (int k = 0; k < sources; k++)
            {
                float s = row[k];
                if (s != 0)
                {
                    DenseRows.AddScaled(result.Slice(k * targets, targets), gradient, s);
                }
            }
        }
    }
}
