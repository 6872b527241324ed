using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SpikeLang.Runtime;

public static unsafe partial class Sgemm
{
    // Columns of C accumulated per pass over a row of S: a 2 KiB stack buffer.
    private const int SpikeStrip = 512;

    private const long ParallelSpikeScan = 1L << 18;

    [ThreadStatic]
    private static SpikeJob? t_spikeJob;

    /// <summary>
    /// C = alpha·S·op(B) + beta·C for a mostly-zero S, such as a matrix of spikes (0 or 1): only the
    /// nonzero entries of each row of S cost work, each adding s·(a row of op(B)) to the row of C.
    /// </summary>
    /// <remarks>
    /// Exact for any S (a nonzero entry is multiplied, not assumed to be 1); fast when few entries are
    /// nonzero. Zero entries are skipped, so unlike <see cref="Compute(bool, bool, int, int, int, float, ReadOnlySpan{float}, int, ReadOnlySpan{float}, int, float, Span{float}, int)"/>
    /// an infinity or NaN in B opposite a zero of S does not reach C. op(B) is first copied to a k×n row-major buffer (so a transposed B is read with unit
    /// stride); then each row of C, in strips of 512 columns, is accumulated in k order with FMA
    /// over the nonzero entries of its row of S, and stored as beta·C + alpha·sum (beta = 0 does not
    /// read C). Rows are spread over <paramref name="pool"/>; results do not depend on its size.
    /// The packed copy of op(B) is kept per calling thread: after the first call of a size nothing
    /// is allocated.
    /// </remarks>
    /// <param name="transposeB">op(B) = Bᵀ: B is stored n×k instead of k×n.</param>
    /// <param name="m">Rows of S and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of S, rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="spikes">S (m×k), row-major with row stride <paramref name="lds"/>.</param>
    /// <param name="lds">Distance between rows of S (at least k).</param>
    /// <param name="b">B, row-major with row stride <paramref name="ldb"/>.</param>
    /// <param name="ldb">Distance between rows of the stored B.</param>
    /// <param name="beta">Scale of the old C; 0 means C is not read.</param>
    /// <param name="c">C, row-major with row stride <paramref name="ldc"/>.</param>
    /// <param name="ldc">Distance between rows of C (at least n).</param>
    /// <param name="pool">Threads to use; null means <see cref="WorkerPool.Shared"/>.</param>
    public static void ComputeSpikes(bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> spikes, int lds, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, WorkerPool? pool = null)
    {
        pool ??= WorkerPool.Shared;
        CheckDimension(m, nameof(m));
        CheckDimension(n, nameof(n));
        CheckDimension(k, nameof(k));
        CheckMatrix("C", c.Length, m, n, ldc, nameof(ldc), nameof(c));
        if (m == 0 || n == 0)
        {
            return;
        }

        if (k == 0 || alpha == 0f)
        {
            ScaleC(m, n, beta, c, ldc);
            return;
        }

        CheckMatrix("S (stored m×k)", spikes.Length, m, k, lds, nameof(lds), nameof(spikes));
        CheckMatrix(transposeB ? "B (stored n×k)" : "B (stored k×n)", b.Length, transposeB ? n : k, transposeB ? k : n, ldb, nameof(ldb), nameof(b));

        SpikeJob job = t_spikeJob ??= new SpikeJob();
        fixed (float* ps = spikes, pb = b, pc = c)
        {
            job.Prepare(m, n, k, alpha, ps, lds, beta, pc, ldc);
            job.PackB(transposeB, pb, ldb);
            if (pool.Workers > 1 && (long)m * k >= ParallelSpikeScan)
            {
                pool.Run(m, job.RowsBody);
            }
            else
            {
                job.Rows(0, m);
            }

            job.Release();
        }
    }

    /// <summary>One <see cref="ComputeSpikes"/> call's operands and the calling thread's copy of op(B).</summary>
    private sealed class SpikeJob
    {
        private float[] _packed = [];
        private float* _b;
        private int _m;
        private int _n;
        private int _k;
        private float _alpha;
        private float _beta;
        private float* _s;
        private int _lds;
        private float* _c;
        private int _ldc;

        public SpikeJob() => RowsBody = Rows;

        /// <summary>Computes rows [start, end) of C; cached so that a call allocates nothing.</summary>
        public Action<int, int> RowsBody { get; }

        public void Prepare(int m, int n, int k, float alpha, float* s, int lds, float beta, float* c, int ldc)
        {
            _m = m;
            _n = n;
            _k = k;
            _alpha = alpha;
            _beta = beta;
            _s = s;
            _lds = lds;
            _c = c;
            _ldc = ldc;
        }

        // op(B) as k rows of n, unit stride: a nonzero S[i, p] then reads one contiguous row.
        public void PackB(bool transposeB, float* b, int ldb)
        {
            long length = (long)_k * _n;
            if (_packed.Length < length)
            {
                _packed = GC.AllocateUninitializedArray<float>(checked((int)length), pinned: true);
                _b = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_packed));
            }

            for (int p = 0; p < _k; p++)
            {
                float* row = _b + (long)p * _n;
                if (transposeB)
                {
                    for (int j = 0; j < _n; j++)
                    {
                        row[j] = b[(long)j * ldb + p];
                    }
                }
                else
                {
                    new ReadOnlySpan<float>(b + (long)p * ldb, _n).CopyTo(new Span<float>(row, _n));
                }
            }
        }

        public void Release()
        {
            _s = null;
            _c = null;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Rows(int start, int end)
        {
            float* sum = stackalloc float[SpikeStrip];
            for (int i = start; i < end; i++)
            {
                float* s = _s + (long)i * _lds;
                float* c = _c + (long)i * _ldc;
                for (int column = 0; column < _n; column += SpikeStrip)
                {
                    int width = Math.Min(SpikeStrip, _n - column);
                    new Span<float>(sum, width).Clear();
                    AccumulateRow(s, _k, _b + column, _n, sum, width);
                    StoreRow(c + column, sum, width, _alpha, _beta);
                }
            }
        }

        // sum[0..width) += s[p]·B[p, 0..width) for every nonzero s[p], p ascending.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AccumulateRow(float* s, int k, float* b, int ldb, float* sum, int width)
        {
            int p = 0;
            for (; p <= k - 8; p += 8)
            {
                uint nonzero = ~Vector256.Equals(Vector256.Load(s + p), Vector256<float>.Zero).ExtractMostSignificantBits() & 0xFF;
                while (nonzero != 0)
                {
                    int q = p + BitOperations.TrailingZeroCount(nonzero);
                    nonzero &= nonzero - 1;
                    AddScaledRow(s[q], b + (long)q * ldb, sum, width);
                }
            }

            for (; p < k; p++)
            {
                if (s[p] != 0f)
                {
                    AddScaledRow(s[p], b + (long)p * ldb, sum, width);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void AddScaledRow(float value, float* row, float* sum, int width) =>
            FusedMath.AddScaled(ref *sum, ref *row, value, width);

        private static void StoreRow(float* c, float* sum, int width, float alpha, float beta)
        {
            for (int j = 0; j < width; j++)
            {
                c[j] = beta == 0f ? alpha * sum[j] : beta * c[j] + alpha * sum[j];
            }
        }
    }
}
