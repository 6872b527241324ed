using System;
using System.Globalization;
using System.IO;
using System.Linq;
using DataFiles;
using Xunit;

namespace SpikeLang.Simulation.Tests;

/// <summary>
/// Networks/DataFiles.snn, built by the source generator from its CSV files (additional files of this project):
/// the spike generator plays the file's spikes in their steps, and the timed array holds each value from the
/// 0.2 ms bin its time falls in, per column.
/// </summary>
public class DataFileTests
{
    [Fact]
    public void A_spike_generator_read_from_a_file_spikes_in_the_steps_of_the_files_times()
    {
        var expected = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Networks", "data", "schedule.csv")).Skip(1)
            .Select(line => line.Split(','))
            .Select(cells => ((long)Math.Floor((double.Parse(cells[0], CultureInfo.InvariantCulture) + 1e-7) / 1e-4), int.Parse(cells[1], CultureInfo.InvariantCulture)))
            .OrderBy(s => s.Item1).ThenBy(s => s.Item2).ToList();
        Assert.True(expected.Count > 256, "the schedule is long enough to be embedded as base64");

        var net = new FromFiles();
        net.Run(1000);
        var monitor = net.S.SpikeMonitor;
        var played = Enumerable.Range(0, monitor.Count).Select(k => (monitor.Steps[k], monitor.Indices[k])).ToList();
        Assert.Equal(expected, played);
    }

    [Fact]
    public void A_timed_array_read_from_a_file_holds_each_value_per_bin_and_column()
    {
        // levels.csv: column 0 is 1 from 0, 2 from 0.25 ms (bin 1), -4 from 1.1 ms (bin 5); column 1 is -1 from 0,
        // 3 from 0.6 ms (bin 3); bins of 0.2 ms, read at the step's t (steps of 0.1 ms) as Brian2 reads them.
        double[][] bins = { new[] { 1.0, -1 }, new[] { 2.0, -1 }, new[] { 2.0, -1 }, new[] { 2.0, 3 }, new[] { 2.0, 3 }, new[] { -4.0, 3 } };
        var net = new FromFiles();
        for (int step = 0; step < 16; step++)
        {
            net.Step();
            double[] expected = bins[Math.Min(step / 2, bins.Length - 1)];
            Assert.Equal(expected[0] * 1e-3, net.F.y[0], 15);
            Assert.Equal(expected[1] * 1e-3, net.F.y[1], 15);
        }
    }
}
