using System;
using System.Collections.Concurrent;
using System.Linq;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Runtime.Tests.Training;

/// <summary>
/// The trainer's parallel kernels over fixed blocks: each gives exactly the single-threaded loop's bits,
/// whatever the pool (issue 16).
/// </summary>
public sealed class BlockReductionTests
{
    private static readonly int[] Workers = [1, 2, 3, 8];

    private static float[] Random(int count, int seed, double spikeRate = -1)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(_ => spikeRate < 0 ? (float)(random.NextDouble() * 2 - 1) : random.NextDouble() < spikeRate ? 1f : 0f)
            .ToArray();
    }

    private static int[] Bits(float[] values) => values.Select(BitConverter.SingleToInt32Bits).ToArray();

    [Fact]
    public void BlockScheduler_calls_every_block_once_with_boundaries_fixed_by_the_block_size()
    {
        foreach (int workers in Workers)
        {
            using var pool = new WorkerPool(workers);
            var seen = new ConcurrentBag<(int Start, int End)>();
            new BlockScheduler().Run(pool, 23, 5, (start, end) => seen.Add((start, end)));
            Assert.Equal([(0, 5), (5, 10), (10, 15), (15, 20), (20, 23)], seen.OrderBy(b => b.Start));
        }
    }

    [Fact]
    public void OuterSum_is_the_sum_over_rows_in_order_with_any_pool()
    {
        // 150 sources and 600 targets: several tiles each way, edges included; rows 5 and 6 carry values
        // other than 1, which must be read rather than assumed.
        int rows = 37, sources = 150, targets = 600;
        float[] spikes = Random(rows * sources, 1, spikeRate: 0.2), gradients = Random(rows * targets, 2);
        spikes[5 * sources + 3] = 0.5f;
        spikes[6 * sources + 149] = -2f;
        var expected = new float[sources * targets];
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < sources; k++)
            {
                if (spikes[r * sources + k] != 0)
                {
                    DenseRows.AddScaled(expected.AsSpan(k * targets, targets), gradients.AsSpan(r * targets, targets), spikes[r * sources + k]);
                }
            }
        }

        foreach (int workers in Workers)
        {
            using var pool = new WorkerPool(workers);
            float[] result = Random(sources * targets, 3);
            SpikeProducts.OuterSum(spikes, gradients, result, rows, sources, targets, pool);
            Assert.Equal(Bits(expected), Bits(result));
        }
    }

    [Fact]
    public void ColumnSums_add_rows_left_to_right_with_any_pool()
    {
        int count = 9, width = 3000;
        float[] rows = Random(count * width, 4);
        var expected = new float[width];
        for (int j = 0; j < width; j++)
        {
            float sum = rows[j];
            for (int r = 1; r < count; r++)
            {
                sum += rows[r * width + j];
            }

            expected[j] = sum;
        }

        foreach (int workers in Workers)
        {
            using var pool = new WorkerPool(workers);
            var result = new float[width];
            ColumnSums.Compute(rows, count, width, result, pool);
            Assert.Equal(Bits(expected), Bits(result));
        }
    }

    [Fact]
    public void Optimizers_on_a_pool_update_as_on_one_thread()
    {
        int n = 3 * 8192 + 13;
        float[] gradients = Random(n, 5);
        (float[] P, float[] M, float[] V) Adam(WorkerPool? pool)
        {
            var adam = new Adam(1e-3);
            float[] p = Random(n, 6), m = new float[n], v = new float[n];
            for (int step = 0; step < 3; step++)
            {
                adam.BeginStep();
                if (pool is null)
                {
                    adam.Update(p, gradients, m, v);
                }
                else
                {
                    adam.Update(p, gradients, m, v, pool);
                }
            }

            return (p, m, v);
        }

        (float[] P, float[] Velocity) Sgd(WorkerPool? pool, double momentum)
        {
            var sgd = new Sgd(0.1, momentum);
            float[] p = Random(n, 7), velocity = momentum == 0 ? [] : new float[n];
            for (int step = 0; step < 3; step++)
            {
                sgd.BeginStep();
                if (pool is null)
                {
                    sgd.Update(p, gradients, velocity);
                }
                else
                {
                    sgd.Update(p, gradients, velocity, pool);
                }
            }

            return (p, velocity);
        }

        var adam = Adam(null);
        var sgd = Sgd(null, 0.9);
        var plain = Sgd(null, 0);
        foreach (int workers in Workers)
        {
            using var pool = new WorkerPool(workers);
            var (p, m, v) = Adam(pool);
            Assert.Equal(Bits(adam.P), Bits(p));
            Assert.Equal(Bits(adam.M), Bits(m));
            Assert.Equal(Bits(adam.V), Bits(v));
            var (q, velocity) = Sgd(pool, 0.9);
            Assert.Equal(Bits(sgd.P), Bits(q));
            Assert.Equal(Bits(sgd.Velocity), Bits(velocity));
            Assert.Equal(Bits(plain.P), Bits(Sgd(pool, 0).P));
        }
    }

    [Fact]
    public void Loss_block_sums_add_up_to_the_batch_loss_and_write_the_same_gradient()
    {
        int batch = 10, classes = 4;
        float[] logits = Random(batch * classes, 8).Select(x => 5 * x).ToArray();
        int[] labels = Enumerable.Range(0, batch).Select(b => b % classes).ToArray();
        var wholeGradient = new float[batch * classes];
        float whole = Losses.CrossEntropy(logits, labels, wholeGradient, batch, classes);
        var blockGradient = new float[batch * classes];
        double total = 0;
        for (int first = 0; first < batch; first += 3)
        {
            int rows = Math.Min(3, batch - first);
            total += Losses.CrossEntropySum(logits.AsSpan(first * classes), labels.AsSpan(first), blockGradient.AsSpan(first * classes), rows, classes, batch);
        }

        Assert.Equal(Bits(wholeGradient), Bits(blockGradient));
        Assert.Equal(whole, (float)(total / batch), 6);
    }
}
