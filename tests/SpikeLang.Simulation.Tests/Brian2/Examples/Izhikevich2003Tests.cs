using System;
using System.Linq;
using Examples.Brian2;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2.Examples;

/// <summary>
/// examples/brian2/izhikevich_2003.snn against Brian2's Izhikevich_2003.py (1 s): the excitatory and inhibitory
/// rates and the frequency of the population rhythm of Fig. 3 (the largest peak of the power spectrum of the
/// excitatory spike count in 1 ms bins, 5-100 Hz at 1 Hz resolution, as the reference script computes it). The peak of
/// one second at 1 Hz resolution moves by a bin or two from seed to seed, so SpikeLang's figures are means over as many
/// seeds as Brian2's (seeds 1-5), as Brian2's are.
/// </summary>
public class Izhikevich2003Tests
{
    [Fact]
    public void The_network_fires_and_oscillates_at_Brian2s_rates()
    {
        var brian2 = new Brian2Example("izhikevich_2003");
        var runs = Enumerable.Range(1, 5).Select(seed => Run((ulong)seed)).ToList();
        brian2.AssertMatches("rate_e_hz", runs.Average(r => r.RateE));
        brian2.AssertMatches("rate_i_hz", runs.Average(r => r.RateI));
        brian2.AssertMatches("peak_freq_hz", runs.Average(r => r.PeakHz));
    }

    private static (double RateE, double RateI, double PeakHz) Run(ulong seed)
    {
        var net = new Izhikevich2003(seed);
        net.Run(TimeSpan.FromSeconds(1.0));
        var monitor = net.N.SpikeMonitor;
        int[] count = Brian2Example.Counts(monitor, 1000);
        var bins = new double[1000];
        var steps = monitor.Steps;
        var neurons = monitor.Indices;
        for (int k = 0; k < steps.Length; k++)
        {
            if (neurons[k] < 800 && steps[k] < 1000)
            {
                bins[steps[k]]++;
            }
        }
        double mean = bins.Average();
        double Power(int hz)
        {
            double re = 0, im = 0;
            for (int n = 0; n < bins.Length; n++)
            {
                double phase = 2 * Math.PI * hz * n / bins.Length;
                re += (bins[n] - mean) * Math.Cos(phase);
                im -= (bins[n] - mean) * Math.Sin(phase);
            }
            return re * re + im * im;
        }
        return (count.Take(800).Sum() / 800.0, count.Skip(800).Sum() / 200.0, Enumerable.Range(5, 96).MaxBy(Power));
    }
}
