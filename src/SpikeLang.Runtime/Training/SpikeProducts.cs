using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace SpikeLang.Runtime;

/// <summary>
/// Products with a spike matrix (entries 0 or 1) that visit only the spikes: in a spiking layer most
/// entries are 0, so this beats a dense GEMM, whose cost does not depend on the values.
/// </summary>
public static unsafe class SpikeProducts
{
    // A tile of the result is SourceBlock rows (a multiple of the eight-lane scan) by TargetStrip
    // columns: 32 × 512 floats is 64 KiB at most, and a tile's rows stay in L2 while every spike row
    // of the product is scanned.
    private const int SourceBlock = 32;
    private const int TargetStrip = 512;

    [ThreadStatic]
    private static OuterJob? t_outerJob;

    /// <summary>
    /// <c>result[k, :] = Σ_r spikes[r, k] · gradients[r, :]</c>: the weight gradient of a dense connection
    /// from a spiking source (rows × sources spikes, rows × targets gradients, sources × targets result,
    /// overwritten).
    /// </summary>
    /// <remarks>
    /// The result is cut into tiles of 32 sources × 512 targets, whose boundaries do not depend on the
    /// pool, and the tiles are shared out over <paramref name="pool"/>. Each tile starts from zero and
    /// adds, for r in ascending order, every nonzero spikes[r, k] times gradients[r, :] (multiplied then
    /// added, as <see cref="DenseRows.AddScaled{T}"/>), so every element is the same sum in the same
    /// order with any number of threads.
    /// </remarks>
    /// <param name="spikes">rows × sources, row-major.</param>
    /// <param name="gradients">rows × targets, row-major.</param>
    /// <param name="result">sources × targets, row-major; overwritten.</param>
    /// <param name="rows">Rows r of the sum (steps × samples for a trainer).</param>
    /// <param name="sources">Columns of the spikes and rows of the result.</param>
    /// <param name="targets">Columns of the gradients and of the result.</param>
    /// <param name="pool">Threads to use.</param>
    public static void OuterSum(ReadOnlySpan<float> spikes, ReadOnlySpan<float> gradients, Span<float> result, int rows, int sources, int targets, WorkerPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        if (rows < 0 || sources < 0 || targets < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(rows), $"Dimensions must not be negative: {rows} rows × {sources} sources × {targets} targets.");
        }

        if (spikes.Length < (long)rows * sources || gradients.Length < (long)rows * targets || result.Length < (long)sources * targets)
        {
            throw new ArgumentException($"Spans too short for {rows} rows × {sources} sources × {targets} targets.");
        }

        OuterJob job = t_outerJob ??= new OuterJob();
        fixed (float* s = spikes, g = gradients, c = result)
        {
            job.Run(pool, s, g, c, rows, sources, targets);
        }
    }

    /// <summary>One <see cref="OuterSum"/> call's operands (pinned by the caller), shared with the workers.</summary>
    private sealed class OuterJob
    {
        private readonly BlockScheduler _scheduler = new();
        private readonly Action<int, int> _tilesBody;
        private float* _spikes;
        private float* _gradients;
        private float* _result;
        private int _rows;
        private int _sources;
        private int _targets;
        private int _strips;

        public OuterJob() => _tilesBody = Tiles;

        public void Run(WorkerPool pool, float* spikes, float* gradients, float* result, int rows, int sources, int targets)
        {
            _spikes = spikes;
            _gradients = gradients;
            _result = result;
            _rows = rows;
            _sources = sources;
            _targets = targets;
            _strips = BlockScheduler.BlockCount(targets, TargetStrip);
            try
            {
                _scheduler.Run(pool, BlockScheduler.BlockCount(sources, SourceBlock) * _strips, 1, _tilesBody);
            }
            finally
            {
                // The caller's fixed block ends on return: forget its addresses.
                _spikes = _gradients = _result = null;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Tiles(int start, int end)
        {
            for (int tile = start; tile < end; tile++)
            {
                int first = tile / _strips * SourceBlock;
                int last = Math.Min(first + SourceBlock, _sources);
                int column = tile % _strips * TargetStrip;
                int width = Math.Min(TargetStrip, _targets - column);
                for (int k = first; k < last; k++)
                {
                    new Span<float>(_result + (long)k * _targets + column, width).Clear();
                }

                for (int r = 0; r < _rows; r++)
                {
                    AccumulateRow(_spikes + (long)r * _sources, first, last, new ReadOnlySpan<float>(_gradients + (long)r * _targets + column, width), column);
                }
            }
        }

        // result[k, column ..] += s[k] · gradient for the nonzero s[k], k in [first, last) ascending.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private void AccumulateRow(float* s, int first, int last, ReadOnlySpan<float> gradient, int column)
        {
            int k = first;
            if (Vector256.IsHardwareAccelerated)
            {
                for (; k <= last - Vector256<float>.Count; k += Vector256<float>.Count)
                {
                    uint active = ~Vector256.Equals(Vector256.Load(s + k), Vector256<float>.Zero).ExtractMostSignificantBits() & 0xFFu;
                    while (active != 0)
                    {
                        int source = k + BitOperations.TrailingZeroCount(active);
                        DenseRows.AddScaled(new Span<float>(_result + (long)source * _targets + column, gradient.Length), gradient, s[source]);
                        active &= active - 1;
                    }
                }
            }

            for (; k < last; k++)
            {
                if (s[k] != 0)
                {
                    DenseRows.AddScaled(new Span<float>(_result + (long)k * _targets + column, gradient.Length), gradient, s[k]);
                }
            }
        }
    }
}
