using System.Linq;
using Brian2Features;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2;

/// <summary>Brian2's summed variables: a neuron's variable set each step to a sum over its synapses.</summary>
public class SummedVariablesTests
{
    /// <summary>synapses/gapjunctions.py is deterministic: every spike time equals Brian2's (tests/reference/brian2/examples/gapjunctions.json).</summary>
    [Fact]
    public void Gap_junctions_give_Brian2s_spikes()
    {
        var figures = Brian2Reference.Load("examples/gapjunctions.json").GetProperty("figures");
        var net = new GapJunctions();
        net.Run(5000);
        var spikes = net.P.SpikeMonitor;
        Assert.Equal(figures.GetProperty("counts").GetProperty("values")[0].Ints(), spikes.CountPerNeuron.ToArray());

        double[] times = spikes.Steps.ToArray().Select(step => step * GapJunctions.Dt).ToArray();
        int[] neurons = spikes.Indices.ToArray();
        double First(int n) => times[System.Array.IndexOf(neurons, n)] * 1e3;
        double Last(int n) => times[System.Array.LastIndexOf(neurons, n)] * 1e3;
        var first = figures.GetProperty("first_spike_ms").GetProperty("values")[0].Doubles();
        Assert.Equal(first[0], First(0), 6);
        Assert.Equal(first[1], First(5), 6);
        var last = Enumerable.Range(0, 10).Select(Last).ToArray();
        Assert.Equal(figures.GetProperty("last_spread_ms").GetProperty("values")[0].GetDouble(), last.Max() - last.Min(), 6);
    }

    [Fact]
    public void Sums_reach_the_pre_and_post_slices_and_nothing_else()
    {
        var net = new FanCount(seed: 3);
        net.Step();
        var c = net.A_to_B.Connectivity;
        var fanOut = new float[20];
        var fanIn = new float[30];
        for (int row = 0; row < c.Rows; row++)
        {
            for (int k = c.RowStart[row]; k < c.RowStart[row + 1]; k++)
            {
                fanOut[row + net.A_to_B.SourceStart]++;
                fanIn[c.Columns[k] + net.A_to_B.TargetStart]++;
            }
        }
        Assert.True(fanIn.Sum() > 10, "the connection has synapses");
        Assert.Equal(fanOut, net.A.fan_out.ToArray());
        Assert.Equal(fanIn, net.B.fan_in.ToArray());
        Assert.All(net.A.fan_in.ToArray(), x => Assert.Equal(0f, x));
        Assert.All(net.B.fan_out.ToArray(), x => Assert.Equal(0f, x));
    }
}
