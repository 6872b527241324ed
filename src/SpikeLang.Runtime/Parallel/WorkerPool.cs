using System;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Threading;

namespace SpikeLang.Runtime;

/// <summary>
/// A fixed set of persistent worker threads that run a loop body over a range split into
/// contiguous chunks, one chunk per worker, the calling thread being one of the workers.
/// </summary>
/// <remarks>
/// <para><c>Parallel.For</c> allocates closures, partitioners and tasks on every call; a training
/// step makes thousands of parallel calls, so this pool hands out work through preallocated
/// semaphores and shared fields instead: a <see cref="Run"/> call allocates nothing when the caller
/// keeps its delegate in a field. Idle workers poll for a while before they block, so a simulator
/// can call it several times per time step.</para>
/// <para>Calls are serialized: two threads calling <see cref="Run"/> on the same pool take turns.
/// A body that calls <see cref="Run"/> (on any pool) gets the whole range run inline on its own
/// thread, so nested parallel code neither deadlocks nor oversubscribes the machine.</para>
/// </remarks>
public sealed class WorkerPool : IDisposable
{
    // True on pool threads and on a caller while its Run is in progress: a nested Run goes inline.
    [ThreadStatic]
    private static bool t_insideRun;

    // How long an idle worker, or a caller waiting for its workers, polls before it blocks: a simulation
    // calls Run several times per time step, tens of microseconds apart, and waking a blocked thread
    // costs about as much as a step of a small network. Polling that yields the processor (SpinWait's
    // later rounds) let the workers fall asleep between kernels and made two threads slower than one;
    // past the budget a blocked thread costs nothing, so a machine with more runnable threads than
    // cores loses at most this much per kernel.
    private static readonly long SpinBudget = System.Diagnostics.Stopwatch.Frequency / 10_000; // 100 µs

    private readonly object _gate = new();
    private readonly SemaphoreSlim[] _start;
    // 1 while worker i is blocked (or about to block) on its semaphore, so Run knows to release it.
    private readonly int[] _asleep;
    // Released once per Run by the worker that finishes last. A semaphore rather than a ManualResetEventSlim,
    // which allocates its lock the first time a wait blocks: a step would allocate then.
    private readonly SemaphoreSlim _done = new(0);
    private readonly Thread[] _threads;
    // The generation of the current Run (high half) and its chunk count (low half), published together so
    // that a worker never pairs one Run's generation with another's chunk count.
    private long _work;

    private Action<int, int>? _body;
    private int _count;
    private int _pending;
    private Exception? _error;
    private volatile bool _disposed;
    private bool _isShared;

    /// <summary>Creates a pool in which <paramref name="workers"/> threads share each range: the caller and <paramref name="workers"/> − 1 background threads.</summary>
    /// <param name="workers">At least 1; 1 runs everything on the calling thread.</param>
    public WorkerPool(int workers)
    {
        if (workers < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(workers), workers, "A worker pool needs at least one worker (the calling thread).");
        }

        Workers = workers;
        _start = new SemaphoreSlim[workers - 1];
        _asleep = new int[workers - 1];
        _threads = new Thread[workers - 1];
        for (int i = 0; i < _threads.Length; i++)
        {
            _start[i] = new SemaphoreSlim(0);
            int chunk = i + 1;
            _threads[i] = new Thread(() => WorkerLoop(chunk))
            {
                IsBackground = true,
                Name = $"SpikeLang worker {chunk}",
            };
            _threads[i].Start();
        }
    }

    /// <summary>A pool with one worker per logical processor, created on first use and kept for the life of the process.</summary>
    public static WorkerPool Shared => SharedHolder.Instance;

    /// <summary>Number of threads that share a range, the calling thread included.</summary>
    public int Workers { get; }

    /// <summary>
    /// Runs <paramref name="body"/>(start, end) over [0, <paramref name="count"/>) split into
    /// min(<see cref="Workers"/>, count) contiguous chunks of nearly equal size (chunk i is
    /// [count·i/w, count·(i+1)/w)); the calling thread runs chunk 0. Returns when every chunk is done.
    /// If bodies throw, the first exception is rethrown here after all chunks have finished.
    /// </summary>
    /// <param name="count">Length of the range; nothing runs when it is 0 or less.</param>
    /// <param name="body">Called once per chunk with its start (inclusive) and end (exclusive).</param>
    // Fully optimized from the first call: a simulation calls it from its first step, on threads that
    // compete with the JIT's background compiler, and tier-0 code here slowed the first second several-fold.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Run(int count, Action<int, int> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (count <= 0)
        {
            return;
        }

        int participants = Math.Min(Workers, count);
        if (participants == 1 || t_insideRun)
        {
            body(0, count);
            return;
        }

        lock (_gate)
        {
            t_insideRun = true;
            try
            {
                _body = body;
                _count = count;
                _error = null;
                Volatile.Write(ref _pending, participants - 1);
                Interlocked.Exchange(ref _work, (((_work >> 32) + 1) << 32) | (uint)participants);
                WakeSleepers();

                RunChunk(0, participants);
                Poll(new WorkersDone());
                // The last worker releases _done after it counts down, so wait for it even when the count is seen at 0.
                _done.Wait();
                _body = null;
                if (_error is { } error)
                {
                    ExceptionDispatchInfo.Capture(error).Throw();
                }
            }
            finally
            {
                t_insideRun = false;
            }
        }
    }

    /// <summary>Stops the background threads once they are idle. <see cref="Shared"/> is never disposed.</summary>
    public void Dispose()
    {
        if (_disposed || _isShared)
        {
            return;
        }

        lock (_gate)
        {
            _disposed = true;
            Interlocked.Exchange(ref _work, ((_work >> 32) + 1) << 32);
            WakeSleepers();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void RunChunk(int chunk, int participants)
    {
        int count = _count;
        int start = (int)((long)count * chunk / participants);
        int end = (int)((long)count * (chunk + 1) / participants);
        try
        {
            _body!(start, end);
        }
        catch (Exception ex)
        {
            Interlocked.CompareExchange(ref _error, ex, null);
        }
    }

    /// <summary>Releases the workers that blocked; the others see the new generation while they poll.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WakeSleepers()
    {
        for (int i = 0; i < _asleep.Length; i++)
        {
            if (Interlocked.Exchange(ref _asleep[i], 0) == 1)
            {
                _start[i].Release();
            }
        }
    }

    /// <summary>
    /// Polls for the next generation, then blocks; a Run between the two finds the flag and releases the
    /// semaphore. A Run's wake-up pass can also reach a worker that has already done that Run's chunk and
    /// gone back to sleep, so a worker that wakes to the generation it has seen sleeps again.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WaitForWork(int worker, long seen)
    {
        while (!Poll(new NewWork(seen)))
        {
            Interlocked.Exchange(ref _asleep[worker], 1);
            if (Generation() != seen && Interlocked.Exchange(ref _asleep[worker], 0) == 1)
            {
                // Work arrived before anyone saw the flag: no release is coming.
                return;
            }
            _start[worker].Wait();
            if (Generation() != seen)
            {
                return;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private long Generation() => Volatile.Read(ref _work) >> 32;

    /// <summary>Spins until the condition holds or the budget is spent; true when it holds.</summary>
    /// <remarks>Generic over a struct so that each condition is inlined and nothing is allocated.</remarks>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private bool Poll<TCondition>(TCondition condition)
        where TCondition : struct, ICondition
    {
        long deadline = System.Diagnostics.Stopwatch.GetTimestamp() + SpinBudget;
        while (true)
        {
            for (int k = 0; k < 64; k++)
            {
                if (condition.Holds(this))
                {
                    return true;
                }
                Thread.SpinWait(1);
            }
            if (System.Diagnostics.Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }
        }
    }

    private interface ICondition
    {
        bool Holds(WorkerPool pool);
    }

    /// <summary>Every worker of the current Run has finished its chunk.</summary>
    private readonly struct WorkersDone : ICondition
    {
        public bool Holds(WorkerPool pool) => Volatile.Read(ref pool._pending) == 0;
    }

    /// <summary>A Run (or Dispose) has started since generation <see cref="Seen"/>.</summary>
    private readonly struct NewWork(long seen) : ICondition
    {
        public long Seen { get; } = seen;

        public bool Holds(WorkerPool pool) => pool.Generation() != Seen;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WorkerLoop(int chunk)
    {
        t_insideRun = true;
        long seen = 0;
        while (true)
        {
            WaitForWork(chunk - 1, seen);
            long work = Volatile.Read(ref _work);
            seen = work >> 32;
            if (_disposed)
            {
                return;
            }
            int participants = (int)(uint)work;
            if (chunk >= participants)
            {
                // This Run has fewer chunks than workers.
                continue;
            }

            RunChunk(chunk, participants);
            if (Interlocked.Decrement(ref _pending) == 0)
            {
                _done.Release();
            }
        }
    }

    // A nested class so that the shared threads start on first use of Shared, not on first use of WorkerPool.
    private static class SharedHolder
    {
        public static readonly WorkerPool Instance = new(Environment.ProcessorCount) { _isShared = true };
    }
}
