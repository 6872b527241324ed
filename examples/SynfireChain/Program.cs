// Synfire chain (Diesmann, Gewaltig & Aertsen 1999): a volley of 'a' spikes with temporal spread 'sigma'
// enters the first of ten groups of 100 noisy integrate-and-fire neurons (SynfireChain.snn). A strong, sharp
// volley travels down the chain as a packet of synchronous spikes; a weak or diffuse one dies out.
//
//   dotnet run -c Release --project examples/SynfireChain -- --seed 1 --out /tmp/plots
//
// Runs the network twice (strong volley, then weak volley), prints key=value lines with, for each run and
// group, the spikes of the packet and their temporal spread, and writes SynfireChain.png (the two rasters)
// into --out (default: the current directory). Exit code 0 when the strong volley reaches the last group and
// the weak one does not, 1 otherwise, 2 on bad arguments.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using ScottPlot;

namespace Examples.SynfireChain;

public static class Program
{
    public static int Main(string[] args)
    {
        ulong seed = 1;
        string outDir = ".";
        var strong = new Volley(100, 1.0);
        var weak = new Volley(40, 1.0);
        for (int k = 0; k < args.Length; k++)
        {
            string name = args[k];
            if (name is "-h" or "--help")
            {
                PrintUsage();
                return 0;
            }
            if (k + 1 >= args.Length)
            {
                return Fail($"{name} needs a value");
            }
            string value = args[++k];
            bool isInt = int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n);
            bool isReal = double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double x);
            switch (name)
            {
                case "--seed" when ulong.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong s):
                    seed = s;
                    break;
                case "--out":
                    outDir = value;
                    break;
                case "--strong-a" when isInt && n >= 1 && n <= Chain.MaxVolley:
                    strong = strong with { Spikes = n };
                    break;
                case "--strong-sigma" when isReal && x >= 0 && x <= 10:
                    strong = strong with { SigmaMs = x };
                    break;
                case "--weak-a" when isInt && n >= 1 && n <= Chain.MaxVolley:
                    weak = weak with { Spikes = n };
                    break;
                case "--weak-sigma" when isReal && x >= 0 && x <= 10:
                    weak = weak with { SigmaMs = x };
                    break;
                default:
                    return Fail($"invalid option or value: {name} {value}");
            }
        }

        var strongRun = Chain.Run(strong, seed);
        var weakRun = Chain.Run(weak, seed);

        Console.WriteLine($"seed={seed}");
        Console.WriteLine($"groups={Chain.Groups}");
        Console.WriteLine($"group_size={Chain.GroupSize}");
        Console.WriteLine(FormattableString.Invariant($"background_rate_hz={strongRun.BackgroundRateHz:0.##}"));
        Print("strong", strong, strongRun);
        Print("weak", weak, weakRun);
        bool ok = strongRun.ReachedLast && !weakRun.ReachedLast;
        Console.WriteLine($"propagation_as_expected={(ok ? "true" : "false")}");

        string png = SavePlot(outDir, (strong, strongRun), (weak, weakRun));
        Console.WriteLine($"png={png}");
        return ok ? 0 : 1;
    }

    private static void Print(string label, Volley volley, ChainRun run)
    {
        Console.WriteLine(FormattableString.Invariant($"{label}_volley_a={volley.Spikes}"));
        Console.WriteLine(FormattableString.Invariant($"{label}_volley_sigma_ms={volley.SigmaMs:0.###}"));
        Console.WriteLine(FormattableString.Invariant($"{label}_input_spikes={run.Input.Count}"));
        Console.WriteLine(FormattableString.Invariant($"{label}_input_sigma_ms={Packet.Of(run.Input.Select(s => s.TimeMs)).SigmaMs:0.###}"));
        for (int g = 0; g < run.Packets.Length; g++)
        {
            var p = run.Packets[g];
            Console.WriteLine(FormattableString.Invariant($"{label}_group{g}_spikes={p.Spikes}"));
            Console.WriteLine(FormattableString.Invariant($"{label}_group{g}_sigma_ms={(p.Spikes >= 2 ? p.SigmaMs.ToString("0.###", CultureInfo.InvariantCulture) : "nan")}"));
        }
        Console.WriteLine(FormattableString.Invariant($"{label}_groups_reached={run.GroupsReached}"));
        Console.WriteLine($"{label}_reached_last_group={(run.ReachedLast ? "true" : "false")}");
    }

    private static string SavePlot(string outDir, params (Volley Volley, ChainRun Run)[] runs)
    {
        var multiplot = new Multiplot();
        multiplot.AddPlots(runs.Length);
        for (int r = 0; r < runs.Length; r++)
        {
            var (volley, run) = runs[r];
            var plot = multiplot.GetPlot(r);
            var xs = run.Spikes.Select(s => s.TimeMs).ToArray();
            var ys = run.Spikes.Select(s => s.Neuron / (double)Chain.GroupSize).ToArray();
            var raster = plot.Add.ScatterPoints(xs, ys);
            raster.MarkerSize = 2;
            raster.Color = Colors.Black;
            raster.LegendText = "chain neurons";
            var input = plot.Add.ScatterPoints(
                run.Input.Select(s => s.TimeMs).ToArray(),
                run.Input.Select(s => -1 + s.Neuron / (double)Chain.MaxVolley).ToArray());
            input.MarkerSize = 2;
            input.Color = Colors.Red;
            input.LegendText = "input volley";
            for (int g = 0; g <= Chain.Groups; g++)
            {
                var line = plot.Add.HorizontalLine(g, 0.5f, Colors.Gray);
                line.LinePattern = LinePattern.Dotted;
            }
            plot.Title(FormattableString.Invariant(
                $"{(r == 0 ? "Strong" : "Weak")} volley: a = {volley.Spikes} spikes, sigma = {volley.SigmaMs:0.##} ms; packet reaches {run.GroupsReached} of {Chain.Groups} groups"));
            plot.XLabel("time (ms)");
            plot.YLabel("group (neuron / 100); input below 0");
            plot.Axes.SetLimits(0, Chain.DurationMs, -1.2, Chain.Groups + 0.2);
            plot.ShowLegend(Alignment.LowerRight);
        }
        return PngFile.Save(multiplot.Render(1000, 1000), outDir, "SynfireChain.png");
    }
    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        PrintUsage();
        return 2;
    }

    private static void PrintUsage() =>
        Console.Error.WriteLine("usage: SynfireChain [--seed <n>=1] [--out <dir>=.] [--strong-a <spikes>=100] [--strong-sigma <ms>=1] [--weak-a <spikes>=40] [--weak-sigma <ms>=1]");
}

/// <summary>An input volley: <see cref="Spikes"/> sources fire once each, at t0 + sigma * N(0, 1).</summary>
public sealed record Volley(int Spikes, double SigmaMs);

public readonly record struct SpikeEvent(double TimeMs, int Neuron);

/// <summary>A pulse packet: its spikes, their mean time and their standard deviation (ms).</summary>
public readonly record struct Packet(int Spikes, double MeanMs, double SigmaMs)
{
    public static Packet Of(IEnumerable<double> times)
    {
        var list = times.ToList();
        if (list.Count == 0)
        {
            return new Packet(0, double.NaN, double.NaN);
        }
        double mean = list.Average();
        double variance = list.Count > 1 ? list.Sum(t => (t - mean) * (t - mean)) / (list.Count - 1) : 0;
        return new Packet(list.Count, mean, Math.Sqrt(variance));
    }
}

public sealed record ChainRun(List<SpikeEvent> Input, List<SpikeEvent> Spikes, Packet[] Packets)
{
    /// <summary>Groups, from the first, whose packet has at least half the group's neurons.</summary>
    public int GroupsReached => Packets.TakeWhile(p => p.Spikes >= Chain.GroupSize / 2).Count();

    public bool ReachedLast => GroupsReached == Chain.Groups;

    /// <summary>Spontaneous firing from 10 ms (after the start-up transient) until the volley.</summary>
    public double BackgroundRateHz =>
        Spikes.Count(s => s.TimeMs >= 10 && s.TimeMs < Chain.VolleyMs - 10) / ((Chain.VolleyMs - 20) * 1e-3) / (Chain.Groups * Chain.GroupSize);
}

public static class Chain
{
    public const int Groups = 10, GroupSize = 100, MaxVolley = 200;

    /// <summary>Mean time of the input volley: late enough for the start-up transient of the noise to be over.</summary>
    public const double VolleyMs = 50;

    public const double DurationMs = 170;

    /// <summary>Synaptic delay between groups (d_syn of the .snn).</summary>
    public const double DelayMs = 5;

    /// <summary>
    /// Builds a fresh network, fires the volley through the input population and records every spike. The
    /// volley's spike times are drawn from <paramref name="seed"/> too, so a seed fixes the whole run.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static ChainRun Run(Volley volley, ulong seed)
    {
        var net = new SynfireChain(seed);
        if (net.groups != Groups || net.group_size != GroupSize || net.max_volley != MaxVolley || Math.Abs(net.d_syn * 1e3 - DelayMs) > 1e-9)
        {
            throw new InvalidOperationException("SynfireChain.snn and the constants of Chain disagree on the chain's shape or delay.");
        }
        double dtMs = SynfireChain.Dt * 1e3;
        var random = new Random(unchecked((int)seed ^ 0x5eed));
        var byStep = new SortedDictionary<long, List<int>>();
        var input = new List<SpikeEvent>();
        for (int source = 0; source < volley.Spikes; source++)
        {
            double ms = VolleyMs + volley.SigmaMs * Gaussian(random);
            long step = Math.Max(0, (long)Math.Round(ms / dtMs));
            if (!byStep.TryGetValue(step, out var sources))
            {
                byStep[step] = sources = new List<int>();
            }
            sources.Add(source);
            input.Add(new SpikeEvent(step * dtMs, source));
        }

        long steps = (long)Math.Round(DurationMs / dtMs);
        Simulate(net, byStep, steps);

        var monitor = net.chain.SpikeMonitor;
        var spikes = new List<SpikeEvent>(monitor.Count);
        for (int k = 0; k < monitor.Count; k++)
        {
            spikes.Add(new SpikeEvent(monitor.Steps[k] * dtMs, monitor.Indices[k]));
        }
        return new ChainRun(input, spikes, Packets(input, spikes));
    }

    /// <summary>The hot loop: steps the network, handing the input its spikes at their steps.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Simulate(SynfireChain net, SortedDictionary<long, List<int>> byStep, long steps)
    {
        for (long step = 0; step < steps; step++)
        {
            if (byStep.TryGetValue(step, out var sources))
            {
                net.volley.SetSpikes(sources.ToArray());
            }
            net.Step();
        }
    }

    /// <summary>
    /// Follows the packet from group to group. Group g's spikes are looked for from (delay - 1 ms) to
    /// (delay + 8 ms) after the mean time of group g - 1's packet (for the first group, after the input's),
    /// widened by three times that packet's spread; the spikes within 4 ms of their median make the
    /// packet (this drops most of the background spikes). When a group has no packet, the next window
    /// is placed where a packet would have been (5 ms + 2 ms latency later), to count what is there.
    /// </summary>
    public static Packet[] Packets(List<SpikeEvent> input, List<SpikeEvent> spikes)
    {
        var packets = new Packet[Groups];
        var previous = Packet.Of(input.Select(s => s.TimeMs));
        double reference = previous.MeanMs - DelayMs;
        double spread = previous.SigmaMs;
        for (int g = 0; g < Groups; g++)
        {
            double from = reference + DelayMs - 1 - 3 * spread;
            double to = reference + DelayMs + 8 + 3 * spread;
            var times = spikes.Where(s => s.Neuron / GroupSize == g && s.TimeMs >= from && s.TimeMs <= to)
                .Select(s => s.TimeMs).OrderBy(t => t).ToList();
            Packet packet;
            if (times.Count == 0)
            {
                packet = new Packet(0, double.NaN, double.NaN);
            }
            else
            {
                double median = times[times.Count / 2];
                packet = Packet.Of(times.Where(t => Math.Abs(t - median) <= 4));
            }
            packets[g] = packet;
            if (packet.Spikes >= GroupSize / 2)
            {
                reference = packet.MeanMs;
                spread = packet.SigmaMs;
            }
            else
            {
                reference += DelayMs + 2;
                spread = 0;
            }
        }
        return packets;
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
