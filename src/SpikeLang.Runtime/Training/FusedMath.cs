using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SpikeLang.Runtime;

/// <summary>Fused multiply-add on vectors that rounds once on every machine, as PyTorch's vectorized kernels do.</summary>
internal static class FusedMath
{
    /// <summary>x·y + addend, rounded once per lane (the FMA instruction where present, otherwise lane by lane).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> MultiplyAdd(Vector256<float> x, Vector256<float> y, Vector256<float> addend) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, y, addend) : Vector256.Create(
            MathF.FusedMultiplyAdd(x[0], y[0], addend[0]), MathF.FusedMultiplyAdd(x[1], y[1], addend[1]),
            MathF.FusedMultiplyAdd(x[2], y[2], addend[2]), MathF.FusedMultiplyAdd(x[3], y[3], addend[3]),
            MathF.FusedMultiplyAdd(x[4], y[4], addend[4]), MathF.FusedMultiplyAdd(x[5], y[5], addend[5]),
            MathF.FusedMultiplyAdd(x[6], y[6], addend[6]), MathF.FusedMultiplyAdd(x[7], y[7], addend[7]));

    /// <summary><c>sum[j] += value · row[j]</c> for j &lt; <paramref name="width"/>, each rounded once (fused), on vector lanes and in the tail alike.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void AddScaled(ref float sum, ref float row, float value, int width)
    {
        var scale = Vector256.Create(value);
        int j = 0;
        for (; j <= width - Vector256<float>.Count; j += Vector256<float>.Count)
        {
            MultiplyAdd(scale, Vector256.LoadUnsafe(ref row, (nuint)j), Vector256.LoadUnsafe(ref sum, (nuint)j)).StoreUnsafe(ref sum, (nuint)j);
        }

        for (; j < width; j++)
        {
            Unsafe.Add(ref sum, j) = MathF.FusedMultiplyAdd(value, Unsafe.Add(ref row, j), Unsafe.Add(ref sum, j));
        }
    }
}
