using System;
using ILGPU;
using ILGPU.Runtime;

namespace SpikeLang.Gpu;

/// <summary>
/// The dense trainer's three matrix products (delivery, weight gradient, adjoint of the source) as one shared-memory
/// tiled kernel: a group of tile × tile threads computes a tile × tile block of the result, walking the summed
/// dimension a tile at a time through two tiles in shared memory. Each thread reads its operands from shared memory
/// instead of from global memory, so a weight is read from global memory once per tile of rows instead of once per
/// row. Each thread still sums its terms one after the other in ascending order of the summed index, the order of
/// <see cref="PlainProducts"/>, so the two give the same results to the bit.
/// </summary>
internal sealed class TiledProducts : IDenseProducts
{
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, DeliveryLayout> _deliver;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, WeightGradientLayout> _weightGradient;
    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, SourceAdjointLayout> _sourceAdjoint;

    public TiledProducts(Accelerator accelerator)
    {
        // 16 × 16 threads where the device allows it (256 per group on any CUDA device); ILGPU's CPU accelerator
        // allows 16 per group, so the emulator runs 4 × 4 tiles, which the tests' small layers cross at every edge.
        Tile = Math.Min(16, (int)Math.Sqrt(accelerator.MaxNumThreadsPerGroup));
        _deliver = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, DeliveryLayout>(ProductKernel);
        _weightGradient = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, WeightGradientLayout>(ProductKernel);
        _sourceAdjoint = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, SourceAdjointLayout>(ProductKernel);
    }

    /// <summary>The side of a tile, in elements: a group has Tile × Tile threads.</summary>
    public int Tile { get; }

    public void Deliver(ArrayView<float> drive, ArrayView<float> source, ArrayView<float> weights, ArrayView<float> bias, DenseShape shape)
    {
        var layout = new DeliveryLayout(shape);
        _deliver(Config(layout.Rows, layout.Columns), source, weights, drive, bias, layout);
    }

    public void WeightGradient(ArrayView<float> gradient, ArrayView<float> source, ArrayView<float> driveAdjoint, DenseShape shape)
    {
        var layout = new WeightGradientLayout(shape);
        _weightGradient(Config(layout.Rows, layout.Columns), source, driveAdjoint, gradient, default, layout);
    }

    public void SourceAdjoint(ArrayView<float> sourceAdjoint, ArrayView<float> driveAdjoint, ArrayView<float> weights, DenseShape shape)
    {
        var layout = new SourceAdjointLayout(shape);
        _sourceAdjoint(Config(layout.Rows, layout.Columns), driveAdjoint, weights, sourceAdjoint, default, layout);
    }

    /// <summary>One group per tile of the result: tiles of rows along the grid's x (no practical limit), of columns along y.</summary>
    private KernelConfig Config(int rows, int columns)
    {
        int columnTiles = (columns + Tile - 1) / Tile;
        if (columnTiles > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(columns), $"A product with {columns} columns needs more than {ushort.MaxValue} groups along y.");
        }
        return new KernelConfig(
            new Index2D((rows + Tile - 1) / Tile, columnTiles),
            new Index2D(Tile, Tile),
            SharedMemoryConfig.RequestDynamic<float>(2 * Tile * (Tile + 1)));
    }

    /// <summary>
    /// result[i, j] = Finish(Start(i, j) + Σ_r A[i, r] · B[r, j]), r ascending. Thread (x, y) of the group computes
    /// element (i0 + y, j0 + x), so neighbouring threads write neighbouring elements of the result; each tile is
    /// loaded with neighbouring threads on the operand's contiguous index. The tiles' rows are Tile + 1 long, so a
    /// column read by neighbouring threads falls on different shared-memory banks.
    /// </summary>
    private static void ProductKernel<TLayout>(ArrayView<float> a, ArrayView<float> b, ArrayView<float> result, ArrayView<float> bias, TLayout layout)
        where TLayout : struct, IProductLayout
    {
        int tile = Group.DimX, stride = tile + 1;
        int x = Group.IdxX, y = Group.IdxY;
        int i0 = Grid.IdxX * tile, j0 = Grid.IdxY * tile;
        int i = i0 + y, j = j0 + x;
        var shared = SharedMemory.GetDynamic<float>();
        var aTile = shared.SubView(0, tile * stride);
        var bTile = shared.SubView(tile * stride, tile * stride);
        bool inside = i < layout.Rows && j < layout.Columns;
        float sum = inside ? layout.Start(result, i, j) : 0f;
        // Which element of each tile this thread loads: neighbouring threads (x) on the contiguous index.
        int aRow = layout.AContiguousInRows ? x : y, aDepth = layout.AContiguousInRows ? y : x;
        int bDepth = layout.BContiguousInDepth ? x : y, bColumn = layout.BContiguousInDepth ? y : x;
        for (int r0 = 0; r0 < layout.Depth; r0 += tile)
        {
            aTile[aRow * stride + aDepth] = i0 + aRow < layout.Rows && r0 + aDepth < layout.Depth ? a[layout.A(i0 + aRow, r0 + aDepth)] : 0f;
            bTile[bDepth * stride + bColumn] = r0 + bDepth < layout.Depth && j0 + bColumn < layout.Columns ? b[layout.B(r0 + bDepth, j0 + bColumn)] : 0f;
            Group.Barrier();
            // Only the tile's real terms: a padding term 0 · w would turn an infinite w into NaN, and −0 into +0.
            int depth = Math.Min(tile, layout.Depth - r0);
            for (int r = 0; r < depth; r++)
            {
                sum += aTile[y * stride + r] * bTile[r * stride + x];
            }
            Group.Barrier();
        }
        if (inside)
        {
            layout.Finish(result, bias, i, j, sum);
        }
    }
}

/// <summary>Where a tiled product reads its operands and writes its result: result[i, j] = Finish(Start(i, j) + Σ_r A[i, r] · B[r, j]).</summary>
internal interface IProductLayout
{
    /// <summary>Rows of the result (i).</summary>
    int Rows { get; }

    /// <summary>Columns of the result (j).</summary>
    int Columns { get; }

    /// <summary>Length of the summed dimension (r).</summary>
    int Depth { get; }

    /// <summary>A's elements are contiguous along i (otherwise along r).</summary>
    bool AContiguousInRows { get; }

    /// <summary>B's elements are contiguous along r (otherwise along j).</summary>
    bool BContiguousInDepth { get; }

    /// <summary>Index of A[i, r] in the first operand.</summary>
    int A(int i, int r);

    /// <summary>Index of B[r, j] in the second operand.</summary>
    int B(int r, int j);

    /// <summary>The value the sum starts from.</summary>
    float Start(ArrayView<float> result, int i, int j);

    /// <summary>Writes the sum.</summary>
    void Finish(ArrayView<float> result, ArrayView<float> bias, int i, int j, float sum);
}

/// <summary>drive[t, b, n] = drive[t, b, n] + Σ_k source[t − lag, b, k] · W[k, n] + bias[n].</summary>
internal readonly struct DeliveryLayout(DenseShape shape) : IProductLayout
{
    private readonly DenseShape _s = shape;

    public int Rows => _s.DeliveredRows;
    public int Columns => _s.Targets;
    public int Depth => _s.Sources;
    public bool AContiguousInRows => false;
    public bool BContiguousInDepth => false;
    public int A(int i, int r) => _s.SourceOffset(i) + r;
    public int B(int r, int j) => r * _s.Targets + j;
    public float Start(ArrayView<float> result, int i, int j) => result[(i + _s.Lag * _s.Batch) * _s.Targets + j];
    public void Finish(ArrayView<float> result, ArrayView<float> bias, int i, int j, float sum) => result[(i + _s.Lag * _s.Batch) * _s.Targets + j] = sum + bias[j];
}

/// <summary>∂L/∂W[k, n] = Σ over delivered rows of source[t − lag, b, k] · ∂L/∂drive[t, b, n].</summary>
internal readonly struct WeightGradientLayout(DenseShape shape) : IProductLayout
{
    private readonly DenseShape _s = shape;

    public int Rows => _s.Sources;
    public int Columns => _s.Targets;
    public int Depth => _s.DeliveredRows;
    public bool AContiguousInRows => true;
    public bool BContiguousInDepth => false;
    public int A(int i, int r) => _s.SourceOffset(r) + i;
    public int B(int r, int j) => (r + _s.Lag * _s.Batch) * _s.Targets + j;
    public float Start(ArrayView<float> result, int i, int j) => 0f;
    public void Finish(ArrayView<float> result, ArrayView<float> bias, int i, int j, float sum) => result[i * _s.Targets + j] = sum;
}

/// <summary>∂L/∂source[t − lag, b, k] += Σ_n ∂L/∂drive[t, b, n] · W[k, n].</summary>
internal readonly struct SourceAdjointLayout(DenseShape shape) : IProductLayout
{
    private readonly DenseShape _s = shape;

    public int Rows => _s.DeliveredRows;
    public int Columns => _s.Sources;
    public int Depth => _s.Targets;
    public bool AContiguousInRows => false;
    public bool BContiguousInDepth => true;
    public int A(int i, int r) => (i + _s.Lag * _s.Batch) * _s.Targets + r;
    public int B(int r, int j) => j * _s.Targets + r;
    public float Start(ArrayView<float> result, int i, int j) => 0f;
    public void Finish(ArrayView<float> result, ArrayView<float> bias, int i, int j, float sum) => result[i * _s.Sources + j] += sum;
}
