using System;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>
/// The network-side constructs of Networks/GpuNetworkSide.snn (timed arrays, run_regularly, shared variables) on
/// ILGPU's CPU accelerator, against the CPU simulators of the same networks: equal spikes and state, step for step.
/// </summary>
[Collection(DeviceCollection.Name)]
public sealed class GpuNetworkSideTests(DeviceFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public void Timed_arrays_in_the_update_threshold_and_reset_give_the_cpu_simulators_spikes_and_state()
    {
        using var cpu = new GpuTimedArrays(5);
        using var gpu = new GpuTimedArraysGpu(fixture.Device, 5);

        // Past the tables' ends (20 ms and 10 ms), where both hold their last values.
        cpu.Run(300);
        gpu.Run(300);

        SpikeAgreement.AssertSame(output, state: true, ("p", cpu.p, gpu.p));
        Assert.Null(gpu.NonFinite);
    }

    [Fact]
    public void A_column_the_timed_array_does_not_have_reads_nan_where_the_cpu_simulator_throws()
    {
        using var cpu = new GpuTimedArrayColumns(1);
        using var gpu = new GpuTimedArrayColumnsGpu(fixture.Device, 1);

        Assert.Throws<ArgumentOutOfRangeException>(() => cpu.Run(10));
        gpu.Run(10);

        // The first neuron past the table's two columns: its v is NaN, reported as the CPU simulator reports a diverging state.
        var nonFinite = Assert.IsType<NonFiniteState>(gpu.NonFinite);
        Assert.Equal(("p", "v", 2), (nonFinite.Population, nonFinite.Variable, nonFinite.Neuron));
        // The two columns the table has drive the first two neurons: neuron 1's value twice neuron 0's.
        double[] v = gpu.p.ReadState("v");
        Assert.True(v[0] > 0, $"v[0] = {v[0]}");
        Assert.Equal(2 * v[0], v[1], 1e-6);
    }

    [Theory]
    [InlineData(3UL)]
    [InlineData(20261205UL)]
    public void Run_regularly_and_a_shared_value_it_sets_give_the_cpu_simulators_spikes_and_state(ulong seed)
    {
        using var cpu = new GpuRegularly(seed);
        using var gpu = new GpuRegularlyGpu(fixture.Device, seed);

        // run_regularly's random numbers are the host network's stream's, drawn as on the CPU: the noise is the same.
        cpu.Run(400);
        gpu.Run(250);
        gpu.Run(150);

        SpikeAgreement.AssertSame(output, state: true, ("p", cpu.p, gpu.p));
        Assert.Null(gpu.NonFinite);
    }

    [Fact]
    public void Linked_variables_read_from_the_sources_on_the_device_give_the_cpu_simulators_spikes_and_state()
    {
        using var cpu = new GpuLinks(8);
        using var gpu = new GpuLinksGpu(fixture.Device, 8);

        cpu.Run(800);
        gpu.Run(800);

        // The sources do not spike: their state is compared, as the linking population's is.
        SpikeAgreement.AssertSame(output, state: true, ("p", cpu.p, gpu.p));
        Assert.Equal(((IPopulation)cpu.source).ReadState("x"), gpu.source.ReadState("x"));
        Assert.Equal(((IPopulation)cpu.one).ReadState("x"), gpu.one.ReadState("x"));
        Assert.Null(gpu.NonFinite);
    }

    [Fact]
    public void A_protocols_settings_of_neuron_variables_give_the_cpu_simulators_spikes_and_state()
    {
        using var cpu = new GpuProtocol(4);
        using var gpu = new GpuProtocolGpu(fixture.Device, 4);

        // Past the protocol's 30 ms, in two runs, one ending inside a phase.
        cpu.Run(400);
        gpu.Run(150);
        gpu.Run(250);

        SpikeAgreement.AssertSame(output, state: true, ("p", cpu.p, gpu.p));
        Assert.Equal(((INetwork)cpu).Phases, ((INetwork)gpu).Phases);
    }
}
