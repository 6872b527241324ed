using ILGPU;

namespace SpikeLang.Gpu;

/// <summary>How a dense trainer's matrix products run on the device; both give the same results to the bit.</summary>
public enum DenseProducts
{
    /// <summary>Shared-memory tiles (<see cref="TiledProducts"/>): each operand read from global memory once per tile.</summary>
    Tiled,

    /// <summary>One thread per result element reading both operands from global memory (<see cref="PlainProducts"/>).</summary>
    Plain,
}

/// <summary>The three products of a dense connection in training, over all stacked steps (see <see cref="DenseShape"/>).</summary>
internal interface IDenseProducts
{
    /// <summary>drive[t] += source[t − lag] · W + b for every delivered step (W one row per source).</summary>
    void Deliver(ArrayView<float> drive, ArrayView<float> source, ArrayView<float> weights, ArrayView<float> bias, DenseShape shape);

    /// <summary>∂L/∂W = Σ over delivered steps and samples of source[t − lag]ᵀ · ∂L/∂drive[t], written whole.</summary>
    void WeightGradient(ArrayView<float> gradient, ArrayView<float> source, ArrayView<float> driveAdjoint, DenseShape shape);

    /// <summary>∂L/∂source[t − lag] += ∂L/∂drive[t] · Wᵀ.</summary>
    void SourceAdjoint(ArrayView<float> sourceAdjoint, ArrayView<float> driveAdjoint, ArrayView<float> weights, DenseShape shape);
}
