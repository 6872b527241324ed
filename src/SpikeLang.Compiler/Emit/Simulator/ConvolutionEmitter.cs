using System.Globalization;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>
/// Prints the nested class of one convolution or pooling connection: the shapes as constants, the shared
/// kernel and per-channel bias (none for pooling, whose weights are fixed), and an event-driven scatter that
/// adds, for each source spike, its kernel slice into the target inputs it reaches. The scatter and the bias
/// are static and generic, so the generated trainer's forward pass calls the very same code (in float32).
/// </summary>
internal static class ConvolutionEmitter
{
    public static void Emit(CodeWriter w, NetworkPlan network, ConvolutionPlan plan)
    {
        w.Line($"/// <summary>Connection {System.Security.SecurityElement.Escape(plan.Statement)}: {Describe(plan)}.</summary>");
        using (w.Block($"public sealed class {plan.TypeName}"))
        {
            w.Line("// Shapes fixed when compiled, [channels, height, width] in C order: neuron (c·H + y)·W + x is position (c, y, x).");
            w.Line($"internal const int InC = {plan.Geometry.InChannels}, InH = {plan.Geometry.InHeight}, InW = {plan.Geometry.InWidth};");
            w.Line($"internal const int OutC = {plan.Geometry.OutChannels}, OutH = {plan.Geometry.OutHeight}, OutW = {plan.Geometry.OutWidth};");
            w.Line($"internal const int KH = {plan.Geometry.KernelHeight}, KW = {plan.Geometry.KernelWidth}, SH = {plan.Geometry.StrideHeight}, SW = {plan.Geometry.StrideWidth}, PH = {plan.Geometry.PaddingHeight}, PW = {plan.Geometry.PaddingWidth};");
            if (plan.IsMaxPooling)
            {
                w.Line("// Max pooling: each output takes the largest output of its window's sources, channel to same channel (of spikes: 1 when any spiked).");
            }
            else if (plan.IsPooling)
            {
                w.Line($"// {(plan.Kind == Syntax.ConnectivityKind.AvgPool2d ? "Average" : "Sum")} pooling: every input of a window adds a fixed weight to its output, channel to same channel.");
            }
            w.Line();
            w.Line($"private readonly {plan.Source.TypeName} _pre;");
            w.Line($"private readonly {plan.Target.TypeName} _post;");
            if (!plan.IsPooling)
            {
                w.Line($"/// <summary>The kernel [{string.Join(", ", plan.WeightShape)}] = [out channels, in channels, {(plan.IsOneDimensional ? "width" : "height, width")}], row-major, as PyTorch's {(plan.IsOneDimensional ? "Conv1d" : "Conv2d")} holds it.</summary>");
                w.Line("internal readonly Real[] _w;");
                w.Line("/// <summary>One bias per output channel, added to each of its positions every step (zero unless trained or loaded), as nn.Conv2d's bias.</summary>");
                w.Line("internal readonly Real[] _b;");
            }
            if (plan.IsMaxPooling)
            {
                w.Line("// The source's spikes of this step as 0/1 values, for the windows to take their maximum; all zero between steps.");
                w.Line("private readonly Real[] _outputs = new Real[InC * InH * InW];");
            }
            w.Line();
            using (w.Block($"internal {plan.TypeName}({plan.Source.TypeName} pre, {plan.Target.TypeName} post{(plan.IsPooling ? "" : ", RandomStream init")})"))
            {
                w.Line("_pre = pre;");
                w.Line("_post = post;");
                if (!plan.IsPooling)
                {
                    w.Line("_w = new Real[OutC * InC * KH * KW];");
                    w.Line("// PyTorch's default for nn.Conv2d (kaiming_uniform_ with a = √5): U(−1/√fanIn, 1/√fanIn), fanIn = InC·KH·KW,");
                    w.Line("// drawn in memory order as LinearInit draws a dense layer's weights.");
                    w.Line("double bound = 1.0 / Math.Sqrt(InC * KH * KW);");
                    w.Line("for (int k = 0; k < _w.Length; k++) _w[k] = (Real)(float)init.Uniform(-bound, bound);");
                    w.Line("_b = new Real[OutC];");
                }
            }
            if (!plan.IsPooling)
            {
                w.Line();
                w.Line("/// <summary>The shared kernel, [out channels, in channels, kernel height, kernel width] row-major; the host may change it between steps.</summary>");
                w.Line("public Span<Real> w => _w;");
                w.Line();
                w.Line("/// <summary>The bias of each output channel; the host may change it between steps.</summary>");
                w.Line("public Span<Real> b => _b;");
            }
            w.Line();
            EmitDeliver(w, plan);
            w.Line();
            if (plan.IsMaxPooling)
            {
                EmitGather(w);
                return;
            }
            EmitScatter(w, plan);
        }
    }

    /// <summary>
    /// Spikes arrive as a dense connection's do, added to the target's input in the step they reach it, in
    /// ascending source order, then the bias; an input population that carries values scatters each non-zero
    /// value scaled by it. A max pooling instead takes each window's largest value, or of the spikes as 0/1.
    /// </summary>
    private static void EmitDeliver(CodeWriter w, ConvolutionPlan plan)
    {
        string kernel = plan.IsPooling ? "" : ", _w";
        w.Line(plan.IsMaxPooling
            ? "/// <summary>Adds the largest source output of each window (for spikes: 1 when any of its sources spiked) to the target's input.</summary>"
            : "/// <summary>Adds the kernel slice of each spiking source into the target inputs it reaches, then the bias.</summary>");
        using (w.Kernel("internal void Deliver(long step)"))
        {
            w.Line("Span<Real> input = _post._input;");
            if (plan.Source.Kind == PopulationKind.Input)
            {
                using (w.Block("if (_pre.HasValues)"))
                {
                    if (plan.IsMaxPooling)
                    {
                        w.Line("Gather<Real>(_pre.Values, input, Span<int>.Empty);");
                    }
                    else
                    {
                        w.Line("ReadOnlySpan<Real> values = _pre.Values;");
                        using (w.Block("for (int s = 0; s < values.Length; s++)"))
                        {
                            w.Line($"if (values[s] != 0) Scatter<Real>(input{kernel}, s, values[s]);");
                        }
                    }
                }
                using (w.Block("else"))
                {
                    EmitSpikeLoop(w, plan, kernel);
                }
            }
            else
            {
                EmitSpikeLoop(w, plan, kernel);
            }
            if (!plan.IsPooling)
            {
                w.Line("AddBias<Real>(input, _b);");
            }
        }
    }

    private static void EmitSpikeLoop(CodeWriter w, ConvolutionPlan plan, string kernel)
    {
        if (plan.IsMaxPooling)
        {
            w.Line("foreach (int s in _pre.Spikes) _outputs[s] = (Real)1;");
            w.Line("Gather<Real>(_outputs, input, Span<int>.Empty);");
            w.Line("foreach (int s in _pre.Spikes) _outputs[s] = (Real)0;");
            return;
        }
        using (w.Block("foreach (int s in _pre.Spikes)"))
        {
            w.Line($"Scatter<Real>(input{kernel}, s, (Real)1);");
        }
    }

    /// <summary>
    /// Each output (c, oy, ox) reads its window (c, oy·SH − PH + ky, ox·SW − PW + kx) inside the source (padding is never
    /// the maximum, as in PyTorch) and adds the largest value; ties go to the first in (ky, kx) order, which is the
    /// source the trainer sends the output's gradient to.
    /// </summary>
    private static void EmitGather(CodeWriter w)
    {
        w.Line("/// <summary>Adds each window's largest value of <paramref name=\"source\"/> to <paramref name=\"output\"/>; when <paramref name=\"argmax\"/> is not empty, records which source it was.</summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        using (w.Block("internal static void Gather<T>(ReadOnlySpan<T> source, Span<T> output, Span<int> argmax) where T : unmanaged, INumber<T>"))
        {
            using (w.Block("for (int c = 0; c < OutC; c++)"))
            {
                using (w.Block("for (int oy = 0; oy < OutH; oy++)"))
                {
                    using (w.Block("for (int ox = 0; ox < OutW; ox++)"))
                    {
                        w.Line("int best = -1;");
                        w.Line("T largest = T.Zero;");
                        using (w.Block("for (int ky = 0; ky < KH; ky++)"))
                        {
                            w.Line("int y = oy * SH - PH + ky;");
                            w.Line("if ((uint)y >= InH) continue;");
                            using (w.Block("for (int kx = 0; kx < KW; kx++)"))
                            {
                                w.Line("int x = ox * SW - PW + kx;");
                                w.Line("if ((uint)x >= InW) continue;");
                                w.Line("int s = (c * InH + y) * InW + x;");
                                w.Line("if (best < 0 || source[s] > largest) { largest = source[s]; best = s; }");
                            }
                        }
                        w.Line("int o = (c * OutH + oy) * OutW + ox;");
                        w.Line("output[o] += largest;");
                        w.Line("if (!argmax.IsEmpty) argmax[o] = best;");
                    }
                }
            }
        }
    }

    /// <summary>
    /// The transpose of the convolution, one input position at a time: output (oy, ox) reads input
    /// (oy·SH − PH + ky, ox·SW − PW + kx), so input (y, x) reaches the outputs whose (y + PH − ky) and
    /// (x + PW − kx) the strides divide. Kernel rows are a few values long, shorter than a vector, so the
    /// loops stay scalar; the shapes are constants, so the JIT folds the bounds and the divisions by 1.
    /// Each product is rounded before it is added (never fused), so every caller gets the same sums.
    /// </summary>
    private static void EmitScatter(CodeWriter w, ConvolutionPlan plan)
    {
        w.Line("/// <summary>Adds source <paramref name=\"s\"/>'s contribution, <paramref name=\"value\"/> times its kernel slice, into <paramref name=\"output\"/> (the target's inputs, C order).</summary>");
        w.Line("[MethodImpl(MethodImplOptions.AggressiveInlining)]");
        string kernel = plan.IsPooling ? "" : ", ReadOnlySpan<T> w";
        using (w.Block($"internal static void Scatter<T>(Span<T> output{kernel}, int s, T value) where T : unmanaged, INumberBase<T>"))
        {
            w.Line("int c = s / (InH * InW), y = s / InW % InH, x = s % InW;");
            if (plan.IsPooling)
            {
                w.Line(plan.Kind == Syntax.ConnectivityKind.AvgPool2d
                    ? "T added = value * (T.One / T.CreateTruncating(KH * KW));"
                    : "T added = value;");
            }
            using (w.Block("for (int ky = 0; ky < KH; ky++)"))
            {
                w.Line("int ny = y + PH - ky;");
                w.Line("if (ny < 0 || ny % SH != 0 || ny / SH >= OutH) continue;");
                w.Line("int oy = ny / SH;");
                using (w.Block("for (int kx = 0; kx < KW; kx++)"))
                {
                    w.Line("int nx = x + PW - kx;");
                    w.Line("if (nx < 0 || nx % SW != 0 || nx / SW >= OutW) continue;");
                    w.Line("int ox = nx / SW;");
                    if (plan.IsPooling)
                    {
                        w.Line("output[(c * OutH + oy) * OutW + ox] += added;");
                    }
                    else
                    {
                        using (w.Block("for (int o = 0; o < OutC; o++)"))
                        {
                            w.Line("output[(o * OutH + oy) * OutW + ox] += value * w[((o * InC + c) * KH + ky) * KW + kx];");
                        }
                    }
                }
            }
        }
        if (!plan.IsPooling)
        {
            w.Line();
            w.Line("/// <summary>Adds each output channel's bias to every position of it.</summary>");
            using (w.Block("internal static void AddBias<T>(Span<T> output, ReadOnlySpan<T> bias) where T : unmanaged, INumberBase<T>"))
            {
                using (w.Block("for (int o = 0; o < OutC; o++)"))
                {
                    w.Line("T value = bias[o];");
                    w.Line("Span<T> channel = output.Slice(o * OutH * OutW, OutH * OutW);");
                    w.Line("for (int k = 0; k < channel.Length; k++) channel[k] += value;");
                }
            }
        }
    }

    private static string Describe(ConvolutionPlan plan)
    {
        string Shape(int c, int h, int width) => plan.IsOneDimensional ? $"[{c}, {width}]" : $"[{c}, {h}, {width}]";
        string what = plan.Kind switch
        {
            Syntax.ConnectivityKind.Conv1d => "a 1-D convolution",
            Syntax.ConnectivityKind.Conv2d => "a 2-D convolution",
            Syntax.ConnectivityKind.SumPool2d => "2-D sum pooling",
            Syntax.ConnectivityKind.MaxPool2d => "2-D max pooling",
            _ => "2-D average pooling",
        };
        string kernel = plan.IsPooling ? $"window {plan.Geometry.KernelHeight}×{plan.Geometry.KernelWidth}" : $"kernel [{string.Join(", ", plan.WeightShape)}]";
        string stride = plan.IsOneDimensional ? plan.Geometry.StrideWidth.ToString(CultureInfo.InvariantCulture) : $"{plan.Geometry.StrideHeight}×{plan.Geometry.StrideWidth}";
        string padding = plan.IsOneDimensional ? plan.Geometry.PaddingWidth.ToString(CultureInfo.InvariantCulture) : $"{plan.Geometry.PaddingHeight}×{plan.Geometry.PaddingWidth}";
        return $"{what} of {plan.Source.Population} {Shape(plan.Geometry.InChannels, plan.Geometry.InHeight, plan.Geometry.InWidth)} into {plan.Target.Population} {Shape(plan.Geometry.OutChannels, plan.Geometry.OutHeight, plan.Geometry.OutWidth)}, {kernel}, stride {stride}, padding {padding}"
            + (plan.BatchNorm is null ? "" : "; batch-normalized in training, its kernel and bias here the folded ones (w·γ/√(σ² + ε), β − μ·γ/√(σ² + ε))");
    }
}
