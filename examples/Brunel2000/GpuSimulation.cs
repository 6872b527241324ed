using System;
using Examples.Shared;

namespace Examples.Brunel2000;

/// <summary>
/// <c>--device gpu</c> (a CUDA GPU) or <c>--device gpu-emulator</c> (ILGPU's CPU accelerator): the generated GPU simulator,
/// <c>Brunel2000Gpu</c>, which builds the CPU simulator's network for the same seed on the host and runs it on the device
/// (its Poisson drive draws other random numbers than the CPU's: the same statistics, not the same spikes).
/// </summary>
internal static class GpuSimulation
{
    /// <summary>
    /// One regime: spikes, rates and wall time as the CPU path prints them (construction and the first step, which compiles
    /// the kernels, excluded; no recurrent event count), or exit code 2 after saying why there is no device.
    /// </summary>
    public static int Run(bool emulator, ulong seed, char regime, double g, double eta, double excitatory, TimeSpan duration, string prefix)
    {
#if GPU_SIMULATOR
        return GpuSimulatorRun.WithDevice(emulator, device =>
        {
            using var network = new Brunel2000Gpu(device, seed, g: g, eta: eta, n_e: excitatory, epsilon: 1000 / excitatory);
            double wall = GpuSimulatorRun.TimedRun(network, Brunel2000Gpu.StepsIn(duration));
            double simulated = network.Time;
            Console.WriteLine(FormattableString.Invariant($"{prefix}regime={regime} g={g} eta={eta}"));
            Console.WriteLine(FormattableString.Invariant($"{prefix}spikes={network.neurons.SpikeCount}"));
            Console.WriteLine(FormattableString.Invariant($"{prefix}rate_hz={Program.Rate(network.neurons.SpikeCount, network.neurons.Count, simulated):0.###}"));
            Console.WriteLine(FormattableString.Invariant($"{prefix}rate_e_hz={Program.Rate(network.exc.SpikeCount, network.exc.Count, simulated):0.###}"));
            Console.WriteLine(FormattableString.Invariant($"{prefix}rate_i_hz={Program.Rate(network.inh.SpikeCount, network.inh.Count, simulated):0.###}"));
            Console.WriteLine(FormattableString.Invariant($"{prefix}wall_s={wall:0.####}"));
        });
#else
        return GpuSimulatorRun.RefusedInNativeAot();
#endif
    }
}
