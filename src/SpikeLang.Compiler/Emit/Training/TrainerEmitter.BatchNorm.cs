using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Training;

/// <summary>
/// Batch-normalized convolutions (<c>batch_norm</c>). Training: the raw convolution z of every delivered step and
/// sample is computed before the target's time loop (its source is an earlier layer, complete by then), each output
/// channel's mean and variance are taken over all of them (steps folded into the batch, as SpikingJelly's multi-step
/// BatchNorm2d does), and the target adds γ·(z − μ)/√(σ² + ε) + β. Evaluation: the running statistics folded into the
/// kernel and bias (runtime <c>BatchNormalization.Fold</c>), delivered as a plain convolution — the values the
/// simulator is given, so its spikes are the trainer's. β is the connection's bias tensor; the raw kernel, γ and
/// the running statistics are the <c>.bn.</c> tensors of the weight files.
/// </summary>
internal sealed partial class TrainerEmitter
{
    private IEnumerable<TrainedConnectionPlan> Normalized => _plan.Connections.Where(c => c.BatchNorm is not null);

    internal static string Channels(TrainedConnectionPlan c) => c.Convolution!.Geometry.OutChannels.ToString(CultureInfo.InvariantCulture);

    internal static string Positions(TrainedConnectionPlan c) =>
        (c.Convolution!.Geometry.OutHeight * c.Convolution.Geometry.OutWidth).ToString(CultureInfo.InvariantCulture);

    /// <summary>Rows of z: one per sample from a current input (the same every step), else one per delivered step and sample.</summary>
    private string NormalizedRows(TrainedConnectionPlan c, string batch) => FromCurrent(c) ? batch : $"{DeliveredSteps(c)} * {batch}";

    /// <summary>Where the row of z that (t, row) reads begins.</summary>
    private string NormalizedRowStart(TrainedConnectionPlan c) => FromCurrent(c)
        ? $"row * {Size(c.Target)}"
        : $"({SourceStep(c)} * batch + row) * {Size(c.Target)}";

    private void EmitBatchNormFields(CodeWriter w)
    {
        foreach (var c in Normalized)
        {
            string m = c.Member;
            w.Line($"// {m}: batch-normalized. γ (β is _b_{m}), the running and the last batch's statistics, the folded kernel and bias;");
            w.Line("// the raw convolution of every delivered step and sample and its adjoint.");
            w.Line($"private readonly float[] _g_{m}, _gg_{m}{string.Concat(OptimizerState("g").Select(s => $", {s}{m}"))};");
            w.Line($"private readonly float[] _rm_{m}, _rv_{m}, _mu_{m}, _inv_{m}, _wfold_{m}, _bfold_{m};");
            w.Line($"private readonly float[] _z_{m}, _gz_{m};");
            w.Line($"private readonly Action<int, int> _convolve_{m}, _statistics_{m}, _normalizedGradient_{m};");
        }
        if (Normalized.Any())
        {
            w.Line("// Whether the last forward pass normalized with its batch's statistics (training) or ran the folded kernels.");
            w.Line("private bool _training;");
        }
    }

    private void EmitBatchNormConstruction(CodeWriter w)
    {
        foreach (var c in Normalized)
        {
            string m = c.Member;
            string C = Channels(c);
            w.Line($"// {m}: γ = 1 and β = 0, running mean 0 and variance 1, as PyTorch's BatchNorm starts.");
            w.Line($"Array.Clear(_b_{m});");
            foreach (var field in new[] { "_g_", "_gg_", "_rm_", "_rv_", "_mu_", "_inv_", "_bfold_" }.Concat(OptimizerState("g")))
            {
                w.Line($"{field}{m} = new float[{C}];");
            }
            w.Line($"Array.Fill(_g_{m}, 1f);");
            w.Line($"Array.Fill(_rv_{m}, 1f);");
            w.Line($"_wfold_{m} = new float[{WeightCount(c)}];");
            w.Line($"_z_{m} = new float[{NormalizedRows(c, "batchCapacity")} * {Size(c.Target)}];");
            w.Line($"_gz_{m} = new float[_z_{m}.Length];");
            w.Line($"_convolve_{m} = ConvolveRows_{m};");
            w.Line($"_statistics_{m} = StatisticsChannels_{m};");
            w.Line($"_normalizedGradient_{m} = NormalizedGradientChannels_{m};");
        }
    }

    /// <summary>Before a layer's time loop in training: the raw convolutions of its normalized connections, then their statistics.</summary>
    private void EmitBatchNormPreparation(CodeWriter w, LayerPlan layer)
    {
        var normalized = _plan.Incoming(layer).Where(c => c.BatchNorm is not null).ToList();
        if (normalized.Count == 0)
        {
            return;
        }
        using (w.Block("if (training)"))
        {
            foreach (var c in normalized)
            {
                w.Line($"_blocks.Run(_pool, count, SampleBlock, _convolve_{c.Member});");
                w.Line($"_blocks.Run(_pool, {Channels(c)}, 1, _statistics_{c.Member});");
            }
        }
    }

    /// <summary>The kernels of the evaluation pass: the running statistics folded in.</summary>
    private void EmitBatchNormFolding(CodeWriter w)
    {
        foreach (var c in Normalized)
        {
            w.Line(Fold(c));
        }
    }

    private static string Fold(TrainedConnectionPlan c)
    {
        string m = c.Member;
        return $"BatchNormalization.Fold(_w_{m}, _g_{m}, _b_{m}, _rm_{m}, _rv_{m}, {CSharpLiteral.Single(c.BatchNorm!.Epsilon)}, _wfold_{m}, _bfold_{m});";
    }

    /// <summary>A normalized connection's contribution to one sample's input: normalized z in training, the folded convolution otherwise.</summary>
    private void EmitNormalizedDelivery(CodeWriter w, TrainedConnectionPlan c, string destination, string source)
    {
        string m = c.Member;
        string N = Size(c.Target);
        using (w.Block("if (_training)"))
        {
            w.Line($"BatchNormalization.AddNormalized(_z_{m}.AsSpan({NormalizedRowStart(c)}, {N}), _mu_{m}, _inv_{m}, _g_{m}, _b_{m}, {Positions(c)}, {destination});");
        }
        using (w.Block("else"))
        {
            w.Line($"ConvolutionForward.Add({source}, _wf_{m}, s_shape_{m}, {destination}, _scratch_{m}.AsSpan(first / SampleBlock * {N}, {N}));");
            w.Line($"{ConnectionClass(c.Convolution!)}.AddBias<float>({destination}, _bfold_{m});");
        }
    }

    /// <summary>Backward, before the kernel gradient: ∂L/∂z, ∂L/∂γ and ∂L/∂β from the adjoints of the normalized output.</summary>
    private void EmitNormalizedGradient(CodeWriter w, TrainedConnectionPlan c) =>
        w.Line($"_blocks.Run(_pool, {Channels(c)}, 1, _normalizedGradient_{c.Member});");

    private void EmitBatchNormRows(CodeWriter w)
    {
        foreach (var c in Normalized)
        {
            string m = c.Member;
            string N = Size(c.Target);
            string K = Size(c.Source);
            var norm = c.BatchNorm!;
            w.Line();
            w.Line($"/// <summary>Samples [first, last): {m}'s raw convolution of every step it delivers in, before normalization.</summary>");
            using (w.Kernel($"private void ConvolveRows_{m}(int first, int last)"))
            {
                w.Line("int batch = _batch;");
                w.Line($"Span<float> scratch = _scratch_{m}.AsSpan(first / SampleBlock * {N}, {N});");
                string source = FromCurrent(c)
                    ? $"_v_{c.Source}.AsSpan(row * {K}, {K})"
                    : $"{SourceOutput(c)}.AsSpan(({SourceStep(c)} * batch + row) * {K}, {K})";
                void Rows()
                {
                    using (w.Block("for (int row = first; row < last; row++)"))
                    {
                        w.Line($"Span<float> z = _z_{m}.AsSpan({NormalizedRowStart(c)}, {N});");
                        w.Line("z.Clear();");
                        w.Line($"ConvolutionForward.Add({source}, _wf_{m}, s_shape_{m}, z, scratch);");
                    }
                }
                if (FromCurrent(c))
                {
                    Rows();
                }
                else
                {
                    using (w.Block($"for (int t = {(c.SameStep ? 0 : 1)}; t < Steps; t++)"))
                    {
                        Rows();
                    }
                }
            }
            w.Line();
            w.Line($"/// <summary>Output channels [first, last) of {m}: the batch's mean and deviation over every row and position; the running statistics updated (momentum {CSharpLiteral.Double(norm.Momentum)}).</summary>");
            using (w.Kernel($"private void StatisticsChannels_{m}(int first, int last)"))
            {
                w.Line($"BatchNormalization.Statistics(_z_{m}, {NormalizedRows(c, "_batch")}, {Channels(c)}, {Positions(c)}, first, last, {CSharpLiteral.Single(norm.Epsilon)}, {CSharpLiteral.Single(norm.Momentum)}, _mu_{m}, _inv_{m}, _rm_{m}, _rv_{m});");
            }
            w.Line();
            w.Line($"/// <summary>Output channels [first, last) of {m}: ∂L/∂z, ∂L/∂γ and ∂L/∂β, through the batch's statistics too.</summary>");
            using (w.Kernel($"private void NormalizedGradientChannels_{m}(int first, int last)"))
            {
                w.Line("int batch = _batch;");
                string adjoints = FromCurrent(c) ? $"_gsum_{m}" : $"_gin_{c.Target}.AsSpan({SkippedRows(c, N)})";
                w.Line($"BatchNormalization.Backward({adjoints}, _z_{m}, {NormalizedRows(c, "batch")}, {Channels(c)}, {Positions(c)}, first, last, _mu_{m}, _inv_{m}, _g_{m}, _gz_{m}, _gg_{m}, _gb_{m});");
            }
        }
    }

    /// <summary>
    /// The tensors of a connection's weight files: the simulator's <c>.w</c> and <c>.b</c> (folded when normalized), then
    /// a normalized connection's training state, <c>.bn.kernel</c> (raw), <c>.bn.weight</c> (γ), <c>.bn.bias</c> (β) and
    /// the running statistics; with their shapes and the fields holding them.
    /// </summary>
    internal static IEnumerable<(string Name, string Shape, string Field)> BatchNormTensors(TrainedConnectionPlan c)
    {
        string m = c.Member;
        string kernel = string.Join(", ", c.Convolution!.WeightShape);
        string channels = Channels(c);
        yield return ($"{m}.bn.kernel", kernel, $"_w_{m}");
        yield return ($"{m}.bn.weight", channels, $"_g_{m}");
        yield return ($"{m}.bn.bias", channels, $"_b_{m}");
        yield return ($"{m}.bn.running_mean", channels, $"_rm_{m}");
        yield return ($"{m}.bn.running_var", channels, $"_rv_{m}");
    }

    /// <summary>The gradients of a normalized connection: its trained tensors (the raw kernel, γ, β).</summary>
    internal static IEnumerable<(string Name, string Shape, string Field)> BatchNormGradients(TrainedConnectionPlan c)
    {
        string m = c.Member;
        string channels = Channels(c);
        yield return ($"{m}.bn.kernel", string.Join(", ", c.Convolution!.WeightShape), $"_gw_{m}");
        yield return ($"{m}.bn.weight", channels, $"_gg_{m}");
        yield return ($"{m}.bn.bias", channels, $"_gb_{m}");
    }
}
