using System;
using System.Linq;
using Examples.FashionMnist;
using SpikeLang.Runtime;
using SpikeLang.Simulation.Tests.Networks;
using Xunit;

namespace SpikeLang.Simulation.Tests;

/// <summary>A training step allocates nothing once the trainer is built (issue 6).</summary>
public sealed class TrainerAllocationTests
{
    [Fact]
    public void A_training_step_allocates_nothing_after_the_first()
    {
        // One worker: every kernel and product runs on this thread, where allocations are counted exactly.
        using var pool = new WorkerPool(1);
        var trainer = new FashionMlpTrainer(batchCapacity: 16, seed: 2, steps: 6, n_hidden: 40, pool: pool);
        var random = new Random(3);
        float[] pixels = Enumerable.Range(0, 16 * trainer.N_pixels).Select(_ => (float)random.NextDouble()).ToArray();
        int[] labels = Enumerable.Range(0, 16).Select(k => k % trainer.Classes).ToArray();

        trainer.TrainBatch(pixels, labels);
        trainer.Evaluate(pixels.AsSpan(0, 8 * trainer.N_pixels), labels.AsSpan(0, 8));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 5; k++)
        {
            trainer.TrainBatch(pixels, labels);
            trainer.Evaluate(pixels.AsSpan(0, 8 * trainer.N_pixels), labels.AsSpan(0, 8));
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Convolutions and poolings of both timings: their scratch rows, kernels in forward order and gradient blocks are built once.</summary>
    [Fact]
    public void A_convolutional_training_step_allocates_nothing_after_the_first()
    {
        using var pool = new WorkerPool(1);
        var trainer = new DeployConvolutionTrainer(batchCapacity: 12, seed: 2, pool: pool);
        var random = new Random(4);
        float[] inputs = Enumerable.Range(0, 12 * trainer.N_x).Select(_ => (float)random.NextDouble() * 2).ToArray();
        int[] labels = Enumerable.Range(0, 12).Select(k => k % trainer.Classes).ToArray();

        trainer.TrainBatch(inputs, labels);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 3; k++)
        {
            trainer.TrainBatch(inputs, labels);
        }
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
