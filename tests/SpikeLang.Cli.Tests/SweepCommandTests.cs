using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using SkiaSharp;
using SpikeLang.Cli.Commands;
using SpikeLang.Cli.Output;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Cli.Tests;

/// <summary><c>spikelang sweep</c>: the f-I curve of a LIF neuron in one command, its table, files and plot.</summary>
public class SweepCommandTests
{
    /// <summary>One standard Lif (R = 10 MOhm, 20 mV from reset to threshold: rheobase 2 nA) driven by i_in.</summary>
    private const string FiCurve = """
        namespace Tests.Sweep
        network FiCurve {
            parameters { i_in = 1 nA; tau = 10 ms }
            dt = 0.1 ms
            population lif = Lif(i_ext = i_in, tau_m = tau)[1]
            record rate lif
        }
        """;

    [Fact]
    public void Sweep_gives_the_f_i_curve_with_one_row_per_point_and_seed()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("FiCurve.snn", FiCurve);
        string output = Path.Combine(dir.Path, "out");

        var outcome = CliRunner.Run("sweep", file, "--param", "i_in=1nA,1.5nA,2.5nA,4nA,8nA", "--param", "tau=10ms,20ms", "--duration", "500ms",
            "--seed", "7", "--out", output, "--json");

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        var json = JsonDocument.Parse(outcome.Stdout).RootElement;
        var runs = json.GetProperty("runs").EnumerateArray().ToList();
        Assert.Equal(10, runs.Count);
        // The last parameter varies fastest; run k has seed 7 + k.
        Assert.Equal(Enumerable.Range(7, 10).Select(s => (ulong)s), runs.Select(r => r.GetProperty("seed").GetUInt64()));
        Assert.Equal([1e-9, 1e-9, 1.5e-9, 1.5e-9], runs.Take(4).Select(r => Math.Round(r.GetProperty("parameters").GetProperty("i_in").GetDouble(), 15)));
        Assert.Equal([0.01, 0.02, 0.01, 0.02], runs.Take(4).Select(r => Math.Round(r.GetProperty("parameters").GetProperty("tau").GetDouble(), 12)));

        double Rate(double current, double tau) => runs.Single(r =>
                Math.Abs(r.GetProperty("parameters").GetProperty("i_in").GetDouble() - current) < 1e-15
                && Math.Abs(r.GetProperty("parameters").GetProperty("tau").GetDouble() - tau) < 1e-12)
            .GetProperty("populations")[0].GetProperty("rate_hz").GetDouble();
        foreach (double tau in new[] { 0.01, 0.02 })
        {
            // Below the rheobase of 2 nA the neuron stays silent; above it, the rate grows with the current.
            Assert.Equal(0, Rate(1e-9, tau));
            Assert.Equal(0, Rate(1.5e-9, tau));
            Assert.True(Rate(2.5e-9, tau) > 0);
            Assert.True(Rate(4e-9, tau) > Rate(2.5e-9, tau));
            Assert.True(Rate(8e-9, tau) > Rate(4e-9, tau));
        }
        // A slower membrane charges more slowly: fewer spikes for the same current.
        Assert.True(Rate(4e-9, 0.02) < Rate(4e-9, 0.01));
        // LIF theory, refractory 2 ms: f = 1 / (t_ref + tau ln(I R / (I R - 20 mV))) = 1 / (2 ms + 10 ms · ln 2) = 112 Hz
        // at 4 nA and tau = 10 ms; a spike ends on a step of 0.1 ms, so the period may be a step longer.
        Assert.InRange(Rate(4e-9, 0.01), 110, 112.5);

        using (var reader = NpyReader.Open(Path.Combine(output, SweepReport.NpyFile)))
        {
            Assert.Equal(10, reader.Rows);
            Assert.Equal(["i_in", "tau", "seed", "rate_lif"], reader.Fields.Select(f => f.Name));
            using var again = NpyReader.Open(Path.Combine(output, SweepReport.NpyFile));
            Assert.Equal(runs.Select(r => r.GetProperty("populations")[0].GetProperty("rate_hz").GetDouble()), again.ReadField("rate_lif"));
        }
        Assert.Equal(json.GetRawText(), JsonDocument.Parse(File.ReadAllText(Path.Combine(output, SweepReport.JsonFile))).RootElement.GetRawText());
        using var png = SKBitmap.Decode(Path.Combine(output, SweepPlot.FileName));
        Assert.Equal((1000, 600), (png.Width, png.Height));
    }

    [Fact]
    public void Sweep_plot_draws_each_rate_against_the_first_parameter_in_its_display_unit()
    {
        var swept = new[]
        {
            new SweptParameter("i_in", "A", ["1nA", "2nA"], [1e-9, 2e-9]),
            new SweptParameter("tau", "s", ["10ms", "20ms"], [0.01, 0.02]),
        };
        var points = SweepGrid.Points(swept);
        var runs = points.Select(p => (p, new SweepRun(
            new RunSummary("FiCurve", (ulong)p.Index, 1e-4, 10, 10, 0.1, false, [new PopulationSummary("lif", false, 1, p.Index, p.Index * 10.0)], null, []),
            ["lif"]))).ToList();
        var report = new SweepReport("FiCurve", 1e-4, 10, 0, swept, runs, runs.Count);

        var plot = SweepPlot.Build(report);

        Assert.Equal("i_in (nA)", plot.Axes.Bottom.Label.Text);
        Assert.Equal("rate (Hz)", plot.Axes.Left.Label.Text);
        Assert.Equal("FiCurve: rate against i_in", plot.Axes.Title.Label.Text);
        var lines = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToList();
        // One line per value of tau, its x in nA.
        Assert.Equal(["lif, tau=10ms", "lif, tau=20ms"], lines.Select(l => l.LegendText));
        Assert.Equal([1.0, 2.0], lines[0].Data.GetScatterPoints().Select(c => Math.Round(c.X, 9)));
        Assert.Equal([0.0, 20.0], lines[0].Data.GetScatterPoints().Select(c => c.Y));
    }

    [Fact]
    public void Sweep_values_are_checked_before_any_run()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("FiCurve.snn", FiCurve);

        var unit = CliRunner.Run("sweep", file, "--param", "i_in=1nA,2mV");
        Assert.Equal(2, unit.ExitCode);
        Assert.Contains("--param i_in: '2mV' is in V, but i_in is in A", unit.Stderr);
        Assert.DoesNotContain("sweep 1/", unit.Stderr);

        var empty = CliRunner.Run("sweep", file, "--param", "i_in=1nA,,2nA");
        Assert.Equal(2, empty.ExitCode);
        Assert.Contains("has an empty value", empty.Stderr);

        var unknown = CliRunner.Run("sweep", file, "--param", "i=1nA");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("unknown parameter 'i'; the parameters of network 'FiCurve' are: i_in (A), tau (s)", unknown.Stderr);

        var twice = CliRunner.Run("sweep", file, "--param", "i_in=1nA,1000pA");
        Assert.Equal(2, twice.ExitCode);
        Assert.Contains("a value is given twice", twice.Stderr);
    }

    [Fact]
    public void Sweep_prints_a_table_without_json()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("FiCurve.snn", FiCurve);

        var outcome = CliRunner.Run("sweep", file, "--param", "i_in=1nA,4nA", "--duration", "200ms", "--jobs", "1");

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        string[] lines = outcome.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("FiCurve: 2 runs of 200 ms (seeds 0 to 1)", lines[0]);
        Assert.Equal("  i_in  seed  lif (Hz)", lines[1].TrimEnd());
        Assert.StartsWith("  1nA      0         0", lines[2]);
        Assert.StartsWith("  4nA      1", lines[3]);
        Assert.Contains("spikelang: sweep: FiCurve, 2 runs of 200 ms (2,000 steps each), 1 at a time", outcome.Stderr);
    }
}
