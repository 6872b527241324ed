using System.Collections.Generic;

namespace SpikeLang.Bench.Mpi;

/// <summary>
/// Which neurons spike in which step: neuron i spikes in step t iff a SplitMix64 hash of (seed, t, i) falls below
/// rate·dt. Random enough for Poisson-like traffic, and any rank can tell any neuron's spikes without being sent them,
/// which the check needs.
/// </summary>
internal sealed class SpikeRule(ulong seed, double rateHz)
{
    /// <summary>The step, 0.1 ms as in the examples.</summary>
    public const double Dt = 1e-4;

    // rate·dt as a fraction of 2^64.
    private readonly ulong _threshold = (ulong)(rateHz * Dt * 18446744073709551616.0);

    /// <summary>Adds the neurons of [<paramref name="start"/>, <paramref name="end"/>) that spike in step <paramref name="step"/>, ascending.</summary>
    public void AddSpikes(long step, int start, int end, List<int> spikes)
    {
        ulong stepKey = Mix(seed ^ Mix((ulong)step));
        for (int i = start; i < end; i++)
        {
            if (Mix(stepKey ^ (ulong)i) < _threshold)
            {
                spikes.Add(i);
            }
        }
    }

    /// <summary>SplitMix64's step and finalizer.</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15ul;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ul;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBul;
        return z ^ (z >> 31);
    }
}
