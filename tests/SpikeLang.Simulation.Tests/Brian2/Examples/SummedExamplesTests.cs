using System;
using System.Linq;
using Examples.Brian2;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2.Examples;

/// <summary>
/// The examples with (summed) synaptic variables: synapses/gapjunctions.py (500 ms), synapses/nonlinear.py (1 s)
/// and frompapers/Tsodyks_Pawelzik_Markram_1998.py (panels A, B: 1.2 s; C: 0.5 s).
/// </summary>
public class SummedExamplesTests
{
    [Fact]
    public void Gap_junctions_synchronise_as_in_Brian2()
    {
        var brian2 = new Brian2Example("gapjunctions");
        var net = new GapJunctionsExample();
        net.Run(TimeSpan.FromMilliseconds(500));
        var trains = Brian2Example.Trains(net.neurons.SpikeMonitor, 10, 1e-4);
        brian2.AssertMatches("counts", trains.Select(t => (double)t.Count).ToArray());
        brian2.AssertMatches("first_spike_ms", new[] { trains[0][0] * 1e3, trains[5][0] * 1e3 });
    }

    [Fact]
    public void Nonlinear_synapses_sum_as_in_Brian2()
    {
        var brian2 = new Brian2Example("nonlinear");
        var net = new NonlinearSynapses();
        net.Run(TimeSpan.FromSeconds(1));
        double[] g = Brian2Example.Trace(net.neurons.gMonitor, 0);
        brian2.AssertMatches("g_max", g.Max());
        brian2.AssertMatches("g_end", g[^1]);
        brian2.AssertMatches("v_end", net.neurons.v[0]);
    }

    [Fact]
    public void Tsodyks_Markram_synapses_depress_and_facilitate_as_in_Brian2()
    {
        var brian2 = new Brian2Example("tsodyks_pawelzik_markram_1998");
        var net = new TsodyksPawelzikMarkram();
        net.Run(TimeSpan.FromMilliseconds(1200));
        // samples in mV with their times in ms (sample k at step k)
        double[] a = Brian2Example.Trace(net.neuron_A.vMonitor, 0).Select(v => v * 1e3).ToArray();
        double[] b = Brian2Example.Trace(net.neuron_B.vMonitor, 0).Select(v => v * 1e3).ToArray();
        // panel C runs 500 ms in Brian2
        double[] c = Brian2Example.Trace(net.neuron_C.vMonitor, 0).Take(5000).Select(v => v * 1e3).ToArray();
        brian2.AssertMatches("A_first_peak_mV", a.Skip(1000).Take(500).Max());
        brian2.AssertMatches("A_last_peak_mV", a.Skip(10_500).Take(500).Max());
        brian2.AssertMatches("B_max_mV", b.Max());
        brian2.AssertMatches("B_t_max_ms", Array.IndexOf(b, b.Max()) * 0.1);
        brian2.AssertMatches("C_max_mV", c.Max());
        brian2.AssertMatches("C_t_max_ms", Array.IndexOf(c, c.Max()) * 0.1);
        brian2.AssertMatches("C_end_mV", c[^1]);
    }
}
