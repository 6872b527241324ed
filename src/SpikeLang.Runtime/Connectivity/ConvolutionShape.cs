using System;
using System.Runtime.CompilerServices;

namespace SpikeLang.Runtime;

/// <summary>
/// The sizes of a convolution or pooling: input and output [channels, height, width] in C order, kernel, stride
/// and padding per axis (a 1-D convolution has height 1). A pooling maps each channel to the same channel with
/// one fixed weight. The generated trainer's kernels and the chip's expansion into synapses read it.
/// </summary>
/// <param name="InChannels">Channels of the source.</param>
/// <param name="InHeight">Height of the source.</param>
/// <param name="InWidth">Width of the source.</param>
/// <param name="OutChannels">Channels of the target (the source's, for a pooling).</param>
/// <param name="OutHeight">Height of the target.</param>
/// <param name="OutWidth">Width of the target.</param>
/// <param name="KernelHeight">Kernel (or window) height.</param>
/// <param name="KernelWidth">Kernel (or window) width.</param>
/// <param name="StrideHeight">Vertical stride.</param>
/// <param name="StrideWidth">Horizontal stride.</param>
/// <param name="PaddingHeight">Zero rows above and below.</param>
/// <param name="PaddingWidth">Zero columns left and right.</param>
/// <param name="Pooling">True for a pooling: channel to same channel, one fixed weight, no kernel.</param>
public readonly record struct ConvolutionShape(
    int InChannels, int InHeight, int InWidth,
    int OutChannels, int OutHeight, int OutWidth,
    int KernelHeight, int KernelWidth,
    int StrideHeight, int StrideWidth,
    int PaddingHeight, int PaddingWidth,
    bool Pooling)
{
    /// <summary>Values of one source sample.</summary>
    public int InputSize => InChannels * InHeight * InWidth;

    /// <summary>Values of one target sample.</summary>
    public int OutputSize => OutChannels * OutHeight * OutWidth;

    /// <summary>Weights of the kernel [out, in, height, width]; 0 for a pooling.</summary>
    public int KernelSize => Pooling ? 0 : OutChannels * InChannels * KernelHeight * KernelWidth;

    /// <summary>
    /// Whether source position (<paramref name="y"/>, <paramref name="x"/>) reaches an output through kernel tap
    /// (<paramref name="ky"/>, <paramref name="kx"/>): output (oy, ox) reads (oy·SH − PH + ky, ox·SW − PW + kx), so it is
    /// the one whose (y + PH − ky) and (x + PW − kx) the strides divide; its position oy·OutW + ox within a channel.
    /// </summary>
    /// <param name="y">Source row.</param>
    /// <param name="x">Source column.</param>
    /// <param name="ky">Kernel row.</param>
    /// <param name="kx">Kernel column.</param>
    /// <param name="position">The output's position within its channel, when reached.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Reaches(int y, int x, int ky, int kx, out int position)
    {
        int ny = y + PaddingHeight - ky, nx = x + PaddingWidth - kx;
        if (StrideHeight == 1 && StrideWidth == 1)
        {
            // The common case without the four divisions, which cost more than the visit they guard.
            position = ny * OutWidth + nx;
            return (uint)ny < (uint)OutHeight && (uint)nx < (uint)OutWidth;
        }

        position = ny / StrideHeight * OutWidth + nx / StrideWidth;
        return ny >= 0 && ny % StrideHeight == 0 && ny / StrideHeight < OutHeight
            && nx >= 0 && nx % StrideWidth == 0 && nx / StrideWidth < OutWidth;
    }

    /// <summary>
    /// Whether kernel tap (<paramref name="ky"/>, <paramref name="kx"/>) of the output at (<paramref name="oy"/>,
    /// <paramref name="ox"/>) falls on the input rather than on its padding, and on which source: the gather form of
    /// <see cref="Reaches"/>, for code that computes one output (or one kernel weight) at a time.
    /// </summary>
    /// <param name="oy">Output row.</param>
    /// <param name="ox">Output column.</param>
    /// <param name="ky">Kernel row.</param>
    /// <param name="kx">Kernel column.</param>
    /// <param name="position">The source's position within its channel, when covered.</param>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Covers(int oy, int ox, int ky, int kx, out int position)
    {
        int y = oy * StrideHeight - PaddingHeight + ky, x = ox * StrideWidth - PaddingWidth + kx;
        position = y * InWidth + x;
        return (uint)y < (uint)InHeight && (uint)x < (uint)InWidth;
    }

    /// <summary>
    /// Calls <paramref name="visitor"/> for every non-zero source of <paramref name="sources"/> (source indices from
    /// <paramref name="firstSource"/>, in ascending order) and every kernel tap through which it reaches an output:
    /// with the source's value, the tap (c·KH + ky)·KW + kx and the output's position within its channel.
    /// </summary>
    internal void ForEachReach<TVisitor>(ReadOnlySpan<float> sources, int firstSource, TVisitor visitor)
        where TVisitor : struct, IReachVisitor, allows ref struct
    {
        var taps = new TapWalker<TVisitor>(this, firstSource, visitor);
        NonZeroSources.ForEach(sources, ref taps);
    }

    /// <summary>One non-zero source through every tap that reaches an output.</summary>
    private ref struct TapWalker<TVisitor>(ConvolutionShape shape, int firstSource, TVisitor visitor) : INonZeroVisitor
        where TVisitor : struct, IReachVisitor, allows ref struct
    {
        private TVisitor _visitor = visitor;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Visit(int source, float value)
        {
            int s = firstSource + source, inPlane = shape.InHeight * shape.InWidth;
            int c = s / inPlane, y = s / shape.InWidth % shape.InHeight, x = s % shape.InWidth;
            for (int ky = 0; ky < shape.KernelHeight; ky++)
            {
                for (int kx = 0; kx < shape.KernelWidth; kx++)
                {
                    if (shape.Reaches(y, x, ky, kx, out int position))
                    {
                        _visitor.Visit(value, (c * shape.KernelHeight + ky) * shape.KernelWidth + kx, position);
                    }
                }
            }
        }
    }
}

/// <summary>What a convolution kernel does with one source value through one tap (see <see cref="ConvolutionShape.ForEachReach"/>).</summary>
internal interface IReachVisitor
{
    void Visit(float value, int tap, int position);
}
