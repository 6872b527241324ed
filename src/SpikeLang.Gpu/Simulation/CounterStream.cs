using System;
using SpikeLang.Runtime;

namespace SpikeLang.Gpu.Simulation;

/// <summary>
/// The random numbers one thread of a generated neuron kernel draws for its neuron in one step: the device's
/// counterpart of the CPU simulator's <c>RandomStream</c>, with the methods generated code calls on it (white noise
/// and <c>rand()</c>, <c>randn()</c>, <c>uniform()</c>, <c>normal()</c>, <c>poisson()</c>). The n-th draw is SplitMix64's finalizer of a
/// key (<see cref="CounterRandom.Hash"/> of seed, the population's stream, neuron and step) plus n steps of the golden
/// ratio, so each draw is a function of its counters: no state outlives the thread, and the same seed gives the same
/// numbers on every device. Not the CPU simulator's numbers; their distributions.
/// </summary>
public struct CounterStream : IPoissonSource
{
    private readonly ulong _key;
    private ulong _drawn;

    /// <param name="seed">The network's seed.</param>
    /// <param name="stream">The population's random stream (the plan's).</param>
    /// <param name="element">The neuron.</param>
    /// <param name="step">The step.</param>
    /// <param name="kernel">Which of the population's kernels draws (update, threshold, reset): each starts its draws
    /// 2^32 counters after the one before, so that two kernels of one neuron and step never draw the same number.</param>
    public CounterStream(ulong seed, int stream, int element, long step, int kernel)
    {
        _key = CounterRandom.Hash(seed, stream, element, step);
        _drawn = (ulong)(uint)kernel << 32;
    }

    /// <summary>Uniform in [0, 1), with 53 random bits: <c>rand()</c>.</summary>
    public double NextDouble() => (CounterRandom.Mix(_key + CounterRandom.Golden * ++_drawn) >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>A standard normal number by the Box–Muller transform of two draws: white noise and <c>randn()</c>.</summary>
    public double NextGaussian()
    {
        // 1 − u lies in (0, 1], so its logarithm is finite.
        double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - NextDouble()));
        return radius * Math.Cos(2.0 * Math.PI * NextDouble());
    }

    /// <summary>Uniform in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>Normal with mean <paramref name="mean"/> and standard deviation <paramref name="std"/>.</summary>
    public double Normal(double mean, double std) => mean + std * NextGaussian();

    /// <summary>
    /// A Poisson-distributed count with mean <paramref name="mean"/>: <c>poisson()</c>, by the CPU simulator's algorithm
    /// (<c>PoissonDeviates</c>: Knuth's below a mean of 10, Hörmann's transformed rejection from it on) on these
    /// uniforms, with the device's logarithm instead of the CPU's fdlibm port.
    /// </summary>
    public double Poisson(double mean) => PoissonDeviates.Draw(ref this, mean);

    double IPoissonSource.Log(double x) => Math.Log(x);
}
