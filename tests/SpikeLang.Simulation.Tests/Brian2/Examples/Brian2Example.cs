using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2.Examples;

/// <summary>
/// A figure of one of Brian2's examples as recorded by bench/brian2/examples/NAME.py into
/// tests/reference/brian2/examples/NAME.json (mean and sample sd over seeds 1-5, or one run when no
/// random number is drawn), and the check that holds SpikeLang's figure to it: within 10 % of Brian2's
/// mean or two of its standard deviations, whichever is wider.
/// </summary>
internal sealed class Brian2Example
{
    private readonly JsonElement _root;

    public Brian2Example(string name)
    {
        Name = name;
        _root = Brian2Reference.Load($"examples/{name}.json");
        Assert.Equal("2.5.1", _root.GetProperty("brian2_version").GetString());
        if (!_root.GetProperty("deterministic").GetBoolean())
        {
            Assert.True(_root.GetProperty("seeds").GetArrayLength() >= 5, $"{name}: Brian2 recorded over fewer than 5 seeds");
        }
    }

    public string Name { get; }

    /// <summary>A value of the protocol Brian2 was run with (durations, sizes), to check the port runs the same.</summary>
    public double Protocol(string key) => _root.GetProperty("protocol").GetProperty(key).GetDouble();

    public (double Mean, double Sd) Figure(string figure, int? index = null)
    {
        var f = _root.GetProperty("figures").GetProperty(figure);
        JsonElement mean = f.GetProperty("mean"), sd = f.GetProperty("sd");
        return index is int k ? (mean[k].GetDouble(), sd[k].GetDouble()) : (mean.GetDouble(), sd.GetDouble());
    }

    public static double Tolerance(double mean, double sd) => Math.Max(0.1 * Math.Abs(mean), 2 * sd);

    /// <summary>Asserts that <paramref name="value"/> is Brian2's figure within max(10 %, 2 sd).</summary>
    public void AssertMatches(string figure, double value, int? index = null)
    {
        var (mean, sd) = Figure(figure, index);
        double tolerance = Tolerance(mean, sd);
        string which = index is int k ? $"{figure}[{k}]" : figure;
        Report(which, value, mean, sd, tolerance);
        Assert.True(double.IsFinite(value) && Math.Abs(value - mean) <= tolerance,
            $"{Name}: {which} = {value:G6}, Brian2 {mean:G6} ± {sd:G4} (tolerance {tolerance:G4})");
    }

    /// <summary>Asserts each element of a list-valued figure.</summary>
    public void AssertMatches(string figure, IReadOnlyList<double> values)
    {
        int n = _root.GetProperty("figures").GetProperty(figure).GetProperty("mean").GetArrayLength();
        Assert.Equal(n, values.Count);
        for (int k = 0; k < n; k++)
        {
            AssertMatches(figure, values[k], k);
        }
    }

    /// <summary>
    /// With SPIKELANG_BRIAN2_FIGURES set to a file, each compared figure is appended to it as a tab-separated line
    /// (example, figure, SpikeLang, Brian2 mean, Brian2 sd, tolerance): bench/brian2/examples/make_table.py makes
    /// the table of examples/brian2/README.md from it.
    /// </summary>
    private void Report(string figure, double value, double mean, double sd, double tolerance)
    {
        string? path = Environment.GetEnvironmentVariable("SPIKELANG_BRIAN2_FIGURES");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }
        lock (ReportLock)
        {
            System.IO.File.AppendAllText(path, string.Join('\t', Name, figure,
                value.ToString("R", CultureInfo.InvariantCulture), mean.ToString("R", CultureInfo.InvariantCulture),
                sd.ToString("R", CultureInfo.InvariantCulture), tolerance.ToString("R", CultureInfo.InvariantCulture)) + "\n");
        }
    }

    private static readonly object ReportLock = new();

    // ---- analysis helpers shared by the examples' tests ----

    /// <summary>Spike counts per neuron from a spike monitor, counting spikes at steps in [fromStep, toStep).</summary>
    public static int[] Counts(SpikeMonitor monitor, int neurons, long fromStep = 0, long toStep = long.MaxValue)
    {
        var counts = new int[neurons];
        var steps = monitor.Steps;
        var indices = monitor.Indices;
        for (int k = 0; k < monitor.Count; k++)
        {
            if (steps[k] >= fromStep && steps[k] < toStep)
            {
                counts[indices[k]]++;
            }
        }
        return counts;
    }

    /// <summary>Spike times (s) of each neuron.</summary>
    public static List<double>[] Trains(SpikeMonitor monitor, int neurons, double dt)
    {
        var trains = Enumerable.Range(0, neurons).Select(_ => new List<double>()).ToArray();
        var steps = monitor.Steps;
        var indices = monitor.Indices;
        for (int k = 0; k < monitor.Count; k++)
        {
            trains[indices[k]].Add(steps[k] * dt);
        }
        return trains;
    }

    /// <summary>One neuron's recorded trace.</summary>
    public static double[] Trace(IStateMonitor monitor, int neuron) =>
        Enumerable.Range(0, monitor.Samples).Select(s => monitor.ValueAt(s, neuron)).ToArray();

    /// <summary>Sample indices k where trace[k-1] &lt; level &lt;= trace[k] (as bench/brian2/examples/_common.py).</summary>
    public static List<int> UpwardCrossings(double[] trace, double level)
    {
        var result = new List<int>();
        for (int k = 1; k < trace.Length; k++)
        {
            if (trace[k - 1] < level && trace[k] >= level)
            {
                result.Add(k);
            }
        }
        return result;
    }

    public static double Mean(IEnumerable<double> values) => values.Average();

    /// <summary>Standard deviation with ddof = 0 (numpy's default).</summary>
    public static double Std(IReadOnlyCollection<double> values)
    {
        double mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }
}
