using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using SpikeLang.Cli.Output;
using SpikeLang.Cli.Simulation;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Commands;

/// <summary>What <c>spikelang sweep</c> was asked to do.</summary>
internal sealed record SweepSettings(
    string File,
    string? Network,
    string Duration,
    ulong Seed,
    IReadOnlyList<string> Parameters,
    IReadOnlyList<string> Inputs,
    string? OutputDirectory,
    bool Json,
    int? Jobs,
    bool NoPlots);

/// <summary>
/// <c>spikelang sweep FILE.snn --param NAME=v1,v2,... ...</c>: compiles the network once, runs it for every
/// point of the grid of parameter values (several at a time, one per core: a simulation runs on one thread),
/// run k with seed <c>--seed + k</c> so that each has its own random streams and any one can be repeated with
/// <c>spikelang run --seed</c>, and prints one table of the rate of every population per point; with
/// <c>--out</c>, also <c>sweep.json</c>, <c>sweep.npy</c> and a plot of the rates against the first swept
/// parameter. Ctrl-C stops after the runs under way (exit code 130), keeping those finished.
/// </summary>
public static class SweepCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The .snn file." };
        var network = new Option<string?>("--network", "-n") { Description = "The network to sweep; needed when the file declares several." };
        var duration = new Option<string>("--duration", "-d") { Description = "Simulated time of each run: 1s, 500ms, ...", DefaultValueFactory = _ => "1s" };
        var seed = new Option<ulong>("--seed", "-s") { Description = "Seed of the first run; run k uses seed + k.", DefaultValueFactory = _ => 0 };
        var parameters = new Option<string[]>("--param", "-p")
        {
            Description = "A swept network parameter and its values, name=v1,v2,... with units (repeatable; the grid is every combination), e.g. --param i_max=1nA,2nA,4nA.",
            Arity = ArgumentArity.OneOrMore,
            Required = true,
        };
        var inputs = new Option<string[]>("--input", "-i")
        {
            Description = "Drive an input population from a file in every run, NAME=FILE (as for run).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for sweep.json, sweep.npy and sweep_rates.png." };
        var json = new Option<bool>("--json") { Description = "Print the results as one JSON object on stdout, and nothing else." };
        var jobs = new Option<int?>("--jobs", "-j") { Description = "Runs at a time (default: one per core)." };
        var noPlots = new Option<bool>("--no-plots") { Description = "With --out, write the tables but no plot." };

        var command = new Command("sweep", "Run a network over a grid of parameter values and tabulate the rates.")
        {
            file, network, duration, seed, parameters, inputs, output, json, jobs, noPlots,
        };
        command.SetAction(parseResult => Execute(
            new SweepSettings(
                parseResult.GetValue(file)!,
                parseResult.GetValue(network),
                parseResult.GetValue(duration)!,
                parseResult.GetValue(seed),
                parseResult.GetValue(parameters) ?? [],
                parseResult.GetValue(inputs) ?? [],
                parseResult.GetValue(output),
                parseResult.GetValue(json),
                parseResult.GetValue(jobs),
                parseResult.GetValue(noPlots)),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    internal static int Execute(SweepSettings settings, TextWriter stdout, TextWriter stderr)
    {
        double? seconds = Durations.TryParseSeconds(settings.Duration, out string? error);
        if (seconds is null)
        {
            return RunCommand.Usage(stderr, $"--duration {error}");
        }
        var pairs = RunOptions.Pairs(settings.Parameters, "--param", "i_max=1nA,2nA,4nA", out error);
        var lists = pairs is null ? null : SweepGrid.Lists(pairs, out error);
        var inputs = lists is null ? null : RunOptions.Inputs(settings.Inputs, out error);
        if (error is not null)
        {
            return RunCommand.Usage(stderr, error);
        }
        if (settings.Jobs is < 1)
        {
            return RunCommand.Usage(stderr, $"--jobs {settings.Jobs} must be at least 1");
        }
        if (settings.OutputDirectory is { } directory)
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return RunCommand.Usage(stderr, $"cannot write to output folder '{directory}': {ex.Message}");
            }
        }

        var networks = GeneratedNetworks.Generate(settings.File, stderr, out int exitCode);
        if (networks is null)
        {
            return exitCode;
        }
        var selected = GeneratedNetworks.Select(networks, settings.Network, settings.File, stderr);
        if (selected is null)
        {
            return CliApp.UsageError;
        }
        using var loaded = InMemoryCompiler.Compile($"SpikeLang.Sweep.{selected.FullName}", [selected.Source], InMemoryCompiler.DefaultCacheDirectory(), out var csharpErrors);
        var factory = loaded?.Factory(selected.Name);
        if (factory is null)
        {
            stderr.WriteLine($"spikelang: internal error: the C# generated for network '{selected.Name}' does not compile: {string.Join("; ", csharpErrors.Take(3))}");
            return CliApp.InternalError;
        }
        if (RunOptions.Unknown(lists!.Select(l => l.Name), factory) is { } unknown)
        {
            return RunCommand.Usage(stderr, unknown);
        }
        var swept = SweepGrid.Parameters(lists!, factory.Parameters, out error);
        if (swept is null)
        {
            return RunCommand.Usage(stderr, error!);
        }
        long steps = SimulationTime.Steps(TimeSpan.FromSeconds(seconds.Value), factory.Dt);
        if (steps < 1)
        {
            return RunCommand.Usage(stderr, $"--duration {settings.Duration} is shorter than one time step (dt = {Durations.Format(factory.Dt)})");
        }

        var points = SweepGrid.Points(swept);
        // Every point is built before any runs, so that a value the network rejects, or an input file that
        // does not fit, is reported at once rather than after hours of other runs.
        foreach (var point in points)
        {
            if (Build(factory, settings, point, inputs!, steps, out string? buildError) is null)
            {
                return RunCommand.Usage(stderr, $"{Describe(swept, point)}: {buildError}");
            }
        }

        int jobs = Math.Min(points.Count, settings.Jobs ?? Environment.ProcessorCount);
        if (!settings.Json)
        {
            stderr.WriteLine($"spikelang: sweep: {factory.NetworkName}, {points.Count} runs of {Durations.Format(steps * factory.Dt)} ({steps:N0} steps each), {jobs} at a time");
        }
        using var interruption = new Interruption();
        var results = new SweepRun?[points.Count];
        int finished = 0;
        var lockObject = new object();
        try
        {
            Parallel.ForEach(points, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = interruption.Token }, point =>
            {
                var run = Run(factory, settings, point, inputs!, steps, interruption.Token);
                results[point.Index] = run;
                lock (lockObject)
                {
                    finished++;
                    stderr.WriteLine($"spikelang: sweep {finished}/{points.Count}  {Describe(swept, point)}: {string.Join(", ", run.Summary.Populations.Select(p => FormattableString.Invariant($"{p.Name} {p.RateHz:0.##} Hz")))}  wall {run.Summary.WallSeconds:0.00} s");
                }
            });
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C: the runs under way stopped after their step; the finished ones are reported below.
        }

        var done = points.Where(p => results[p.Index] is { Summary.Interrupted: false }).Select(p => (p, results[p.Index]!)).ToList();
        var report = new SweepReport(factory.NetworkName, factory.Dt, steps, settings.Seed, swept, done, points.Count);
        if (settings.OutputDirectory is { } output)
        {
            try
            {
                var files = report.Write(output);
                if (!settings.NoPlots && done.Count > 0)
                {
                    files.Add(SweepPlot.Write(report, output));
                }
                if (!settings.Json)
                {
                    stdout.WriteLine($"wrote {files.Count} files to {output}: {string.Join(", ", files.Select(Path.GetFileName))}");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return RunCommand.Usage(stderr, $"cannot write to output folder '{output}': {ex.Message}");
            }
        }
        if (settings.Json)
        {
            stdout.WriteLine(report.Json());
        }
        else
        {
            report.WriteText(stdout);
        }
        return interruption.Requested ? Interruption.ExitCode : 0;
    }

    /// <summary><c>i_max=2nA, tau=10ms</c>: a point as the command line wrote its values.</summary>
    internal static string Describe(IReadOnlyList<SweptParameter> swept, GridPoint point) =>
        string.Join(", ", swept.Select((p, k) => $"{p.Name}={p.Texts[point.Choice[k]]}"));

    private static INetwork? Build(INetworkFactory factory, SweepSettings settings, GridPoint point, IReadOnlyDictionary<string, string> inputs, long steps, out string? error)
    {
        error = null;
        INetwork network;
        try
        {
            network = factory.Create(settings.Seed + (ulong)point.Index, point.Values);
        }
        catch (ArgumentException ex)
        {
            error = ex.Message;
            return null;
        }
        error = Stimuli.Attach(network, inputs, steps, TextWriter.Null);
        return error is null ? network : null;
    }

    private static SweepRun Run(INetworkFactory factory, SweepSettings settings, GridPoint point, IReadOnlyDictionary<string, string> inputs, long steps, CancellationToken stop)
    {
        // Checked above: building cannot fail here.
        using var network = Build(factory, settings, point, inputs, steps, out _)!;
        RunOutput.Discard(network);
        long start = System.Diagnostics.Stopwatch.GetTimestamp();
        long done = 0;
        long chunk = Math.Max(1, SimulationTime.Steps(TimeSpan.FromMilliseconds(100), network.Dt));
        while (done < steps && !stop.IsCancellationRequested)
        {
            long n = Math.Min(chunk, steps - done);
            network.Run(n);
            done += n;
        }
        double wall = System.Diagnostics.Stopwatch.GetElapsedTime(start).TotalSeconds;
        var summary = RunSummary.Of(network, settings.Seed + (ulong)point.Index, done, steps, wall, done < steps);
        var rated = network.Populations.Concat(network.Subgroups).Where(p => p.RateMonitor is not null).Select(p => p.Name).ToList();
        return new SweepRun(summary, rated);
    }
}

/// <summary>One finished run of a sweep: its summary, and the populations whose rate the network records.</summary>
internal sealed record SweepRun(RunSummary Summary, IReadOnlyList<string> RateMonitored);
