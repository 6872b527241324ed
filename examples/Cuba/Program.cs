// Brette et al. (2007) benchmark 2 (CUBA): n current-based LIF neurons (4000 by default), 80 %
// excitatory, each neuron receiving about 80 synapses (p = 80 / n). The simulator is generated at build time
// from Cuba.snn by SpikeLang.Generators.
//
//   dotnet run -c Release --project examples/Cuba -- --duration 1 --seed 42 --neurons 4000 --threads 2
//
// --threads sets the threads that share each step (0, the default: one per core); the spikes are the
// same for any number. Under Open MPI's mpirun the ranks share the network (each updates its own neurons and
// receives the others' spikes; the spikes are the same for any number), and rank 0 prints:
//
//   mpirun -np 2 artifacts/cuba-aot/Cuba --duration 1 --threads 1
//
// --device gpu runs the generated GPU simulator (CubaGpu) on the first CUDA device instead,
// --device gpu-emulator on ILGPU's CPU accelerator (slow; a check); the GPU's wall time excludes its first step,
// which compiles the kernels.
//
// Prints plain key=value lines: spikes, rate_hz (spikes per neuron per simulated second) and
// wall_s (wall-clock seconds of the simulation alone, construction excluded).
using System;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using SpikeLang.Runtime;

namespace Examples.Cuba;

public static class Program
{
    public static int Main(string[] args)
    {
        double duration = 1.0;
        int threads = 0;
        ulong seed = 0;
        int neurons = 4000;
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
                case "--neurons" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0:
                    neurons = n;
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
            return GpuSimulation.Run(device == "gpu-emulator", seed, neurons, TimeSpan.FromSeconds(duration));
        }
        // Finalizes MPI at the end, after the network's threads have stopped.
        using var ranks = MpiRanks.FromEnvironment();
        Cuba network;
        try
        {
            // The network parameter n sets the size; the .snn keeps about 80 synapses per neuron (p = 80 / n).
            network = new Cuba(seed, neurons, ranks?.Threads(threads) ?? threads, ranks);
        }
        catch (ArgumentException e)
        {
            return Fail($"--neurons {neurons}: {e.Message} (use a multiple of 5, at least 80)");
        }

        using var disposeThreads = network;
        double wall = Simulate(network, TimeSpan.FromSeconds(duration));
        if (ranks is { Rank: > 0 })
        {
            return 0;
        }
        long spikes = network.P.SpikeCount;
        double simulated = network.Time;
        Console.WriteLine(FormattableString.Invariant($"spikes={spikes}"));
        Console.WriteLine(FormattableString.Invariant($"rate_hz={(simulated > 0 ? spikes / (double)network.P.Count / simulated : 0):0.###}"));
        Console.WriteLine(FormattableString.Invariant($"wall_s={wall:0.####}"));
        return 0;
    }

    /// <summary>The hot loop, in a method of its own so it is fully JIT-compiled (not run from Main's first tier).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double Simulate(Cuba network, TimeSpan duration)
    {
        long start = Stopwatch.GetTimestamp();
        network.Run(duration);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        PrintUsage();
        return 2;
    }

    private static void PrintUsage() =>
        Console.Error.WriteLine("usage: Cuba [--duration <seconds>=1] [--seed <n>=0] [--neurons <n>=4000] [--threads <n>=0 (all cores) to 1024] [--device cpu|gpu|gpu-emulator]");
}
