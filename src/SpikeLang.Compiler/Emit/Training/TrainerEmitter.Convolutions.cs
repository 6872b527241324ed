using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Training;

/// <summary>
/// The trainer's convolutions and poolings. Forward: a pooling calls the simulator's own generated scatter (its
/// connection class's static <c>Scatter</c>, in float32); a convolution makes the same additions in the same order
/// with the output channels of a position as one vector (runtime <c>ConvolutionForward</c>), then the simulator's
/// <c>AddBias</c>; so a trained network spikes there as here. Backward: runtime <c>ConvolutionGradients</c>, split
/// by input channels (kernel and bias gradients) and by samples (the gradient reaching spiking sources).
/// </summary>
internal sealed partial class TrainerEmitter
{
    /// <summary>Input channels per block of a kernel gradient: fixed, so that no thread count moves a sum.</summary>
    private const int ChannelBlock = 8;

    private IEnumerable<TrainedConnectionPlan> ConvolutionConnections => _plan.Connections.Where(c => c.Convolution is not null);

    /// <summary>Only neurons take a gradient: inputs are data.</summary>
    private static bool ReachesSource(TrainedConnectionPlan c) => c.SourceKind == PopulationKind.Neurons;

    /// <summary>The simulator's nested class of the connection, whose static Scatter and AddBias the trainer calls.</summary>
    private string ConnectionClass(ConvolutionPlan conv) => $"{NetworkClass}.{conv.TypeName}";

    private void EmitConvolutionFields(CodeWriter w)
    {
        foreach (var c in ConvolutionConnections)
        {
            var conv = c.Convolution!;
            EmitShapeField(w, c);
            if (!conv.IsPooling)
            {
                w.Line($"private readonly Action<int, int> _kernelGradient_{c.Member};");
                w.Line($"private readonly float[] _wf_{c.Member}; // the kernel as [in, height, width, out], for the forward pass");
                w.Line($"private readonly float[] _scratch_{c.Member}; // per block of samples: one sample's outputs, channels-last");
                w.Line($"private readonly float[] _krow_{c.Member}, _gwr_{c.Member}; // the kernel gradient's rows channels-last (per block), and the gradient as [in, height, width, out]");
            }
            if (ReachesSource(c))
            {
                if (conv.IsMaxPooling)
                {
                    w.Line($"private readonly int[] _am_{c.Member}; // per step and sample: the source each output took its maximum from");
                }
                w.Line($"private readonly Action<int, int> _sourceGradient_{c.Member};");
                if (!conv.IsPooling)
                {
                    w.Line($"private readonly float[] _wt_{c.Member}; // the kernel as [height, width, out, in], for the gradient reaching '{c.Source}'");
                }
            }
        }
    }

    /// <summary>The connection's statement and its <c>ConvolutionShape</c> as a static field, <c>s_shape_</c>: the CPU and GPU trainers' kernels read it.</summary>
    internal static void EmitShapeField(CodeWriter w, TrainedConnectionPlan c)
    {
        var conv = c.Convolution!;
        var g = conv.Geometry;
        w.Line($"// {conv.Statement}");
        w.Line($"private static readonly ConvolutionShape s_shape_{c.Member} = new({g.InChannels}, {g.InHeight}, {g.InWidth}, {g.OutChannels}, {g.OutHeight}, {g.OutWidth}, "
            + $"{g.KernelHeight}, {g.KernelWidth}, {g.StrideHeight}, {g.StrideWidth}, {g.PaddingHeight}, {g.PaddingWidth}, Pooling: {(conv.IsPooling ? "true" : "false")});");
    }

    private void EmitConvolutionConstruction(CodeWriter w)
    {
        foreach (var c in ConvolutionConnections)
        {
            if (!c.Convolution!.IsPooling)
            {
                w.Line($"_kernelGradient_{c.Member} = KernelGradientRows_{c.Member};");
                w.Line($"_wf_{c.Member} = new float[{WeightCount(c)}];");
                w.Line($"_scratch_{c.Member} = new float[BlockScheduler.BlockCount(batchCapacity, SampleBlock) * {Size(c.Target)}];");
                w.Line($"_krow_{c.Member} = new float[BlockScheduler.BlockCount({c.Convolution.Geometry.InChannels}, ChannelBlock) * {Size(c.Target)}];");
                w.Line($"_gwr_{c.Member} = new float[{WeightCount(c)}];");
            }
            if (ReachesSource(c))
            {
                if (c.Convolution.IsMaxPooling)
                {
                    w.Line($"_am_{c.Member} = new int[stepRows * {Size(c.Target)}];");
                }
                w.Line($"_sourceGradient_{c.Member} = SourceGradientRows_{c.Member};");
                if (!c.Convolution.IsPooling)
                {
                    w.Line($"_wt_{c.Member} = new float[{WeightCount(c)}];");
                }
            }
        }
    }

    /// <summary>Each non-zero source (a spike, or a current's value) scatters its kernel slice in ascending order, then the bias: the simulator's Deliver.</summary>
    private void EmitConvolutionDelivery(CodeWriter w, TrainedConnectionPlan c, ConvolutionPlan conv, string destination, string source)
    {
        if (conv.IsMaxPooling)
        {
            string argmax = ReachesSource(c) ? $"_am_{c.Member}.AsSpan((t * batch + row) * {Size(c.Target)}, {Size(c.Target)})" : "Span<int>.Empty";
            w.Line($"{ConnectionClass(conv)}.Gather<float>({source}, {destination}, {argmax});");
            return;
        }
        if (conv.IsPooling)
        {
            w.Line($"ReadOnlySpan<float> from_{c.Member} = {source};");
            using (w.Block($"for (int s = 0; s < from_{c.Member}.Length; s++)"))
            {
                w.Line($"float value = from_{c.Member}[s];");
                w.Line($"if (value != 0) {ConnectionClass(conv)}.Scatter<float>({destination}, s, value);");
            }
            return;
        }
        if (c.BatchNorm is not null)
        {
            EmitNormalizedDelivery(w, c, destination, source);
            return;
        }
        w.Line($"ConvolutionForward.Add({source}, _wf_{c.Member}, s_shape_{c.Member}, {destination}, _scratch_{c.Member}.AsSpan(first / SampleBlock * {Size(c.Target)}, {Size(c.Target)}));");
        w.Line($"{ConnectionClass(conv)}.AddBias<float>({destination}, _b_{c.Member});");
    }

    /// <summary>The kernels as the forward pass reads them, once per batch (they change only in ApplyGradients); folded when evaluating.</summary>
    private void EmitConvolutionKernelOrder(CodeWriter w)
    {
        foreach (var c in ConvolutionConnections.Where(c => !c.Convolution!.IsPooling))
        {
            string reorder = $"ConvolutionForward.ReorderKernel(_w_{c.Member}, s_shape_{c.Member}, _wf_{c.Member});";
            if (c.BatchNorm is null)
            {
                w.Line(reorder);
                continue;
            }
            using (w.Block("if (training)"))
            {
                w.Line(reorder);
            }
            using (w.Block("else"))
            {
                w.Line(Fold(c));
                w.Line($"ConvolutionForward.ReorderKernel(_wfold_{c.Member}, s_shape_{c.Member}, _wf_{c.Member});");
            }
        }
    }

    /// <summary>The kernel and bias gradients over blocks of input channels, then the gradient reaching spiking sources over blocks of samples.</summary>
    private void EmitConvolutionGradient(CodeWriter w, TrainedConnectionPlan c, ConvolutionPlan conv)
    {
        if (!conv.IsPooling)
        {
            w.Line($"_blocks.Run(_pool, {conv.Geometry.InChannels}, ChannelBlock, _kernelGradient_{c.Member});");
        }
        if (ReachesSource(c))
        {
            if (!conv.IsPooling)
            {
                w.Line($"ConvolutionGradients.TransposeKernel(_w_{c.Member}, s_shape_{c.Member}, _wt_{c.Member});");
            }
            w.Line($"_blocks.Run(_pool, batch, SampleBlock, _sourceGradient_{c.Member});");
        }
    }

    private void EmitConvolutionGradientRows(CodeWriter w)
    {
        if (ConvolutionConnections.Any())
        {
            w.Line();
            w.Line("// Input channels per block of a kernel gradient: each block's sums are its own, so the thread count never moves them.");
            w.Line($"private const int ChannelBlock = {ChannelBlock};");
        }
        foreach (var c in ConvolutionConnections)
        {
            var conv = c.Convolution!;
            string N = Size(c.Target);
            if (!conv.IsPooling)
            {
                w.Line();
                w.Line($"/// <summary>Input channels [first, last) of {c.Member}'s kernel gradient (and the bias gradient, in the first block), summed over every step and sample.</summary>");
                string scratch = $"_krow_{c.Member}.AsSpan(first / ChannelBlock * {N}, {N}), _gwr_{c.Member}";
                // A normalized convolution's adjoints are those of z, and β is its bias (its gradient comes from the normalization).
                bool normalized = c.BatchNorm is not null;
                string bias = normalized ? "Span<float>.Empty" : $"_gb_{c.Member}";
                string adjoints = normalized ? $"_gz_{c.Member}" : FromCurrent(c) ? $"_gsum_{c.Member}" : $"_gin_{c.Target}.AsSpan({SkippedRows(c, N)})";
                using (w.Kernel($"private void KernelGradientRows_{c.Member}(int first, int last)"))
                {
                    w.Line("int batch = _batch;");
                    w.Line(FromCurrent(c)
                        ? $"ConvolutionGradients.Kernel(_v_{c.Source}, {adjoints}, batch, s_shape_{c.Member}, first, last, _gw_{c.Member}, {bias}, {scratch});"
                        : $"ConvolutionGradients.Kernel({SourceOutput(c)}, {adjoints}, {DeliveredSteps(c)} * batch, s_shape_{c.Member}, first, last, _gw_{c.Member}, {bias}, {scratch});");
                }
            }
            if (ReachesSource(c))
            {
                string K = Size(c.Source);
                string kernel = conv.IsPooling ? "ReadOnlySpan<float>.Empty" : $"_wt_{c.Member}";
                string poolWeight = CSharpLiteral.Single(conv.PoolWeight);
                w.Line();
                w.Line($"/// <summary>Samples [first, last): the gradient {c.Member} sends back to '{c.Source}' at every step (the transposed {RuleNames.Of(conv.Kind)}).</summary>");
                using (w.Kernel($"private void SourceGradientRows_{c.Member}(int first, int last)"))
                {
                    w.Line("int batch = _batch;");
                    using (w.Block($"for (int t = {(c.SameStep ? 0 : 1)}; t < Steps; t++)"))
                    {
                        using (w.Block("for (int row = first; row < last; row++)"))
                        {
                            string sourceRow = $"_gs_{c.Source}.AsSpan(({SourceStep(c)} * batch + row) * {K}, {K})";
                            if (conv.IsMaxPooling)
                            {
                                // Each output's gradient goes to the source it took its maximum from.
                                w.Line($"ConvolutionGradients.MaxPool(_gin_{c.Target}.AsSpan((t * batch + row) * {N}, {N}), _am_{c.Member}.AsSpan((t * batch + row) * {N}, {N}), {sourceRow});");
                            }
                            else
                            {
                                string adjoints = c.BatchNorm is null
                                    ? $"_gin_{c.Target}.AsSpan((t * batch + row) * {N}, {N})"
                                    : $"_gz_{c.Member}.AsSpan({NormalizedRowStart(c)}, {N})";
                                w.Line($"ConvolutionGradients.Input({adjoints}, {kernel}, {poolWeight}, s_shape_{c.Member}, {sourceRow});");
                            }
                        }
                    }
                }
            }
        }
    }
}
