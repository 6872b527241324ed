using System;
using System.Linq;
using Examples.Brian2;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2.Examples;

/// <summary>
/// examples/brian2/brunel_hakim_1999.snn against Brian2's frompapers/Brunel_Hakim_1999.py (0.1 s): the mean rate
/// in [20, 100) ms and the frequency of the population oscillation (first peak of the autocorrelation of the
/// 0.5 ms spike-count histogram between lags 2 and 20 ms, as bench/brian2/examples/brunel_hakim_1999.py computes it).
/// </summary>
public class BrunelHakimTests
{
    [Fact]
    public void Oscillates_at_Brian2s_frequency_and_rate()
    {
        var brian2 = new Brian2Example("brunel_hakim_1999");
        var net = new BrunelHakim(seed: 1);
        net.Run(TimeSpan.FromSeconds(0.1));
        var monitor = net.group.SpikeMonitor;
        // 0.5 ms bins of [20, 100) ms: 5 steps each
        var counts = new double[160];
        int selected = 0;
        for (int k = 0; k < monitor.Count; k++)
        {
            long step = monitor.Steps[k];
            if (step >= 200 && step < 1000)
            {
                counts[(step - 200) / 5]++;
                selected++;
            }
        }
        brian2.AssertMatches("rate_hz", selected / 5000.0 / 0.08);

        double mean = counts.Average();
        double[] x = counts.Select(c => c - mean).ToArray();
        double[] acf = Enumerable.Range(0, x.Length).Select(lag => Enumerable.Range(0, x.Length - lag).Sum(t => x[t] * x[t + lag])).ToArray();
        double zero = acf[0];
        acf = acf.Select(a => a / zero).ToArray();
        double freq = double.NaN;
        for (int k = 1; k < acf.Length - 1; k++)
        {
            double lag = k * 0.5;
            if (lag >= 2 && lag <= 20 && acf[k] >= acf[k - 1] && acf[k] > acf[k + 1])
            {
                double den = acf[k - 1] - 2 * acf[k] + acf[k + 1];
                double off = den != 0 ? 0.5 * (acf[k - 1] - acf[k + 1]) / den : 0.0;
                freq = 1000.0 / (lag + off * 0.5);
                break;
            }
        }
        brian2.AssertMatches("osc_freq_hz", freq);
    }
}
