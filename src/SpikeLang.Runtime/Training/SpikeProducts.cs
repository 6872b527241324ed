using System;
using System.Numerics;
using System.Runtime.Intrinsics;

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
        // result[k, :] += s[r, k] · g[r, :] is, for each r, AccumulateRows with the roles swapped: visit
        // the non-zero s[r, k] and add g[r, :] scaled into row k. Done per r in order, so sums are fixed.
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = spikes.Slice(r * sources, sources);
            ReadOnlySpan<float> gradient = gradients.Slice(r * targets, targets);
            int k = 0;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; k <= sources - Vector256<float>.Count; k += Vector256<float>.Count)
                {
                    uint active = ~Vector256.Equals(Vector256.Create(row.Slice(k, Vector256<float>.Count)), Vector256<float>.Zero).ExtractMostSignificantBits() & 0xFFu;
                    while (active != 0)
                    {
                        int source = k + BitOperations.TrailingZeroCount(active);
                        DenseRows.AddScaled(result.Slice(source * targets, targets), gradient, row[source]);
                        active &= active - 1;
                    }
                }
            }
            for (; k < sources; k++)
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
