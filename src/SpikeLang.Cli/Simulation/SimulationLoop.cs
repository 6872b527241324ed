using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using SpikeLang.Cli.Commands;
using SpikeLang.Cli.Output;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Simulation;

/// <summary>How far a run got: steps taken, wall time, when its first step was done, and whether Ctrl-C stopped it.</summary>
internal sealed record SimulationOutcome(long Steps, double WallSeconds, long FirstStepDone, bool Interrupted);

/// <summary>
/// Runs a network in chunks, reporting progress with the time left after each: a live bar on a terminal,
/// else a line on stderr for each tenth of the run (and at least every 10 s of wall time). Chunks last about
/// a quarter of a second of wall time, so Ctrl-C stops the run within about that long.
/// </summary>
internal static class SimulationLoop
{
    /// <summary>Simulated time per chunk at most.</summary>
    private static readonly TimeSpan MaxChunk = TimeSpan.FromMilliseconds(100);

    private const double ChunkWallSeconds = 0.25;
    private const double QuietWallSeconds = 10;

    /// <param name="ranks">The ranks that share the network, or null: they agree on every chunk and on stopping, since each end of a
    /// run is an exchange that every rank must join (their wall times, and so their own choices, differ).</param>
    public static SimulationOutcome Run(INetwork network, long steps, bool interactive, TextWriter stdout, TextWriter stderr, CancellationToken stop,
        RankGroup? ranks = null)
    {
        long maxChunk = Math.Max(1, Math.Min(SimulationTime.Steps(MaxChunk, network.Dt), (steps + 19) / 20));
        double total = steps * network.Dt;
        string name = network.Name;

        SimulationOutcome Loop(Action<long, double, long> report)
        {
            long start = Stopwatch.GetTimestamp();
            // One step first: its end is the start-up figure --verbose reports.
            network.Run(1);
            long firstStepDone = Stopwatch.GetTimestamp();
            long done = 1;
            report(done, Stopwatch.GetElapsedTime(start).TotalSeconds, TotalSpikes(network));
            long chunk = 1;
            while (done < steps)
            {
                long n = stop.IsCancellationRequested ? 0 : Math.Min(chunk, steps - done);
                if (ranks is { Size: > 1 })
                {
                    n = (long)ranks.AllMin((ulong)n);
                }
                if (n == 0)
                {
                    break;
                }
                long before = Stopwatch.GetTimestamp();
                network.Run(n);
                done += n;
                double seconds = Stopwatch.GetElapsedTime(before).TotalSeconds;
                report(done, Stopwatch.GetElapsedTime(start).TotalSeconds, TotalSpikes(network));
                // Grow or shrink the next chunk towards a quarter of a second of wall time.
                double perStep = seconds / n;
                chunk = Math.Clamp(perStep > 0 ? (long)(ChunkWallSeconds / perStep) : maxChunk, 1, maxChunk);
            }
            return new SimulationOutcome(done, Stopwatch.GetElapsedTime(start).TotalSeconds, firstStepDone, done < steps);
        }

        if (interactive)
        {
            return InteractiveProgress.Run(stdout, name, steps, total, network.Dt, Loop);
        }

        int lastTenth = 0;
        double lastLine = 0;
        return Loop((done, wall, spikes) =>
        {
            int tenth = (int)(done * 10 / steps);
            if (tenth > lastTenth || wall - lastLine >= QuietWallSeconds)
            {
                lastTenth = tenth;
                lastLine = wall;
                stderr.WriteLine(FormattableString.Invariant(
                    $"spikelang: {name} {done * 100 / steps,3}%  {done * network.Dt:0.000} s of {Durations.Format(total)} simulated  wall {wall:0.00} s  {Left(done, steps, wall)}  {RunSummary.SpikesPerSecond(spikes, wall)}"));
            }
        });
    }

    /// <summary>The wall time left at the pace so far: <c>ETA 1 min 12 s</c>, or <c>done</c>.</summary>
    public static string Left(long done, long steps, double wall)
    {
        if (done >= steps)
        {
            return "done";
        }
        double seconds = wall / Math.Max(1, done) * (steps - done);
        return "ETA " + (seconds switch
        {
            < 60 => FormattableString.Invariant($"{seconds:0} s"),
            < 3600 => FormattableString.Invariant($"{Math.Floor(seconds / 60):0} min {seconds % 60:0} s"),
            < 86400 * 2 => FormattableString.Invariant($"{Math.Floor(seconds / 3600):0} h {seconds % 3600 / 60:0} min"),
            _ => FormattableString.Invariant($"{seconds / 86400:0} days"),
        });
    }

    public static long TotalSpikes(INetwork network)
    {
        long total = 0;
        foreach (var population in network.Populations)
        {
            total += population.SpikeCount;
        }
        return total;
    }
}
