using System;
using System.Collections.Generic;
using System.Linq;
using Examples.Brian2;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2.Examples;

/// <summary>
/// examples/brian2/diesmann_et_al_1999.snn against Brian2's frompapers/Diesmann_et_al_1999.py (100 ms): the packet
/// travels down the ten groups; its size and time in the last group (spikes within 3 ms of the group's median spike
/// time in [45, 70) ms, as bench/brian2/examples/diesmann_1999.py computes it).
/// </summary>
public class DiesmannTests
{
    [Fact]
    public void The_packet_reaches_the_last_group_as_in_Brian2()
    {
        var brian2 = new Brian2Example("diesmann_1999");
        var net = new DiesmannSynfireChain(seed: 1);
        net.Run(TimeSpan.FromSeconds(0.1));
        var monitor = net.P.SpikeMonitor;
        var groups = Enumerable.Range(0, 10).Select(_ => new List<double>()).ToArray();
        for (int k = 0; k < monitor.Count; k++)
        {
            groups[monitor.Indices[k] / 100].Add(monitor.Steps[k] * 0.1);
        }
        var packets = groups.Select(Packet).ToArray();
        brian2.AssertMatches("groups_reached", packets.Count(p => p.Count >= 50));
        brian2.AssertMatches("a_last", packets[9].Count);
        brian2.AssertMatches("t_last_ms", packets[9].Count > 0 ? packets[9].Average() : double.NaN);
    }

    private static List<double> Packet(List<double> times)
    {
        var selected = times.Where(t => t >= 45 && t < 70).OrderBy(t => t).ToList();
        if (selected.Count == 0)
        {
            return new List<double>();
        }
        int n = selected.Count;
        double median = n % 2 == 1 ? selected[n / 2] : (selected[n / 2 - 1] + selected[n / 2]) / 2;
        return times.Where(t => t >= median - 3 && t <= median + 3).ToList();
    }
}
