namespace SpikeLang.Runtime;

/// <summary>Poisson deviates: Brian2's <c>poisson(l)</c> in .snn code.</summary>
public sealed partial class RandomStream
{
    /// <summary>
    /// A Poisson-distributed count with mean <paramref name="mean"/>, as Brian2's <c>poisson(l)</c> (which numpy
    /// and Brian2's C++ draw with the same two methods). Logarithms come from the fdlibm port, so the counts are
    /// the same on every machine.
    /// </summary>
    /// <remarks>
    /// Exact algorithm (part of the reproducibility contract):
    /// <list type="bullet">
    /// <item>mean 0: 0, without a draw; a negative or NaN mean: NaN, which the finite-state check reports.</item>
    /// <item>mean &lt; 10 (Knuth): k = 0, s = 0; repeatedly s += ln(1 − NextDouble()); return k once s &lt; −mean,
    /// else k += 1. The sum of logarithms is the logarithm of Knuth's product, which cannot underflow.</item>
    /// <item>otherwise Hörmann's PTRS (transformed rejection with squeeze, 1993), with ln k! from
    /// <see cref="LogFactorial"/>.</item>
    /// </list>
    /// The algorithm is <see cref="PoissonDeviates"/>'s, which the GPU simulator's counter-based draws share.
    /// </remarks>
    public double Poisson(double mean)
    {
        var source = new DeterministicSource(this);
        return PoissonDeviates.Draw(ref source, mean);
    }

    /// <summary>ln k! for a whole k ≥ 0 (<see cref="PoissonDeviates.LogFactorial"/>, with the fdlibm logarithm).</summary>
    internal static double LogFactorial(double k)
    {
        // Only its logarithm is used: no stream.
        var source = default(DeterministicSource);
        return PoissonDeviates.LogFactorial(ref source, k);
    }

    /// <summary>This stream's uniforms and the fdlibm port's logarithm, so the counts are the same on every machine.</summary>
    private readonly struct DeterministicSource : IPoissonSource
    {
        private readonly RandomStream _stream;

        public DeterministicSource(RandomStream stream) => _stream = stream;

        public double NextDouble() => _stream.NextDouble();

        public double Log(double x) => DeterministicMath.Log(x);
    }
}
