using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>
/// Random numbers drawn while running, on ILGPU's CPU accelerator: white noise and rand() / randn() in neuron kernels
/// draw counter-based numbers on the device (per neuron, step and kernel, on the population's stream), not the CPU
/// simulator's; their statistics must be the CPU simulator's and the theory's, and the same seed must give the same numbers.
/// </summary>
[Collection(DeviceCollection.Name)]
public sealed class GpuNoiseTests(DeviceFixture fixture, ITestOutputHelper output)
{
    /// <summary>
    /// The membrane of 2000 Ornstein-Uhlenbeck neurons, read every 100 steps (50 time constants apart, 0.95^100 = 0.6 %
    /// correlated) from step 100 on (its variance within e^-10 of the stationary one), five times: 10 000 values.
    /// </summary>
    private static List<double[]> Membranes(INetwork network, IPopulation ou)
    {
        var samples = new List<double[]>();
        for (int k = 0; k < 5; k++)
        {
            network.Run(100);
            samples.Add(ou.ReadState("v"));
        }
        return samples;
    }

    [Fact]
    public void White_noise_gives_the_ornstein_uhlenbeck_mean_and_variance_as_on_the_cpu()
    {
        // Euler-Maruyama's stationary variance: sigma^2 / (1 - dt / (2 tau)) with sigma = 1, dt = 0.1 ms, tau = 2 ms.
        double theory = 1 / (1 - 0.1 / (2 * 2));
        using var cpu = new GpuNoise(3);
        using var gpu = new GpuNoiseGpu(fixture.Device, 3);
        foreach (var (name, samples) in new[] { ("CPU", Membranes(cpu, cpu.ou)), ("GPU", Membranes(gpu, gpu.ou)) })
        {
            var all = samples.SelectMany(s => s).ToArray();
            double mean = all.Average();
            double variance = all.Select(v => (v - mean) * (v - mean)).Sum() / (all.Length - 1);
            output.WriteLine($"{name}: mean {mean:0.0000}, variance {variance:0.0000} (theory 0, {theory:0.0000})");
            // Standard errors: 1 / √10 000 = 0.01 for the mean, √(2 / 10 000) · σ² = 0.015 for the variance.
            Assert.InRange(mean, -0.04, 0.04);
            Assert.InRange(variance / theory, 0.94, 1.06);
            // Every neuron draws its own numbers: at each reading the spread across neurons is the whole variance
            // (one number shared by all would leave none), within 5 standard errors of 2000 values.
            foreach (var sample in samples)
            {
                double m = sample.Average();
                Assert.InRange(sample.Select(v => (v - m) * (v - m)).Sum() / (sample.Length - 1) / theory, 0.84, 1.16);
            }
        }
    }

    [Fact]
    public void Random_numbers_of_update_threshold_and_reset_have_their_distributions()
    {
        const int Steps = 300;
        using var gpu = new GpuNoiseGpu(fixture.Device, 17);
        gpu.Run(Steps);
        var u = gpu.draws.ReadState("u");
        var z = gpu.draws.ReadState("z");
        var fired = gpu.coins.ReadState("fired");
        var after = gpu.coins.ReadState("after");
        static double Mean(double[] x) => x.Average();
        static double Variance(double[] x)
        {
            double mean = x.Average();
            return x.Select(v => (v - mean) * (v - mean)).Sum() / (x.Length - 1);
        }
        output.WriteLine($"rand(): mean {Mean(u):0.0000}, variance {Variance(u):0.0000}; randn(): mean {Mean(z):0.0000}, variance {Variance(z):0.0000}");
        output.WriteLine($"spikes per neuron {Mean(fired):0.00}; the reset's rand(): mean {Mean(after):0.0000}");

        // 2000 values each, within about 4 standard errors: rand() uniform in [0, 1), randn() standard normal.
        Assert.All(u, x => Assert.InRange(x, 0, 1));
        Assert.InRange(Mean(u), 0.5 - 0.026, 0.5 + 0.026);
        Assert.InRange(Variance(u), 1 / 12.0 * 0.9, 1 / 12.0 * 1.1);
        Assert.InRange(Mean(z), -0.09, 0.09);
        Assert.InRange(Variance(z), 0.87, 1.13);
        // Two draws of one kernel are not the same number, nor related.
        double covariance = u.Zip(z, (a, b) => (a - Mean(u)) * (b - Mean(z))).Sum() / (u.Length - 1);
        Assert.InRange(covariance / Math.Sqrt(Variance(u) * Variance(z)), -0.09, 0.09);
        // The threshold's rand() < 0.1: Binomial(300, 0.1) spikes per neuron, mean 30, standard error of the mean 0.12.
        Assert.InRange(Mean(fired), 30 - 0.5, 30 + 0.5);
        Assert.Equal(fired.Sum(), gpu.coins.SpikeCount);
        // The reset draws after the threshold's draw fell below 0.1: uniform only if its number is another (mean 0.05 if not).
        Assert.InRange(Mean(after), 0.5 - 0.026, 0.5 + 0.026);
    }

    [Fact]
    public void Poisson_counts_drawn_in_neuron_code_have_their_distribution_on_the_device_as_on_the_cpu()
    {
        using var cpu = new GpuPoissonCounts(23);
        using var gpu = new GpuPoissonCountsGpu(fixture.Device, 23);
        using var again = new GpuPoissonCountsGpu(fixture.Device, 23);
        const int Readings = 5;
        // Each reading is one step's counts of 2000 neurons: 10 000 values of each mean.
        var counts = new Dictionary<string, (List<double> Cpu, List<double> Gpu)> { ["small"] = (new(), new()), ["large"] = (new(), new()) };
        for (int k = 0; k < Readings; k++)
        {
            cpu.Run(1);
            gpu.Run(1);
            foreach (var (name, (c, g)) in counts)
            {
                c.AddRange(((IPopulation)cpu.counts).ReadState(name));
                g.AddRange(gpu.counts.ReadState(name));
            }
        }
        again.Run(Readings);
        foreach (var (name, mean) in new[] { ("small", 2.5), ("large", 30.0) })
        {
            foreach (var (side, values) in new[] { ("CPU", counts[name].Cpu), ("emulator", counts[name].Gpu) })
            {
                double m = values.Average();
                double variance = values.Select(v => (v - m) * (v - m)).Sum() / (values.Count - 1);
                output.WriteLine($"poisson({mean}) on the {side}: mean {m:0.0000}, variance {variance:0.0000}");
                Assert.All(values, v => Assert.True(v >= 0 && v == Math.Floor(v), $"{v} is no count"));
                // Within 4 standard errors of the mean; the variance (the mean, for Poisson counts) within 6 %.
                Assert.InRange(m, mean - 4 * Math.Sqrt(mean / values.Count), mean + 4 * Math.Sqrt(mean / values.Count));
                Assert.InRange(variance / mean, 0.94, 1.06);
            }
        }
        // The threshold's poisson(0.1) > 0 spikes with probability 1 - e^-0.1 each step: 950 ± 124 (4 standard deviations) in 5 steps.
        Assert.InRange(gpu.counts.SpikeCount, 950 - 124, 950 + 124);
        // The same seed gives the same counts.
        Assert.Equal(gpu.counts.ReadState("large"), again.counts.ReadState("large"));
    }

    [Fact]
    public void The_same_seed_gives_the_same_numbers_and_another_seed_others()
    {
        using var first = new GpuNoiseGpu(fixture.Device, 5);
        using var again = new GpuNoiseGpu(fixture.Device, 5);
        using var other = new GpuNoiseGpu(fixture.Device, 6);
        first.Run(50);
        again.Run(20);
        again.Run(30);
        other.Run(50);

        Assert.Equal(first.ou.ReadState("v"), again.ou.ReadState("v"));
        Assert.Equal(first.coins.ReadState("after"), again.coins.ReadState("after"));
        Assert.NotEqual(first.ou.ReadState("v"), other.ou.ReadState("v"));
        Assert.NotEqual(first.coins.ReadState("after"), other.coins.ReadState("after"));
    }
}
