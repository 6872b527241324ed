using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SpikeLang.Runtime;

/// <summary>
/// Visits the non-zero values of a step's source outputs in ascending order. Spikes are sparse, so the zeros are
/// skipped eight at a time by one vector comparison (which, as <c>value != 0</c>, takes −0 for zero).
/// </summary>
internal static class NonZeroSources
{
    public static void ForEach<TVisitor>(ReadOnlySpan<float> sources, ref TVisitor visitor)
        where TVisitor : struct, INonZeroVisitor, allows ref struct
    {
        ref float s = ref MemoryMarshal.GetReference(sources);
        int count = sources.Length, k = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; k <= count - Vector256<float>.Count; k += Vector256<float>.Count)
            {
                uint active = ~Vector256.Equals(Vector256.LoadUnsafe(ref s, (nuint)k), Vector256<float>.Zero).ExtractMostSignificantBits() & 0xFFu;
                while (active != 0)
                {
                    int source = k + BitOperations.TrailingZeroCount(active);
                    visitor.Visit(source, Unsafe.Add(ref s, source));
                    active &= active - 1;
                }
            }
        }
        for (; k < count; k++)
        {
            float value = Unsafe.Add(ref s, k);
            if (value != 0)
            {
                visitor.Visit(k, value);
            }
        }
    }
}

/// <summary>What is done with one non-zero source (see <see cref="NonZeroSources.ForEach"/>).</summary>
internal interface INonZeroVisitor
{
    void Visit(int source, float value);
}
