using System;
using ILGPU;
using ILGPU.Runtime;

namespace SpikeLang.Gpu;

/// <summary>Copies between host spans and the start of device views, synchronously: what generated trainers move per batch (inputs, readouts, weights).</summary>
public static class DeviceCopy
{
    /// <summary>The first <c>values.Length</c> elements of <paramref name="target"/> = <paramref name="values"/>.</summary>
    public static void Upload<T>(ArrayView<T> target, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        if (values.Length > target.Length)
        {
            throw new ArgumentException($"{values.Length} values for a device view of {target.Length}.", nameof(values));
        }
        if (values.Length > 0)
        {
            target.SubView(0, values.Length).CopyFromCPU(values);
        }
    }

    /// <summary><paramref name="values"/> = the first <c>values.Length</c> elements of <paramref name="source"/>.</summary>
    public static void Download<T>(ArrayView<T> source, Span<T> values)
        where T : unmanaged
    {
        if (values.Length > source.Length)
        {
            throw new ArgumentException($"{values.Length} values from a device view of {source.Length}.", nameof(values));
        }
        if (values.Length > 0)
        {
            source.SubView(0, values.Length).CopyToCPU(values);
        }
    }
}
