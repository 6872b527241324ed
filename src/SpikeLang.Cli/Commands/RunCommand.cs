using System;
using System.Buffers;
using System.Collections.Generic;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using SpikeLang.Cli.Output;
using SpikeLang.Runtime;
using SpikeLang.Cli.Simulation;

namespace SpikeLang.Cli.Commands;

/// <summary>What <c>spikelang run</c> was asked to do.</summary>
internal sealed record RunSettings(
    string File,
    string? Network,
    string Duration,
    ulong Seed,
    string? OutputDirectory,
    bool Json,
    bool NoPlots,
    IReadOnlyList<string> Parameters,
    bool Verbose,
    bool NoCache = false,
    string? Weights = null);

/// <summary>
/// <c>spikelang run FILE.snn</c>: compiles the file exactly as the source generator does, compiles the
/// generated C# in memory with Roslyn, runs the network with progress, and prints a summary (or JSON);
/// with <c>--out</c> it writes the recordings as CSV and PNG.
/// </summary>
public static class RunCommand
{
    /// <summary>Simulated time per progress update (fewer when the run is short).</summary>
    private static readonly TimeSpan ChunkDuration = TimeSpan.FromMilliseconds(100);

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The .snn file." };
        var network = new Option<string?>("--network", "-n") { Description = "The network to run; needed when the file declares several." };
        var duration = new Option<string>("--duration", "-d")
        {
            Description = "Simulated time: 1s, 500ms, 2.5s or a number of seconds.",
            DefaultValueFactory = _ => "1s",
        };
        var seed = new Option<ulong>("--seed", "-s") { Description = "Seed of every random draw (initial values, connectivity, Poisson input).", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for the recordings: spikes, state and weights as CSV, plots as PNG." };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object on stdout, and nothing else." };
        var noPlots = new Option<bool>("--no-plots") { Description = "With --out, write the CSV files but no PNG plots." };
        var parameters = new Option<string[]>("--param", "-p")
        {
            Description = "A network parameter, name=value in SI units (repeatable), e.g. --param n=1000.",
            Arity = ArgumentArity.OneOrMore,
        };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print the time each stage takes, and the start-up time to the first simulated step, on stderr." };
        var noCache = new Option<bool>("--no-cache") { Description = "Compile the generated C# even when the same simulator was compiled before (see SPIKELANG_CACHE)." };
        var weights = new Option<string?>("--weights", "-w") { Description = "Weights to load before running (a .slw file from a trainer, a simulation or 'spikelang nir import')." };

        var command = new Command("run", "Compile a .snn file in memory and run one of its networks.")
        {
            file, network, duration, seed, output, json, noPlots, parameters, verbose, noCache, weights,
        };
        command.SetAction(parseResult => Execute(
            new RunSettings(
                parseResult.GetValue(file)!,
                parseResult.GetValue(network),
                parseResult.GetValue(duration)!,
                parseResult.GetValue(seed),
                parseResult.GetValue(output),
                parseResult.GetValue(json),
                parseResult.GetValue(noPlots),
                parseResult.GetValue(parameters) ?? [],
                parseResult.GetValue(verbose),
                parseResult.GetValue(noCache),
                parseResult.GetValue(weights)),
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    internal static int Execute(RunSettings settings, TextWriter stdout, TextWriter stderr)
    {
        var timings = new Timings();

        // Everything the command line alone can get wrong is reported before any work.
        double? seconds = Durations.TryParseSeconds(settings.Duration, out string? durationError);
        if (seconds is null)
        {
            return Usage(stderr, $"--duration {durationError}");
        }
        var values = ParseParameters(settings.Parameters, stderr);
        if (values is null)
        {
            return CliApp.UsageError;
        }
        string? outputDirectory = null;
        if (settings.OutputDirectory is { } requestedOutput)
        {
            outputDirectory = PrepareOutputDirectory(requestedOutput, stderr);
            if (outputDirectory is null)
            {
                return CliApp.UsageError;
            }
        }

        // Roslyn starts on another core while this one compiles the .snn file.
        using var warmUp = new CancellationTokenSource();
        CancellationToken warmUpToken = warmUp.Token;
        _ = Task.Run(() => InMemoryCompiler.WarmUp(warmUpToken), warmUpToken);
        try
        {
            return Execute(settings, seconds.Value, values, outputDirectory, timings, warmUp, stdout, stderr);
        }
        finally
        {
            warmUp.Cancel();
        }
    }

    private static int Execute(RunSettings settings, double seconds, Dictionary<string, double> values, string? outputDirectory, Timings timings, CancellationTokenSource warmUp, TextWriter stdout, TextWriter stderr)
    {
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
        timings.Mark("compile .snn");

        // The network's file alone: each generated file is complete, and one file compiles faster.
        string? cache = settings.NoCache ? null : InMemoryCompiler.DefaultCacheDirectory();
        using var loaded = InMemoryCompiler.Compile($"SpikeLang.Run.{selected.FullName}", [selected.Source], cache, out var csharpErrors);
        warmUp.Cancel();
        if (loaded is null)
        {
            stderr.WriteLine($"spikelang: internal error: the C# generated for network '{selected.Name}' does not compile (a compiler bug; please report it with the .snn file):");
            foreach (string error in csharpErrors.Take(10))
            {
                stderr.WriteLine($"  {error}");
            }
            return CliApp.InternalError;
        }
        timings.Mark(loaded.FromCache ? "load cached C# build" : "compile C#");

        var factory = loaded.Factory(selected.Name);
        if (factory is null)
        {
            stderr.WriteLine($"spikelang: internal error: the generated assembly has no network '{selected.FullName}'");
            return CliApp.InternalError;
        }

        var unknown = values.Keys.Where(k => factory.Parameters.All(p => p.Name != k)).ToList();
        if (unknown.Count > 0)
        {
            string valid = factory.Parameters.Count == 0
                ? $"network '{factory.NetworkName}' has no parameters"
                : $"the parameters of network '{factory.NetworkName}' are: {string.Join(", ", factory.Parameters.Select(p => p.Name))}";
            return Usage(stderr, $"--param: unknown parameter{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"'{u}'"))}; {valid}");
        }

        long steps = SimulationTime.Steps(TimeSpan.FromSeconds(seconds), factory.Dt);
        if (steps < 1)
        {
            return Usage(stderr, $"--duration {settings.Duration} is shorter than one time step (dt = {Durations.Format(factory.Dt)})");
        }

        INetwork network;
        try
        {
            network = factory.Create(settings.Seed, values);
        }
        catch (ArgumentException ex) when (values.Count > 0)
        {
            return Usage(stderr, $"--param: {ex.Message}");
        }
        catch (ArgumentException ex)
        {
            // A value the compiler could not check (per neuron, or drawn at construction) is out of range.
            stderr.WriteLine($"spikelang: error: {settings.File}: network '{factory.NetworkName}' cannot be built: {ex.Message}");
            return CliApp.SnnErrors;
        }
        timings.Mark("construct");

        if (settings.Weights is { } weightsPath)
        {
            try
            {
                network.SetWeights(WeightFile.Load(weightsPath));
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or WeightMismatchException)
            {
                return Usage(stderr, $"--weights {weightsPath}: {ex.Message}");
            }
            timings.Mark("load weights");
        }

        // Room for the whole run in the state monitors up front, rather than a copy per chunk.
        foreach (var trace in network.Populations.Concat(network.Subgroups).SelectMany(p => p.StateMonitors))
        {
            long needed = trace.Samples + steps;
            if (needed <= int.MaxValue)
            {
                trace.EnsureCapacity((int)needed);
            }
        }

        bool interactive = !settings.Json && ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected;
        var outcome = Simulate(network, steps, interactive, stdout, stderr);
        timings.Mark("simulate");

        if (settings.Verbose)
        {
            timings.Report(stderr, outcome.FirstStepDone);
        }

        List<string> written = [];
        if (outputDirectory is not null)
        {
            try
            {
                var recording = new Recording(network);
                written.AddRange(RecordingWriter.WriteCsv(recording, outputDirectory));
                if (!settings.NoPlots)
                {
                    written.AddRange(Plots.WritePng(recording, outputDirectory));
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return Usage(stderr, $"cannot write to output folder '{settings.OutputDirectory}': {ex.Message}");
            }
            if (settings.Verbose)
            {
                timings.Mark("write output");
                timings.Report(stderr, null, onlyLast: true);
            }
        }

        if (network.NonFinite is { } nonFinite)
        {
            // A diverging integration is a wrong answer, not a slow one: say so, whatever the output mode.
            stderr.WriteLine($"spikelang: warning: {settings.File}: {nonFinite}");
        }
        if (settings.Json)
        {
            stdout.WriteLine(Json(network, outcome));
        }
        else
        {
            WriteSummary(stdout, settings, network, outcome, outputDirectory, written);
        }
        return 0;
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"spikelang: error: {message}");
        return CliApp.UsageError;
    }

    /// <summary><c>name=value</c> pairs; null, with the reason on <paramref name="stderr"/>, when one is malformed.</summary>
    private static Dictionary<string, double>? ParseParameters(IReadOnlyList<string> parameters, TextWriter stderr)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string parameter in parameters)
        {
            int equals = parameter.IndexOf('=');
            string name = equals < 0 ? "" : parameter[..equals].Trim();
            string text = equals < 0 ? "" : parameter[(equals + 1)..].Trim();
            if (name.Length == 0)
            {
                Usage(stderr, $"--param '{parameter}' is not name=value (for example --param n=1000)");
                return null;
            }
            if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value))
            {
                Usage(stderr, $"--param {name}: '{text}' is not a number (network parameters are given in SI units, e.g. 0.005 for 5 ms)");
                return null;
            }
            if (!values.TryAdd(name, value))
            {
                Usage(stderr, $"--param {name} is given twice");
                return null;
            }
        }
        return values;
    }

    /// <summary>Creates the folder and checks that a file can be written there; null with the reason otherwise.</summary>
    private static string? PrepareOutputDirectory(string directory, TextWriter stderr)
    {
        try
        {
            // The common mistake, said plainly: a file where a folder of the path should be.
            for (string? path = Path.GetFullPath(directory); path is not null; path = Path.GetDirectoryName(path))
            {
                if (File.Exists(path))
                {
                    Usage(stderr, path == Path.GetFullPath(directory)
                        ? $"cannot write to output folder '{directory}': it is a file"
                        : $"cannot write to output folder '{directory}': '{path}' is a file, not a folder");
                    return null;
                }
            }
            Directory.CreateDirectory(directory);
            string probe = Path.Combine(directory, $".spikelang-write-test-{Guid.NewGuid():N}");
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
            return directory;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Usage(stderr, $"cannot write to output folder '{directory}': {ex.Message}");
            return null;
        }
    }

    private sealed record SimulationOutcome(long Steps, double WallSeconds, long FirstStepDone);

    /// <summary>Runs in chunks, reporting progress after each: a live bar on a terminal, else a line per tenth on stderr.</summary>
    private static SimulationOutcome Simulate(INetwork network, long steps, bool interactive, TextWriter stdout, TextWriter stderr)
    {
        long chunk = Math.Max(1, Math.Min(SimulationTime.Steps(ChunkDuration, network.Dt), (steps + 19) / 20));
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
            while (done < steps)
            {
                long n = Math.Min(chunk, steps - done);
                network.Run(n);
                done += n;
                report(done, Stopwatch.GetElapsedTime(start).TotalSeconds, TotalSpikes(network));
            }
            return new SimulationOutcome(steps, Stopwatch.GetElapsedTime(start).TotalSeconds, firstStepDone);
        }

        if (interactive)
        {
            return InteractiveProgress.Run(stdout, name, steps, total, network.Dt, Loop);
        }

        int lastTenth = 0;
        return Loop((done, wall, spikes) =>
        {
            int tenth = (int)(done * 10 / steps);
            if (tenth > lastTenth)
            {
                lastTenth = tenth;
                stderr.WriteLine(FormattableString.Invariant(
                    $"spikelang: {name} {tenth * 10,3}%  {done * network.Dt:0.000} s of {Durations.Format(total)} simulated  wall {wall:0.00} s  {SpikesPerSecond(spikes, wall)}"));
            }
        });
    }

    internal static string SpikesPerSecond(long spikes, double wall) =>
        wall > 0 ? FormattableString.Invariant($"{spikes / wall:#,0} spikes/s") : "";

    private static string Json(INetwork network, SimulationOutcome outcome)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            double duration = outcome.Steps * network.Dt;
            writer.WriteStartObject();
            writer.WriteString("network", network.Name);
            writer.WriteNumber("duration_s", Math.Round(duration, 9));
            writer.WriteNumber("dt_s", network.Dt);
            writer.WriteNumber("wall_s", Math.Round(outcome.WallSeconds, 6));
            foreach (var (property, populations) in new[] { ("populations", network.Populations), ("subgroups", network.Subgroups) })
            {
                writer.WriteStartArray(property);
                foreach (var population in populations)
                {
                    long spikes = population.SpikeCount;
                    writer.WriteStartObject();
                    writer.WriteString("name", population.Name);
                    writer.WriteNumber("neurons", population.Count);
                    writer.WriteNumber("spikes", spikes);
                    writer.WriteNumber("rate_hz", Rate(spikes, population.Count, duration));
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            if (network.NonFinite is { } bad)
            {
                writer.WriteStartObject("non_finite");
                writer.WriteString("population", bad.Population);
                writer.WriteString("variable", bad.Variable);
                writer.WriteNumber("neuron", bad.Neuron);
                // NaN and ±∞ are no JSON numbers.
                writer.WriteString("value", bad.Value.ToString(CultureInfo.InvariantCulture));
                writer.WriteNumber("step", bad.Step);
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static double Rate(long spikes, int neurons, double duration) =>
        neurons > 0 && duration > 0 ? spikes / (double)neurons / duration : 0;

    private static void WriteSummary(TextWriter stdout, RunSettings settings, INetwork network, SimulationOutcome outcome, string? outputDirectory, List<string> written)
    {
        double dt = network.Dt;
        double duration = outcome.Steps * dt;
        stdout.WriteLine(FormattableString.Invariant(
            $"{network.Name}: {Durations.Format(duration)} simulated in {outcome.Steps} steps of {Durations.Format(dt)} (seed {settings.Seed})"));
        stdout.WriteLine();

        // Subgroups follow their populations, marked, since their spikes are already counted there.
        var rows = network.Populations.Select(p => (Population: p, Label: p.Name))
            .Concat(network.Subgroups.Select(g => (Population: g, Label: g.Name + " (subgroup)")))
            .Select(x => (Name: x.Label, Neurons: x.Population.Count.ToString(CultureInfo.InvariantCulture),
                Spikes: x.Population.SpikeCount.ToString(CultureInfo.InvariantCulture),
                Rate: Rate(x.Population.SpikeCount, x.Population.Count, duration).ToString("0.###", CultureInfo.InvariantCulture)))
            .ToList();
        int nameWidth = Math.Max("population".Length, rows.Max(r => r.Name.Length));
        int neuronsWidth = Math.Max("neurons".Length, rows.Max(r => r.Neurons.Length));
        int spikesWidth = Math.Max("spikes".Length, rows.Max(r => r.Spikes.Length));
        int rateWidth = Math.Max("rate (Hz)".Length, rows.Max(r => r.Rate.Length));
        stdout.WriteLine($"  {"population".PadRight(nameWidth)}  {"neurons".PadLeft(neuronsWidth)}  {"spikes".PadLeft(spikesWidth)}  {"rate (Hz)".PadLeft(rateWidth)}");
        foreach (var row in rows)
        {
            stdout.WriteLine($"  {row.Name.PadRight(nameWidth)}  {row.Neurons.PadLeft(neuronsWidth)}  {row.Spikes.PadLeft(spikesWidth)}  {row.Rate.PadLeft(rateWidth)}");
        }
        stdout.WriteLine();

        double wall = outcome.WallSeconds;
        string speed = wall > 0 ? FormattableString.Invariant($" ({duration / wall:0.##} × real time, {SpikesPerSecond(TotalSpikes(network), wall)})") : "";
        stdout.WriteLine(FormattableString.Invariant($"wall time {wall:0.000} s{speed}"));

        if (outputDirectory is not null)
        {
            if (!network.Populations.Concat(network.Subgroups).Any(p => p.SpikeMonitor is not null))
            {
                stdout.WriteLine("no population records spikes (add 'record spikes <population>' to the network), so there is no spikes.csv or spike raster");
            }
            if (written.Count == 0)
            {
                stdout.WriteLine($"nothing recorded to write to {outputDirectory}");
            }
            else
            {
                stdout.WriteLine($"wrote {written.Count} file{(written.Count == 1 ? "" : "s")} to {outputDirectory}: {string.Join(", ", written.Select(Path.GetFileName))}");
            }
        }
    }

    /// <summary>Wall-clock time of each stage since <see cref="CliApp.Run"/> was entered, for --verbose.</summary>
    private sealed class Timings
    {
        private readonly List<(string Stage, long End)> _marks = [];

        public void Mark(string stage) => _marks.Add((stage, Stopwatch.GetTimestamp()));

        public void Report(TextWriter stderr, long? firstStepDone, bool onlyLast = false)
        {
            long previous = CliApp.StartTimestamp;
            var parts = new List<string>();
            for (int k = 0; k < _marks.Count; k++)
            {
                if (!onlyLast || k == _marks.Count - 1)
                {
                    parts.Add(FormattableString.Invariant($"{_marks[k].Stage} {Stopwatch.GetElapsedTime(previous, _marks[k].End).TotalMilliseconds:0} ms"));
                }
                previous = _marks[k].End;
            }
            stderr.WriteLine($"spikelang: timings: {string.Join(", ", parts)}");

            if (firstStepDone is { } firstStep)
            {
                double fromMain = Stopwatch.GetElapsedTime(CliApp.StartTimestamp, firstStep).TotalSeconds;
                string fromProcess = "";
                try
                {
                    // Includes the runtime's own start-up, before Main; meaningless in-process (tests).
                    TimeSpan sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
                    double processSeconds = sinceStart.TotalSeconds - Stopwatch.GetElapsedTime(firstStep).TotalSeconds;
                    fromProcess = FormattableString.Invariant($", {processSeconds:0.000} s after the process started");
                }
                catch (Exception ex) when (ex is InvalidOperationException or PlatformNotSupportedException or System.ComponentModel.Win32Exception)
                {
                    // No process start time on this platform: the figure from Main stands alone.
                }
                stderr.WriteLine(FormattableString.Invariant($"spikelang: start-up: first simulated step done {fromMain:0.000} s after Main{fromProcess}"));
            }
        }
    }

    private static long TotalSpikes(INetwork network)
    {
        long total = 0;
        foreach (var population in network.Populations)
        {
            total += population.SpikeCount;
        }
        return total;
    }
}
