using System;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>One ILGPU CPU accelerator for the whole test project: the generic kernels compile once.</summary>
public sealed class EmulatorFixture : IDisposable
{
    public GpuDevice Device { get; } = GpuDevice.CpuEmulator();

    public void Dispose() => Device.Dispose();
}

[CollectionDefinition(Name)]
public sealed class EmulatorCollection : ICollectionFixture<EmulatorFixture>
{
    public const string Name = "CPU accelerator";
}
