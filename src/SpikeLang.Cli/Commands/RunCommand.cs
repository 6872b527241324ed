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
using SpikeLang.Compiler;
using SpikeLang.Runtime;
using SpikeLang.Cli.Simulation;

namespace SpikeLang.Cli.Commands;

/// <summary>What <c>spikelang run</c> was asked to do.</summary>
internal sealed record RunSettings(
    string File,
    string? Network,
    string? Duration,
    ulong Seed,
    string? OutputDirectory,
    bool Json,
    bool NoPlots,
    IReadOnlyList<string> Parameters,
    bool Verbose,
    bool NoCache = false,
    string? Weights = null)
{
    /// <summary>How recordings are written: <c>npy</c> or <c>csv</c>.</summary>
    public string Format { get; init; } = "npy";

    /// <summary><c>NAME=FILE</c>: a stimulus file for each named input population.</summary>
    public IReadOnlyList<string> Inputs { get; init; } = [];

    /// <summary>Neurons whose traces the plots draw, e.g. <c>0,5,9</c>.</summary>
    public string? PlotNeurons { get; init; }

    /// <summary>The plots' time window, e.g. <c>0.5s:1s</c>.</summary>
    public string? PlotWindow { get; init; }

    /// <summary>Threads that share each step; 0: one per core.</summary>
    public int Threads { get; init; }

    /// <summary>Where the network runs: <c>cpu</c>, <c>gpu</c> or <c>gpu-emulator</c>.</summary>
    public string Backend { get; init; } = "cpu";

    /// <summary>The memory and disk to assume instead of measuring them (tests); null: the environment's, else the machine's.</summary>
    internal ResourceLimits? Limits { get; init; }
}

/// <summary>
/// <c>spikelang run FILE.snn</c>: compiles the file exactly as the source generator does, compiles the
/// generated C# in memory with Roslyn, runs the network with progress (Ctrl-C stops it cleanly), streams
/// what it records to files with <c>--out</c> (NPY or CSV, bounded memory), draws the plots and an index
/// page, and prints a summary (or JSON).
/// </summary>
public static class RunCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The .snn file." };
        var network = new Option<string?>("--network", "-n") { Description = "The network to run; needed when the file declares several." };
        var duration = new Option<string>("--duration", "-d")
        {
            Description = "Simulated time: 1s, 500ms, 2.5s or a number of seconds. Default: the length of the network's protocol, or 1s.",
        };
        var seed = new Option<ulong>("--seed", "-s") { Description = "Seed of every random draw (initial values, connectivity, Poisson input).", DefaultValueFactory = _ => 0 };
        var output = new Option<string?>("--out", "-o") { Description = "Folder for the recordings (written while the run goes), plots and index.html." };
        var format = new Option<string>("--format") { Description = "Recording format: npy (numpy's binary files, default) or csv.", DefaultValueFactory = _ => "npy" };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object on stdout, and nothing else." };
        var noPlots = new Option<bool>("--no-plots") { Description = "With --out, write the recordings but no PNG plots." };
        var parameters = new Option<string[]>("--param", "-p")
        {
            Description = "A network parameter, name=value with a unit or in SI units (repeatable), e.g. --param n=1000 --param i_max=5nA.",
            Arity = ArgumentArity.OneOrMore,
        };
        var inputs = new Option<string[]>("--input", "-i")
        {
            Description = "Drive an input population from a file, NAME=FILE (spike times or values, .csv or .npy; repeatable).",
            Arity = ArgumentArity.OneOrMore,
        };
        var plotNeurons = new Option<string?>("--plot-neurons") { Description = "Neurons whose state the plots draw, e.g. 0,5,9 (default: 5 spread over those recorded)." };
        var plotWindow = new Option<string?>("--plot-window") { Description = "The time the plots show, FROM:TO, e.g. 0.5s:1s (default: the whole run)." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print the time each stage takes, and the start-up time to the first simulated step, on stderr." };
        var noCache = new Option<bool>("--no-cache") { Description = "Compile the generated C# even when the same simulator was compiled before (see SPIKELANG_CACHE)." };
        var weights = new Option<string?>("--weights", "-w") { Description = "Weights to load before running (a .slw file from a trainer, a simulation or 'spikelang nir import')." };
        var threads = new Option<int>("--threads", "-t")
        {
            Description = "Threads that share each step (default 0: one per core). The spikes are the same for any number.",
            DefaultValueFactory = _ => 0,
        };

        var backend = new Option<string>("--backend", "-b")
        {
            Description = "Where the network runs: cpu (the CPU simulator, default), gpu (the GPU simulator on a CUDA GPU) or gpu-emulator (the GPU simulator on ILGPU's CPU accelerator, for checks).",
            DefaultValueFactory = _ => "cpu",
        };

        var command = new Command("run", "Compile a .snn file in memory and run one of its networks.")
        {
            file, network, duration, seed, output, format, json, noPlots, parameters, inputs, plotNeurons, plotWindow, verbose, noCache, weights, threads, backend,
        };
        command.SetAction(parseResult => Execute(
            new RunSettings(
                parseResult.GetValue(file)!,
                parseResult.GetValue(network),
                parseResult.GetValue(duration),
                parseResult.GetValue(seed),
                parseResult.GetValue(output),
                parseResult.GetValue(json),
                parseResult.GetValue(noPlots),
                parseResult.GetValue(parameters) ?? [],
                parseResult.GetValue(verbose),
                parseResult.GetValue(noCache),
                parseResult.GetValue(weights))
            {
                Format = parseResult.GetValue(format)!,
                Inputs = parseResult.GetValue(inputs) ?? [],
                PlotNeurons = parseResult.GetValue(plotNeurons),
                PlotWindow = parseResult.GetValue(plotWindow),
                Threads = parseResult.GetValue(threads),
                Backend = parseResult.GetValue(backend)!,
            },
            parseResult.InvocationConfiguration.Output,
            parseResult.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>What the command line says, checked before anything is compiled.</summary>
    /// <param name="Seconds">The simulated time asked for; null for the network's protocol, or 1 s without one.</param>
    private sealed record Request(
        double? Seconds,
        Dictionary<string, string> Parameters,
        Dictionary<string, string> Inputs,
        RecordingFormat Format,
        int[]? PlotNeurons,
        (double From, double? To) PlotWindow,
        string? OutputDirectory,
        RunBackend Backend)
    {
        public required ResourceLimits Limits { get; init; }

        /// <summary>Whether this run created the output folder (a refused run removes it again, if still empty).</summary>
        public bool CreatedOutput { get; init; }
    }

    /// <summary>The simulated time of a network without a protocol when --duration is not given.</summary>
    private const double DefaultSeconds = 1.0;

    internal static int Execute(RunSettings settings, TextWriter stdout, TextWriter stderr)
    {
        var timings = new Timings();

        // Everything the command line alone can get wrong is reported before any work.
        string? error = null;
        double? seconds = settings.Duration is null ? DefaultSeconds : Durations.TryParseSeconds(settings.Duration, out error);
        var parameters = seconds is null ? null : RunOptions.Pairs(settings.Parameters, "--param", "n=1000", out error);
        error ??= parameters is null ? null : RunOptions.CheckQuantities(parameters);
        var inputs = error is not null ? null : RunOptions.Inputs(settings.Inputs, out error);
        var format = error is not null ? null : RunOptions.Format(settings.Format, out error);
        var neurons = error is not null ? null : RunOptions.Neurons(settings.PlotNeurons, out error);
        var window = error is not null ? null : RunOptions.Window(settings.PlotWindow, out error);
        var backend = error is not null ? null : RunOptions.Backend(settings.Backend, out error);
        if (settings.Threads < 0)
        {
            return Usage(stderr, $"--threads {settings.Threads} must be 0 (one per core) or more");
        }
        if (settings.Threads > Partition.MaxThreads)
        {
            return Usage(stderr, $"--threads {settings.Threads} is more than {Partition.MaxThreads}, the most a simulator takes");
        }
        if (seconds is null)
        {
            return Usage(stderr, $"--duration {error}");
        }
        if (error is not null)
        {
            return Usage(stderr, error);
        }
        var limits = settings.Limits ?? ResourceLimits.FromEnvironment(out error);
        if (limits is null)
        {
            return Usage(stderr, error!);
        }
        string? outputDirectory = null;
        bool createdOutput = false;
        if (settings.OutputDirectory is { } requestedOutput)
        {
            createdOutput = !Directory.Exists(requestedOutput);
            outputDirectory = PrepareOutputDirectory(requestedOutput, stderr);
            if (outputDirectory is null)
            {
                return CliApp.UsageError;
            }
        }
        var request = new Request(settings.Duration is null ? null : seconds.Value, parameters!, inputs!, format!.Value, neurons, window!.Value, outputDirectory, backend!.Value)
        {
            Limits = limits,
            CreatedOutput = createdOutput,
        };

        // Roslyn starts on another core while this one compiles the .snn file.
        using var warmUp = new CancellationTokenSource();
        CancellationToken warmUpToken = warmUp.Token;
        _ = Task.Run(() => InMemoryCompiler.WarmUp(warmUpToken), warmUpToken);
        try
        {
            return Execute(settings, request, timings, warmUp, stdout, stderr);
        }
        finally
        {
            warmUp.Cancel();
        }
    }

    private static int Execute(RunSettings settings, Request request, Timings timings, CancellationTokenSource warmUp, TextWriter stdout, TextWriter stderr)
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
        // A GPU backend: the network's GPU simulator beside its CPU one (which builds the network), and the device.
        GeneratedSource? gpuSource = null;
        if (request.Backend != RunBackend.Cpu)
        {
            gpuSource = GpuBackend.Source(selected, request.Backend, stderr);
            if (gpuSource is null)
            {
                return CliApp.UsageError;
            }
        }
        using var device = request.Backend == RunBackend.Cpu ? null : GpuBackend.Open(request.Backend, stderr);
        if (request.Backend != RunBackend.Cpu && device is null)
        {
            return CliApp.UsageError;
        }
        timings.Mark("compile .snn");

        // The network's file alone (and its GPU simulator's): each generated file is complete, and one file compiles faster.
        string? cache = settings.NoCache ? null : InMemoryCompiler.DefaultCacheDirectory();
        using var loaded = InMemoryCompiler.Compile($"SpikeLang.Run.{selected.FullName}", gpuSource is null ? [selected.Source] : [selected.Source, gpuSource], cache,
            out var csharpErrors, gpu: gpuSource is not null);
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
        var gpuFactory = device is null ? null : GpuBackend.Factory(loaded.Assembly, selected.Name);
        if (factory is null || (device is not null && gpuFactory is null))
        {
            stderr.WriteLine($"spikelang: internal error: the generated assembly has no network '{selected.FullName}'");
            return CliApp.InternalError;
        }

        if (RunOptions.Unknown(request.Parameters.Keys, factory) is { } unknown)
        {
            return Usage(stderr, unknown);
        }
        var values = RunOptions.Parameters(request.Parameters, factory.Parameters, out string? parameterError);
        if (values is null)
        {
            return Usage(stderr, parameterError!);
        }

        if (request.Seconds is { } asked && SimulationTime.Steps(TimeSpan.FromSeconds(asked), factory.Dt) < 1)
        {
            return Usage(stderr, $"--duration {settings.Duration} is shorter than one time step (dt = {Durations.Format(factory.Dt)})");
        }

        // Under mpirun every rank runs this command and shares the network; each holds every spike, so rank 0 alone
        // prints and writes files.
        MpiRanks? ranks;
        try
        {
            ranks = MpiRanks.FromEnvironment();
        }
        catch (MpiUnavailableException ex)
        {
            return Usage(stderr, ex.Message);
        }
        // Finalizes MPI when the command returns, after the network's threads have stopped.
        using var ranksOwner = ranks;
        if (ranks is not null && device is not null)
        {
            return Usage(stderr, $"--backend {settings.Backend} runs in one process; under mpirun the ranks share the CPU simulator (--backend cpu)");
        }
        bool reports = ranks is not { Rank: > 0 };

        INetwork network;
        long processBefore = Environment.WorkingSet;
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            // The GPU simulator builds the CPU simulator's network on the host, with one thread, and copies it to the device.
            network = gpuFactory is null
                ? factory.Create(settings.Seed, values, ranks?.Threads(settings.Threads) ?? settings.Threads, ranks)
                : gpuFactory.Create(device!, settings.Seed, values);
        }
        catch (NotSupportedException ex) when (ranks is not null)
        {
            stderr.WriteLine($"spikelang: error: {settings.File}: {ex.Message}");
            return CliApp.SnnErrors;
        }
        catch (RankMismatchException ex)
        {
            return Usage(stderr, ex.Message);
        }
        catch (OutOfMemoryException)
        {
            return Refuse(request, stderr,
                $"network '{factory.NetworkName}' does not fit in memory: building it ran out of the {RunOutput.Bytes(request.Limits.AvailableMemory())} the process may use; build a smaller network (fewer neurons or synapses)");
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
        // Stops the network's threads when the command returns.
        using var threadsOwner = network;
        var built = new BuildCost(processBefore, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
        timings.Mark("construct");

        // Without --duration a network with a protocol runs it to its end, as its phases follow each other.
        long steps = request.Seconds is { } seconds ? SimulationTime.Steps(TimeSpan.FromSeconds(seconds), factory.Dt)
            : network.Phases.Count > 0 ? network.Phases[^1].EndStep
            : SimulationTime.Steps(TimeSpan.FromSeconds(DefaultSeconds), factory.Dt);
        if (request.PlotWindow.From >= steps * factory.Dt)
        {
            return Usage(stderr, $"--plot-window {settings.PlotWindow} starts after the run ends ({Durations.Format(steps * factory.Dt)})");
        }

        if (settings.Weights is { } weightsPath)
        {
            WeightSet? weights = null;
            string? unreadable = null;
            try
            {
                weights = WeightFile.Load(weightsPath);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                unreadable = ex.Message;
            }
            // Every rank reads the file; all stop when one cannot, or the others would wait for it in SetWeights' exchange.
            if (ranks is { Size: > 1 } && ranks.AllMax(unreadable is null ? 0ul : 1ul) == 1 && unreadable is null)
            {
                return Usage(stderr, $"--weights {weightsPath}: another rank could not read it (its message says why); rank {ranks.Rank} stops with it");
            }
            if (unreadable is not null)
            {
                return Usage(stderr, $"--weights {weightsPath}: {unreadable}");
            }
            try
            {
                network.SetWeights(weights!);
            }
            catch (Exception ex) when (ex is WeightMismatchException or NotSupportedException)
            {
                return Usage(stderr, $"--weights {weightsPath}: {ex.Message}");
            }
            timings.Mark("load weights");
        }

        if (Stimuli.Attach(network, request.Inputs, steps, stderr) is { } stimulusError)
        {
            return Usage(stderr, stimulusError);
        }

        var plotOptions = new PlotOptions(request.PlotNeurons, SimulationTime.Steps(TimeSpan.FromSeconds(request.PlotWindow.From), network.Dt),
            request.PlotWindow.To is { } to ? Math.Min(steps, SimulationTime.Steps(TimeSpan.FromSeconds(to), network.Dt)) : steps);

        // A run that cannot fit is refused now, not after hours of simulation.
        var budget = RunBudget.Check(network, steps, built, request.OutputDirectory is null ? null : request.Format, request.OutputDirectory,
            settings.NoPlots ? null : plotOptions, request.Limits, out string? refusal);
        // Each rank checks its own memory; all stop when one refuses, or the others would wait for it in the first exchange.
        if (ranks is { Size: > 1 } && ranks.AllMax(budget is null ? 1ul : 0ul) == 1 && budget is not null)
        {
            return Refuse(request, stderr, $"another rank refused the run (its message says why); rank {ranks.Rank} stops with it");
        }
        if (budget is null)
        {
            return Refuse(request, stderr, refusal!);
        }

        return RunOutput.Run(settings, network, steps, budget, request.Format, plotOptions, reports ? request.OutputDirectory : null, timings,
            reports ? stdout : TextWriter.Null, stderr, ranks);
    }

    /// <summary>Refuses a run that does not fit: the reason on stderr, and the output folder removed again if this run made it and it is empty.</summary>
    private static int Refuse(Request request, TextWriter stderr, string reason)
    {
        if (request.CreatedOutput && request.OutputDirectory is { } directory)
        {
            try
            {
                if (!Directory.EnumerateFileSystemEntries(directory).Any())
                {
                    Directory.Delete(directory);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // An empty folder left behind is harmless; the refusal is what matters.
            }
        }
        return Usage(stderr, reason);
    }

    internal static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"spikelang: error: {message}");
        return CliApp.UsageError;
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

    /// <summary>Wall-clock time of each stage since <see cref="CliApp.Run"/> was entered, for --verbose.</summary>
    internal sealed class Timings
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
}
