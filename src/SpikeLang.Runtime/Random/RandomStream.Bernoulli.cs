using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SpikeLang.Runtime;

/// <summary>Bernoulli draws of whole populations: which of count independent trials spike this step.</summary>
public sealed partial class RandomStream
{
    /// <summary>
    /// Independently for each i in [0, <paramref name="count"/>) "spikes" with probability
    /// <paramref name="probability"/>; writes the spiking indices in ascending order to
    /// <paramref name="spikes"/> and returns how many there are. Allocation-free.
    /// </summary>
    /// <remarks>
    /// Exact algorithm (part of the reproducibility contract):
    /// <list type="bullet">
    /// <item>p ≤ 0 or NaN: no spikes; p ≥ 1: every index. Neither consumes randomness.</item>
    /// <item>p &lt; <see cref="GeometricThreshold"/>: geometric skipping on the scalar generator.
    /// Starting at position −1, repeatedly draw u = 1 − NextDouble() ∈ (0, 1], gap =
    /// floor(ln u / ln(1 − p)) with both logarithms from an fdlibm port (ln(1 − p) via log1p),
    /// and advance by gap + 1; each position below <paramref name="count"/> spikes, the first one
    /// at or beyond it ends the call (its draw is consumed). Cost is O(spikes), not O(count).</item>
    /// <item>Otherwise: the per-neuron vector algorithm of
    /// <see cref="DrawBernoulli(ReadOnlySpan{float}, Span{int})"/> with every probability equal
    /// to p, so both overloads give the same spikes for a constant p in this range.</item>
    /// </list>
    /// </remarks>
    /// <param name="probability">Spike probability per index, e.g. rate·dt.</param>
    /// <param name="count">Number of independent trials (population size).</param>
    /// <param name="spikes">Receives the indices; must hold at least <paramref name="count"/> elements.</param>
    /// <returns>The number of indices written.</returns>
    public int DrawBernoulli(float probability, int count, Span<int> spikes)
    {
        if ((uint)count > (uint)spikes.Length)
        {
            ThrowBadCount(count, spikes.Length);
        }

        if (!(probability > 0f))
        {
            return 0;
        }

        ref int dst = ref MemoryMarshal.GetReference(spikes);
        if (probability >= 1f)
        {
            for (int i = 0; i < count; i++)
            {
                Unsafe.Add(ref dst, i) = i;
            }

            return count;
        }

        return probability < GeometricThreshold
            ? DrawGeometric(probability, count, ref dst)
            : DrawVectorUniform(probability, count, ref dst);
    }

    /// <summary>
    /// Independently for each i spikes with probability <c>probabilities[i]</c>; writes the
    /// spiking indices in ascending order to <paramref name="spikes"/> and returns how many there
    /// are. Allocation-free.
    /// </summary>
    /// <remarks>
    /// Exact algorithm (part of the reproducibility contract): indices are taken in blocks of eight;
    /// each block advances the eight-lane xoshiro128** once, and index 8b + l spikes when
    /// u &lt; p, where u = min(float(x_l &gt;&gt; 1)·2⁻³¹, 1 − 2⁻²⁴), x_l is the lane's 32-bit
    /// output and float() rounds to nearest. The rounding keeps relative resolution near small p
    /// (unlike a fixed 2⁻²⁴ grid) and the clamp makes p = 1 certain. A final partial block still
    /// advances the generator once and uses its first lanes.
    /// </remarks>
    /// <param name="probabilities">Spike probability per index.</param>
    /// <param name="spikes">Receives the indices; must be at least as long as <paramref name="probabilities"/>.</param>
    /// <returns>The number of indices written.</returns>
    public int DrawBernoulli(ReadOnlySpan<float> probabilities, Span<int> spikes)
    {
        int count = probabilities.Length;
        if (count > spikes.Length)
        {
            ThrowBadCount(count, spikes.Length);
        }

        return DrawVectorPerNeuron(ref MemoryMarshal.GetReference(probabilities), count, ref MemoryMarshal.GetReference(spikes));
    }

    private int DrawGeometric(float probability, int count, ref int dst)
    {
        if (probability != _logQProbability)
        {
            _logQ = DeterministicMath.Log1P(-(double)probability);
            _logQProbability = probability;
        }

        double logQ = _logQ;
        int n = 0;
        long position = -1;
        while (true)
        {
            double u = 1.0 - NextDouble();
            double gap = Math.Floor(DeterministicMath.Log(u) / logQ);
            // Compared as double: a gap can exceed the range of int (and even long) for tiny p.
            if (gap >= count - 1 - position)
            {
                return n;
            }

            position += (long)gap + 1;
            Unsafe.Add(ref dst, n++) = (int)position;
        }
    }

    private int DrawVectorUniform(float probability, int count, ref int dst)
    {
        // u(m) = float(min(m, MaxUniformInt))·2⁻³¹ never decreases in m, so "u < p" is exactly
        // "m < threshold": one integer compare per lane instead of convert, scale and clamp.
        // A population calls with the same p every step; the 31-step search is worth skipping.
        if (probability != _thresholdProbability)
        {
            _threshold = UniformThreshold(probability);
            _thresholdProbability = probability;
        }

        Vector256<int> threshold = Vector256.Create(_threshold);
        Vector256<uint> s0 = _l0, s1 = _l1, s2 = _l2, s3 = _l3;
        Vector256<int> lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        int n = 0;
        int i = 0;
        if (Avx2.IsSupported)
        {
            ref int pack = ref MemoryMarshal.GetArrayDataReference(LeftPackTable);
            for (; i <= count - 8; i += 8)
            {
                Vector256<int> m = Vector256.ShiftRightLogical(NextLanes(ref s0, ref s1, ref s2, ref s3), 1).AsInt32();
                uint bits = Vector256.LessThan(m, threshold).ExtractMostSignificantBits();
                // Branch-free left-pack: at the probabilities this path serves, "any spike in this
                // block?" is close to a coin flip, and mispredicting it cost more than the store.
                Vector256<int> indices = Avx2.PermuteVar8x32(Vector256.Create(i) + lanes, Vector256.LoadUnsafe(ref pack, bits * 8));
                indices.StoreUnsafe(ref dst, (nuint)n);
                n += BitOperations.PopCount(bits);
            }
        }
        else
        {
            for (; i <= count - 8; i += 8)
            {
                Vector256<int> m = Vector256.ShiftRightLogical(NextLanes(ref s0, ref s1, ref s2, ref s3), 1).AsInt32();
                uint bits = Vector256.LessThan(m, threshold).ExtractMostSignificantBits();
                n = EmitBits(bits, i, n, ref dst);
            }
        }

        if (i < count)
        {
            Vector256<int> m = Vector256.ShiftRightLogical(NextLanes(ref s0, ref s1, ref s2, ref s3), 1).AsInt32();
            uint bits = Vector256.LessThan(m, threshold).ExtractMostSignificantBits() & ((1u << (count - i)) - 1);
            n = EmitBits(bits, i, n, ref dst);
        }

        _l0 = s0;
        _l1 = s1;
        _l2 = s2;
        _l3 = s3;
        return n;
    }

    private int DrawVectorPerNeuron(ref float probabilities, int count, ref int dst)
    {
        Vector256<uint> s0 = _l0, s1 = _l1, s2 = _l2, s3 = _l3;
        Vector256<float> scale = Vector256.Create(1.0f / 2147483648.0f);
        Vector256<int> maxInt = Vector256.Create(MaxUniformInt);
        Vector256<int> lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        int n = 0;
        int i = 0;
        if (Avx2.IsSupported)
        {
            ref int pack = ref MemoryMarshal.GetArrayDataReference(LeftPackTable);
            for (; i <= count - 8; i += 8)
            {
                Vector256<float> u = UniformLanes(ref s0, ref s1, ref s2, ref s3, maxInt, scale);
                uint bits = Vector256.LessThan(u, Vector256.LoadUnsafe(ref probabilities, (nuint)i)).ExtractMostSignificantBits();
                Vector256<int> indices = Avx2.PermuteVar8x32(Vector256.Create(i) + lanes, Vector256.LoadUnsafe(ref pack, bits * 8));
                indices.StoreUnsafe(ref dst, (nuint)n);
                n += BitOperations.PopCount(bits);
            }
        }
        else
        {
            for (; i <= count - 8; i += 8)
            {
                Vector256<float> u = UniformLanes(ref s0, ref s1, ref s2, ref s3, maxInt, scale);
                uint bits = Vector256.LessThan(u, Vector256.LoadUnsafe(ref probabilities, (nuint)i)).ExtractMostSignificantBits();
                n = EmitBits(bits, i, n, ref dst);
            }
        }

        if (i < count)
        {
            Vector256<float> u = UniformLanes(ref s0, ref s1, ref s2, ref s3, maxInt, scale);
            for (int lane = 0; i < count; i++, lane++)
            {
                if (u.GetElement(lane) < Unsafe.Add(ref probabilities, i))
                {
                    Unsafe.Add(ref dst, n++) = i;
                }
            }
        }

        _l0 = s0;
        _l1 = s1;
        _l2 = s2;
        _l3 = s3;
        return n;
    }

    // The documented u = min(float(x >> 1)·2⁻³¹, 1 − 2⁻²⁴), with the clamp done on the integer:
    // every m above MaxUniformInt rounds to 2³¹ and so would be clamped to 1 − 2⁻²⁴ anyway, which
    // is what float(MaxUniformInt) gives. A float Min costs several instructions on AVX-512
    // hardware because of its NaN and signed-zero rules; the integer one is a single vpminsd.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> UniformLanes(ref Vector256<uint> s0, ref Vector256<uint> s1, ref Vector256<uint> s2, ref Vector256<uint> s3, Vector256<int> maxInt, Vector256<float> scale)
    {
        Vector256<int> m = Vector256.ShiftRightLogical(NextLanes(ref s0, ref s1, ref s2, ref s3), 1).AsInt32();
        return Vector256.ConvertToSingle(Vector256.Min(m, maxInt)) * scale;
    }

    // Number of m in [0, 2³¹) whose u(m) is below p: the binary search for the first m with u(m) ≥ p.
    private static int UniformThreshold(float probability)
    {
        int lo = 0, hi = int.MaxValue;
        while (lo < hi)
        {
            int mid = lo + ((hi - lo) >> 1);
            float u = Math.Min(mid, MaxUniformInt) * (1.0f / 2147483648.0f);
            if (u >= probability)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int EmitBits(uint bits, int baseIndex, int n, ref int dst)
    {
        while (bits != 0)
        {
            Unsafe.Add(ref dst, n++) = baseIndex + BitOperations.TrailingZeroCount(bits);
            bits &= bits - 1;
        }

        return n;
    }

    // Row b lists the positions of the set bits of b, padded with zeros: the vpermd control that
    // moves the spiking lanes of an 8-lane block to the front.
    private static int[] BuildLeftPackTable()
    {
        int[] table = new int[256 * 8];
        for (int bits = 0; bits < 256; bits++)
        {
            int k = 0;
            for (int lane = 0; lane < 8; lane++)
            {
                if ((bits & (1 << lane)) != 0)
                {
                    table[bits * 8 + k++] = lane;
                }
            }
        }

        return table;
    }
}
