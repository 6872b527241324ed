using System;
using System.Diagnostics;
#if GPU_SIMULATOR
using SpikeLang.Gpu;
#endif
using SpikeLang.Runtime;

namespace Examples.Shared;

/// <summary>What <c>--device gpu|gpu-emulator</c> of every simulator example shares: the device, or why there is none, and the timed run.</summary>
internal static class GpuSimulatorRun
{
#if GPU_SIMULATOR
    /// <summary>Runs <paramref name="simulate"/> on a CUDA GPU or ILGPU's CPU accelerator and returns 0, or 2 after saying why there is no device.</summary>
    public static int WithDevice(bool emulator, Action<GpuDevice> simulate)
    {
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
        {
            Console.WriteLine($"device={device.Name}");
            simulate(device);
        }
        return 0;
    }

    /// <summary>Runs <paramref name="steps"/> steps and returns the wall seconds of all but the first, which compiles the kernels (ILGPU, from IL at run time).</summary>
    public static double TimedRun(INetwork network, long steps)
    {
        network.Run(1);
        long start = Stopwatch.GetTimestamp();
        network.Run(steps - 1);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }
#endif

    /// <summary>A NativeAOT build has no GPU simulator: says so and returns exit code 2.</summary>
    public static int RefusedInNativeAot()
    {
        Console.Error.WriteLine("error: --device gpu: this is a NativeAOT build, which cannot run ILGPU (it compiles kernels from IL at run time); " +
            "build without publishing, or publish with -p:SpikeLangGpu=true (bench/gpu/run.sh does)");
        return 2;
    }
}
