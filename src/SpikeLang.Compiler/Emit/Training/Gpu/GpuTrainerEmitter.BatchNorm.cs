using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Training.Gpu;

/// <summary>
/// Batch-normalized convolutions on the GPU, as the CPU trainer runs them (<see cref="TrainerEmitter"/>'s BatchNorm part):
/// in training the raw convolution z of every delivered step and sample first (<c>_z_</c>, rows as the source's), each
/// channel's statistics over all of it, then a·z + b added to the target's input; in evaluation the running statistics
/// folded into the kernel and bias on the host (runtime <c>BatchNormalization.Fold</c>), delivered as a plain convolution.
/// β is the connection's bias buffer; the raw kernel, γ and the running statistics are the CPU trainer's <c>.bn.</c> tensors.
/// </summary>
internal sealed partial class GpuTrainerEmitter
{
    private IEnumerable<TrainedConnectionPlan> Normalized => _plan.Connections.Where(c => c.BatchNorm is not null);

    /// <summary>Rows of z: one per sample from a current input (the same every step), else one per delivered step and sample.</summary>
    private string NormalizedRows(TrainedConnectionPlan c, string batch) =>
        FromCurrent(c) ? batch : $"{(c.SameStep ? "Steps" : "(Steps - 1)")} * {batch}";

    /// <summary>z's rows as a <c>DenseShape</c> whose target rows are its source's rows: the kernel gradient and the source's adjoints read z's adjoints through it.</summary>
    private string NormalizedShape(TrainedConnectionPlan c) =>
        $"new DenseShape(_batch, {(FromCurrent(c) ? "1" : c.SameStep ? "Steps" : "Steps - 1")}, 0, {(FromCurrent(c) ? "0" : "_batch")}, {Size(c.Source)}, {Size(c.Target)})";

    private string NormShape(TrainedConnectionPlan c) =>
        $"new NormShape({NormalizedRows(c, "_batch")}, {TrainerEmitter.Channels(c)}, {TrainerEmitter.Positions(c)}, {CSharpLiteral.Single(c.BatchNorm!.Epsilon)}, {CSharpLiteral.Single(c.BatchNorm.Momentum)})";

    /// <summary>Values of a tensor of a convolution's fixed shape (its sizes are literals: "16, 1, 3, 3").</summary>
    private static int Length(string shape) => shape.Split(',').Select(n => int.Parse(n.Trim(), CultureInfo.InvariantCulture)).Aggregate(1, (a, b) => a * b);

    private void EmitBatchNormFields(CodeWriter w)
    {
        foreach (var c in Normalized)
        {
            string m = c.Member;
            w.Line($"// {m}: batch-normalized. γ and its gradient and optimizer state (β is _b_{m}), the running statistics, the batch's per-channel values");
            w.Line("// (mean, 1/√(σ² + ε), a, b, and the backward pass's gain, offset, slope), the raw convolution and its adjoint, the folded kernel and bias.");
            var names = new[] { "_g_", "_gg_" }.Concat(OptimizerState("g")).Concat(new[] { "_rm_", "_rv_", "_bn_", "_z_", "_gz_", "_wfold_", "_bfold_" }).Select(p => p + m);
            w.Line($"private readonly MemoryBuffer1D<float, Stride1D.Dense> {string.Join(", ", names)};");
        }
    }

    private void EmitBatchNormConstruction(CodeWriter w)
    {
        foreach (var c in Normalized)
        {
            string m = c.Member;
            string C = TrainerEmitter.Channels(c);
            w.Line($"// {m}: γ = 1 and β = 0, running mean 0 and variance 1, as PyTorch's BatchNorm starts.");
            foreach (var field in new[] { "_g_", "_gg_", "_rm_", "_rv_", "_bfold_" }.Concat(OptimizerState("g")))
            {
                w.Line($"{field}{m} = Zeros({C});");
            }
            w.Line($"_bn_{m} = Zeros(7 * {C});");
            w.Line($"var ones_{m} = new float[{C}];");
            w.Line($"Array.Fill(ones_{m}, 1f);");
            w.Line($"DeviceCopy.Upload(_g_{m}.View, ones_{m});");
            w.Line($"DeviceCopy.Upload(_rv_{m}.View, ones_{m});");
            w.Line($"_wfold_{m} = Zeros({TrainerEmitter.WeightCount(c)});");
            w.Line($"_z_{m} = Zeros({(FromCurrent(c) ? "(long)batchCapacity" : "stepRows")} * {Size(c.Target)});");
            w.Line($"_gz_{m} = Zeros({(FromCurrent(c) ? "(long)batchCapacity" : "stepRows")} * {Size(c.Target)});");
        }
    }

    /// <summary>Evaluation: the running statistics folded into each normalized kernel and bias, uploaded for the plain convolution.</summary>
    private void EmitFolding(CodeWriter w)
    {
        if (!Normalized.Any())
        {
            return;
        }
        using (w.Block("if (!training)"))
        {
            foreach (var c in Normalized)
            {
                w.Line($"var (wfold_{c.Member}, bfold_{c.Member}) = Folded_{c.Member}();");
                w.Line($"DeviceCopy.Upload(_wfold_{c.Member}.View, wfold_{c.Member});");
                w.Line($"DeviceCopy.Upload(_bfold_{c.Member}.View, bfold_{c.Member});");
            }
        }
    }

    /// <summary>A normalized connection's input to its target: a·z + b with the batch's statistics in training, the folded convolution otherwise.</summary>
    private void EmitNormalizedDelivery(CodeWriter w, TrainedConnectionPlan c, string drive)
    {
        string m = c.Member;
        using (w.Block("if (training)"))
        {
            w.Line($"_z_{m}.View.SubView(0, (long){NormalizedRows(c, "count")} * {Size(c.Target)}).MemSetToZero();");
            w.Line($"_convolutions.Convolve(_z_{m}.View, {SourceView(c)}, _w_{m}.View, ArrayView<float>.Empty, {NormalizedShape(c)}, s_shape_{m});");
            w.Line($"_norms.Statistics(_z_{m}.View, _bn_{m}.View, _rm_{m}.View, _rv_{m}.View, _g_{m}.View, _b_{m}.View, {NormShape(c)});");
            w.Line($"_norms.AddNormalized({drive}, _z_{m}.View, _bn_{m}.View, {Shape(c)}, {NormShape(c)});");
        }
        using (w.Block("else"))
        {
            w.Line($"_convolutions.Convolve({drive}, {SourceView(c)}, _wfold_{m}.View, _bfold_{m}.View, {Shape(c)}, s_shape_{m});");
        }
    }

    /// <summary>Backward: ∂L/∂γ, ∂L/∂β and ∂L/∂z, then the raw kernel's gradient and the source's adjoints from ∂L/∂z.</summary>
    private void EmitNormalizedGradients(CodeWriter w, TrainedConnectionPlan c, string adjoints, bool reachesSource)
    {
        string m = c.Member;
        w.Line($"_norms.Gradients({adjoints}, _z_{m}.View, _bn_{m}.View, _g_{m}.View, _gg_{m}.View, _gb_{m}.View, {Shape(c)}, {NormShape(c)});");
        w.Line($"_norms.OutputAdjoints({adjoints}, _z_{m}.View, _bn_{m}.View, _gz_{m}.View, {Shape(c)}, {NormShape(c)});");
        w.Line($"_convolutions.KernelGradient(_gw_{m}.View, {SourceView(c)}, _gz_{m}.View, {NormalizedShape(c)}, s_shape_{m});");
        if (reachesSource)
        {
            w.Line($"_convolutions.SourceAdjoint(_gs_{c.Source}.View, _gz_{m}.View, _w_{m}.View, {NormalizedShape(c)}, s_shape_{m});");
        }
    }

    /// <summary><c>Folded_</c>: the kernel and bias the simulator is given, from the device's kernel, γ, β and running statistics.</summary>
    private void EmitFoldedMethods(CodeWriter w)
    {
        foreach (var c in Normalized)
        {
            string m = c.Member;
            string C = TrainerEmitter.Channels(c);
            w.Line();
            w.Line($"/// <summary>{m}'s kernel and bias with the running statistics folded in (w·γ/√(σ² + ε), β − μ·γ/√(σ² + ε)), copied from the device.</summary>");
            using (w.Block($"private (float[] Kernel, float[] Bias) Folded_{m}()"))
            {
                w.Line("Device.Accelerator.Synchronize();");
                foreach (var (_, shape, field) in TrainerEmitter.BatchNormTensors(c))
                {
                    w.Line($"var {field.TrimStart('_')} = new float[{Length(shape)}];");
                    w.Line($"DeviceCopy.Download({field}.View, {field.TrimStart('_')});");
                }
                w.Line($"var kernel = new float[{TrainerEmitter.WeightCount(c)}];");
                w.Line($"var bias = new float[{C}];");
                w.Line($"BatchNormalization.Fold(w_{m}, g_{m}, b_{m}, rm_{m}, rv_{m}, {CSharpLiteral.Single(c.BatchNorm!.Epsilon)}, kernel, bias);");
                w.Line("return (kernel, bias);");
            }
        }
    }
}
