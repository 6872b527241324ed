using System;
using System.Linq;
using SpikeLang.Runtime;
using Tests.Threads;
using Xunit;

namespace SpikeLang.Simulation.Tests;

/// <summary>
/// A network's threads share each step's kernels by ranges of neurons and targets; random draws come from
/// streams fixed per block of neurons. So the thread count changes only the speed: spikes, state and learned
/// weights are the same bit for bit.
/// </summary>
public class ThreadsTests
{
    private const int Steps = 600;

    private sealed record Outcome(
        long[] CellSpikeSteps, int[] CellSpikeIndices, long[] NoisySpikeSteps, long[] HubSpikeSteps, int[] HubSpikeIndices,
        float[] V, float[] Ge, float[] W, float[] HubW);

    private static Outcome Run(int threads)
    {
        using var net = new ThreadedNet(seed: 7, threads: threads);
        net.Run(Steps);
        return new Outcome(
            net.cells.SpikeMonitor.Steps.ToArray(), net.cells.SpikeMonitor.Indices.ToArray(), net.noisy.SpikeMonitor.Steps.ToArray(),
            net.hub.SpikeMonitor.Steps.ToArray(), net.hub.SpikeMonitor.Indices.ToArray(),
            net.cells.v.ToArray(), net.cells.ge.ToArray(), net.stim_to_cells.w.ToArray(), net.stim_to_hub.w.ToArray());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(8)]
    public void Any_thread_count_gives_the_spikes_state_and_weights_of_one_thread(int threads)
    {
        var one = Run(1);
        var many = Run(threads);

        Assert.True(one.CellSpikeSteps.Length > 10_000, $"the network should be active: {one.CellSpikeSteps.Length} spikes");
        Assert.Equal(one.CellSpikeSteps, many.CellSpikeSteps);
        Assert.Equal(one.CellSpikeIndices, many.CellSpikeIndices);
        Assert.Equal(one.NoisySpikeSteps, many.NoisySpikeSteps);
        Assert.True(one.HubSpikeSteps.Length > 1000, $"the hub should be active: {one.HubSpikeSteps.Length} spikes");
        Assert.Equal(one.HubSpikeSteps, many.HubSpikeSteps);
        Assert.Equal(one.HubSpikeIndices, many.HubSpikeIndices);
        Assert.Equal(one.HubW, many.HubW);
        Assert.Equal(one.V, many.V);
        Assert.Equal(one.Ge, many.Ge);
        Assert.Equal(one.W, many.W);
    }

    [Fact]
    public void Kernels_split_into_parts_only_where_each_part_writes_its_own_elements()
    {
        using var net = new ThreadedNet(seed: 7, threads: 3);

        Assert.Equal(3, net.Threads);
        Assert.Equal(3, net.cells.Parts); // 200 000 neurons: at least 65 536 per part
        Assert.Equal(3, net.cells_to_cells.Parts);
        Assert.Equal(3, net.stim_to_cells.Parts); // per-synapse state belongs to its target's part
        Assert.Equal(2, net.noisy.Parts); // whole blocks of 4096 neurons, each with its own stream: 17 and 18 of the 35 blocks
        Assert.Equal(17 * 4096, net.noisy.PartStart(1));
        Assert.Equal(49, net.drive_cells_v.Parts); // one random stream per block of 4096 targets, whatever the threads
        // 3000 neurons update on one thread, but rows of about 1200 and 1500 synapses are shared: 3.6 M synapses in
        // three parts, 3 M in two (at least Partition.MinimumSynapsesPerPart each).
        Assert.Equal(1, net.hub.Parts);
        Assert.Equal(3, net.hub_to_hub.Parts);
        Assert.Equal(2, net.stim_to_hub.Parts);
    }

    [Fact]
    public void Small_populations_stay_on_one_thread()
    {
        // Under two parts' worth of neurons (2 × 65 536): the hand-off would cost more than the halved work.
        using var net = new ThreadedNet(seed: 7, n: 100000, threads: 8);

        Assert.Equal(1, net.cells.Parts);
        Assert.Equal(1, net.cells_to_cells.Parts);
    }

    [Fact]
    public void A_negative_or_too_large_thread_count_is_refused_and_zero_means_one_per_core()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadedNet(threads: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ThreadedNet(threads: Partition.MaxThreads + 1));
        using var net = new ThreadedNet(n: 2000, threads: 0);
        Assert.Equal(Environment.ProcessorCount, net.Threads);
    }

    [Fact]
    public void A_step_on_several_threads_allocates_nothing()
    {
        // Without the synapses of per-synapse delays, whose event queue grows as it needs.
        using var net = new ThreadedNet(seed: 7, p_noisy: 0, threads: 2);
        net.Run(200);
        // Room for every spike of the steps measured, so that recording them does not grow the monitors.
        net.cells.SpikeMonitor.EnsureCapacity(net.cells.SpikeMonitor.Count + 200 * 20000);
        net.noisy.SpikeMonitor.EnsureCapacity(net.noisy.SpikeMonitor.Count + 200 * 140000);
        net.hub.SpikeMonitor.EnsureCapacity(net.hub.SpikeMonitor.Count + 200 * 3000);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 200; k++)
        {
            net.Step();
        }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
