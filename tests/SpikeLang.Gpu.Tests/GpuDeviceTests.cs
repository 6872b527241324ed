using System;
using Xunit;

namespace SpikeLang.Gpu.Tests;

public sealed class GpuDeviceTests
{
    [Fact]
    public void Without_a_cuda_device_cuda_selection_fails_with_a_message_naming_what_is_missing()
    {
        GpuDevice? device = null;
        try
        {
            device = GpuDevice.Cuda();
        }
        catch (GpuUnavailableException e)
        {
            Assert.Contains("CUDA", e.Message);
            return;
        }
        finally
        {
            device?.Dispose();
        }
        // A machine with an NVIDIA GPU: the device opened.
        Assert.False(device!.IsEmulator);
    }

    [Fact]
    public void The_cpu_emulator_is_an_explicit_choice_and_says_so()
    {
        using var device = GpuDevice.CpuEmulator();
        Assert.True(device.IsEmulator);
        Assert.False(string.IsNullOrEmpty(device.Name));
    }
}
