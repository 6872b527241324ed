using System;
using System.Collections.Generic;
using System.Linq;
using Examples.Brian2;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2.Examples;

/// <summary>
/// The examples without a threshold, whose spikes are read from a recorded trace as the Brian2 scripts read them
/// (upward crossings of a level): Hindmarsh_Rose_1984.py, Morris_Lecar_1981.py, Wang_Buszaki_1996.py.
/// </summary>
public class TraceExamplesTests
{
    [Fact]
    public void Hindmarsh_Rose_bursts_as_in_Brian2()
    {
        var brian2 = new Brian2Example("hindmarsh_rose_1984");
        var net = new HindmarshRose();
        net.Run(TimeSpan.FromMilliseconds(brian2.Protocol("duration_time_units")));
        var spikes = new double[3];
        var bursts = new double[3];
        var lastBurst = new double[3];
        for (int n = 0; n < 3; n++)
        {
            var crossings = Brian2Example.UpwardCrossings(Brian2Example.Trace(net.neurons.xMonitor, n), 1.0);
            // sample k is at k * 0.1 time units; only the gaps matter
            var st = crossings.Select(k => k * 0.1).ToList();
            spikes[n] = st.Count;
            var sizes = new List<int>();
            int size = st.Count > 0 ? 1 : 0;
            for (int k = 1; k < st.Count; k++)
            {
                if (st[k] - st[k - 1] > 100)
                {
                    sizes.Add(size);
                    size = 0;
                }
                size++;
            }
            if (size > 0)
            {
                sizes.Add(size);
            }
            bursts[n] = sizes.Count;
            lastBurst[n] = sizes.Count > 0 ? sizes[^1] : 0;
        }
        brian2.AssertMatches("spikes", spikes);
        brian2.AssertMatches("bursts", bursts);
        brian2.AssertMatches("last_burst", lastBurst);
        Assert.Null(net.NonFinite);
    }

    [Fact]
    public void Morris_Lecar_oscillates_as_in_Brian2()
    {
        var brian2 = new Brian2Example("morris_lecar_1981");
        var net = new MorrisLecar();
        net.Run(TimeSpan.FromMilliseconds(brian2.Protocol("duration_ms")));
        var spikes = new double[17];
        for (int n = 0; n < 17; n++)
        {
            spikes[n] = Brian2Example.UpwardCrossings(Brian2Example.Trace(net.neurons.VMonitor, n), 0.0).Count;
        }
        brian2.AssertMatches("spikes", spikes);
        brian2.AssertMatches("n_oscillating", spikes.Count(s => s >= 3));
        Assert.Null(net.NonFinite);
    }

    [Fact]
    public void Wang_Buzsaki_fires_as_in_Brian2()
    {
        var brian2 = new Brian2Example("wang_buzsaki_1996");
        var net = new WangBuzsaki();
        net.Run(TimeSpan.FromMilliseconds(brian2.Protocol("duration_ms")));
        var crossings = Brian2Example.UpwardCrossings(Brian2Example.Trace(net.neurons.vMonitor, 0), -20e-3);
        var st = crossings.Select(k => k * 0.01).ToList();
        brian2.AssertMatches("spikes", st.Count);
        brian2.AssertMatches("first_spike_ms", st[0]);
        brian2.AssertMatches("isi_ms", (st[^1] - st[0]) / (st.Count - 1));
        Assert.Null(net.NonFinite);
    }
}
