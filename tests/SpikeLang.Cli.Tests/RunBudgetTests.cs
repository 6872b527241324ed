using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using SpikeLang.Cli.Commands;
using SpikeLang.Cli.Output;
using SpikeLang.Cli.Simulation;
using SpikeLang.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace SpikeLang.Cli.Tests;

/// <summary>
/// A run that cannot fit is refused before it starts: its predicted peak memory against what the process may
/// use, and what it will write against the output folder's free space (docs/cli.md, "Memory and disk"). The
/// limits are set through <see cref="RunSettings.Limits"/> in process and <c>SPIKELANG_AVAILABLE_MEMORY</c>
/// as a process, so the tests need no machine that small.
/// </summary>
public class RunBudgetTests
{
    /// <summary>A network of <c>n</c> neurons with 400 plastic synapses each, recording spikes, state and weights.</summary>
    private const string Plastic = """
        namespace Tests.Budget

        neuron BudgetLif {
            parameters { tau_m = 20 ms; v_th = -50 mV; v_reset = -60 mV; e_l = -49 mV }
            state { v = uniform(v_reset, v_th); ge = 0 mV }
            equations {
                dv/dt  = (ge - (v - e_l)) / tau_m
                dge/dt = -ge / (5 ms)
            }
            threshold v > v_th
            reset { v = v_reset }
        }

        synapse Decaying {
            state { w = rand() * 0.5 mV }
            on pre { ge += w; w = w * 0.999 }
        }

        network Plastic {
            parameters { n = 8000 }
            dt = 0.1 ms
            population P = BudgetLif[n]
            connect P -> P probability 400 / n synapse Decaying
            record spikes P
            record state P.v every 1 ms
            record weights P -> P every 50 ms
        }
        """;

    private readonly ITestOutputHelper _output;

    public RunBudgetTests(ITestOutputHelper output) => _output = output;

    private static string AdaptiveThreshold => CliRunner.Example("AdaptiveThreshold", "AdaptiveThreshold.snn");

    private static CliOutcome Run(ResourceLimits limits, string file, string? output, params string[] options)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var settings = new RunSettings(file, null, options.Contains("--short") ? "100ms" : "1s", 1, output, Json: true,
            NoPlots: options.Contains("--no-plots"), Parameters: [], Verbose: false) { Limits = limits };
        int exitCode = RunCommand.Execute(settings, stdout, stderr);
        return new CliOutcome(exitCode, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public void A_run_above_the_memory_available_is_refused_with_both_figures_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        string output = Path.Combine(dir.Path, "out");
        string existing = Path.Combine(dir.Path, "existing");
        Directory.CreateDirectory(existing);

        var refused = Run(new ResourceLimits(Memory: 1_000_000, Disk: null), AdaptiveThreshold, output);
        var refusedInExisting = Run(new ResourceLimits(Memory: 1_000_000, Disk: null), AdaptiveThreshold, existing);

        Assert.Equal(CliApp.UsageError, refused.ExitCode);
        Assert.Equal("", refused.Stdout);
        string message = Assert.Single(refused.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("spikelang: error: this run would hold about ", message);
        Assert.Contains("of memory at its peak, but the process may use 1 MB (1,000,000 bytes); the largest part is ", message);
        Assert.Contains(": to fit, ", message);
        Assert.DoesNotContain("   at ", refused.Stderr);
        // The folder this run would have made is not left behind; one that was there stays, empty.
        Assert.False(Directory.Exists(output));
        Assert.Equal(CliApp.UsageError, refusedInExisting.ExitCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(existing));
    }

    [Fact]
    public void A_recording_above_the_free_disk_is_refused_naming_the_recordings_and_a_shorter_one_runs()
    {
        using var dir = new TempDirectory();
        string output = Path.Combine(dir.Path, "out");
        // AdaptiveThreshold records two float32 variables of one neuron every step: 240 kB for 1 s, 24 kB for 100 ms.
        var limits = new ResourceLimits(Memory: null, Disk: 100_000);

        var refused = Run(limits, AdaptiveThreshold, output, "--no-plots");
        var fits = Run(limits, AdaptiveThreshold, output, "--no-plots", "--short");

        Assert.Equal(CliApp.UsageError, refused.ExitCode);
        Assert.Contains($"spikelang: error: this run would write about 240 kB (240,000 bytes) to {output} before its spikes, but its drive has 100 kB (100,000 bytes) free; "
            + "the largest part is the state, rate and weight recordings, 240 kB: to fit, a shorter --duration", refused.Stderr);
        Assert.Equal(0, fits.ExitCode);
        Assert.True(File.Exists(Path.Combine(output, "state_n_v.npy")));
    }

    [Fact]
    public void A_run_within_the_limits_runs_and_its_estimate_gives_the_predicted_peak()
    {
        using var dir = new TempDirectory();
        string output = Path.Combine(dir.Path, "out");

        var outcome = Run(new ResourceLimits(Memory: 1L << 40, Disk: 1L << 40), AdaptiveThreshold, output);

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        Assert.Matches(@"spikelang: estimate: AdaptiveThreshold, 1 s in 10,000 steps; building the network took [0-9.]+ [kM]?B \(the process holds [0-9.]+ [kMG]?B\); peak memory about [0-9.]+ [MG]B; recording 240 kB", outcome.Stderr);
        Assert.True(File.Exists(Path.Combine(output, "index.html")));
    }

    [Fact]
    public void The_largest_part_decides_the_advice_and_following_it_makes_the_run_fit()
    {
        using var built = BuiltNetwork.Build(AdaptiveThreshold, null, "Budget", 1, null, TextWriter.Null, out int exitCode);
        Assert.True(built is not null, $"exit {exitCode}");
        var network = built!.Network;
        // A small process and network: drawing the plots is the largest part of a recorded run of one neuron.
        var cost = new BuildCost(ProcessBytes: 1_000_000, NetworkBytes: 10_000);
        var withPlots = RunBudget.Predict(network, 10_000, cost, RecordingFormat.Npy, new PlotOptions(null, 0, 10_000), finalCopyBytes: 0);
        var withoutPlots = RunBudget.Predict(network, 10_000, cost, RecordingFormat.Npy, plots: null, finalCopyBytes: 0);
        long limit = withPlots.PeakBytes - 1;

        string refusal = withPlots.MemoryRefusal(limit)!;

        Assert.Contains("the largest part is the plots (their data and drawing), ", refusal);
        Assert.Contains(": to fit, --no-plots [", refusal);
        Assert.Null(withPlots.MemoryRefusal(withPlots.PeakBytes));
        Assert.Null(withoutPlots.MemoryRefusal(limit));
        // Each part is listed, largest first, and they add up to the peak.
        Assert.Equal(withPlots.PeakBytes, withPlots.Memory.Sum(p => p.Bytes));
        Assert.Equal(withPlots.Memory.Select(p => p.Bytes).OrderDescending(), withPlots.Memory.Select(p => p.Bytes));
        Assert.All(withPlots.Memory, p => Assert.Contains($"{p.What}: {RunOutput.Bytes(p.Bytes)}", refusal));
    }

    [Fact]
    public void As_a_process_the_environment_sets_the_memory_available_and_a_bad_value_is_a_usage_error()
    {
        using var dir = new TempDirectory();
        string output = Path.Combine(dir.Path, "out");

        var refused = CliRunner.RunProcess(new Dictionary<string, string> { [ResourceLimits.MemoryVariable] = "1000000" }, "run", AdaptiveThreshold, "--out", output);
        var bad = CliRunner.RunProcess(new Dictionary<string, string> { [ResourceLimits.MemoryVariable] = "lots" }, "run", AdaptiveThreshold);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("but the process may use 1 MB (1,000,000 bytes)", refused.Stderr);
        Assert.False(Directory.Exists(output));
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("SPIKELANG_AVAILABLE_MEMORY='lots' is not a number of bytes", bad.Stderr);
        Assert.DoesNotContain("   at ", refused.Stderr + bad.Stderr);
    }

    [Fact]
    public void As_a_process_under_a_GC_heap_limit_the_limit_is_what_the_process_may_use()
    {
        using var dir = new TempDirectory();
        string snn = dir.Write("Plastic.snn", Plastic);
        // 320 MiB, as a container's memory limit sets it: no test seam, the GC's own figure.
        var limit = new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x14000000" };

        // 8 million synapses recorded: about 470 MB at the peak. 800 000: under 200 MB.
        var large = CliRunner.RunProcess(limit, "run", snn, "--param", "n=20000", "--duration", "50ms", "--out", Path.Combine(dir.Path, "large"));
        var small = CliRunner.RunProcess(limit, "run", snn, "--param", "n=2000", "--duration", "50ms", "--out", Path.Combine(dir.Path, "small"), "--json");

        Assert.Equal(2, large.ExitCode);
        Assert.Contains("of memory at its peak, but the process may use 335.5 MB (335,544,320 bytes)", large.Stderr);
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "large")));
        Assert.True(small.ExitCode == 0, small.Stderr);
        Assert.True(File.Exists(Path.Combine(dir.Path, "small", "synapses_P_P.npy")));
    }

    [Fact]
    public void The_predicted_peak_bounds_the_measured_peak_of_a_large_recorded_run_within_a_factor()
    {
        using var dir = new TempDirectory();
        string snn = dir.Write("Plastic.snn", Plastic);

        // 20 000 neurons, 8 million plastic synapses: the network, a weight row of 32 MB and the final weights (a copy
        // of every synapse) each weigh about as much as the runtime and compiler do.
        var outcome = CliRunner.RunProcess(null, "run", snn, "--param", "n=20000", "--duration", "50ms", "--out", Path.Combine(dir.Path, "out"), "--verbose", "--json");

        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        string line = outcome.Stderr.Split('\n').Single(l => l.StartsWith("spikelang: memory:", StringComparison.Ordinal));
        _output.WriteLine(line);
        var match = Regex.Match(line, @"predicted peak .*? \(([0-9,]+) bytes\), measured peak .*? \(([0-9,]+) bytes\)");
        Assert.True(match.Success, line);
        double predicted = double.Parse(match.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        double measured = double.Parse(match.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        // On the development machine the measured peak is 0.93 of the prediction here (0.86 to 1.05 over the cases of
        // bench/recording/peak.sh). Leaving out any one part (network, buffers, final copy, plots) takes it past 1.12,
        // and counting the final copy twice below 0.8.
        Assert.InRange(measured / predicted, 0.8, 1.12);
    }
}
