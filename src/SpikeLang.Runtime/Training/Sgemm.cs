using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SpikeLang.Runtime;

/// <summary>
/// Single-precision general matrix multiply with BLAS semantics on row-major matrices:
/// C[m×n] = alpha·op(A)·op(B) + beta·C, where op(X) is X or Xᵀ.
/// </summary>
/// <remarks>
/// <para><b>Algorithm</b> (Goto/BLIS): k is cut into blocks of <see cref="BlockK"/>; for each block
/// op(A) is packed into panels of <see cref="TileRows"/> rows and op(B) into panels of
/// <see cref="TileColumns"/> columns (zero-padded at the edges), then a register-blocked
/// 6×16 micro-kernel (twelve <see cref="Vector256{T}"/> accumulators, FMA where the CPU has it)
/// runs over every tile of C, rows grouped by 96 so that the A panels of a group stay in L2 while
/// one 16-column B panel sits in L1. Edge tiles go through the same kernel on a padded copy of
/// the tile, and only their valid part is written back.</para>
/// <para><b>Threads.</b> Packing and the tiles are spread over a <see cref="WorkerPool"/>
/// (<see cref="WorkerPool.Shared"/> unless one is given); problems below about 2²⁰
/// multiply-adds run on the calling thread, where waking workers would cost more than it saves.</para>
/// <para><b>Determinism.</b> Each element of C is owned by one tile, and its value is built in a
/// fixed order whatever the partition: per k block the kernel sums the products in k order, and
/// the blocks are added to C in k order. So the same inputs give bit-identical results with any
/// number of threads.</para>
/// <para><b>Allocation.</b> Packing buffers live in pinned arrays of the calling thread and only grow:
/// after the first call of a given size (or larger), a call allocates nothing.</para>
/// <para>beta = 0 overwrites C without reading it (NaN in C is ignored); alpha = 0 or k = 0 only
/// scales C by beta, without reading A or B, as in BLAS.</para>
/// </remarks>
public static unsafe partial class Sgemm
{
    /// <summary>Rows of C computed by one micro-kernel call.</summary>
    public const int TileRows = 6;

    /// <summary>Columns of C computed by one micro-kernel call (two vectors of eight floats).</summary>
    public const int TileColumns = 16;

    /// <summary>Length of the k blocks: a packed 16-column B panel of this depth is 16 KiB and stays in L1.</summary>
    public const int BlockK = 256;

    // Row tiles per group: 96 rows × 256 of packed A is 96 KiB, which stays in L2 while the
    // kernel sweeps the B panels.
    private const int GroupTiles = 16;

    private const long ParallelMultiplyAdds = 1L << 20;

    [ThreadStatic]
    private static Job? t_job;

    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C on <see cref="WorkerPool.Shared"/>; see <see cref="Sgemm"/>.
    /// </summary>
    /// <param name="transposeA">op(A) = Aᵀ: A is stored k×m instead of m×k.</param>
    /// <param name="transposeB">op(B) = Bᵀ: B is stored n×k instead of k×n.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, row-major with row stride <paramref name="lda"/>.</param>
    /// <param name="lda">Distance between rows of the stored A (at least its column count).</param>
    /// <param name="b">B, row-major with row stride <paramref name="ldb"/>.</param>
    /// <param name="ldb">Distance between rows of the stored B (at least its column count).</param>
    /// <param name="beta">Scale of the old C; 0 means C is not read.</param>
    /// <param name="c">C, row-major with row stride <paramref name="ldc"/>.</param>
    /// <param name="ldc">Distance between rows of C (at least <paramref name="n"/>).</param>
    public static void Compute(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
        => Compute(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, WorkerPool.Shared);

    /// <summary>
    /// C = alpha·op(A)·op(B) + beta·C with the work spread over <paramref name="pool"/>; the result
    /// does not depend on the pool's size. Parameters as in the other overload.
    /// </summary>
    /// <param name="transposeA">op(A) = Aᵀ: A is stored k×m instead of m×k.</param>
    /// <param name="transposeB">op(B) = Bᵀ: B is stored n×k instead of k×n.</param>
    /// <param name="m">Rows of op(A) and C.</param>
    /// <param name="n">Columns of op(B) and C.</param>
    /// <param name="k">Columns of op(A), rows of op(B).</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, row-major with row stride <paramref name="lda"/>.</param>
    /// <param name="lda">Distance between rows of the stored A (at least its column count).</param>
    /// <param name="b">B, row-major with row stride <paramref name="ldb"/>.</param>
    /// <param name="ldb">Distance between rows of the stored B (at least its column count).</param>
    /// <param name="beta">Scale of the old C; 0 means C is not read.</param>
    /// <param name="c">C, row-major with row stride <paramref name="ldc"/>.</param>
    /// <param name="ldc">Distance between rows of C (at least <paramref name="n"/>).</param>
    /// <param name="pool">Threads to use.</param>
    public static void Compute(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, WorkerPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
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

        CheckMatrix(transposeA ? "A (stored k×m)" : "A (stored m×k)", a.Length, transposeA ? k : m, transposeA ? m : k, lda, nameof(lda), nameof(a));
        CheckMatrix(transposeB ? "B (stored n×k)" : "B (stored k×n)", b.Length, transposeB ? n : k, transposeB ? k : n, ldb, nameof(ldb), nameof(b));

        Job job = t_job ??= new Job();
        bool parallel = pool.Workers > 1 && (long)m * n * k >= ParallelMultiplyAdds;
        fixed (float* pa = a, pb = b, pc = c)
        {
            job.Prepare(transposeA, transposeB, m, n, k, alpha, pa, lda, pb, ldb, beta, pc, ldc);
            for (int p = 0; p < k; p += BlockK)
            {
                job.SetBlock(p, Math.Min(BlockK, k - p));
                if (parallel)
                {
                    pool.Run(job.PanelCount, job.PackBody);
                    pool.Run(job.TileCount, job.TileBody);
                }
                else
                {
                    job.Pack(0, job.PanelCount);
                    job.ComputeTiles(0, job.TileCount);
                }
            }

            job.Release();
        }
    }

    private static void ScaleC(int m, int n, float beta, Span<float> c, int ldc)
    {
        if (beta == 1f)
        {
            return;
        }

        for (int i = 0; i < m; i++)
        {
            Span<float> row = c.Slice(i * ldc, n);
            if (beta == 0f)
            {
                row.Clear();
            }
            else
            {
                for (int j = 0; j < row.Length; j++)
                {
                    row[j] *= beta;
                }
            }
        }
    }

    private static void CheckDimension(int value, string name)
    {
        if (value < 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "Matrix dimensions must not be negative.");
        }
    }

    private static void CheckMatrix(string what, int length, int rows, int columns, int stride, string strideName, string spanName)
    {
        if (stride < Math.Max(1, columns))
        {
            throw new ArgumentOutOfRangeException(strideName, stride, $"{what} has {columns} columns per row, so its row stride must be at least {Math.Max(1, columns)}.");
        }

        if (rows > 0 && columns > 0 && length < (long)(rows - 1) * stride + columns)
        {
            throw new ArgumentException($"{what} is {rows}×{columns} with row stride {stride}, which needs {(long)(rows - 1) * stride + columns} elements, but the span holds {length}.", spanName);
        }
    }

    /// <summary>One call's operands and the calling thread's packing buffers, shared with the workers.</summary>
    private sealed class Job
    {
        private float[] _packedA = [];
        private float[] _packedB = [];
        private float* _packA;
        private float* _packB;

        private bool _transposeA;
        private bool _transposeB;
        private int _m;
        private int _n;
        private float _alpha;
        private float _beta;
        private float* _a;
        private float* _b;
        private float* _c;
        private int _lda;
        private int _ldb;
        private int _ldc;
        private int _rowTiles;
        private int _columnTiles;
        private int _blockStart;
        private int _blockDepth;

        public Job()
        {
            PackBody = Pack;
            TileBody = ComputeTiles;
        }

        /// <summary>Packs A panels [0, row tiles) then B panels; cached so that a call allocates nothing.</summary>
        public Action<int, int> PackBody { get; }

        /// <summary>Computes tiles in group order; cached so that a call allocates nothing.</summary>
        public Action<int, int> TileBody { get; }

        public int PanelCount => _rowTiles + _columnTiles;

        public int TileCount => _rowTiles * _columnTiles;

        public void Prepare(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
            float* a, int lda, float* b, int ldb, float beta, float* c, int ldc)
        {
            _transposeA = transposeA;
            _transposeB = transposeB;
            _m = m;
            _n = n;
            _alpha = alpha;
            _beta = beta;
            _a = a;
            _b = b;
            _c = c;
            _lda = lda;
            _ldb = ldb;
            _ldc = ldc;
            _rowTiles = (m + TileRows - 1) / TileRows;
            _columnTiles = (n + TileColumns - 1) / TileColumns;
            int depth = Math.Min(k, BlockK);
            Ensure(ref _packedA, ref _packA, (long)_rowTiles * TileRows * depth);
            Ensure(ref _packedB, ref _packB, (long)_columnTiles * TileColumns * depth);
        }

        public void SetBlock(int start, int depth)
        {
            _blockStart = start;
            _blockDepth = depth;
        }

        /// <summary>Forgets the caller's pinned addresses once its <c>fixed</c> block ends.</summary>
        public void Release()
        {
            _a = null;
            _b = null;
            _c = null;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Pack(int start, int end)
        {
            for (int panel = start; panel < end; panel++)
            {
                if (panel < _rowTiles)
                {
                    PackA(panel);
                }
                else
                {
                    PackB(panel - _rowTiles);
                }
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void ComputeTiles(int start, int end)
        {
            int groupSize = GroupTiles * _columnTiles;
            int lastGroup = (_rowTiles - 1) / GroupTiles;
            bool first = _blockStart == 0;
            int depth = _blockDepth;
            float* tile = stackalloc float[TileRows * TileColumns];
            for (int t = start; t < end; t++)
            {
                // Tiles are numbered group by group, within a group column panel by column panel,
                // so a contiguous range keeps a group's A panels in cache while it walks B.
                int group = Math.Min(t / groupSize, lastGroup);
                int inGroup = t - group * groupSize;
                int groupRows = group == lastGroup ? _rowTiles - lastGroup * GroupTiles : GroupTiles;
                int columnTile = inGroup / groupRows;
                int rowTile = group * GroupTiles + inGroup % groupRows;

                float* packedA = _packA + (long)rowTile * TileRows * depth;
                float* packedB = _packB + (long)columnTile * TileColumns * depth;
                int row = rowTile * TileRows;
                int column = columnTile * TileColumns;
                int rows = Math.Min(TileRows, _m - row);
                int columns = Math.Min(TileColumns, _n - column);
                float* c = _c + (long)row * _ldc + column;
                if (rows == TileRows && columns == TileColumns)
                {
                    Kernel(depth, packedA, packedB, c, _ldc, _alpha, _beta, first);
                }
                else
                {
                    // The same kernel on a padded copy: edge elements are computed exactly as
                    // interior ones, which keeps results independent of how tiles are shared out.
                    for (int r = 0; r < rows; r++)
                    {
                        for (int j = 0; j < columns; j++)
                        {
                            tile[r * TileColumns + j] = c[(long)r * _ldc + j];
                        }
                    }

                    Kernel(depth, packedA, packedB, tile, TileColumns, _alpha, _beta, first);
                    for (int r = 0; r < rows; r++)
                    {
                        for (int j = 0; j < columns; j++)
                        {
                            c[(long)r * _ldc + j] = tile[r * TileColumns + j];
                        }
                    }
                }
            }
        }

        // Panel layout: for each p in the block, the TileRows values op(A)[row .. row + 6, p].
        private void PackA(int panel)
        {
            int depth = _blockDepth;
            float* destination = _packA + (long)panel * TileRows * depth;
            int row = panel * TileRows;
            int rows = Math.Min(TileRows, _m - row);
            if (_transposeA)
            {
                for (int p = 0; p < depth; p++)
                {
                    float* source = _a + (long)(_blockStart + p) * _lda + row;
                    float* d = destination + p * TileRows;
                    for (int r = 0; r < rows; r++)
                    {
                        d[r] = source[r];
                    }

                    for (int r = rows; r < TileRows; r++)
                    {
                        d[r] = 0f;
                    }
                }
            }
            else
            {
                for (int r = 0; r < rows; r++)
                {
                    float* source = _a + (long)(row + r) * _lda + _blockStart;
                    for (int p = 0; p < depth; p++)
                    {
                        destination[p * TileRows + r] = source[p];
                    }
                }

                for (int r = rows; r < TileRows; r++)
                {
                    for (int p = 0; p < depth; p++)
                    {
                        destination[p * TileRows + r] = 0f;
                    }
                }
            }
        }

        // Panel layout: for each p in the block, the TileColumns values op(B)[p, column .. column + 16].
        private void PackB(int panel)
        {
            int depth = _blockDepth;
            float* destination = _packB + (long)panel * TileColumns * depth;
            int column = panel * TileColumns;
            int columns = Math.Min(TileColumns, _n - column);
            if (_transposeB)
            {
                for (int j = 0; j < columns; j++)
                {
                    float* source = _b + (long)(column + j) * _ldb + _blockStart;
                    for (int p = 0; p < depth; p++)
                    {
                        destination[p * TileColumns + j] = source[p];
                    }
                }

                for (int j = columns; j < TileColumns; j++)
                {
                    for (int p = 0; p < depth; p++)
                    {
                        destination[p * TileColumns + j] = 0f;
                    }
                }
            }
            else
            {
                for (int p = 0; p < depth; p++)
                {
                    float* source = _b + (long)(_blockStart + p) * _ldb + column;
                    float* d = destination + p * TileColumns;
                    if (columns == TileColumns)
                    {
                        Vector256.Store(Vector256.Load(source), d);
                        Vector256.Store(Vector256.Load(source + 8), d + 8);
                    }
                    else
                    {
                        for (int j = 0; j < columns; j++)
                        {
                            d[j] = source[j];
                        }

                        for (int j = columns; j < TileColumns; j++)
                        {
                            d[j] = 0f;
                        }
                    }
                }
            }
        }

        private static void Ensure(ref float[] buffer, ref float* address, long length)
        {
            if (buffer.Length >= length)
            {
                return;
            }

            // Pinned, so that the address handed to worker threads stays valid for the buffer's life.
            buffer = GC.AllocateUninitializedArray<float>(checked((int)length), pinned: true);
            address = (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
        }
    }

    // C[6×16] = (first ? beta·C : C) + alpha·Σ_p a[p]·b[p] over one packed A and B panel.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Kernel(int depth, float* a, float* b, float* c, int ldc, float alpha, float beta, bool first)
    {
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default;
        Vector256<float> c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < depth; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            Vector256<float> x = Vector256.Create(a[0]);
            c00 = MultiplyAdd(x, b0, c00);
            c01 = MultiplyAdd(x, b1, c01);
            x = Vector256.Create(a[1]);
            c10 = MultiplyAdd(x, b0, c10);
            c11 = MultiplyAdd(x, b1, c11);
            x = Vector256.Create(a[2]);
            c20 = MultiplyAdd(x, b0, c20);
            c21 = MultiplyAdd(x, b1, c21);
            x = Vector256.Create(a[3]);
            c30 = MultiplyAdd(x, b0, c30);
            c31 = MultiplyAdd(x, b1, c31);
            x = Vector256.Create(a[4]);
            c40 = MultiplyAdd(x, b0, c40);
            c41 = MultiplyAdd(x, b1, c41);
            x = Vector256.Create(a[5]);
            c50 = MultiplyAdd(x, b0, c50);
            c51 = MultiplyAdd(x, b1, c51);
            a += TileRows;
            b += TileColumns;
        }

        Vector256<float> scale = Vector256.Create(alpha);
        if (!first)
        {
            Vector256<float> one = Vector256<float>.One;
            Store(c, c00, c01, scale, one);
            Store(c + ldc, c10, c11, scale, one);
            Store(c + 2 * ldc, c20, c21, scale, one);
            Store(c + 3 * ldc, c30, c31, scale, one);
            Store(c + 4 * ldc, c40, c41, scale, one);
            Store(c + 5 * ldc, c50, c51, scale, one);
        }
        else if (beta == 0f)
        {
            Overwrite(c, c00, c01, scale);
            Overwrite(c + ldc, c10, c11, scale);
            Overwrite(c + 2 * ldc, c20, c21, scale);
            Overwrite(c + 3 * ldc, c30, c31, scale);
            Overwrite(c + 4 * ldc, c40, c41, scale);
            Overwrite(c + 5 * ldc, c50, c51, scale);
        }
        else
        {
            Vector256<float> keep = Vector256.Create(beta);
            Store(c, c00, c01, scale, keep);
            Store(c + ldc, c10, c11, scale, keep);
            Store(c + 2 * ldc, c20, c21, scale, keep);
            Store(c + 3 * ldc, c30, c31, scale, keep);
            Store(c + 4 * ldc, c40, c41, scale, keep);
            Store(c + 5 * ldc, c50, c51, scale, keep);
        }
    }

    // Multiplying by exactly 1 leaves a float unchanged, so later k blocks (keep = 1) add to C
    // exactly as c + alpha·acc.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(float* c, Vector256<float> low, Vector256<float> high, Vector256<float> alpha, Vector256<float> keep)
    {
        Vector256.Store(keep * Vector256.Load(c) + alpha * low, c);
        Vector256.Store(keep * Vector256.Load(c + 8) + alpha * high, c + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Overwrite(float* c, Vector256<float> low, Vector256<float> high, Vector256<float> alpha)
    {
        Vector256.Store(alpha * low, c);
        Vector256.Store(alpha * high, c + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> MultiplyAdd(Vector256<float> x, Vector256<float> y, Vector256<float> addend) =>
        Fma.IsSupported ? Fma.MultiplyAdd(x, y, addend) : x * y + addend;
}
