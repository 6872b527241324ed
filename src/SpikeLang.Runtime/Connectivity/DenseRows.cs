using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SpikeLang.Runtime;

/// <summary>
/// Row updates of a dense weight matrix stored one row per source (<c>destination[j] += w[k, j]</c>).
/// The generated simulator delivers dense connections with these, and the generated trainer
/// computes its forward pass with the same calls in the same order, so both give bit-identical
/// inputs and therefore the same spikes.
/// </summary>
public static class DenseRows
{
    /// <summary><c>destination[j] += row[j]</c>: a spiking source adds its row of weights.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Add<T>(Span<T> destination, ReadOnlySpan<T> row) where T : unmanaged, INumberBase<T>
    {
        if (row.Length != destination.Length)
        {
            throw new ArgumentException($"A row of {row.Length} weights for {destination.Length} targets.", nameof(row));
        }
        ref T d = ref MemoryMarshal.GetReference(destination);
        ref T r = ref MemoryMarshal.GetReference(row);
        int n = destination.Length, j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; j <= n - Vector256<T>.Count; j += Vector256<T>.Count)
            {
                (Vector256.LoadUnsafe(ref d, (nuint)j) + Vector256.LoadUnsafe(ref r, (nuint)j)).StoreUnsafe(ref d, (nuint)j);
            }
        }
        for (; j < n; j++)
        {
            Unsafe.Add(ref d, j) += Unsafe.Add(ref r, j);
        }
    }

    /// <summary>
    /// <c>destination[j] += scale * row[j]</c>, multiplied then added (two roundings, never fused), so
    /// the vector body and the scalar tail round alike: a source carrying a real value (a current).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled<T>(Span<T> destination, ReadOnlySpan<T> row, T scale) where T : unmanaged, INumberBase<T>
    {
        if (row.Length != destination.Length)
        {
            throw new ArgumentException($"A row of {row.Length} weights for {destination.Length} targets.", nameof(row));
        }
        ref T d = ref MemoryMarshal.GetReference(destination);
        ref T r = ref MemoryMarshal.GetReference(row);
        int n = destination.Length, j = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var s = Vector256.Create(scale);
            for (; j <= n - Vector256<T>.Count; j += Vector256<T>.Count)
            {
                (Vector256.LoadUnsafe(ref d, (nuint)j) + s * Vector256.LoadUnsafe(ref r, (nuint)j)).StoreUnsafe(ref d, (nuint)j);
            }
        }
        for (; j < n; j++)
        {
            Unsafe.Add(ref d, j) += scale * Unsafe.Add(ref r, j);
        }
    }

    /// <summary>
    /// <c>destination += Σ_k sources[k] · weights[k, :]</c> over the non-zero sources in ascending k, each
    /// row added as <see cref="AddScaled{T}"/> adds it: what a dense connection delivers for one sample.
    /// The non-zero sources are found eight at a time, so mostly silent spike vectors cost little.
    /// </summary>
    /// <param name="destination">One sample's summed input, one value per target.</param>
    /// <param name="sources">The sources' outputs: spikes (0 or 1) or values.</param>
    /// <param name="weights">sources.Length rows of destination.Length weights, one row per source.</param>
    public static void AccumulateRows(Span<float> destination, ReadOnlySpan<float> sources, ReadOnlySpan<float> weights)
    {
        int n = destination.Length, count = sources.Length;
        if (weights.Length < (long)count * n)
        {
            throw new ArgumentException($"{weights.Length} weights for {count} sources × {n} targets.", nameof(weights));
        }
        var visitor = new RowAdder(destination, weights);
        NonZeroSources.ForEach(sources, ref visitor);
    }

    private readonly ref struct RowAdder(Span<float> destination, ReadOnlySpan<float> weights) : INonZeroVisitor
    {
        private readonly Span<float> _destination = destination;
        private readonly ReadOnlySpan<float> _weights = weights;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Visit(int source, float value) => AddScaled(_destination, _weights.Slice(source * _destination.Length, _destination.Length), value);
    }

    /// <summary>
    /// A source-major weight matrix (one row of targets per source, as stored) as a new target-major
    /// float32 array ([targets, sources], as PyTorch's <c>Linear.weight</c> and weight files hold it).
    /// </summary>
    public static float[] ToTargetMajor<T>(ReadOnlySpan<T> sourceMajor, int sources, int targets) where T : unmanaged, INumberBase<T>
    {
        CheckLength(sourceMajor.Length, sources, targets);
        var result = new float[sourceMajor.Length];
        for (int s = 0; s < sources; s++)
        {
            for (int t = 0; t < targets; t++)
            {
                result[t * sources + s] = float.CreateTruncating(sourceMajor[s * targets + t]);
            }
        }
        return result;
    }

    /// <summary>The inverse of <see cref="ToTargetMajor"/>: fills the stored source-major matrix from a [targets, sources] array.</summary>
    public static void FromTargetMajor<T>(ReadOnlySpan<float> targetMajor, int sources, int targets, Span<T> sourceMajor) where T : unmanaged, INumberBase<T>
    {
        CheckLength(targetMajor.Length, sources, targets);
        CheckLength(sourceMajor.Length, sources, targets);
        for (int s = 0; s < sources; s++)
        {
            for (int t = 0; t < targets; t++)
            {
                sourceMajor[s * targets + t] = T.CreateTruncating(targetMajor[t * sources + s]);
            }
        }
    }

    private static void CheckLength(int length, int sources, int targets)
    {
        if (length != (long)sources * targets)
        {
            throw new ArgumentException($"{length} weights for {sources} sources × {targets} targets.");
        }
    }
}
