using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SpikeLang.Runtime;

/// <summary>
/// Finds state that is no longer a finite number (a diverging integration fills it with ∞ and then NaN),
/// a vector at a time: a float is finite exactly when its exponent bits are not all ones.
/// </summary>
public static class FiniteCheck
{
    /// <summary>The index of the first value that is NaN or ±∞, or −1 when all are finite.</summary>
    public static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        ref uint bits = ref Unsafe.As<float, uint>(ref MemoryMarshal.GetReference(values));
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var exponent = Vector256.Create(0x7F800000u);
            for (; i <= values.Length - Vector256<uint>.Count; i += Vector256<uint>.Count)
            {
                if (Vector256.EqualsAny(Vector256.LoadUnsafe(ref bits, (nuint)i) & exponent, exponent))
                {
                    break;
                }
            }
        }
        for (; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The index of the first value that is NaN or ±∞, or −1 when all are finite.</summary>
    public static int FirstNonFinite(ReadOnlySpan<double> values)
    {
        ref ulong bits = ref Unsafe.As<double, ulong>(ref MemoryMarshal.GetReference(values));
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var exponent = Vector256.Create(0x7FF0000000000000ul);
            for (; i <= values.Length - Vector256<ulong>.Count; i += Vector256<ulong>.Count)
            {
                if (Vector256.EqualsAny(Vector256.LoadUnsafe(ref bits, (nuint)i) & exponent, exponent))
                {
                    break;
                }
            }
        }
        for (; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>The index of the first value of [<paramref name="start"/>, <paramref name="end"/>) that is NaN or ±∞, or −1: the neurons one rank owns.</summary>
    public static int FirstNonFinite(float[] values, int start, int end) => Offset(FirstNonFinite(values.AsSpan(start, end - start)), start);

    /// <summary>The index of the first value of [<paramref name="start"/>, <paramref name="end"/>) that is NaN or ±∞, or −1: the neurons one rank owns.</summary>
    public static int FirstNonFinite(double[] values, int start, int end) => Offset(FirstNonFinite(values.AsSpan(start, end - start)), start);

    private static int Offset(int index, int start) => index < 0 ? -1 : start + index;
}

/// <summary>
/// The first state value found not finite in a run: which population, variable and neuron, the value,
/// and the step of the check that found it (checks run every <see cref="FiniteCheckInterval"/> steps and
/// at the end of every <c>Run</c>, so the value went bad at most that many steps before).
/// </summary>
public sealed record NonFiniteState(string Population, string Variable, int Neuron, double Value, long Step)
{
    /// <summary>Steps between two checks.</summary>
    public const int FiniteCheckInterval = 64;

    /// <summary>What happened, in words, with the usual remedies.</summary>
    public override string ToString() =>
        $"{Variable} of neuron {Neuron} of population '{Population}' is {Value} by step {Step}: the integration diverges; use a smaller dt, or 'method rk4' or another method that suits the equations";
}
