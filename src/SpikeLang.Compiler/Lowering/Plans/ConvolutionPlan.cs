using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Syntax;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// A convolution or pooling connection: one kernel shared across positions, scattered from each source
/// spike into the target's input (as a dense connection adds its rows). Shapes are fixed when compiled;
/// [channels, height, width] in C order, a 1-D convolution with height 1.
/// </summary>
/// <param name="Statement">The connect statement as written, on one line.</param>
/// <param name="Location">Where it is declared, for messages.</param>
internal sealed record ConvolutionPlan(
    string Member,
    string TypeName,
    string Statement,
    string Location,
    ConnectivityKind Kind,
    EndpointPlan Source,
    EndpointPlan Target,
    ConvolutionGeometry Geometry)
{
    public bool IsPooling => Kind.IsPooling();

    /// <summary>Each output takes the largest of its window's source outputs (for spikes: 1 when any of them spiked).</summary>
    public bool IsMaxPooling => Kind == ConnectivityKind.MaxPool2d;

    /// <summary>Delivered before the target's update of the step the spikes happen in (see <see cref="SameStepLowering"/>).</summary>
    public bool SameStep { get; init; }

    /// <summary>
    /// Batch-normalized in training (<c>batch_norm</c>); the simulator's kernel and bias are the folded ones,
    /// w·γ/√(σ² + ε) and β − μ·γ/√(σ² + ε) with the running statistics, so it runs a plain convolution.
    /// </summary>
    public BatchNormPlan? BatchNorm { get; init; }

    /// <summary>
    /// The fixed weight of a sum or average pooling: each source adds its value times it to the outputs whose window
    /// holds it (1, or 1/(KH·KW) for an average); the trainers' gradients reaching the source are scaled by it too.
    /// </summary>
    public double PoolWeight => Kind == ConnectivityKind.AvgPool2d ? 1.0 / (Geometry.KernelHeight * Geometry.KernelWidth) : 1.0;

    public bool IsOneDimensional => Kind == ConnectivityKind.Conv1d;

    /// <summary>The weight tensor's shape as PyTorch's Conv1d/Conv2d holds it: [out, in, k] or [out, in, kh, kw].</summary>
    public int[] WeightShape => IsOneDimensional
        ? new[] { Geometry.OutChannels, Geometry.InChannels, Geometry.KernelWidth }
        : new[] { Geometry.OutChannels, Geometry.InChannels, Geometry.KernelHeight, Geometry.KernelWidth };

    /// <summary>Inputs per output (PyTorch's fan_in), which bounds the default initialization.</summary>
    public int FanIn => Geometry.InChannels * Geometry.KernelHeight * Geometry.KernelWidth;
}

/// <summary>A convolution's batch normalization: the running statistics' update share and the ε added to the variance.</summary>
internal sealed record BatchNormPlan(double Momentum, double Epsilon);
