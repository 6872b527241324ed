using System;
using System.Diagnostics;
#if GPU_SIMULATOR
using SpikeLang.Gpu;
#endif

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
        GpuDevice device;
        try
        {
            device = emulator ? GpuDevice.CpuEmulator() : GpuDevice.Cuda();
        }
        catch (GpuUnavailableException ex)
        {
            Console.Error.WriteLine($"error: --device gpu: {ex.Message}");
            return 2;
        }
        using (device)
        using (var network = new CubaGpu(device, seed, neurons))
        {
            Console.WriteLine($"device={device.Name}");
            // The first step compiles the kernels (ILGPU, from IL at run time): not part of the simulation's time.
            network.Run(1);
            long start = Stopwatch.GetTimestamp();
            network.Run(CubaGpu.StepsIn(duration) - 1);
            double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
            long spikes = network.P.SpikeCount;
            double simulated = network.Time;
            Console.WriteLine(FormattableString.Invariant($"spikes={spikes}"));
            Console.WriteLine(FormattableString.Invariant($"rate_hz={(simulated > 0 ? spikes / (double)network.P.Count / simulated : 0):0.###}"));
            Console.WriteLine(FormattableString.Invariant($"wall_s={wall:0.####}"));
        }
        return 0;
#else
        Console.Error.WriteLine("error: --device gpu: this is a NativeAOT build, which cannot run ILGPU (it compiles kernels from IL at run time); " +
            "build without publishing, or publish with -p:SpikeLangGpu=true (bench/gpu/run.sh does)");
        return 2;
#endif
    }
}
