// The spike exchange measured both ways under mpirun: the all-gather the simulators use (every rank receives every
// spike) against the all-to-all NEST uses (each rank receives only the spikes with targets there), on the traffic of a
// network given by flags (random connectivity of out-degree K built with the runtime's own builder, neurons spiking
// at a rate by a hash). bench/mpi/exchange.sh runs it for 1, 2, 4, ... ranks on Brunel's and CUBA's traffic.
//
//   mpirun -np 4 ExchangeBench --neurons 12500 --out-degree 1250 --rate 36 --window 15 --steps 15000 [--check]
//
// Prints key=value lines from rank 0: the table's exchange once at construction (table_us, table_ints_per_rank),
// then per exchange its microseconds per window (_us: the slowest rank's total over the timed windows, divided by
// them; _median_us: the slowest rank's median window) and the ints each rank received per window (the mean over ranks); spikes_per_window, all ranks' together;
// ranks_reached_per_spike, the all-to-all's copies of each spike. The first windows (up to 10, at most half) warm up
// and are not counted. --check has every rank compare what both exchanges gave it with what they should have,
// recomputed from the spike rule and its own connectivity, and exit 1 naming the first difference.
using System;
using System.Diagnostics;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SpikeLang.Runtime;

namespace SpikeLang.Bench.Mpi;

public static class Program
{
    public static int Main(string[] args)
    {
        int neurons = 12500, outDegree = 1250, window = 15, steps = 15000;
        double rate = 36;
        ulong seed = 1;
        bool check = false;
        for (int k = 0; k < args.Length; k++)
        {
            string name = args[k];
            if (name == "--check")
            {
                check = true;
                continue;
            }
            if (k + 1 >= args.Length)
            {
                return Fail($"{name} needs a value");
            }
            string value = args[++k];
            bool valid = name switch
            {
                "--neurons" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out neurons) && neurons > 0,
                "--out-degree" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out outDegree) && outDegree >= 0,
                "--rate" => double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out rate) && rate >= 0 && rate * SpikeRule.Dt < 1,
                "--window" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out window) && window > 0,
                "--steps" => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out steps) && steps > 0,
                "--seed" => ulong.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed),
                _ => false,
            };
            if (!valid)
            {
                return Fail($"invalid option or value: {name} {value}");
            }
        }
        if (outDegree > neurons)
        {
            return Fail($"--out-degree {outDegree} exceeds --neurons {neurons}");
        }
        int windows = steps / window;
        if (windows < 2)
        {
            return Fail($"--steps {steps} holds fewer than two windows of {window} steps");
        }

        using MpiRanks? ranks = MpiRanks.FromEnvironment();
        if (ranks is null)
        {
            return Fail("run under Open MPI's mpirun (mpirun -np 1 for one rank)");
        }
        var table = new TargetTable(ranks, neurons, outDegree, seed);
        int warmUp = Math.Min(10, windows / 2);
        int timed = windows - warmUp;
        var exchanges = new WindowExchanges(ranks, table, new SpikeRule(seed, rate), neurons, window, timed);
        for (int w = 0; w < windows; w++)
        {
            exchanges.Run((long)w * window, timed: w >= warmUp, allGatherFirst: w % 2 == 0, check);
        }

        // Every rank joins every collective below; rank 0 prints.
        long synapses = Each(ranks, table.Synapses).Sum();
        double tableUs = Microseconds(Each(ranks, table.ExchangeTicks).Max());
        double tableInts = Each(ranks, table.ReceivedInts).Average();
        long spikes = Each(ranks, exchanges.Spikes).Sum();
        long copies = Each(ranks, exchanges.AllToAllSent).Sum();
        double allGatherUs = Microseconds(Each(ranks, exchanges.AllGatherTicks.Sum()).Max()) / timed;
        double allToAllUs = Microseconds(Each(ranks, exchanges.AllToAllTicks.Sum()).Max()) / timed;
        double allGatherMedianUs = Microseconds(Each(ranks, Median(exchanges.AllGatherTicks)).Max());
        double allToAllMedianUs = Microseconds(Each(ranks, Median(exchanges.AllToAllTicks)).Max());
        double allGatherInts = Each(ranks, exchanges.AllGatherReceived).Average() / timed;
        double allToAllInts = Each(ranks, exchanges.AllToAllReceived).Average() / timed;
        string[] failures = [.. Each(ranks, exchanges.Failure is null ? 0 : 1).Select((failed, rank) => (failed, rank)).Where(f => f.failed != 0).Select(f => f.rank.ToString(CultureInfo.InvariantCulture))];
        if (exchanges.Failure is not null)
        {
            Console.Error.WriteLine($"error: {exchanges.Failure}");
        }
        if (ranks.Rank > 0)
        {
            return failures.Length > 0 ? 1 : 0;
        }
        Console.WriteLine(FormattableString.Invariant($"ranks={ranks.Size}"));
        Console.WriteLine(FormattableString.Invariant($"neurons={neurons}"));
        Console.WriteLine(FormattableString.Invariant($"out_degree={outDegree}"));
        Console.WriteLine(FormattableString.Invariant($"rate_hz={rate}"));
        Console.WriteLine(FormattableString.Invariant($"window_steps={window}"));
        Console.WriteLine(FormattableString.Invariant($"windows={timed}"));
        Console.WriteLine(FormattableString.Invariant($"synapses={synapses}"));
        Console.WriteLine(FormattableString.Invariant($"table_us={tableUs:0.#}"));
        Console.WriteLine(FormattableString.Invariant($"table_ints_per_rank={tableInts:0.#}"));
        Console.WriteLine(FormattableString.Invariant($"spikes_per_window={(double)spikes / timed:0.#}"));
        Console.WriteLine(FormattableString.Invariant($"ranks_reached_per_spike={(spikes > 0 ? (double)copies / spikes : 0):0.###}"));
        Console.WriteLine(FormattableString.Invariant($"allgather_us={allGatherUs:0.###}"));
        Console.WriteLine(FormattableString.Invariant($"allgather_median_us={allGatherMedianUs:0.###}"));
        Console.WriteLine(FormattableString.Invariant($"allgather_ints_per_rank={allGatherInts:0.#}"));
        Console.WriteLine(FormattableString.Invariant($"alltoall_us={allToAllUs:0.###}"));
        Console.WriteLine(FormattableString.Invariant($"alltoall_median_us={allToAllMedianUs:0.###}"));
        Console.WriteLine(FormattableString.Invariant($"alltoall_ints_per_rank={allToAllInts:0.#}"));
        if (check)
        {
            Console.WriteLine(failures.Length == 0 ? "check=passed" : $"check=failed on rank {string.Join(", ", failures)}");
        }
        return failures.Length > 0 ? 1 : 0;
    }

    /// <summary>Every rank's <paramref name="value"/>, in rank order (an all-gather of its two halves).</summary>
    private static long[] Each(RankGroup ranks, long value)
    {
        ReadOnlySpan<int> all = ranks.AllGather([(int)value, (int)(value >> 32)]);
        var values = new long[ranks.Size];
        for (int r = 0; r < values.Length; r++)
        {
            values[r] = (uint)all[2 * r] | ((long)all[2 * r + 1] << 32);
        }
        return values;
    }

    /// <summary>The median window: a rank that the machine's other work kept off its core for a while moves the mean, not this.</summary>
    private static long Median(List<long> ticks)
    {
        ticks.Sort();
        return ticks[ticks.Count / 2];
    }

    private static double Microseconds(long ticks) => ticks * 1e6 / Stopwatch.Frequency;

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        Console.Error.WriteLine("usage: mpirun -np P ExchangeBench [--neurons <n>=12500] [--out-degree <k>=1250] [--rate <Hz>=36] [--window <steps>=15] [--steps <n>=15000] [--seed <n>=1] [--check]");
        return 2;
    }
}
