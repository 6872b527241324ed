// Distal reward (Izhikevich 2007): dopamine-modulated STDP finds the one synapse whose
// pre-then-post coincidences are rewarded, although the reward comes 1-3 s later and every other
// synapse sees coincidences of its own in the meantime. The network is generated at build time
// from DistalReward.snn; the reward bookkeeping is in DistalRewardExperiment.cs.
//
//   dotnet run -c Release --project examples/DistalReward -- --seconds 7200 --seed 1 --out .
//
// Prints key=value lines and writes distal_reward.png (the rewarded weight and the other weights
// against time; the reward rate against time, beside the rate expected by chance). Exits 1 when
// the network does not learn: the rewarded weight must end at 90 % of its bound or more, every other
// weight below half of it, and the reward rate of the last five minutes must be at least 3 times the
// chance rate of those minutes and twice the rate of the first five. About 12 s for the default 2 h.
using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using ScottPlot;

namespace Examples.DistalReward;

public static class Program
{
    public static int Main(string[] args)
    {
        double seconds = 7200, bin = 10;
        ulong seed = 1;
        string outDir = ".";
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
                case "--seconds" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s >= 600:
                    seconds = s;
                    break;
                case "--seed" when ulong.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong n):
                    seed = n;
                    break;
                case "--out":
                    outDir = value;
                    break;
                default:
                    return Fail($"invalid option or value: {name} {value}");
            }
        }

        var net = new DistalReward(seed);
        var experiment = new DistalRewardExperiment(net, seed);
        double wMax = net.w_max;
        double targetBefore = experiment.TargetWeight;
        double othersBefore = Mean(net.pre_to_out.w);
        long start = Stopwatch.GetTimestamp();
        Simulate(experiment, seconds, bin);
        double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;

        var bins = experiment.Bins;
        // Rates over the first and the last five minutes (rewarded coincidences per minute), each beside
        // the rate that independent firing at the rates of that window would give.
        int window = (int)Math.Round(300 / bin);
        var (firstRate, firstChance, _) = Rates(bins.Take(window).ToList(), bin);
        var (lastRate, lastChance, lastControl) = Rates(bins.Skip(bins.Count - window).ToList(), bin);
        var final = bins[^1];
        int target = experiment.SynapseIndex(DistalRewardExperiment.TargetPre, DistalRewardExperiment.TargetPost);
        int othersHigh = CountAbove(net.pre_to_out.w, 0.5 * wMax, target);
        double reached = bins.FirstOrDefault(b => b.TargetWeight >= 0.9 * wMax).End;

        // Learned: the rewarded synapse at (nearly) its bound, every other one below half of it, and
        // rewards several times as frequent as chance and as at the start.
        bool learned = final.TargetWeight >= 0.9 * wMax
            && othersHigh == 0
            && lastRate >= 3 * lastChance
            && lastRate >= 2 * firstRate;

        string png = WritePlot(bins, wMax, outDir);
        Console.WriteLine(Invariant($"seconds={seconds}"));
        Console.WriteLine(Invariant($"seed={seed}"));
        Console.WriteLine(Invariant($"inputs={net.pre.Count}"));
        Console.WriteLine(Invariant($"outputs={net.@out.Count}"));
        Console.WriteLine(Invariant($"plastic_synapses={net.pre_to_out.Connectivity.SynapseCount}"));
        Console.WriteLine(Invariant($"w_max_mv={wMax * 1e3:0.###}"));
        Console.WriteLine(Invariant($"target_weight_before_mv={targetBefore * 1e3:0.###}"));
        Console.WriteLine(Invariant($"target_weight_after_mv={final.TargetWeight * 1e3:0.###}"));
        Console.WriteLine(Invariant($"other_weight_mean_before_mv={othersBefore * 1e3:0.###}"));
        Console.WriteLine(Invariant($"other_weight_mean_after_mv={final.OtherMeanWeight * 1e3:0.###}"));
        Console.WriteLine(Invariant($"other_weight_max_after_mv={final.OtherMaxWeight * 1e3:0.###}"));
        Console.WriteLine(Invariant($"other_weights_above_half_max={othersHigh}"));
        Console.WriteLine(Invariant($"rewards_total={experiment.TotalRewards}"));
        Console.WriteLine(Invariant($"target_reached_90pct_s={(reached > 0 ? reached.ToString("0", CultureInfo.InvariantCulture) : "never")}"));
        Console.WriteLine(Invariant($"reward_per_min_first_5min={firstRate:0.##}"));
        Console.WriteLine(Invariant($"reward_per_min_last_5min={lastRate:0.##}"));
        Console.WriteLine(Invariant($"chance_per_min_first_5min={firstChance:0.##}"));
        Console.WriteLine(Invariant($"chance_per_min_last_5min={lastChance:0.##}"));
        Console.WriteLine(Invariant($"control_pair_per_min_last_5min={lastControl:0.##}"));
        Console.WriteLine(Invariant($"output_rate_hz_last_bin={final.OutputRate:0.##}"));
        Console.WriteLine(Invariant($"wall_s={wall:0.###}"));
        Console.WriteLine(Invariant($"plot={png}"));
        Console.WriteLine(Invariant($"learned={(learned ? "true" : "false")}"));
        return learned ? 0 : 1;
    }

    /// <summary>The simulation, in a method of its own so that it runs fully JIT-compiled.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Simulate(DistalRewardExperiment experiment, double seconds, double bin) => experiment.Run(seconds, bin);

    private static string WritePlot(System.Collections.Generic.List<DistalRewardBin> bins, double wMax, string outDir)
    {
        double[] minutes = bins.Select(b => b.End / 60).ToArray();
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var weights = multiplot.GetPlot(0);
        var target = weights.Add.Scatter(minutes, bins.Select(b => b.TargetWeight * 1e3).ToArray());
        target.LegendText = "rewarded synapse (input 0 → output 0)";
        target.LineWidth = 2;
        target.MarkerSize = 0;
        var maxOther = weights.Add.Scatter(minutes, bins.Select(b => b.OtherMaxWeight * 1e3).ToArray());
        maxOther.LegendText = "largest other synapse";
        maxOther.MarkerSize = 0;
        var meanOther = weights.Add.Scatter(minutes, bins.Select(b => b.OtherMeanWeight * 1e3).ToArray());
        meanOther.LegendText = "mean of the other synapses";
        meanOther.MarkerSize = 0;
        var bound = weights.Add.HorizontalLine(wMax * 1e3);
        bound.LinePattern = LinePattern.Dotted;
        weights.Title("Distal reward: dopamine-modulated STDP picks out the rewarded synapse");
        weights.YLabel("weight (mV)");
        weights.XLabel("time (min)");
        weights.Axes.SetLimitsY(-0.1 * wMax * 1e3, 1.1 * wMax * 1e3);
        weights.ShowLegend(Alignment.MiddleRight);

        var rates = multiplot.GetPlot(1);
        // Per minute, averaged over a sliding two-minute window.
        int span = Math.Max(1, (int)Math.Round(120 / bins[0].End));
        double perMinute = 60 / (span * bins[0].End);
        double[] Smoothed(Func<DistalRewardBin, double> value) => bins.Select((_, k) =>
            bins.Skip(Math.Max(0, k - span + 1)).Take(Math.Min(span, k + 1)).Sum(value) * perMinute * span / Math.Min(span, k + 1)).ToArray();
        double[] rewardRate = Smoothed(b => b.Rewards);
        var rewarded = rates.Add.Scatter(minutes, rewardRate);
        rewarded.LegendText = "rewarded coincidences per minute (input 0 → output 0)";
        rewarded.LineWidth = 2;
        rewarded.MarkerSize = 0;
        var chance = rates.Add.Scatter(minutes, Smoothed(b => b.ChanceRewards));
        chance.LegendText = "expected by chance (independent firing)";
        chance.MarkerSize = 0;
        var control = rates.Add.Scatter(minutes, Smoothed(b => b.ControlPairMean));
        control.LegendText = "same coincidence, mean of the unrewarded pairs";
        control.MarkerSize = 0;
        rates.YLabel("coincidences per minute");
        rates.XLabel("time (min)");
        rates.Axes.SetLimitsY(0, Math.Max(1, rewardRate.Max()) * 1.1);
        rates.ShowLegend(Alignment.UpperLeft);

        return PngFile.Save(multiplot.Render(900, 800), outDir, "distal_reward.png");
    }

    /// <summary>Rewarded coincidences, those expected by chance, and those of an average unrewarded pair, per minute.</summary>
    private static (double Rewards, double Chance, double Control) Rates(System.Collections.Generic.List<DistalRewardBin> bins, double bin)
    {
        double minutes = bins.Count * bin / 60;
        return (bins.Sum(b => b.Rewards) / minutes, bins.Sum(b => b.ChanceRewards) / minutes, bins.Sum(b => b.ControlPairMean) / minutes);
    }

    private static double Mean(ReadOnlySpan<float> values)
    {
        double sum = 0;
        foreach (float v in values)
        {
            sum += v;
        }
        return sum / values.Length;
    }

    private static int CountAbove(ReadOnlySpan<float> values, double level, int except)
    {
        int count = 0;
        for (int k = 0; k < values.Length; k++)
        {
            if (k != except && values[k] > level)
            {
                count++;
            }
        }
        return count;
    }

    private static string Invariant(FormattableString s) => FormattableString.Invariant(s);

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        PrintUsage();
        return 2;
    }

    private static void PrintUsage() =>
        Console.Error.WriteLine("usage: DistalReward [--seconds <s>=7200 (at least 600)] [--seed <n>=1] [--out <dir>=.]");
}
