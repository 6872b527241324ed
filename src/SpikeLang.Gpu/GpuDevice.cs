using System;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace SpikeLang.Gpu;

/// <summary>
/// One accelerator that generated GPU trainers and simulators run on: a CUDA device (<see cref="Cuda"/>), or ILGPU's CPU
/// accelerator (<see cref="CpuEmulator"/>), which runs the same kernels as .NET code, for tests on
/// machines without a GPU. Owns the ILGPU context and the generic kernels, compiled once per device.
/// </summary>
public sealed class GpuDevice : IDisposable
{
    private readonly Context _context;
    private DenseKernels? _kernels;
    private ConvolutionKernels? _convolutionKernels;
    private BatchNormKernels? _batchNormKernels;
    private Simulation.SimulatorKernels? _simulatorKernels;

    private GpuDevice(Context context, Accelerator accelerator)
    {
        _context = context;
        Accelerator = accelerator;
    }

    /// <summary>The ILGPU accelerator; generated trainers load their own kernels on it.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The device's name, as its driver reports it.</summary>
    public string Name => Accelerator.Name;

    /// <summary>True on ILGPU's CPU accelerator (an emulator: correct, not fast).</summary>
    public bool IsEmulator => Accelerator.AcceleratorType == AcceleratorType.CPU;

    /// <summary>The generic kernels of training (products, readouts, optimizers), compiled on first use.</summary>
    public DenseKernels Kernels => _kernels ??= new DenseKernels(Accelerator);

    /// <summary>The generic kernels of trained convolutions and poolings, compiled on first use (dense networks never load them).</summary>
    public ConvolutionKernels ConvolutionKernels => _convolutionKernels ??= new ConvolutionKernels(Accelerator);

    /// <summary>The kernels of batch-normalized convolutions in training, compiled on first use.</summary>
    public BatchNormKernels BatchNormKernels => _batchNormKernels ??= new BatchNormKernels(Accelerator);

    /// <summary>The generic kernels of GPU simulators (Poisson sources, spike counts), compiled on first use.</summary>
    public Simulation.SimulatorKernels SimulatorKernels => _simulatorKernels ??= new Simulation.SimulatorKernels(Accelerator);

    /// <summary>The first CUDA device.</summary>
    /// <exception cref="GpuUnavailableException">No CUDA driver is installed, it lists no device, or the device could not be opened.</exception>
    public static GpuDevice Cuda(int index = 0)
    {
        Context? context = null;
        try
        {
            context = NewContext(builder => builder.Cuda());
            int count = context.GetCudaDevices().Count;
            if (count == 0)
            {
                throw new GpuUnavailableException("No CUDA device found: this needs an NVIDIA GPU with its driver (libcuda) installed; use the CPU trainer or simulator on this machine.");
            }
            if (index < 0 || index >= count)
            {
                throw new GpuUnavailableException($"CUDA device {index} does not exist: {count} found.");
            }
            return new GpuDevice(context, context.CreateCudaAccelerator(index));
        }
        catch (Exception e) when (e is not GpuUnavailableException)
        {
            context?.Dispose();
            throw new GpuUnavailableException($"The CUDA device could not be opened ({e.GetType().Name}: {e.Message}); use the CPU trainer or simulator on this machine.", e);
        }
        catch
        {
            context?.Dispose();
            throw;
        }
    }

    /// <summary>ILGPU's CPU accelerator: the kernels run as .NET code on the host, for tests without a GPU.</summary>
    public static GpuDevice CpuEmulator()
    {
        var context = NewContext(builder => builder.CPU());
        return new GpuDevice(context, context.CreateCPUAccelerator(0));
    }

    /// <summary>
    /// An ILGPU context for <paramref name="accelerators"/> that compiles <c>Math.Exp</c>, <c>Log</c>, <c>Cos</c> and their
    /// kin: PTX has no instructions for them, and without ILGPU.Algorithms' implementations a CUDA device refuses every
    /// kernel that calls one (the CPU accelerator, which runs .NET's, would not show it).
    /// </summary>
    internal static Context NewContext(Func<Context.Builder, Context.Builder> accelerators) =>
        Context.Create(builder => accelerators(builder).EnableAlgorithms());

    /// <summary>Releases the accelerator and the context; device buffers of trainers on it must be disposed first.</summary>
    public void Dispose()
    {
        Accelerator.Dispose();
        _context.Dispose();
    }
}
