using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>
/// Subgroups and Poisson drives in the generated GPU simulator, on ILGPU's CPU accelerator: Networks/GpuSimulation.snn's
/// scaled-down Brunel (2000) network against the CPU simulator (its drive draws other numbers there, so its rates and
/// spike-count statistics must agree, not its spikes), a subgroup's spikes against its parent's, and the drives' counts
/// against the binomial distribution they are drawn from.
/// </summary>
[Collection(DeviceCollection.Name)]
public sealed class GpuBrunelTests(DeviceFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void A_brunel_network_fires_at_the_cpu_simulators_rates_with_its_spike_count_statistics()
    {
        const int Steps = 1000;
        long cpuExc = 0, gpuExc = 0, cpuInh = 0, gpuInh = 0;
        var cpuCounts = new List<double>();
        var gpuCounts = new List<double>();
        foreach (ulong seed in new ulong[] { 1, 2 })
        {
            using var cpu = new GpuBrunel(seed);
            using var gpu = new GpuBrunelGpu(fixture.Device, seed);
            cpu.Run(Steps);
            gpu.Run(Steps);
            output.WriteLine($"seed {seed}: exc {cpu.exc.SpikeCount} / {gpu.exc.SpikeCount}, inh {cpu.inh.SpikeCount} / {gpu.inh.SpikeCount} spikes (CPU / GPU)");
            cpuExc += cpu.exc.SpikeCount;
            gpuExc += gpu.exc.SpikeCount;
            cpuInh += cpu.inh.SpikeCount;
            gpuInh += gpu.inh.SpikeCount;
            // The subgroups' counts add up to their parent's, and the recorded one's monitor holds every spike.
            Assert.Equal(gpu.neurons.SpikeCount, gpu.exc.SpikeCount + gpu.inh.SpikeCount);
            Assert.Equal(gpu.exc.SpikeCount, gpu.exc.SpikeMonitor!.TotalCount);
            cpuCounts.AddRange(cpu.exc.SpikeMonitor.CountPerNeuron.ToArray().Select(c => (double)c));
            gpuCounts.AddRange(gpu.exc.SpikeMonitor.CountPerNeuron.ToArray().Select(c => (double)c));
            Assert.Null(gpu.NonFinite);
        }
        double seconds = 2 * Steps * GpuBrunel.Dt;
        double cpuRate = cpuExc / (160 * seconds), gpuRate = gpuExc / (160 * seconds);
        double cpuInhRate = cpuInh / (40 * seconds), gpuInhRate = gpuInh / (40 * seconds);
        double cpuSpread = StandardDeviation(cpuCounts), gpuSpread = StandardDeviation(gpuCounts);
        output.WriteLine($"exc: CPU {cpuRate:0.00} Hz, GPU {gpuRate:0.00} Hz; inh: CPU {cpuInhRate:0.00} Hz, GPU {gpuInhRate:0.00} Hz");
        output.WriteLine($"spikes per excitatory neuron: CPU {cpuCounts.Average():0.00} ± {cpuSpread:0.00}, GPU {gpuCounts.Average():0.00} ± {gpuSpread:0.00}");
        // The drive alone takes v to 40 mV, twice the threshold: the network fires, some 80 Hz in its first 100 ms.
        Assert.InRange(cpuRate, 40, 150);
        // Between seeds the CPU simulator's rate varies by about 2 % (and the emulator's by as much about it); with the
        // drive added to v directly, past the refractory gate, the emulator's rose by 30 %.
        Assert.InRange(gpuRate / cpuRate, 0.95, 1.05);
        Assert.InRange(gpuInhRate / cpuInhRate, 0.9, 1.1);
        Assert.InRange(gpuSpread / cpuSpread, 0.75, 1.33);
    }

    [Fact]
    public void A_subgroups_spikes_are_its_parents_in_its_range_step_for_step()
    {
        using var gpu = new GpuBrunelGpu(fixture.Device, 3);
        var network = (INetwork)gpu;
        Assert.Equal(new[] { "exc", "inh", "shown" }, network.Subgroups.Select(g => g.Name));
        var steps = new List<long>();
        var indices = new List<int>();
        long excSpikes = 0;
        for (long step = 0; step < 400; step++)
        {
            // One step at a time: each run copies back what its subgroups recorded, and the parent's last spikes.
            gpu.Run(1);
            int[] parent = gpu.neurons.Spikes.ToArray();
            int[] shown = parent.Where(i => i >= 150 && i < 175).Select(i => i - 150).ToArray();
            Assert.Equal(shown, gpu.shown.Spikes.ToArray());
            Assert.Equal(parent.Where(i => i < 160).ToArray(), gpu.exc.Spikes.ToArray());
            Assert.Equal(parent.Where(i => i >= 160).Select(i => i - 160).ToArray(), gpu.inh.Spikes.ToArray());
            steps.AddRange(shown.Select(_ => step));
            indices.AddRange(shown);
            excSpikes += parent.Count(i => i < 160);
        }
        output.WriteLine($"{indices.Count} spikes of 'shown', {excSpikes} of 'exc' in 400 steps");
        // Both sides of the boundary between 'exc' and 'inh' spike.
        Assert.Contains(indices, i => i < 10);
        Assert.Contains(indices, i => i >= 10);
        Assert.Equal(steps, gpu.shown.SpikeMonitor!.Steps.ToArray());
        Assert.Equal(indices, gpu.shown.SpikeMonitor.Indices.ToArray());
        Assert.Equal(indices.Count, gpu.shown.SpikeCount);
        Assert.Equal(excSpikes, gpu.exc.SpikeCount);
        Assert.Equal(gpu.neurons.SpikeCount, gpu.exc.SpikeCount + gpu.inh.SpikeCount);
        Assert.Equal(gpu.neurons.ReadState("v").AsSpan(150, 25).ToArray(), gpu.shown.ReadState("v"));
    }

    [Fact]
    public void A_drives_counts_have_the_binomial_mean_and_variance_and_reach_only_its_targets()
    {
        const int Steps = 200;
        using var gpu = new GpuDrivesGpu(fixture.Device, 5);
        gpu.Run(Steps);

        // Exact draws: Binomial(1000, 20 Hz · 0.1 ms) a step, times 0.5, summed over the steps.
        double[] v = gpu.a.ReadState("v");
        CheckSums(v.Select(x => x / 0.5).ToArray(), Steps * 1000 * 20 * GpuDrives.Dt, Steps * 1000 * 20 * GpuDrives.Dt * (1 - 20 * GpuDrives.Dt));
        Assert.All(v, x => Assert.Equal(Math.Round(x / 0.5), x / 0.5, 3)); // whole counts

        // The normal approximation (n·p = 10), into the subgroup a[100:300] only.
        double[] w = gpu.a.ReadState("w");
        Assert.All(w.Take(100).Concat(w.Skip(300)), x => Assert.Equal(0, x));
        CheckSums(w.Skip(100).Take(200).Select(x => x / 0.25).ToArray(), Steps * 1000 * 100 * GpuDrives.Dt, Steps * 1000 * 100 * GpuDrives.Dt * (1 - 100 * GpuDrives.Dt));

        // Deterministic per seed, and another seed draws other counts.
        using var again = new GpuDrivesGpu(fixture.Device, 5);
        again.Run(Steps);
        Assert.Equal(v, again.a.ReadState("v"));
        using var other = new GpuDrivesGpu(fixture.Device, 6);
        other.Run(Steps);
        Assert.NotEqual(v, other.a.ReadState("v"));
    }

    /// <summary>Each neuron's total count over the steps against the sum of the steps' binomial counts: its mean and variance.</summary>
    private void CheckSums(double[] counts, double mean, double variance)
    {
        double average = counts.Average();
        double spread = StandardDeviation(counts);
        output.WriteLine($"{counts.Length} neurons: {average:0.00} ± {spread:0.00} inputs (expected {mean:0.00} ± {Math.Sqrt(variance):0.00})");
        // The mean's standard error is √(variance / neurons), under 1 % of the mean here: 4 of them, and the
        // spread within 20 % (its standard error is about 5 %).
        Assert.InRange(average, mean - 4 * Math.Sqrt(variance / counts.Length), mean + 4 * Math.Sqrt(variance / counts.Length));
        Assert.InRange(spread / Math.Sqrt(variance), 0.8, 1.2);
    }

    private static double StandardDeviation(IReadOnlyCollection<double> values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(x => (x - mean) * (x - mean)) / (values.Count - 1));
    }
}
