using System.Linq;
using Tests.SameStep;
using Xunit;

namespace SpikeLang.Simulation.Tests;

/// <summary>
/// <c>same_step</c> connections deliver before their target's update of the step their source spikes in, so a
/// chain answers within the step; connections without it deliver to the next step's update.
/// </summary>
public class SameStepTests
{
    [Fact]
    public void A_chain_of_same_step_connections_answers_in_the_step_of_the_input_spike()
    {
        var net = new SameStepChain();
        net.a.SetSpikes(new[] { 0 });
        net.Step();
        net.Run(4);

        Assert.Equal(new long[] { 0 }, net.b.SpikeMonitor.Steps.ToArray());
        Assert.Equal(new long[] { 0 }, net.c.SpikeMonitor.Steps.ToArray());
    }

    [Fact]
    public void A_chain_without_same_step_answers_one_step_later_per_connection()
    {
        var net = new SameStepChain();
        net.a.SetSpikes(new[] { 0 });
        net.Step();
        net.Run(4);

        Assert.Equal(new long[] { 1 }, net.late_b.SpikeMonitor.Steps.ToArray());
        Assert.Equal(new long[] { 2 }, net.late_c.SpikeMonitor.Steps.ToArray());
    }

    [Fact]
    public void An_input_spike_in_a_later_step_reaches_the_end_of_the_chain_in_that_step()
    {
        var net = new SameStepChain();
        net.Run(3);
        net.a.SetSpikes(new[] { 0 });
        net.Run(3);

        Assert.Equal(new long[] { 3 }, net.c.SpikeMonitor.Steps.ToArray());
        Assert.Equal(new long[] { 5 }, net.late_c.SpikeMonitor.Steps.ToArray());
    }

    [Fact]
    public void The_description_marks_the_same_step_connections()
    {
        var description = ((SpikeLang.Runtime.INetwork)new SameStepChain()).Describe();

        Assert.Equal(new[] { ("a", "b", true), ("b", "c", true), ("a", "late_b", false), ("late_b", "late_c", false) },
            description.Connections.Select(c => (c.Source, c.Target, c.SameStep)));
    }

    private sealed record Outcome(long[] XSteps, int[] XIndices, long[] YSteps, int[] YIndices, float[] XV, float[] YV);

    private static Outcome Run(int threads)
    {
        using var net = new SameStepThreads(seed: 3, threads: threads);
        net.Run(300);
        return new Outcome(net.x.SpikeMonitor.Steps.ToArray(), net.x.SpikeMonitor.Indices.ToArray(),
            net.y.SpikeMonitor.Steps.ToArray(), net.y.SpikeMonitor.Indices.ToArray(), net.x.v.ToArray(), net.y.v.ToArray());
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Any_thread_count_gives_the_spikes_and_state_of_one_thread(int threads)
    {
        var one = Run(1);
        var many = Run(threads);

        Assert.True(one.YSteps.Length > 1000, $"the same-step target should be active: {one.YSteps.Length} spikes");
        Assert.Equal(one.XSteps, many.XSteps);
        Assert.Equal(one.XIndices, many.XIndices);
        Assert.Equal(one.YSteps, many.YSteps);
        Assert.Equal(one.YIndices, many.YIndices);
        Assert.Equal(one.XV, many.XV);
        Assert.Equal(one.YV, many.YV);
    }

    [Fact]
    public void The_large_network_runs_its_same_step_kernels_in_parts()
    {
        using var net = new SameStepThreads(seed: 3, threads: 3);

        Assert.Equal(3, net.x.Parts);
        Assert.Equal(3, net.y.Parts);
        Assert.Equal(3, net.x_to_y.Parts);
        Assert.Equal(3, net.stim_to_x.Parts);
    }
}
