using System;

namespace SpikeLang.Gpu;

/// <summary>
/// No accelerator of the kind asked for could be opened: no CUDA driver, no CUDA device, or the device
/// refused a context. The message says which, so a program can print it and fall back or exit.
/// </summary>
public sealed class GpuUnavailableException : Exception
{
    /// <summary>With a message that names what is missing.</summary>
    public GpuUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>With a message that names what is missing, and the driver's error.</summary>
    public GpuUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
