using System;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Runtime.Tests.Training;

/// <summary>
/// Parallel code allocates on worker threads too, so these tests add up the allocation counters of
/// every thread of the pool, the caller included (a process-wide count would also see the test
/// runner's own threads). The collection runs alone so that no other test uses the shared pool meanwhile.
/// </summary>
[CollectionDefinition(nameof(ParallelAllocationTests), DisableParallelization = true)]
public sealed class ParallelAllocationCollection;

[Collection(nameof(ParallelAllocationTests))]
public sealed class ParallelAllocationTests
{
    // Least over a few windows, as Allocation.BytesAllocatedBy: code that allocates does so in
    // every window, while the runtime itself may charge one window now and then.
    private static long PoolBytesAllocatedBy(WorkerPool pool, Action action)
    {
        // One chunk per worker, so chunk i reads the counter of worker thread i (0 is the caller).
        var counters = new long[pool.Workers];
        Action<int, int> read = (start, _) => counters[start] = GC.GetAllocatedBytesForCurrentThread();
        long Total()
        {
            pool.Run(pool.Workers, read);
            long sum = 0;
            foreach (long counter in counters)
            {
                sum += counter;
            }

            return sum;
        }

        action();
        Total();
        long least = long.MaxValue;
        for (int window = 0; window < 5; window++)
        {
            long before = Total();
            for (int i = 0; i < 5; i++)
            {
                action();
            }

            least = Math.Min(least, Total() - before);
        }

        return least;
    }

    [Fact]
    public void Sgemm_allocates_nothing_after_the_first_call()
    {
        var random = new Random(4);
        // The trainer's shapes: a forward layer and a weight gradient, both above the parallel threshold.
        int m = 128, n = 1000, k = 784;
        float[] x = new float[m * k], w = new float[n * k], y = new float[m * n], dw = new float[n * k];
        foreach (float[] values in new[] { x, w })
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (float)random.NextDouble();
            }
        }

        Assert.Equal(0, PoolBytesAllocatedBy(WorkerPool.Shared, () =>
        {
            Sgemm.Compute(false, true, m, n, k, 1f, x, k, w, k, 0f, y, n);
            Sgemm.Compute(true, false, n, k, m, 1f, y, n, x, k, 0f, dw, k);
        }));
    }

    [Fact]
    public void Sgemm_spike_path_allocates_nothing_after_the_first_call()
    {
        var random = new Random(6);
        int m = 3200, n = 10, k = 1000;
        float[] s = new float[m * k], w = new float[n * k], c = new float[m * n];
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = random.NextDouble() < 0.1 ? 1f : 0f;
        }

        Assert.Equal(0, PoolBytesAllocatedBy(WorkerPool.Shared, () => Sgemm.ComputeSpikes(true, m, n, k, 1f, s, k, w, k, 0f, c, n)));
    }

    [Fact]
    public void Block_kernels_of_the_trainer_allocate_nothing_after_the_first_call()
    {
        var random = new Random(7);
        // The trainer's shapes: hidden → out weight and bias gradients, the steps' adjoint sum, an Adam step.
        int rows = 3072, sources = 1000, targets = 10, width = 128 * 1000;
        float[] s = new float[rows * sources], g = new float[rows * targets], dw = new float[sources * targets], db = new float[targets];
        for (int i = 0; i < s.Length; i++)
        {
            s[i] = random.NextDouble() < 0.1 ? 1f : 0f;
        }

        float[] adjoints = new float[24 * width], sum = new float[width];
        float[] p = new float[784 * 1000], m = new float[p.Length], v = new float[p.Length];
        var adam = new Adam();
        adam.BeginStep();
        Assert.Equal(0, PoolBytesAllocatedBy(WorkerPool.Shared, () =>
        {
            SpikeProducts.OuterSum(s, g, dw, rows, sources, targets, WorkerPool.Shared);
            ColumnSums.Compute(g, rows, targets, db, WorkerPool.Shared);
            ColumnSums.Compute(adjoints, 24, width, sum, WorkerPool.Shared);
            adam.Update(p, p, m, v, WorkerPool.Shared);
        }));
    }

    [Fact]
    public void WorkerPool_runs_a_cached_delegate_without_allocating()
    {
        using var pool = new WorkerPool(2);
        var data = new float[1000];
        Action<int, int> body = (start, end) =>
        {
            for (int i = start; i < end; i++)
            {
                data[i] += 1f;
            }
        };
        Action hundredRuns = () =>
        {
            for (int i = 0; i < 100; i++)
            {
                pool.Run(data.Length, body);
            }
        };
        Assert.Equal(0, PoolBytesAllocatedBy(pool, hundredRuns));
        Assert.All(data, x => Assert.Equal(2600f, x));
    }
}
