using System;
using System.Threading;

namespace SpikeLang.Runtime;

/// <summary>
/// Runs a body over a range cut into blocks of a fixed size, handing the blocks out to a
/// <see cref="WorkerPool"/>'s workers one at a time, each worker taking the next block when it has
/// finished one.
/// </summary>
/// <remarks>
/// <para><b>Determinism.</b> Block boundaries depend only on the range and the block size, never on
/// the number of workers, and the body is called once per block even on one thread. A body whose
/// block's result depends on that block alone, or that writes one partial result per block for the
/// caller to combine in block order, gives the same bits with any pool.</para>
/// <para><b>Balance.</b> <see cref="WorkerPool.Run"/> gives each worker one fixed chunk, so the slowest
/// chunk sets the pace; here a worker that drew cheap blocks (samples with few spikes, say) simply
/// takes more of them.</para>
/// <para>Allocates nothing per call when the caller keeps its body in a field. An instance runs one
/// range at a time: a body must not call <see cref="Run"/> on the instance that is running it.</para>
/// </remarks>
public sealed class BlockScheduler
{
    private readonly Action<int, int> _worker;

    private Action<int, int>? _body;
    private int _count;
    private int _blockSize;
    private int _blocks;
    private int _next;

    /// <summary>Creates a scheduler; keep one per caller, it holds the state of the range being run.</summary>
    public BlockScheduler() => _worker = TakeBlocks;

    /// <summary>Number of blocks of <paramref name="blockSize"/> that cover [0, <paramref name="count"/>): the last one may be shorter.</summary>
    public static int BlockCount(int count, int blockSize) => count <= 0 ? 0 : (int)(((long)count + blockSize - 1) / blockSize);

    /// <summary>
    /// Calls <paramref name="body"/>(start, end) once for every block [b·blockSize, min((b + 1)·blockSize, count))
    /// of [0, <paramref name="count"/>), spread over <paramref name="pool"/>; returns when all are done. The first
    /// exception thrown by a body is rethrown here.
    /// </summary>
    /// <param name="pool">Threads to use.</param>
    /// <param name="count">Length of the range; nothing runs when it is 0 or less.</param>
    /// <param name="blockSize">Length of every block but the last; at least 1.</param>
    /// <param name="body">Called once per block with its start (inclusive) and end (exclusive).</param>
    public void Run(WorkerPool pool, int count, int blockSize, Action<int, int> body)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(body);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        int blocks = BlockCount(count, blockSize);
        if (blocks <= 1)
        {
            if (blocks == 1)
            {
                body(0, count);
            }

            return;
        }

        _body = body;
        _count = count;
        _blockSize = blockSize;
        _blocks = blocks;
        _next = 0;
        try
        {
            // One chunk per worker: each one then draws blocks until none is left.
            pool.Run(Math.Min(pool.Workers, blocks), _worker);
        }
        finally
        {
            _body = null;
        }
    }

    private void TakeBlocks(int firstChunk, int endChunk)
    {
        Action<int, int> body = _body!;
        for (int block = Interlocked.Increment(ref _next) - 1; block < _blocks; block = Interlocked.Increment(ref _next) - 1)
        {
            int start = (int)((long)block * _blockSize);
            body(start, (int)Math.Min((long)start + _blockSize, _count));
        }
    }
}
