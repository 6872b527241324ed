using System;
using System.IO;
using System.Linq;
using System.Reflection;
using SpikeLang.Cli.Commands;
using SpikeLang.Compiler;
using SpikeLang.Gpu;
using SpikeLang.Gpu.Simulation;

namespace SpikeLang.Cli.Simulation;

/// <summary>Where <c>spikelang run</c> simulates: the CPU simulator (the default), or the GPU simulator on CUDA or on ILGPU's CPU accelerator.</summary>
internal enum RunBackend
{
    Cpu,
    Gpu,
    GpuEmulator,
}

/// <summary>
/// <c>spikelang run --backend gpu|gpu-emulator</c>: the network's GPU simulator (the C# the source generator adds to a
/// project that references SpikeLang.Gpu), compiled with the CPU simulator it builds on, and the device it runs on.
/// </summary>
internal static class GpuBackend
{
    /// <summary>The option's name as written on the command line.</summary>
    public static string Name(RunBackend backend) => backend == RunBackend.GpuEmulator ? "gpu-emulator" : "gpu";

    /// <summary>
    /// The GPU simulator of <paramref name="network"/>, or null with what it does not run (its SL0521 refusals, as errors)
    /// on <paramref name="stderr"/>.
    /// </summary>
    public static GeneratedSource? Source(GeneratedNetwork network, RunBackend backend, TextWriter stderr)
    {
        var gpu = SnnCompiler.EmitGpuSimulator(network.Plan);
        if (gpu.Source is { } source)
        {
            return source;
        }
        foreach (var refusal in SnnSources.Reportable(gpu.Diagnostics))
        {
            // A warning in a build, which keeps the CPU simulator; here the GPU simulator was asked for.
            stderr.WriteLine(refusal.ToString().Replace(": warning SL0521: ", ": error SL0521: ", StringComparison.Ordinal));
        }
        stderr.WriteLine($"spikelang: error: --backend {Name(backend)}: the GPU simulator does not run network '{network.Name}' yet (above); run it with --backend cpu");
        return null;
    }

    /// <summary>The device of the backend, or null with why there is none (one line) on <paramref name="stderr"/>.</summary>
    public static GpuDevice? Open(RunBackend backend, TextWriter stderr)
    {
        if (backend == RunBackend.GpuEmulator)
        {
            return GpuDevice.CpuEmulator();
        }
        try
        {
            return GpuDevice.Cuda();
        }
        catch (GpuUnavailableException ex)
        {
            stderr.WriteLine($"spikelang: error: --backend gpu: {ex.Message}");
            return null;
        }
    }

    /// <summary>The GPU simulator's factory of the network named <paramref name="name"/> in <paramref name="assembly"/>, or null.</summary>
    public static IGpuNetworkFactory? Factory(Assembly assembly, string name) => assembly.GetTypes()
        .Where(t => !t.IsAbstract && typeof(IGpuNetworkFactory).IsAssignableFrom(t))
        .Select(t => (IGpuNetworkFactory)Activator.CreateInstance(t)!)
        .FirstOrDefault(f => f.NetworkName == name);
}
