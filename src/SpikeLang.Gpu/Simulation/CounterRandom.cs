using System;

namespace SpikeLang.Gpu.Simulation;

/// <summary>
/// Counter-based random numbers for device kernels: a number is a hash of (seed, stream, element, step), so a thread
/// draws any element's number of any step without a generator's state, in any order, and the same seed gives the
/// same numbers on every device (the CPU accelerator included). The hash chains SplitMix64's finalizer, a bijection
/// of 64 bits with full avalanche, over the four counters.
/// </summary>
public static class CounterRandom
{
    /// <summary>2^64 over the golden ratio: the step between counters, which lands neighbouring ones far apart.</summary>
    internal const ulong Golden = 0x9E3779B97F4A7C15UL;

    /// <summary>SplitMix64's finalizer.</summary>
    public static ulong Mix(ulong z)
    {
        z ^= z >> 30;
        z *= 0xBF58476D1CE4E5B9UL;
        z ^= z >> 27;
        z *= 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>64 random bits of element <paramref name="element"/> of stream <paramref name="stream"/> at step <paramref name="step"/>.</summary>
    public static ulong Hash(ulong seed, int stream, int element, long step)
    {
        // Each counter is added after the mix of the ones before, scaled by the golden ratio so that neighbouring
        // counters land far apart; 1 is added so that a counter of 0 still changes the state.
        ulong h = Mix(seed + Golden * ((ulong)(uint)stream + 1));
        h = Mix(h + Golden * ((ulong)(uint)element + 1));
        return Mix(h + Golden * ((ulong)step + 1));
    }

    /// <summary>Uniform in [0, 1): the hash's top 24 bits, which a float holds exactly.</summary>
    public static float Uniform(ulong seed, int stream, int element, long step) => (Hash(seed, stream, element, step) >> 40) * (1f / 16777216f);

    /// <summary>Uniform in [0, 1) with 53 random bits (the hash's top 53, which a double holds exactly): for draws that invert a table of double probabilities.</summary>
    public static double Uniform53(ulong seed, int stream, int element, long step) => (Hash(seed, stream, element, step) >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>
    /// A standard normal number by the Box–Muller transform: two uniforms of 53 bits, the first the hash of the counters,
    /// the second the hash mixed once more (the stream's next number, which no other counter reaches).
    /// </summary>
    public static double Gaussian(ulong seed, int stream, int element, long step)
    {
        ulong first = Hash(seed, stream, element, step);
        ulong second = Mix(first + Golden);
        // 1 − u lies in (0, 1], so its logarithm is finite.
        double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - (first >> 11) * (1.0 / 9007199254740992.0)));
        return radius * Math.Cos(2.0 * Math.PI * ((second >> 11) * (1.0 / 9007199254740992.0)));
    }
}
