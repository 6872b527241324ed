using System;
using Examples.Shared;

namespace Examples.Cuba;

/// <summary>
/// <c>--device gpu</c> (a CUDA GPU) or <c>--device gpu-emulator</c> (ILGPU's CPU accelerator): the generated GPU simulator,
/// <c>CubaGpu</c>, which builds the CPU simulator's network for the same seed on the host and runs it on the device.
/// </summary>
internal static class GpuSimulation
{
    /// <summary>Spikes, rate and wall time as the CPU path prints them (construction excluded), or exit code 2 after saying why there is no device.</summary>
    public static int Run(bool emulator, ulong seed, int neurons, TimeSpan duration)
    {
#if GPU_SIMULATOR
        return GpuSimulatorRun.WithDevice(emulator, device =>
        {
            using var network = new CubaGpu(device, seed, neurons);
            double wall = GpuSimulatorRun.TimedRun(network, CubaGpu.StepsIn(duration));
            long spikes = network.P.SpikeCount;
            double simulated = network.Time;
            Console.WriteLine(FormattableString.Invariant($"spikes={spikes}"));
            Console.WriteLine(FormattableString.Invariant($"rate_hz={(simulated > 0 ? spikes / (double)network.P.Count / simulated : 0):0.###}"));
            Console.WriteLine(FormattableString.Invariant($"wall_s={wall:0.####}"));
        });
#else
        return GpuSimulatorRun.RefusedInNativeAot();
#endif
    }
}
