using System;
using System.Collections.Generic;
using SpikeLang.Runtime;
#if GPU_TRAINER
using SpikeLang.Gpu;
#endif

namespace Examples.Shared;

#if GPU_TRAINER
/// <summary>A generated GPU trainer as <see cref="GpuTrainingRun"/> drives it: its batches, how its trained weights go back to the CPU trainer, and itself to dispose.</summary>
internal sealed record GpuSession(ClassifierTrainer Classifier, Action HandBack, IDisposable Trainer);
#endif

/// <summary>
/// <c>--device gpu</c> of the training examples: the first CUDA device, the example's GPU trainer on it (started from the CPU
/// trainer's weights, which the same seed draws and <c>--load</c> replaced), its epochs, and its weights handed back, so that
/// saving and the simulator check stay the CPU path's. Each example builds its own generated trainer (<c>GpuTraining.cs</c>).
/// </summary>
internal static class GpuTrainingRun
{
#if GPU_TRAINER
    /// <summary>The epochs' results, or null after printing why there is no GPU to train on (the caller exits with 2).</summary>
    public static List<EpochResult>? Run(Func<GpuDevice, GpuSession> start, TrainingOptions options, LabeledImages train, LabeledImages test, string program)
    {
        GpuDevice device;
        try
        {
            device = GpuDevice.Cuda();
        }
        catch (GpuUnavailableException ex)
        {
            Console.Error.WriteLine($"{program}: --device gpu: {ex.Message}");
            return null;
        }
        using (device)
        {
            var session = start(device);
            using (session.Trainer)
            {
                Console.WriteLine($"training on the GPU: {device.Name}");
                var epochs = ClassifierTraining.Run(session.Classifier, train, test, options);
                session.HandBack();
                return epochs;
            }
        }
    }
#else
    /// <summary>Prints why a NativeAOT build has no GPU trainer and returns null (the caller exits with 2).</summary>
    public static List<EpochResult>? NotInThisBuild(string program)
    {
        Console.Error.WriteLine($"{program}: --device gpu: this is a NativeAOT build, which cannot run ILGPU (it compiles kernels from IL at run time); " +
            "publish with bench/gpu/run.sh (a self-contained single file) for the GPU trainer.");
        return null;
    }
#endif
}
