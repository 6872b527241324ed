using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using SpikeLang.Cli.Output;
using SpikeLang.Cli.Simulation;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Commands;

/// <summary>
/// The second half of <c>spikelang run</c>, once the network is built: record to files while it runs (or
/// keep the monitors bounded when nothing is written), show the estimate before a long run, simulate with
/// progress until the end or Ctrl-C, then complete the recordings, draw the plots and the index page, and
/// print the summary. Exit code 0, or 130 when Ctrl-C stopped the run.
/// </summary>
internal static class RunOutput
{
    /// <summary>Runs at least this long, and every recorded run, get an estimate of memory and disk before they start.</summary>
    private const long LongRunSteps = 100_000;

    /// <summary>Spikes, rate samples and state samples a monitor holds when nothing is written (<see cref="Discard"/>).</summary>
    /// <summary>Garbage before the run worth a full collection.</summary>
    private const long CollectAbove = 64_000_000;

    internal const int DiscardSpikes = 4096, DiscardRates = 1024, DiscardStateSamples = 16, DiscardSynapseSamples = 1;

    public static int Run(RunSettings settings, INetwork network, long steps, RunBudget budget, RecordingFormat format, PlotOptions plotOptions,
        string? outputDirectory, RunCommand.Timings timings, TextWriter stdout, TextWriter stderr, RankGroup? ranks = null)
    {
        using var interruption = new Interruption();
        PlotData? plots = outputDirectory is not null && !settings.NoPlots ? new PlotData(network.Dt, plotOptions) : null;
        Recorder? recorder = null;
        try
        {
            if (outputDirectory is not null)
            {
                recorder = new Recorder(network, outputDirectory, format, plots is null ? null : [plots]);
            }
            else
            {
                Discard(network);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Under mpirun the other ranks learn of it below, or they would wait for this one in the run's first exchange.
            ranks?.AllMax(1);
            return RunCommand.Usage(stderr, $"cannot write to output folder '{settings.OutputDirectory}': {ex.Message}");
        }
        if (ranks is { Size: > 1 } && ranks.AllMax(0) == 1)
        {
            return RunCommand.Usage(stderr, $"rank 0 cannot write to output folder '{settings.OutputDirectory}' (its message says why); rank {ranks.Rank} stops with it");
        }

        if (budget.GarbageBeforeRun >= CollectAbove)
        {
            // Building the network and describing it (to measure the final copy, and the recorder's synapse names) leave
            // large garbage that the GC would otherwise carry through the run and add to its peak (a network of 8 million
            // synapses: 471 MB without this collection, 377 MB with it); one collection costs little beside such a run.
            GC.Collect();
        }
        using (recorder)
        {
            if (outputDirectory is not null || steps >= LongRunSteps)
            {
                stderr.WriteLine(Estimate(network, steps, budget, format, outputDirectory));
            }

            bool interactive = !settings.Json && ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
            var outcome = SimulationLoop.Run(network, steps, interactive, stdout, stderr, interruption.Token, ranks);
            timings.Mark("simulate");
            if (settings.Verbose)
            {
                timings.Report(stderr, outcome.FirstStepDone);
            }

            var summary = RunSummary.Of(network, settings.Seed, outcome.Steps, steps, outcome.WallSeconds, outcome.Interrupted);
            // Each rank holds only the synapses onto its own neurons: every rank joins them (a collective) for rank 0's
            // synapse files and weight plots, which would otherwise hold rank 0's share alone.
            NetworkDescriptor? described = ranks is { Size: > 1 } && settings.OutputDirectory is not null
                ? SynapseJoin.Join(ranks, network.Describe())
                : null;
            var files = new List<string>();
            if (recorder is not null)
            {
                try
                {
                    recorder.Complete(described);
                    files.AddRange(recorder.Files.Select(f => f.Path));
                    files.Add(Path.Combine(outputDirectory!, Recorder.ManifestFile));
                    var pictures = new List<PlotFile>();
                    if (plots is not null && !interruption.Insisted)
                    {
                        var window = new PlotWindow(plotOptions.FromStep * network.Dt, Math.Min(plotOptions.ToStep, outcome.Steps) * network.Dt);
                        pictures = Plots.WritePng(network.Name, plots, window, described ?? network.Describe(), outputDirectory!);
                        files.AddRange(pictures.Select(p => p.Path));
                    }
                    files.Add(RunIndex.Write(outputDirectory!, summary, pictures, recorder.Files));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    return RunCommand.Usage(stderr, $"cannot write to output folder '{settings.OutputDirectory}': {ex.Message}");
                }
                if (settings.Verbose)
                {
                    timings.Mark("write output");
                    timings.Report(stderr, null, onlyLast: true);
                }
            }

            if (settings.Verbose)
            {
                // The prediction beside what happened: the process's peak working set (VmHWM on Linux), which the
                // prediction is meant to bound; in-process (tests) it is the host's.
                stderr.WriteLine($"spikelang: memory: predicted peak {Bytes(budget.PeakBytes)} ({budget.PeakBytes:N0} bytes), measured peak {MeasuredPeak()}; "
                    + $"predicted: {string.Join(", ", budget.Memory.Select(p => $"{p.What} {Bytes(p.Bytes)}"))}");
            }
            // Every rank knows of any rank's (the generated Run agrees on it); rank 0 reports it.
            if (network.NonFinite is { } nonFinite && ranks is not { Rank: > 0 })
            {
                // A diverging integration is a wrong answer, not a slow one: say so, whatever the output mode.
                stderr.WriteLine($"spikelang: warning: {settings.File}: {nonFinite}");
            }
            if (settings.Json)
            {
                stdout.WriteLine(summary.Json(outputDirectory is null ? null : files.Select(f => Path.GetFileName(f)).ToList()));
            }
            else
            {
                summary.WriteText(stdout);
                if (outputDirectory is not null)
                {
                    if (!network.Populations.Concat(network.Subgroups).Any(p => p.SpikeMonitor is not null))
                    {
                        stdout.WriteLine("no population records spikes (add 'record spikes <population>' to the network), so there is no spike file or raster");
                    }
                    stdout.WriteLine($"wrote {files.Count} file{(files.Count == 1 ? "" : "s")} to {outputDirectory}: {string.Join(", ", files.Select(Path.GetFileName))}");
                }
            }
            return outcome.Interrupted ? Interruption.ExitCode : 0;
        }
    }

    /// <summary>
    /// Without <c>--out</c> nothing recorded is kept, so each monitor holds one small buffer and drops it:
    /// a long run without output takes no more memory than a short one.
    /// </summary>
    internal static void Discard(INetwork network)
    {
        foreach (IPopulation population in network.Populations.Concat(network.Subgroups))
        {
            population.SpikeMonitor?.Stream(_ => { }, DiscardSpikes);
            population.RateMonitor?.Stream(_ => { }, DiscardRates);
            foreach (IStateMonitor state in population.StateMonitors)
            {
                state.Stream(_ => { }, DiscardStateSamples);
            }
        }
        foreach (IStateMonitor synapses in network.SynapseMonitors)
        {
            synapses.Stream(_ => { }, DiscardSynapseSamples);
        }
    }

    /// <summary>The line shown before a long or recorded run: what it takes in memory and on disk.</summary>
    internal static string Estimate(INetwork network, long steps, RunBudget budget, RecordingFormat format, string? outputDirectory)
    {
        string run = FormattableString.Invariant($"{network.Name}, {Durations.Format(steps * network.Dt)} in {steps:N0} steps");
        long construction = budget.Memory.Single(p => p.What == RunBudget.NetworkPart).Bytes;
        string memory = $"building the network took {Bytes(construction)} (the process holds {Bytes(Environment.WorkingSet)}); peak memory about {Bytes(budget.PeakBytes)}";
        if (outputDirectory is null)
        {
            return $"spikelang: estimate: {run}; {memory}; nothing is written (no --out)";
        }
        long disk = Recorder.EstimateBytes(network, steps, format);
        string spikes = format == RecordingFormat.Npy ? "12 bytes" : "about 20 bytes";
        return $"spikelang: estimate: {run}; {memory}; recording {Bytes(disk)} of state, rates and weights to {outputDirectory} as {(format == RecordingFormat.Npy ? "npy" : "csv")} "
            + $"(spikes add {spikes} each), through buffers of at most {Bytes(Recorder.DefaultBufferBytes)} per monitor";
    }

    private static string MeasuredPeak()
    {
        try
        {
            using var process = System.Diagnostics.Process.GetCurrentProcess();
            long peak = process.PeakWorkingSet64;
            return $"{Bytes(peak)} ({peak:N0} bytes)";
        }
        catch (Exception ex) when (ex is InvalidOperationException or PlatformNotSupportedException or System.ComponentModel.Win32Exception)
        {
            return "not available on this platform";
        }
    }

    /// <summary>Bytes in the largest unit that keeps a number ≥ 1: <c>812.3 MB</c>.</summary>
    internal static string Bytes(long bytes) => bytes switch
    {
        < 1_000 => FormattableString.Invariant($"{bytes} B"),
        < 1_000_000 => FormattableString.Invariant($"{bytes / 1e3:0.#} kB"),
        < 1_000_000_000 => FormattableString.Invariant($"{bytes / 1e6:0.#} MB"),
        _ => FormattableString.Invariant($"{bytes / 1e9:0.##} GB"),
    };
}
