using System.Linq;
using SpikeLang.Cli.Output;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Cli.Tests;

/// <summary>What the plots are drawn from, checked on monitors filled by hand.</summary>
public class PlotDataTests
{
    [Fact]
    public void Raster_rate_is_spikes_per_neuron_per_second_in_each_bin()
    {
        // 50 neurons, 1000 steps of 0.1 ms: 200 bins of 5 steps (0.5 ms); two spikes in every step, so 10 per bin.
        var monitor = new SpikeMonitor(50, new MonitorOptions { Source = "shown" });
        for (long step = 0; step < 1000; step++)
        {
            monitor.Record(step, [(int)(step % 50), (int)((step + 25) % 50)]);
        }
        var data = new PlotData(1e-4, new PlotOptions(null, 0, 1000));

        data.OnSpikes(monitor);

        var raster = Assert.Single(data.Rasters);
        Assert.Equal("shown", raster.Source);
        Assert.Equal(2000, raster.Times.Length);
        Assert.Equal(5 * 1e-4, raster.BinSeconds, 12);
        // 10 spikes / 50 neurons / 0.5 ms = 400 Hz in every bin: 2 spikes per step over 50 neurons at 0.1 ms.
        Assert.All(raster.BinRates, rate => Assert.Equal(400, rate, 9));
    }
}
