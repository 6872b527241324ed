using System;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Runtime.Tests.Training;

public sealed class InitAndEncoderTests
{
    [Fact]
    public void LinearInit_draws_uniformly_within_one_over_root_fan_in()
    {
        const int fanIn = 784, targets = 100;
        var weight = new float[targets * fanIn];
        var bias = new float[targets];
        LinearInit.Fill(weight, bias, fanIn, new RandomStream(5));
        float bound = 1f / MathF.Sqrt(fanIn);
        double sum = 0, sumSquares = 0;
        foreach (float w in weight)
        {
            Assert.InRange(w, -bound, bound);
            sum += w;
            sumSquares += (double)w * w;
        }

        Assert.All(bias, b => Assert.InRange(b, -bound, bound));
        // U(−b, b) has mean 0 and variance b²/3; 78 400 draws pin both to about 1%.
        double mean = sum / weight.Length, variance = sumSquares / weight.Length - mean * mean;
        Assert.InRange(mean, -0.01 * bound, 0.01 * bound);
        Assert.InRange(variance, 0.97 * bound * bound / 3, 1.03 * bound * bound / 3);
    }

    [Fact]
    public void LinearInit_is_the_documented_sequence_of_draws()
    {
        var weight = new float[3];
        var bias = new float[2];
        LinearInit.Fill(weight, bias, 4, new RandomStream(9));
        var random = new RandomStream(9);
        var expected = new float[5];
        for (int i = 0; i < 5; i++)
        {
            expected[i] = (float)random.Uniform(-0.5, 0.5);
        }

        Assert.Equal(expected, (float[])[.. weight, .. bias]);
    }

    [Fact]
    public void Poisson_spikes_at_the_clamped_rate()
    {
        const int inputs = 200_000;
        var intensities = new float[inputs];
        for (int i = 0; i < inputs; i++)
        {
            intensities[i] = (i % 4) switch { 0 => -1f, 1 => 0.5f, 2 => 1f, _ => 3f };
        }

        var spikes = new float[inputs];
        var random = new RandomStream(2);
        var counts = new int[4];
        for (int step = 0; step < 5; step++)
        {
            InputEncoders.Poisson(intensities, spikes, maxRate: 100f, dt: 1e-3, random);
            for (int i = 0; i < inputs; i++)
            {
                Assert.True(spikes[i] is 0f or 1f);
                counts[i % 4] += (int)spikes[i];
            }
        }

        // 250 000 trials per class: p = 0, 0.05, 0.1, 0.1 (x clamped to 1); 5σ ≈ 0.0030 at p = 0.1.
        double trials = 5.0 * inputs / 4;
        Assert.Equal(0, counts[0]);
        Assert.InRange(counts[1] / trials, 0.05 - 0.0025, 0.05 + 0.0025);
        Assert.InRange(counts[2] / trials, 0.1 - 0.003, 0.1 + 0.003);
        Assert.InRange(counts[3] / trials, 0.1 - 0.003, 0.1 + 0.003);
    }

    [Fact]
    public void Latency_follows_the_RC_charging_time()
    {
        // t = τ·ln(x/(x − θ)): x = 1, θ = 0.5, τ = 5 ms gives 5·ln 2 = 3.466 ms → step 3 at dt = 1 ms.
        Assert.Equal(3, InputEncoders.LatencyStep(1f, 5e-3f, 0.5f, 1e-3, 25));
        // Brighter inputs spike earlier; at or below the threshold never.
        Assert.True(InputEncoders.LatencyStep(0.9f, 5e-3f, 0.1f, 1e-3, 25) < InputEncoders.LatencyStep(0.3f, 5e-3f, 0.1f, 1e-3, 25));
        Assert.Equal(-1, InputEncoders.LatencyStep(0.1f, 5e-3f, 0.1f, 1e-3, 25));
        Assert.Equal(-1, InputEncoders.LatencyStep(0f, 5e-3f, 0.1f, 1e-3, 25));
        // τ·ln(0.11/0.01) = 5·2.398 = 11.99 ms: step 12, outside a 10-step window.
        Assert.Equal(12, InputEncoders.LatencyStep(0.11f, 5e-3f, 0.1f, 1e-3, 25));
        Assert.Equal(-1, InputEncoders.LatencyStep(0.11f, 5e-3f, 0.1f, 1e-3, 10));
        // snnTorch's default (τ = 1 step, θ = 0.01) on x = 0.5: ln(0.5/0.49) = 0.0202 → step 0.
        Assert.Equal(0, InputEncoders.LatencyStep(0.5f, 1f, 0.01f, 1.0, 25));
    }

    [Fact]
    public void Encoders_reject_bad_arguments()
    {
        Assert.Throws<ArgumentException>(() => InputEncoders.Poisson(new float[3], new float[2], 100f, 1e-3, new RandomStream(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => InputEncoders.Poisson(new float[3], new float[3], 100f, 0, new RandomStream(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => InputEncoders.LatencyStep(1f, 1f, 1.5f, 1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => LinearInit.Fill(new float[1], new float[1], 0, new RandomStream(1)));
    }
}
