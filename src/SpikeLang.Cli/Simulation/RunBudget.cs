using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Cli.Commands;
using SpikeLang.Cli.Output;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Simulation;

/// <summary>One thing a run holds in memory or writes to disk, and what would make it smaller.</summary>
internal sealed record BudgetPart(string What, long Bytes, string Fix);

/// <summary>What the process held before the network was built, and what building it allocated.</summary>
internal sealed record BuildCost(long ProcessBytes, long NetworkBytes);

/// <summary>
/// The memory a run will hold at its peak and the bytes it will write, predicted before it starts, part by
/// part, so that a run that cannot fit is refused at once instead of failing hours in, and the refusal can say
/// which part to shrink. Nothing here grows with the run's length in memory: monitors stream through fixed
/// buffers, plots keep at most <see cref="PlotData.MaxRasterPoints"/> spikes and a bounded number of points per
/// trace; what does grow, the recordings, goes to disk and is checked against the output folder's free space.
/// </summary>
internal sealed class RunBudget
{
    /// <summary>
    /// ScottPlot, SkiaSharp's native library and their first drawing: the growth of the peak working set between
    /// the same small run with and without plots (bench/recording/peak.sh: CUBA for 1 s recorded, 111.8 MB without
    /// plots, 128.6 MB with, its raster and bitmaps included), rounded up.
    /// </summary>
    internal const long DrawingBytes = 24_000_000;

    /// <summary>The part that is the network itself, which the estimate line names.</summary>
    internal const string NetworkPart = "the network as built";

    /// <summary>A PNG as the plots write them (1200 × 900 at most, mostly white): a generous size per picture.</summary>
    private const long PictureFileBytes = 400_000;

    private RunBudget(IReadOnlyList<BudgetPart> memory, IReadOnlyList<BudgetPart> disk, long garbage)
    {
        Memory = memory;
        Disk = disk;
        GarbageBeforeRun = garbage;
    }

    /// <summary>
    /// At most what building and describing the network left as garbage before the run: the prediction assumes it
    /// is collected before the run starts (<see cref="RunOutput"/> does so when it is large).
    /// </summary>
    public long GarbageBeforeRun { get; }

    /// <summary>The parts of the peak memory, largest first.</summary>
    public IReadOnlyList<BudgetPart> Memory { get; }

    /// <summary>The parts of what is written (spikes excepted: their number is not known before the run), largest first; empty without <c>--out</c>.</summary>
    public IReadOnlyList<BudgetPart> Disk { get; }

    public long PeakBytes => Memory.Sum(p => p.Bytes);

    public long DiskBytes => Disk.Sum(p => p.Bytes);

    /// <summary>
    /// Predicts what running <paramref name="network"/> takes and checks it against <paramref name="limits"/>:
    /// the prediction, or null with why the run does not fit.
    /// </summary>
    /// <param name="format">The recordings' format; null without an output folder.</param>
    /// <param name="plots">What the plots show; null when none are drawn.</param>
    public static RunBudget? Check(INetwork network, long steps, BuildCost built, RecordingFormat? format, string? outputDirectory, PlotOptions? plots,
        ResourceLimits limits, out string? refusal)
    {
        refusal = null;
        long finalCopy = 0;
        if (format is not null)
        {
            // The end of a recorded run describes the network to write its final weights: measured by doing it once now.
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                _ = network.Describe();
            }
            catch (OutOfMemoryException)
            {
                refusal = $"network '{network.Name}' is built, but the copy of its synapses that the end of a recorded run writes does not fit in the "
                    + $"{RunOutput.Bytes(limits.AvailableMemory())} the process may use; run it without --out, or build a smaller network";
                return null;
            }
            finalCopy = GC.GetAllocatedBytesForCurrentThread() - before;
        }
        var budget = Predict(network, steps, built, format, format is null ? null : plots, finalCopy);
        refusal = budget.MemoryRefusal(limits.AvailableMemory());
        if (refusal is null && outputDirectory is not null && limits.AvailableDisk(outputDirectory) is { } free)
        {
            refusal = budget.DiskRefusal(free, outputDirectory);
        }
        return refusal is null ? budget : null;
    }

    /// <summary>Predicts what running <paramref name="network"/> (built, not yet recording) for <paramref name="steps"/> steps takes.</summary>
    /// <param name="built">The process before the network, and what building it allocated.</param>
    /// <param name="format">The recordings' format, when there is an output folder; null without one.</param>
    /// <param name="plots">What the plots show, when they are drawn; null with <c>--no-plots</c> or without an output folder.</param>
    /// <param name="finalCopyBytes">What a copy of the network's description takes (its synapses and their state): the end of a recorded run makes one.</param>
    public static RunBudget Predict(INetwork network, long steps, BuildCost built, RecordingFormat? format, PlotOptions? plots, long finalCopyBytes)
    {
        var populations = network.Populations.Concat(network.Subgroups).ToList();
        var memory = new List<BudgetPart>
        {
            new("the process before the network (the .NET runtime, the compiler and the compiled simulator)", built.ProcessBytes,
                "run it where more memory is available (a container's limit counts)"),
            new(NetworkPart, built.NetworkBytes, "build a smaller network (fewer neurons or synapses; --param where the network has a parameter for its size)"),
            new("the monitors' buffers", MonitorBuffers(network, populations, format is not null),
                "record fewer neurons or synapses at a time (a slice such as 'record state P[0:100].v', or fewer 'record weights')"),
        };
        if (format is not null)
        {
            // Recorder.Complete describes the network for synapses_*.npy, and the weight histogram describes it again.
            long synapses = SynapseCount(network);
            memory.Add(new("the final weights written at the end (a copy of every connection's synapses)", finalCopyBytes + 8 * synapses,
                "run without --out, or with fewer synapses"));
        }
        if (plots is not null)
        {
            // The weight histogram describes the network once more.
            memory.Add(new("the plots (their data and drawing)", PlotBytes(network, populations, plots) + finalCopyBytes, "--no-plots"));
        }

        var disk = new List<BudgetPart>();
        if (format is { } recordingFormat)
        {
            disk.Add(new("the state, rate and weight recordings", Recorder.EstimateBytes(network, steps, recordingFormat),
                "a shorter --duration, 'every' on 'record state' and 'record weights', a slice of the population"
                + (recordingFormat == RecordingFormat.Csv ? ", --format npy (CSV takes several times as much)" : "")));
            long finalWeights = SynapseCount(network) * (recordingFormat == RecordingFormat.Npy ? 12 : 48);
            disk.Add(new("the final weights (synapses files)", finalWeights, "fewer synapses"));
            if (plots is not null)
            {
                int pictures = populations.Count(p => p.SpikeMonitor is not null) + populations.Count(p => p.RateMonitor is not null)
                    + populations.Sum(p => p.StateMonitors.Count) + network.SynapseMonitors.Count + 1;
                disk.Add(new("the plots", pictures * PictureFileBytes, "--no-plots"));
            }
        }
        // The recorder describes the network too when it records synapses, to name their columns.
        long garbage = built.NetworkBytes + finalCopyBytes * (network.SynapseMonitors.Count > 0 ? 2 : 1);
        return new RunBudget(
            memory.OrderByDescending(p => p.Bytes).ToList(),
            disk.OrderByDescending(p => p.Bytes).ToList(),
            garbage);
    }

    /// <summary>The refusal when the predicted peak passes <paramref name="available"/>; null when the run fits.</summary>
    public string? MemoryRefusal(long available)
    {
        if (PeakBytes <= available)
        {
            return null;
        }
        BudgetPart largest = Memory[0];
        return $"this run would hold about {RunOutput.Bytes(PeakBytes)} ({PeakBytes:N0} bytes) of memory at its peak, but the process may use "
            + $"{RunOutput.Bytes(available)} ({available:N0} bytes); the largest part is {largest.What}, {RunOutput.Bytes(largest.Bytes)}: to fit, {largest.Fix} "
            + $"[{Parts(Memory)}]";
    }

    /// <summary>The refusal when what is written passes the folder's <paramref name="free"/> bytes; null when it fits.</summary>
    public string? DiskRefusal(long free, string directory)
    {
        if (DiskBytes <= free)
        {
            return null;
        }
        BudgetPart largest = Disk[0];
        return $"this run would write about {RunOutput.Bytes(DiskBytes)} ({DiskBytes:N0} bytes) to {directory} before its spikes, but its drive has "
            + $"{RunOutput.Bytes(free)} ({free:N0} bytes) free; the largest part is {largest.What}, {RunOutput.Bytes(largest.Bytes)}: to fit, {largest.Fix}, "
            + $"or an --out folder on a drive with more space [{Parts(Disk)}]";
    }

    private static string Parts(IEnumerable<BudgetPart> parts) => string.Join("; ", parts.Select(p => $"{p.What}: {RunOutput.Bytes(p.Bytes)}"));

    /// <summary>
    /// Each monitor's buffer as <see cref="Recorder"/> (recording) or <see cref="RunOutput.Discard"/> (not) sizes it:
    /// a fixed size, but never less than one sample, which for a large population or connection is the larger.
    /// </summary>
    private static long MonitorBuffers(INetwork network, List<IPopulation> populations, bool recording)
    {
        long buffer = Recorder.DefaultBufferBytes;
        long total = 0;
        foreach (IPopulation population in populations)
        {
            if (population.SpikeMonitor is { } spikes)
            {
                // A spike is a step (8 bytes) and an index (4); the buffer holds at least one step's worth.
                long held = recording ? Math.Max(buffer / 12, spikes.Neurons) : Math.Max(RunOutput.DiscardSpikes, spikes.Neurons);
                total += 12 * held;
            }
            if (population.RateMonitor is { } rate)
            {
                total += 24 * (recording ? buffer / 24 : RunOutput.DiscardRates);
            }
            foreach (IStateMonitor state in population.StateMonitors)
            {
                total += StateBuffer(state, recording ? 0 : RunOutput.DiscardStateSamples);
            }
        }
        foreach (IStateMonitor synapses in network.SynapseMonitors)
        {
            total += StateBuffer(synapses, recording ? 0 : RunOutput.DiscardSynapseSamples);
            if (recording)
            {
                // The recorder keeps each recorded synapse's pre and post neuron to name its column.
                total += 8L * synapses.Neurons;
            }
        }
        return total;

        long StateBuffer(IStateMonitor monitor, long samples)
        {
            long row = 8 + (long)monitor.Neurons * monitor.BytesPerValue;
            return row * (samples > 0 ? samples : Math.Max(1, buffer / row));
        }
    }

    /// <summary>
    /// What the plots hold: up to <see cref="PlotData.MaxRasterPoints"/> spikes per raster (a list that doubles as
    /// it grows, then the arrays drawn), each drawn trace thinned to 2 × <see cref="Decimator.DefaultBuckets"/> points,
    /// the largest picture's bitmap, and the drawing library itself.
    /// </summary>
    private static long PlotBytes(INetwork network, List<IPopulation> populations, PlotOptions plots)
    {
        long window = Math.Max(1, plots.ToStep - plots.FromStep);
        long total = DrawingBytes;
        foreach (IPopulation population in populations)
        {
            if (population.SpikeMonitor is { } spikes)
            {
                long points = Math.Min(PlotData.MaxRasterPoints, spikes.Neurons * window);
                // 16 bytes a spike in a list up to twice as long as needed, plus 12 a spike drawn and the scaled copies.
                total += points * (2 * 16 + 12 + 16);
            }
            foreach (IStateMonitor state in population.StateMonitors)
            {
                total += TraceBytes(state, plots.Neurons?.Count ?? PlotData.DefaultTraces);
            }
        }
        foreach (IStateMonitor synapses in network.SynapseMonitors)
        {
            total += TraceBytes(synapses, PlotData.DefaultTraces + 1);
        }
        // The bitmap of the largest picture (the weight histograms stack one 1000 × 450 panel per connection), twice while encoded.
        long connections = network.WeightShapes.Count;
        total += 2 * 4 * Math.Max(1200L * 900, 1000L * 450 * connections);
        return total;

        long TraceBytes(IStateMonitor monitor, int traces)
        {
            long samples = Math.Min((window + monitor.Interval - 1) / monitor.Interval, 2L * Decimator.DefaultBuckets);
            // A time and a value per point, in lists up to twice as long as needed, then in the arrays drawn.
            return Math.Min(traces, monitor.Neurons + 1L) * samples * 16 * 4;
        }
    }

    /// <summary>Synapses of the connections with a per-synapse weight: the rows of the final weight files.</summary>
    private static long SynapseCount(INetwork network) =>
        network.WeightShapes.Where(s => s.Name.EndsWith(".w", StringComparison.Ordinal)).Sum(s => s.Shape.Aggregate(1L, (a, b) => a * b));
}
