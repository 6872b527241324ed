// Brunel (2000) Fig. 8: 12 500 LIF neurons with 1000 external Poisson inputs each, in one of the four
// regimes A-D (see Brunel2000.snn). The simulator is generated at build time by SpikeLang.Generators.
//
//   dotnet run -c Release --project examples/Brunel2000 -- --regime C --duration 0.6 --seed 1
//
// --threads sets the threads that share each step (0, the default: one per core); the spikes are the
// same for any number. --n-e scales the network (n_e excitatory and n_e / 4 inhibitory neurons) at the
// paper's in-degree (epsilon = 1000 / n_e: 1000 excitatory and 250 inhibitory sources per neuron), which keeps
// its regime. Under Open MPI's mpirun the ranks share the network (each updates its own neurons
// and receives the others' spikes; the spikes are the same for any number), and rank 0 prints:
//
//   mpirun -np 4 dotnet examples/Brunel2000/bin/Release/net10.0/Brunel2000.dll --threads 4 --n-e 160000
//
// --device gpu runs the generated GPU simulator (Brunel2000Gpu) on the first CUDA device instead, --device
// gpu-emulator on ILGPU's CPU accelerator (slow; a check): its drive draws other random numbers, so the rates agree
// with the CPU's, not the spikes; its wall time excludes the first step, which compiles the kernels.
//
// Prints plain key=value lines per regime: spikes, rate_hz (spikes per neuron per simulated second, all
// neurons), rate_e_hz and rate_i_hz (excitatory and inhibitory neurons), recurrent_events (each spike
// times its neuron's outgoing recurrent synapses) and events_per_s (both in one process only), and wall_s (wall-clock seconds
// of the simulation alone, construction excluded) and peak_rss_mb (the process's peak resident memory, construction
// included); with several regimes each key is prefixed "A.", "B.", ...
// The raster of the paper: spikelang run examples/Brunel2000/Brunel2000.snn --param g=5 --param eta=2
// --duration 0.6 --out out/C (spikes.png: the 50 neurons of subgroup 'shown' over their rate).
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using SpikeLang.Runtime;

namespace Examples.Brunel2000;

public static class Program
{
    /// <summary>Fig. 8's regimes: relative inhibition g and external rate over threshold rate eta.</summary>
    public static readonly IReadOnlyDictionary<char, (double G, double Eta)> Regimes = new Dictionary<char, (double, double)>
    {
        ['A'] = (3, 2),
        ['B'] = (6, 4),
        ['C'] = (5, 2),
        ['D'] = (4.5, 0.9),
    };

    public static int Main(string[] args)
    {
        double duration = 0.6;
        int threads = 0;
        ulong seed = 1;
        string regimes = "C";
        double excitatory = 10000;
        string device = "cpu";
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
                case "--duration" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && d > 0:
                    duration = d;
                    break;
                case "--seed" when ulong.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out ulong s):
                    seed = s;
                    break;
                case "--threads" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int t) && t >= 0 && t <= Partition.MaxThreads:
                    threads = t;
                    break;
                case "--n-e" when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double n) && n >= 1000 && n <= 1e8:
                    excitatory = n;
                    break;
                case "--regime" when value.ToUpperInvariant() is "ALL" or "A" or "B" or "C" or "D":
                    regimes = value.ToUpperInvariant() == "ALL" ? "ABCD" : value.ToUpperInvariant();
                    break;
                case "--device" when value is "cpu" or "gpu" or "gpu-emulator":
                    device = value;
                    break;
                default:
                    return Fail($"invalid option or value: {name} {value}");
            }
        }
        if (device != "cpu")
        {
            foreach (char regime in regimes)
            {
                var (g, eta) = Regimes[regime];
                int status = GpuSimulation.Run(device == "gpu-emulator", seed, regime, g, eta, excitatory, TimeSpan.FromSeconds(duration), regimes.Length > 1 ? regime + "." : "");
                if (status != 0)
                {
                    return status;
                }
            }
            return 0;
        }
        // Finalizes MPI at the end, after the networks' threads have stopped.
        using var ranks = MpiRanks.FromEnvironment();
        foreach (char regime in regimes)
        {
            var (g, eta) = Regimes[regime];
            using var network = new Brunel2000(seed, g: g, eta: eta, n_e: excitatory, epsilon: 1000 / excitatory,
                threads: ranks?.Threads(threads) ?? threads, ranks: ranks);
            double wall = Simulate(network, TimeSpan.FromSeconds(duration), out long events);
            if (ranks is { Rank: > 0 })
            {
                continue;
            }
            string prefix = regimes.Length > 1 ? regime + "." : "";
            double simulated = network.Time;
            Console.WriteLine(FormattableString.Invariant($"{prefix}regime={regime} g={g} eta={eta}"));
            Console.WriteLine(FormattableString.Invariant($"{prefix}spikes={network.neurons.SpikeCount}"));
            Console.WriteLine(FormattableString.Invariant($"{prefix}rate_hz={Rate(network.neurons.SpikeCount, network.neurons.Count, simulated):0.###}"));
            Console.WriteLine(FormattableString.Invariant($"{prefix}rate_e_hz={Rate(network.exc.SpikeCount, network.exc.Count, simulated):0.###}"));
            Console.WriteLine(FormattableString.Invariant($"{prefix}rate_i_hz={Rate(network.inh.SpikeCount, network.inh.Count, simulated):0.###}"));
            if (events >= 0)
            {
                Console.WriteLine(FormattableString.Invariant($"{prefix}recurrent_events={events}"));
                Console.WriteLine(FormattableString.Invariant($"{prefix}events_per_s={events / wall:0.###e+0}"));
            }
            Console.WriteLine(FormattableString.Invariant($"{prefix}wall_s={wall:0.####}"));
            // Rank 0's peak resident memory; every rank holds about the same share (bench/mpi/scaling.sh shows it per layout).
            Console.WriteLine(FormattableString.Invariant($"{prefix}peak_rss_mb={System.Diagnostics.Process.GetCurrentProcess().PeakWorkingSet64 / 1048576.0:0}"));
        }
        return 0;
    }

    internal static double Rate(long spikes, int neurons, double seconds) => seconds > 0 ? spikes / (double)neurons / seconds : 0;

    /// <summary>
    /// The hot loop, in a method of its own so it is fully JIT-compiled (not run from Main's first tier).
    /// <paramref name="events"/> counts the recurrent synaptic events, as bench/brian2/brunel2000_brian2.py
    /// counts Brian2's: each spike times its neuron's outgoing recurrent synapses (a few loads per spike).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Simulate(Brunel2000 network, TimeSpan duration, out long events)
    {
        var outDegree = new int[network.neurons.Count];
        void AddRows(Csr synapses, int sourceStart)
        {
            for (int row = 0; row < synapses.Rows; row++)
            {
                outDegree[sourceStart + row] += synapses.RowStart[row + 1] - synapses.RowStart[row];
            }
        }
        AddRows(network.exc_to_neurons.Connectivity, network.exc_to_neurons.SourceStart);
        AddRows(network.inh_to_neurons.Connectivity, network.inh_to_neurons.SourceStart);
        long steps = Brunel2000.StepsIn(duration);
        events = 0;
        long start = Stopwatch.GetTimestamp();
        if (network.Ranks is { Size: > 1 })
        {
            // Ranks exchange spikes once per 1.5 ms window within one Run; stepping would exchange every step, and a
            // rank holds only its own targets' synapses, so events are counted in one process only.
            network.Run(steps);
            events = -1;
            return Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        for (long k = 0; k < steps; k++)
        {
            network.Step();
            foreach (int s in network.neurons.Spikes)
            {
                events += outDegree[s];
            }
        }
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        PrintUsage();
        return 2;
    }

    private static void PrintUsage() =>
        Console.Error.WriteLine("usage: Brunel2000 [--regime A|B|C|D|all=C] [--duration <seconds>=0.6] [--seed <n>=1] [--threads <n>=0 (all cores) to 1024] [--n-e <n>=10000, at least 1000: each neuron has 1000 excitatory sources] [--device cpu|gpu|gpu-emulator]");
}
