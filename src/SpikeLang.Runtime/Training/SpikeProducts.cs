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
    // A tile of the result is SourceBlock rows (one word of the spike masks) by TargetStrip columns:
    // 64 × 512 floats is 128 KiB at most, and stays in L2 while the tile goes through every row.
    private const int SourceBlock = 64;
    private const int TargetStrip = 512;

    // Rows of spikes turned into masks per block of the first pass.
    private const int MaskRows = 32;

    [ThreadStatic]
    private static OuterJob? t_outerJob;

    /// <summary>
    /// <c>result[k, :] = Σ_r spikes[r, k] · gradients[r, :]</c>: the weight gradient of a dense connection
    /// from a spiking source (rows × sources spikes, rows × targets gradients, sources × targets result,
    /// overwritten).
    /// </summary>
    /// <remarks>
    /// A first pass turns each row of spikes into bit masks of its nonzero entries (one 64-bit word
    /// per 64 sources: the whole spike matrix then fits in L2, where each tile reads its word of every
    /// row). The result is cut into tiles of 64 sources × 512 targets, whose boundaries do not depend on
    /// the pool, and both passes are shared out over <paramref name="pool"/>. Each tile starts from zero
    /// and adds, for r in ascending order, every nonzero spikes[r, k] times gradients[r, :] (multiplied
    /// then added, as <see cref="DenseRows.AddScaled{T}"/>), so every element is the same sum in the
    /// same order with any number of threads. After the first call of a size nothing is allocated.
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

    /// <summary>One <see cref="OuterSum"/> call's operands (pinned by the caller) and the calling thread's masks, shared with the workers.</summary>
    private sealed class OuterJob
    {
        private readonly BlockScheduler _scheduler = new();
        private readonly Action<int, int> _masksBody;
        private readonly Action<int, int> _tilesBody;
        private ulong[] _masks = [];
        private bool[] _weighted = [];
        private float* _spikes;
        private float* _gradients;
        private float* _result;
        private int _rows;
        private int _sources;
        private int _targets;
        private int _words;
        private int _strips;

        public OuterJob()
        {
            _masksBody = Masks;
            _tilesBody = Tiles;
        }

        public void Run(WorkerPool pool, float* spikes, float* gradients, float* result, int rows, int sources, int targets)
        {
            _spikes = spikes;
            _gradients = gradients;
            _result = result;
            _rows = rows;
            _sources = sources;
            _targets = targets;
            _words = BlockScheduler.BlockCount(sources, SourceBlock);
            _strips = BlockScheduler.BlockCount(targets, TargetStrip);
            if (_masks.Length < (long)rows * _words)
            {
                _masks = new ulong[checked(rows * _words)];
            }

            if (_weighted.Length < rows)
            {
                _weighted = new bool[rows];
            }

            try
            {
                _scheduler.Run(pool, rows, MaskRows, _masksBody);
                _scheduler.Run(pool, _words * _strips, 1, _tilesBody);
            }
            finally
            {
                // The caller's fixed block ends on return: forget its addresses.
                _spikes = _gradients = _result = null;
            }
        }

        // Bit k % 64 of word k / 64 of row r: spikes[r, k] is nonzero. _weighted[r]: some nonzero of
        // row r is not 1, so its values must be read (spikes are 1, and then the scale is 1 exactly).
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Masks(int start, int end)
        {
            for (int r = start; r < end; r++)
            {
                float* row = _spikes + (long)r * _sources;
                Span<ulong> masks = _masks.AsSpan(r * _words, _words);
                masks.Clear();
                bool weighted = false;
                int k = 0;
                if (Vector256.IsHardwareAccelerated)
                {
                    for (; k <= _sources - Vector256<float>.Count; k += Vector256<float>.Count)
                    {
                        var values = Vector256.Load(row + k);
                        uint nonzero = ~Vector256.Equals(values, Vector256<float>.Zero).ExtractMostSignificantBits() & 0xFFu;
                        weighted |= (nonzero & ~Vector256.Equals(values, Vector256<float>.One).ExtractMostSignificantBits()) != 0;
                        masks[k / SourceBlock] |= (ulong)nonzero << (k % SourceBlock);
                    }
                }

                for (; k < _sources; k++)
                {
                    if (row[k] != 0)
                    {
                        weighted |= row[k] != 1;
                        masks[k / SourceBlock] |= 1UL << (k % SourceBlock);
                    }
                }

                _weighted[r] = weighted;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Tiles(int start, int end)
        {
            for (int tile = start; tile < end; tile++)
            {
                int word = tile / _strips;
                int first = word * SourceBlock;
                int column = tile % _strips * TargetStrip;
                int width = Math.Min(TargetStrip, _targets - column);
                for (int k = first; k < Math.Min(first + SourceBlock, _sources); k++)
                {
                    new Span<float>(_result + (long)k * _targets + column, width).Clear();
                }

                for (int r = 0; r < _rows; r++)
                {
                    ulong active = _masks[r * _words + word];
                    var gradient = new ReadOnlySpan<float>(_gradients + (long)r * _targets + column, width);
                    while (active != 0)
                    {
                        int source = first + BitOperations.TrailingZeroCount(active);
                        float scale = _weighted[r] ? _spikes[(long)r * _sources + source] : 1f;
                        DenseRows.AddScaled(new Span<float>(_result + (long)source * _targets + column, width), gradient, scale);
                        active &= active - 1;
                    }
                }
            }
        }
    }
}
