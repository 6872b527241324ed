namespace SpikeLang.Runtime;

/// <summary>
/// A convolution or pooling connection (<c>connect A -> B conv2d(kernel = 3, padding = 1)</c>): one kernel shared
/// by every position, which tools that map the network elsewhere (NIR, the chip) expand or translate.
/// Shapes are [channels, height, width] in C order (neuron (c·H + y)·W + x is position (c, y, x)); a 1-D
/// convolution has height 1 and a kernel of height 1.
/// </summary>
/// <param name="Kind"><c>conv1d</c>, <c>conv2d</c>, <c>sum_pool2d</c> or <c>avg_pool2d</c>, as written.</param>
/// <param name="Source">The source population.</param>
/// <param name="Target">The target population.</param>
/// <param name="InputShape">The source's [channels, height, width].</param>
/// <param name="OutputShape">The target's [channels, height, width].</param>
/// <param name="Kernel">Kernel [height, width].</param>
/// <param name="Stride">Stride [height, width].</param>
/// <param name="Padding">Zero padding [height, width].</param>
/// <param name="Weights">The kernel [out, in, height, width] row-major (PyTorch's layout); null for pooling.</param>
/// <param name="Bias">One bias per output channel, added to its every position each step; null for pooling.</param>
/// <param name="SameStep">Whether spikes reach the target in the step they happen (<c>same_step</c>).</param>
/// <param name="Statement">The statement as written, with where: <c>connect img -> c1 conv2d(kernel = 3) (Net.snn line 7)</c>.</param>
public sealed record ConvolutionDescriptor(
    string Kind,
    string Source,
    string Target,
    int[] InputShape,
    int[] OutputShape,
    int[] Kernel,
    int[] Stride,
    int[] Padding,
    float[]? Weights,
    float[]? Bias,
    bool SameStep,
    string Statement)
{
    /// <summary>Whether this is a pooling (fixed weights, channel to same channel).</summary>
    public bool IsPooling => Weights is null;

    /// <summary>The sizes as one <see cref="ConvolutionShape"/>.</summary>
    public ConvolutionShape Shape => new(InputShape[0], InputShape[1], InputShape[2], OutputShape[0], OutputShape[1], OutputShape[2],
        Kernel[0], Kernel[1], Stride[0], Stride[1], Padding[0], Padding[1], IsPooling);

    /// <summary>The fixed weight of each input of a pooling window: 1 for sum pooling, 1/(kh·kw) for average pooling.</summary>
    public double PoolWeight => Kind == "avg_pool2d" ? 1.0 / (Kernel[0] * Kernel[1]) : 1.0;
}
