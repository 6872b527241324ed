// The classic STDP window (Bi & Poo 1998), measured pair by pair on the standard Stdp synapse of
// StdpWindow.snn: for each dt_pair = t_post - t_pre from -100 ms to +100 ms a fresh network sees one
// presynaptic spike (the host drives the input 'pre') and one postsynaptic spike (the host drives the relay
// neuron 'post' through 'drive'), and the weight change is compared with
//   dw = a_plus * exp(-dt_pair / tau_plus)  (dt_pair > 0),  a_minus * exp(dt_pair / tau_minus)  (dt_pair < 0).
//
//   dotnet run -c Release --project examples/StdpWindow -- --out /tmp/plots
//
// Prints key=value lines (pairs, max_relative_error, ...) and writes StdpWindow.png into --out (default: the
// current directory). Exit code 0 when every pair is within 1e-4 relative error, 1 when one is not, 2 on bad
// arguments.
using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;

namespace Examples.StdpWindow;

public static class Program
{
    /// <summary>The bound the issue sets for every dt_pair tested.</summary>
    public const double ErrorBound = 1e-4;

    /// <summary>Steps before the first spike of a pair, so that both spikes fall well inside the run.</summary>
    private const int Lead = 100;

    public static int Main(string[] args)
    {
        string outDir = ".";
        double maxMs = 100;
        double stepMs = 1;
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
            switch (name)
            {
                case "--out":
                    outDir = value;
                    break;
                case "--max-ms" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double m) && m > 0 && m <= 1000:
                    maxMs = m;
                    break;
                case "--step-ms" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s >= 0.1:
                    stepMs = s;
                    break;
                default:
                    return Fail($"invalid option or value: {name} {value}");
            }
        }

        var reference = new StdpWindow();
        double aPlus = reference.a_p, aMinus = reference.a_m, tauPlus = reference.tau_p, tauMinus = reference.tau_m;

        // Whole steps of dt: every stepMs from -maxMs to +maxMs, and the shortest intervals near 0.
        var deltas = new SortedSet<int>();
        int maxSteps = (int)Math.Round(maxMs * 1e-3 / StdpWindow.Dt);
        int stride = Math.Max(1, (int)Math.Round(stepMs * 1e-3 / StdpWindow.Dt));
        for (int d = stride; d <= maxSteps; d += stride)
        {
            deltas.Add(d);
            deltas.Add(-d);
        }
        foreach (int d in new[] { 1, 2, 5 })
        {
            if (d <= maxSteps)
            {
                deltas.Add(d);
                deltas.Add(-d);
            }
        }

        var measuredX = new List<double>();
        var measuredY = new List<double>();
        double worst = 0, worstDelta = 0;
        foreach (int d in deltas)
        {
            double delta = d * StdpWindow.Dt;
            double expected = Window(delta, aPlus, aMinus, tauPlus, tauMinus);
            double measured = WeightChange(d);
            double error = Math.Abs(measured - expected) / Math.Abs(expected);
            if (!(error <= worst))
            {
                worst = error;
                worstDelta = delta;
            }
            measuredX.Add(delta * 1e3);
            measuredY.Add(measured);
        }

        // Both spikes in one step: the pre pathway runs before the post pathway, so the pair counts as
        // pre-before-post and the change is a_plus (the formula leaves dt_pair = 0 open).
        double atZero = WeightChange(0);

        string png = SavePlot(outDir, measuredX, measuredY, atZero, maxMs, aPlus, aMinus, tauPlus, tauMinus);

        bool ok = worst < ErrorBound;
        Console.WriteLine(FormattableString.Invariant($"pairs={deltas.Count}"));
        Console.WriteLine(FormattableString.Invariant($"dt_pair_range_ms={-maxMs:0.###}..{maxMs:0.###}"));
        Console.WriteLine(FormattableString.Invariant($"a_plus={aPlus:R}"));
        Console.WriteLine(FormattableString.Invariant($"a_minus={aMinus:R}"));
        Console.WriteLine(FormattableString.Invariant($"tau_plus_ms={tauPlus * 1e3:0.###}"));
        Console.WriteLine(FormattableString.Invariant($"tau_minus_ms={tauMinus * 1e3:0.###}"));
        Console.WriteLine(FormattableString.Invariant($"dw_at_plus_1ms={WeightChange(10):E6}"));
        Console.WriteLine(FormattableString.Invariant($"dw_at_minus_1ms={WeightChange(-10):E6}"));
        Console.WriteLine(FormattableString.Invariant($"dw_at_zero={atZero:E6}"));
        Console.WriteLine(FormattableString.Invariant($"max_relative_error={worst:E3}"));
        Console.WriteLine(FormattableString.Invariant($"worst_dt_pair_ms={worstDelta * 1e3:0.###}"));
        Console.WriteLine(FormattableString.Invariant($"error_bound={ErrorBound:E0}"));
        Console.WriteLine($"within_bound={(ok ? "true" : "false")}");
        Console.WriteLine($"png={png}");
        return ok ? 0 : 1;
    }

    /// <summary>The analytic window for dt_pair = t_post - t_pre (seconds).</summary>
    public static double Window(double delta, double aPlus, double aMinus, double tauPlus, double tauMinus) =>
        delta > 0 ? aPlus * Math.Exp(-delta / tauPlus) : aMinus * Math.Exp(delta / tauMinus);

    /// <summary>
    /// One pair in a fresh network: the presynaptic spike at step Lead + max(0, -d), the postsynaptic spike
    /// d steps later; returns the weight change. The relay spikes in the step after its drive is delivered.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static double WeightChange(int deltaSteps)
    {
        var net = new StdpWindow();
        int preStep = Lead + Math.Max(0, -deltaSteps);
        int postStep = preStep + deltaSteps;
        double w0 = net.pre_to_post.w[0];
        ReadOnlySpan<int> first = [0];
        int last = Math.Max(preStep, postStep) + 2;
        for (int step = 0; step <= last; step++)
        {
            if (step == preStep)
            {
                net.pre.SetSpikes(first);
            }
            if (step == postStep - 1)
            {
                net.drive.SetSpikes(first);
            }
            net.Step();
            if ((net.post.Spikes.Length == 1) != (step == postStep))
            {
                throw new InvalidOperationException($"the relay spiked at the wrong step (step {step}, wanted {postStep})");
            }
        }
        return net.pre_to_post.w[0] - w0;
    }

    private static string SavePlot(string outDir, List<double> xs, List<double> ys, double atZero, double maxMs,
        double aPlus, double aMinus, double tauPlus, double tauMinus)
    {
        var plot = new ScottPlot.Plot();
        const int samples = 400;
        double[] negX = new double[samples + 1], negY = new double[samples + 1];
        double[] posX = new double[samples + 1], posY = new double[samples + 1];
        for (int k = 0; k <= samples; k++)
        {
            double ms = maxMs * k / samples;
            posX[k] = ms;
            // Each branch up to its limit at 0 (the formula itself leaves dt_pair = 0 open).
            posY[k] = aPlus * Math.Exp(-ms * 1e-3 / tauPlus);
            negX[k] = -ms;
            negY[k] = aMinus * Math.Exp(-ms * 1e-3 / tauMinus);
        }
        var points = plot.Add.ScatterPoints(xs.ToArray(), ys.ToArray());
        points.MarkerSize = 6;
        points.Color = ScottPlot.Colors.Blue;
        points.LegendText = "measured (one pre/post pair per network)";
        var zero = plot.Add.ScatterPoints(new[] { 0.0 }, new[] { atZero });
        zero.MarkerSize = 8;
        zero.MarkerShape = ScottPlot.MarkerShape.OpenCircle;
        zero.Color = ScottPlot.Colors.Red;
        zero.LegendText = "same step (pre pathway first)";

        var pos = plot.Add.ScatterLine(posX, posY);
        pos.LineWidth = 1.5f;
        pos.Color = ScottPlot.Colors.OrangeRed;
        pos.LegendText = "analytic window";
        var neg = plot.Add.ScatterLine(negX, negY);
        neg.LineWidth = 1.5f;
        neg.Color = ScottPlot.Colors.OrangeRed;

        plot.Add.HorizontalLine(0, 1, ScottPlot.Colors.Black);
        plot.Title("STDP window: standard Stdp synapse, SpikeLang");
        plot.XLabel("t_post - t_pre (ms)");
        plot.YLabel("weight change");
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        return PngFile.Save(plot.GetImage(900, 600), outDir, "StdpWindow.png");
    }
    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        PrintUsage();
        return 2;
    }

    private static void PrintUsage() =>
        Console.Error.WriteLine("usage: StdpWindow [--out <dir>=.] [--max-ms <ms>=100] [--step-ms <ms>=1]");
}
