using System.Collections.Generic;
using Examples.Shared;
using SpikeLang.Runtime;

namespace Examples.FashionMnistConv;

/// <summary><c>--device gpu</c>: the generated <c>FashionCnnGpuTrainer</c>, run by <see cref="GpuTrainingRun"/>.</summary>
internal static class GpuTraining
{
    /// <summary>The epochs' results, or null after printing why there is no GPU to train on (the caller exits with 2).</summary>
    public static List<EpochResult>? Run(FashionCnnTrainer cpu, TrainingOptions options, LabeledImages train, LabeledImages test, string program) =>
#if GPU_TRAINER
        GpuTrainingRun.Run(device =>
        {
            var trainer = new FashionCnnGpuTrainer(device, options.Batch, options.Seed, options.Steps) { LearningRate = options.LearningRate };
            trainer.SetWeights(cpu.GetWeights());
            return new GpuSession(new ClassifierTrainer(trainer.N_img, trainer.TrainBatch, trainer.Evaluate, lr => trainer.LearningRate = lr),
                () => cpu.SetWeights(trainer.GetWeights()), trainer);
        }, options, train, test, program);
#else
        GpuTrainingRun.NotInThisBuild(program);
#endif
}
