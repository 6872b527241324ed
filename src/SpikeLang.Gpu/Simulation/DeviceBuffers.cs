using System;
using System.Collections.Generic;
using ILGPU;
using ILGPU.Runtime;

namespace SpikeLang.Gpu.Simulation;

/// <summary>
/// The device memory of one generated GPU simulator: buffers made from the host network's arrays, released together.
/// ILGPU allocates no empty buffer, so an empty array becomes a buffer of one unused element.
/// </summary>
public sealed class DeviceBuffers : IDisposable
{
    private readonly Accelerator _accelerator;
    private readonly List<IDisposable> _owned = new();

    /// <param name="accelerator">The device the buffers live on.</param>
    public DeviceBuffers(Accelerator accelerator) => _accelerator = accelerator;

    /// <summary>A copy of <paramref name="values"/> on the device.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Copy<T>(T[] values)
        where T : unmanaged => Own(_accelerator.Allocate1D(values.Length > 0 ? values : new T[1]));

    /// <summary><paramref name="length"/> zeros on the device.</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Zeros<T>(long length)
        where T : unmanaged
    {
        var buffer = Own(_accelerator.Allocate1D<T>(Math.Max(1L, length)));
        buffer.MemSetToZero();
        return buffer;
    }

    /// <summary>Host arrays of equal length one after the other on the device, [array, element].</summary>
    public MemoryBuffer1D<T, Stride1D.Dense> Stacked<T>(int length, params T[][] arrays)
        where T : unmanaged => Copy(Concatenated(length, arrays));

    /// <summary>The first <paramref name="length"/> elements of each array, one array after the other.</summary>
    public static T[] Concatenated<T>(int length, params T[][] arrays)
    {
        var values = new T[(long)length * arrays.Length];
        for (int k = 0; k < arrays.Length; k++)
        {
            arrays[k].AsSpan(0, length).CopyTo(values.AsSpan(k * length));
        }
        return values;
    }

    /// <summary>Releases <paramref name="owned"/> with the buffers.</summary>
    public T Own<T>(T owned)
        where T : IDisposable
    {
        _owned.Add(owned);
        return owned;
    }

    /// <summary>Releases every buffer and everything owned, in reverse order.</summary>
    public void Dispose()
    {
        for (int k = _owned.Count - 1; k >= 0; k--)
        {
            _owned[k].Dispose();
        }
        _owned.Clear();
    }
}
