using System;
using System.Threading;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Runtime.Tests.Parallel;

public sealed class WorkerPoolTests
{
    [Theory]
    [InlineData(1, 10)]
    [InlineData(3, 10)]
    [InlineData(4, 2)]
    [InlineData(3, 1000)]
    public void Covers_the_range_once_in_contiguous_chunks_one_per_worker(int workers, int count)
    {
        using var pool = new WorkerPool(workers);
        var hits = new int[count];
        int chunks = 0;
        pool.Run(count, (start, end) =>
        {
            Interlocked.Increment(ref chunks);
            Assert.True(start < end, $"empty chunk [{start}, {end})");
            for (int i = start; i < end; i++)
            {
                Interlocked.Increment(ref hits[i]);
            }
        });
        Assert.All(hits, h => Assert.Equal(1, h));
        Assert.Equal(Math.Min(workers, count), chunks);
    }

    [Fact]
    public void Uses_several_threads_and_the_caller()
    {
        using var pool = new WorkerPool(3);
        var threads = new int[3];
        int caller = Environment.CurrentManagedThreadId;
        pool.Run(3, (start, _) => threads[start] = Environment.CurrentManagedThreadId);
        Assert.Equal(caller, threads[0]);
        Assert.Equal(3, new System.Collections.Generic.HashSet<int>(threads).Count);
    }

    [Fact]
    public void A_nested_run_goes_inline_instead_of_deadlocking()
    {
        using var pool = new WorkerPool(2);
        int total = 0;
        pool.Run(2, (_, _) => pool.Run(10, (start, end) => Interlocked.Add(ref total, end - start)));
        Assert.Equal(20, total);
    }

    [Fact]
    public void An_exception_in_a_body_reaches_the_caller_and_the_pool_keeps_working()
    {
        using var pool = new WorkerPool(2);
        var error = Assert.Throws<InvalidOperationException>(() => pool.Run(2, (start, _) =>
        {
            if (start == 1)
            {
                throw new InvalidOperationException("chunk 1 failed");
            }
        }));
        Assert.Equal("chunk 1 failed", error.Message);
        int sum = 0;
        pool.Run(100, (start, end) => Interlocked.Add(ref sum, end - start));
        Assert.Equal(100, sum);
    }

    /// <summary>
    /// Runs of every size back to back, with more workers than cores so that workers fall asleep and are
    /// preempted: each chunk runs exactly once per Run and never after its Run has returned. (A wake-up
    /// pass that reached a worker already back asleep once ran its chunk a second time.)
    /// </summary>
    [Fact]
    public void Back_to_back_runs_run_each_chunk_once_and_within_its_run()
    {
        using var pool = new WorkerPool(8);
        var hits = new int[8];
        long current = 0, late = 0;
        Action<int, int> body = (start, end) =>
        {
            long run = Volatile.Read(ref current);
            for (int i = start; i < end; i++)
            {
                Interlocked.Increment(ref hits[i]);
            }
            Thread.SpinWait(20);
            if (Volatile.Read(ref current) != run)
            {
                Interlocked.Increment(ref late);
            }
        };
        var sizes = new Random(1);
        for (int run = 1; run <= 20_000; run++)
        {
            int count = sizes.Next(2, 9);
            Array.Clear(hits);
            Volatile.Write(ref current, run);
            pool.Run(count, body);
            for (int i = 0; i < hits.Length; i++)
            {
                Assert.True(hits[i] == (i < count ? 1 : 0), $"run {run} of {count} chunks: index {i} ran {hits[i]} times");
            }
        }
        Assert.Equal(0, Interlocked.Read(ref late));
    }

    [Fact]
    public void Needs_at_least_one_worker()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WorkerPool(0));
        Assert.True(WorkerPool.Shared.Workers >= 1);
    }
}
