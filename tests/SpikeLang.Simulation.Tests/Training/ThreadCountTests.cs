using System;
using System.Collections.Generic;
using System.Linq;
using Examples.FashionMnist;
using SpikeLang.Runtime;
using SpikeLang.Simulation.Tests.Networks;
using Xunit;

namespace SpikeLang.Simulation.Tests.Training;

/// <summary>
/// A seeded training run gives the same weights, bit for bit, whatever the number of worker threads
/// (issue 16): every sum of the trainer runs over blocks fixed by the shapes, never by the pool.
/// </summary>
public sealed class ThreadCountTests
{
    private static readonly int[] Workers = [1, 2, 3, 8];

    /// <summary>
    /// Fashion-MNIST's network, small: 100 hidden neurons make several tiles of the spike product and
    /// the column sums, 784 × 100 × 32 is big enough for Sgemm to split, 32 samples make four blocks.
    /// </summary>
    [Fact]
    public void A_feed_forward_network_with_current_input_and_Adam_trains_the_same_with_any_pool()
    {
        const int batch = 32;
        var random = new Random(5);
        float[] pixels = Enumerable.Range(0, 3 * batch * 784).Select(_ => (float)random.NextDouble()).ToArray();
        int[] labels = Enumerable.Range(0, 3 * batch).Select(_ => random.Next(10)).ToArray();
        AssertSameForEveryPool(pool =>
        {
            var trainer = new FashionMlpTrainer(batch, seed: 3, steps: 6, n_hidden: 100, pool: pool);
            var initial = trainer.GetWeights();
            var losses = Enumerable.Range(0, 3).Select(k => trainer.TrainBatch(pixels.AsSpan(k * batch * 784, batch * 784), labels.AsSpan(k * batch, batch))).ToList();
            return (initial, trainer.GetWeights(), losses);
        });
    }

    /// <summary>Poisson input (one stream per sample slot), a recurrent layer and a learned decay; 21 samples make three blocks, the last one short.</summary>
    [Fact]
    public void A_recurrent_network_with_Poisson_input_and_a_learned_decay_trains_the_same_with_any_pool()
    {
        const int batch = 21;
        var random = new Random(6);
        float[] inputs = Enumerable.Range(0, batch * 10).Select(_ => (float)random.NextDouble()).ToArray();
        int[] labels = Enumerable.Range(0, batch).Select(_ => random.Next(3)).ToArray();
        AssertSameForEveryPool(pool =>
        {
            var trainer = new DeployRecurrentTrainer(batch, seed: 4, pool: pool);
            var initial = trainer.GetWeights();
            var losses = Enumerable.Range(0, 4).Select(_ => trainer.TrainBatch(inputs, labels)).ToList();
            return (initial, trainer.GetWeights(), losses);
        });
    }

    /// <summary>Convolutions and poolings of both timings: kernel gradients over blocks of output channels, source gradients over 19 samples (three blocks).</summary>
    [Fact]
    public void A_convolutional_network_trains_the_same_with_any_pool()
    {
        const int batch = 19;
        var random = new Random(7);
        float[] inputs = Enumerable.Range(0, batch * 64).Select(_ => (float)random.NextDouble() * 2).ToArray();
        int[] labels = Enumerable.Range(0, batch).Select(_ => random.Next(3)).ToArray();
        AssertSameForEveryPool(pool =>
        {
            var trainer = new DeployConvolutionTrainer(batch, seed: 6, pool: pool);
            var initial = trainer.GetWeights();
            var losses = Enumerable.Range(0, 3).Select(_ => trainer.TrainBatch(inputs, labels)).ToList();
            return (initial, trainer.GetWeights(), losses);
        });
    }

    private static void AssertSameForEveryPool(Func<WorkerPool, (WeightSet Initial, WeightSet Trained, List<BatchResult> Losses)> train)
    {
        var runs = Workers.Select(workers =>
        {
            using var pool = new WorkerPool(workers);
            return train(pool);
        }).ToList();
        var (initial, reference, referenceLosses) = runs[0];
        Assert.Contains(Enumerable.Range(0, reference.Count), k => !reference[k].Values.SequenceEqual(initial[k].Values));
        for (int run = 1; run < runs.Count; run++)
        {
            var (_, trained, losses) = runs[run];
            Assert.Equal(referenceLosses, losses);
            for (int k = 0; k < reference.Count; k++)
            {
                // Compared as bits: equal floats could still differ (−0 and +0) and NaN never equals itself.
                int[] expected = reference[k].Values.Select(BitConverter.SingleToInt32Bits).ToArray();
                int[] actual = trained[k].Values.Select(BitConverter.SingleToInt32Bits).ToArray();
                Assert.True(expected.SequenceEqual(actual), $"{reference[k].Name} differs with {Workers[run]} workers from 1 worker.");
            }
        }
    }
}
