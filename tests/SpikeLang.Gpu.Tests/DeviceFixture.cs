using System;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>
/// One device for the whole test project, so the generic kernels compile once: ILGPU's CPU accelerator (an emulator,
/// what CI runs), or with <c>SPIKELANG_GPU_TEST_DEVICE=cuda</c> the first CUDA device, where the same comparisons
/// with the CPU simulators and trainers run on PTX (bench/gpu/checks.sh).
/// </summary>
public sealed class DeviceFixture : IDisposable
{
    public const string Variable = "SPIKELANG_GPU_TEST_DEVICE";

    public GpuDevice Device { get; } = Environment.GetEnvironmentVariable(Variable) switch
    {
        null or "" or "emulator" => GpuDevice.CpuEmulator(),
        "cuda" => GpuDevice.Cuda(),
        var other => throw new InvalidOperationException($"{Variable}={other}: use 'emulator' (the default) or 'cuda'."),
    };

    public void Dispose() => Device.Dispose();
}

[CollectionDefinition(Name)]
public sealed class DeviceCollection : ICollectionFixture<DeviceFixture>
{
    public const string Name = "GPU device";
}
