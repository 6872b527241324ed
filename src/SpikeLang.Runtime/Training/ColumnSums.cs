using System;
using System.Runtime.CompilerServices;

namespace SpikeLang.Runtime;

/// <summary>
/// Sums of the rows of a matrix, <c>result[j] = Σ_r rows[r, j]</c>: a bias gradient (the adjoints of a
/// layer's input summed over steps and samples), or the adjoints of a constant input summed over steps.
/// </summary>
public static unsafe class ColumnSums
{
    // Columns per block: 4 KiB of result, so that even a narrow matrix is split when it is long enough to matter.
    private const int Strip = 1024;

    [ThreadStatic]
    private static Job? t_job;

    /// <summary>
    /// <c>result[j] = rows[0, j] + rows[1, j] + … + rows[count − 1, j]</c>, added left to right in float
    /// (count = 1 copies the row); the columns are split into strips of 1024, whose boundaries do not
    /// depend on the pool, shared out over <paramref name="pool"/>: the same bits with any number of threads.
    /// </summary>
    /// <param name="rows">count × width, row-major; must not overlap <paramref name="result"/>.</param>
    /// <param name="count">Rows to sum; at least 1.</param>
    /// <param name="width">Columns.</param>
    /// <param name="result">Receives the width sums; overwritten.</param>
    /// <param name="pool">Threads to use.</param>
    public static void Compute(ReadOnlySpan<float> rows, int count, int width, Span<float> result, WorkerPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        if (rows.Length < (long)count * width || result.Length < width)
        {
            throw new ArgumentException($"Spans too short for {count} rows × {width} columns: {rows.Length} values and {result.Length} sums.");
        }

        Job job = t_job ??= new Job();
        fixed (float* r = rows, c = result)
        {
            job.Run(pool, r, count, width, c);
        }
    }

    /// <summary>One <see cref="Compute"/> call's operands (pinned by the caller), shared with the workers.</summary>
    private sealed class Job
    {
        private readonly BlockScheduler _scheduler = new();
        private readonly Action<int, int> _stripBody;
        private float* _rows;
        private float* _result;
        private int _count;
        private int _width;

        public Job() => _stripBody = Sum;

        public void Run(WorkerPool pool, float* rows, int count, int width, float* result)
        {
            _rows = rows;
            _result = result;
            _count = count;
            _width = width;
            try
            {
                _scheduler.Run(pool, width, Strip, _stripBody);
            }
            finally
            {
                // The caller's fixed block ends on return: forget its addresses.
                _rows = _result = null;
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private void Sum(int start, int end)
        {
            var sum = new Span<float>(_result + start, end - start);
            new ReadOnlySpan<float>(_rows + start, end - start).CopyTo(sum);
            for (int r = 1; r < _count; r++)
            {
                DenseRows.Add<float>(sum, new ReadOnlySpan<float>(_rows + (long)r * _width + start, end - start));
            }
        }
    }
}
