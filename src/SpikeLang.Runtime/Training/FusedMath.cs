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
}
