using System;
using ILGPU;
using ILGPU.Runtime;

namespace SpikeLang.Gpu.Simulation;

/// <summary>
/// The output of one population in the step, one value per neuron, as the dense and convolution kernels of the GPU
/// trainer read a layer's output (<see cref="DenseKernels.Deliver"/>, <see cref="ConvolutionKernels"/>): 1 where it
/// spiked, 0 elsewhere, or the values an input population carries. A generated GPU simulator fills it once a step, after
/// the population's spikes are found and before the dense connections and convolutions from it deliver. Single
/// precision, as those kernels are.
/// </summary>
public sealed class DeviceSourceValues : IDisposable
{
    private readonly SimulatorKernels _kernels;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> _values;

    /// <param name="device">The accelerator and its simulator kernels.</param>
    /// <param name="neurons">The population's size.</param>
    public DeviceSourceValues(GpuDevice device, int neurons)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfNegative(neurons);
        _kernels = device.SimulatorKernels;
        // ILGPU allocates no empty buffer: one unused value for an empty population.
        _values = device.Accelerator.Allocate1D<float>(Math.Max(1, neurons));
        _values.MemSetToZero();
        Neurons = neurons;
    }

    /// <summary>The population's size.</summary>
    public int Neurons { get; }

    /// <summary>One value per neuron (a buffer of one unused value for an empty population).</summary>
    public ArrayView<float> View => _values.View;

    /// <summary>The values = step <paramref name="step"/>'s spikes of <paramref name="spikes"/> as 0/1, on the device.</summary>
    public void FromSpikes(DeviceSpikes spikes, long step)
    {
        ArgumentNullException.ThrowIfNull(spikes);
        _values.MemSetToZero();
        _kernels.MarkSpikes(_values.View, spikes, step);
    }

    /// <summary>The values = <paramref name="values"/>, an input population's of the step, copied from the host.</summary>
    public void Upload(ReadOnlySpan<float> values)
    {
        if (values.Length != Neurons)
        {
            throw new ArgumentException($"{values.Length} values for {Neurons} sources.", nameof(values));
        }
        DeviceCopy.Upload(View, values);
    }

    /// <summary>Releases the buffer.</summary>
    public void Dispose() => _values.Dispose();
}
