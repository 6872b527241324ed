using System;
using System.Collections.Generic;
using Examples.Shared;
using SpikeLang.Runtime;
#if GPU_TRAINER
using SpikeLang.Gpu;
#endif

namespace Examples.FashionMnist;

/// <summary>
/// <c>--device gpu</c>: the generated GPU trainer, started from the CPU trainer's weights (the same seed draws the same
/// ones; <c>--load</c> went there) and handing its trained weights back, so saving and the simulator check stay the CPU path's.
/// </summary>
internal static class GpuTraining
{
    /// <summary>The epochs' results, or null after printing why there is no GPU to train on (the caller exits with 2).</summary>
    public static List<EpochResult>? Run(FashionMlpTrainer cpu, TrainingOptions options, LabeledImages train, LabeledImages test, string program)
    {
#if GPU_TRAINER
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
        using (var trainer = new FashionMlpGpuTrainer(device, options.Batch, options.Seed, options.Steps, n_hidden: cpu.n_hidden) { LearningRate = options.LearningRate })
        {
            trainer.SetWeights(cpu.GetWeights());
            Console.WriteLine($"training on the GPU: {device.Name}");
            var epochs = ClassifierTraining.Run(new ClassifierTrainer(trainer.N_pixels, trainer.TrainBatch, trainer.Evaluate, lr => trainer.LearningRate = lr), train, test, options);
            cpu.SetWeights(trainer.GetWeights());
            return epochs;
        }
#else
        Console.Error.WriteLine($"{program}: --device gpu: this is a NativeAOT build, which cannot run ILGPU (it compiles kernels from IL at run time); " +
            "publish with bench/gpu/run.sh (a self-contained single file) for the GPU trainer.");
        return null;
#endif
    }
}
