using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Training;

/// <summary>The trainer's forward pass: input encodings, each layer's time loop over its samples with its deliveries, and the loss.</summary>
internal sealed partial class TrainerEmitter
{
    private void EmitForward(CodeWriter w)
    {
        w.Line("/// <summary>Runs the network on a batch of samples for <see cref=\"Steps\"/> steps, keeping what the backward pass needs.</summary>");
        w.Line("/// <param name=\"training\">Batch-normalized convolutions normalize with the batch's statistics and update the running ones (true),");
        w.Line("/// or run folded with the running ones, as the simulator does (false); nothing else depends on it.</param>");
        using (w.Kernel($"public void Forward({InputParameters}, int count, bool training = true)"))
        {
            w.Line("if (count < 1 || count > BatchCapacity) throw new ArgumentOutOfRangeException(nameof(count), count, $\"The batch must hold 1 to {BatchCapacity} samples.\");");
            foreach (var input in _plan.Inputs)
            {
                string arg = input.Member;
                string N = Size(input.Name);
                w.Line($"if ({arg}.Length != count * {N}) throw new ArgumentException($\"'{input.Name}' needs {{count}} × {{{N}}} values, not {{{arg}.Length}}.\", nameof({arg}));");
                w.Line($"{arg}.CopyTo(_v_{input.Name});");
            }
            w.Line("_batch = count;");
            if (Normalized.Any())
            {
                w.Line("_training = training;");
            }
            EmitConvolutionKernelOrder(w);
            w.Line("// Each phase is split by samples, which are independent.");
            foreach (var input in _plan.Inputs.Where(i => !i.IsCurrent))
            {
                w.Line($"_blocks.Run(_pool, count, SampleBlock, _encode_{input.Name});");
            }
            foreach (var layer in _plan.Layers)
            {
                EmitBatchNormPreparation(w, layer);
                w.Line($"_blocks.Run(_pool, count, SampleBlock, _forward_{layer.Population});");
            }
        }
        foreach (var input in _plan.Inputs.Where(i => !i.IsCurrent))
        {
            w.Line();
            EmitEncoding(w, NetworkClass, input);
        }
        foreach (var layer in _plan.Layers)
        {
            w.Line();
            EmitForwardRows(w, layer);
        }
    }

    /// <summary>
    /// The encoding of a poisson or latency input on the host, into <c>_e_</c> from <c>_v_</c> with the sample slots'
    /// streams <c>_rng_</c>: the GPU trainer runs this very method on its host copies, so both trainers see the same spikes.
    /// </summary>
    internal static void EmitEncoding(CodeWriter w, string networkClass, TrainedInputPlan input)
    {
        var encoder = input.Encoder;
        string N = Size(input.Name);
        string n = input.Name;
        w.Line($"/// <summary>Samples [first, last) of '{n}' encoded as {encoder.Name}: spikes per step drawn from the intensities.</summary>");
        using (w.Kernel($"private void EncodeRows_{n}(int first, int last)"))
        {
            w.Line("int batch = _batch;");
            using (w.Block("for (int row = first; row < last; row++)"))
            {
                w.Line($"ReadOnlySpan<float> intensities = _v_{n}.AsSpan(row * {N}, {N});");
                if (encoder.Name == "poisson")
                {
                    using (w.Block("for (int t = 0; t < Steps; t++)"))
                    {
                        w.Line($"InputEncoders.Poisson(intensities, _e_{n}.AsSpan((t * batch + row) * {N}, {N}), {CSharpLiteral.Single(encoder.Arguments["max_rate"])}, {networkClass}.Dt, _rng_{n}[row]);");
                    }
                }
                else
                {
                    using (w.Block("for (int t = 0; t < Steps; t++)"))
                    {
                        w.Line($"_e_{n}.AsSpan((t * batch + row) * {N}, {N}).Clear();");
                    }
                    using (w.Block($"for (int k = 0; k < {N}; k++)"))
                    {
                        w.Line($"int step = InputEncoders.LatencyStep(intensities[k], {CSharpLiteral.Single(encoder.Arguments["tau"])}, {CSharpLiteral.Single(encoder.Arguments["threshold"])}, {networkClass}.Dt, Steps);");
                        w.Line($"if (step >= 0) _e_{n}[(step * batch + row) * {N} + k] = 1f;");
                    }
                }
            }
        }
    }

    private void EmitForwardRows(CodeWriter w, LayerPlan layer)
    {
        string n = layer.Population;
        string N = Size(layer.Population);
        var incoming = _plan.Incoming(layer).ToList();
        w.Line($"/// <summary>Samples [first, last) of '{n}' over all steps: its input from its connections (the sources' previous step, or this step's when same_step), then its step.</summary>");
        using (w.Kernel($"private void ForwardRows_{n}(int first, int last)"))
        {
            w.Line("int batch = _batch;");
            using (w.Block("for (int t = 0; t < Steps; t++)"))
            {
                using (w.Block("for (int row = first; row < last; row++)"))
                {
                    w.Line($"Span<float> drive = _in_{n}.AsSpan((t * batch + row) * {N}, {N});");
                    w.Line("drive.Clear();");
                    var late = incoming.Where(c => !c.SameStep).ToList();
                    if (late.Count > 0)
                    {
                        using (w.Block("if (t > 0)"))
                        {
                            foreach (var c in late)
                            {
                                EmitDelivery(w, c);
                            }
                        }
                    }
                    foreach (var c in incoming.Where(c => c.SameStep))
                    {
                        EmitDelivery(w, c);
                    }
                    w.Line($"StepForward_{n}(t, row * {N}, (row + 1) * {N});");
                }
            }
        }
    }

    /// <summary>
    /// A connection's contribution to one sample's input at step t, from its source's output at step t − lag, as the
    /// simulator's Deliver: rows of weights then the bias (dense), or the generated scatter of each non-zero source
    /// then the bias (convolution, pooling).
    /// </summary>
    private void EmitDelivery(CodeWriter w, TrainedConnectionPlan c)
    {
        string K = Size(c.Source);
        string N = Size(c.Target);
        w.Line($"// {c.Member}{(c.SameStep ? " (same step)" : "")}");
        string step = SourceStep(c);
        string source = FromCurrent(c)
            ? $"_v_{c.Source}.AsSpan(row * {K}, {K})"
            : $"{SourceOutput(c)}.AsSpan(({step} * batch + row) * {K}, {K})";
        void Rows(string destination)
        {
            if (c.Convolution is { } conv)
            {
                EmitConvolutionDelivery(w, c, conv, destination, source);
                return;
            }
            w.Line($"DenseRows.AccumulateRows({destination}, {source}, _w_{c.Member});");
            w.Line($"DenseRows.Add<float>({destination}, _b_{c.Member});");
        }
        if (Cached(c))
        {
            w.Line($"Span<float> cache_{c.Member} = _c_{c.Member}.AsSpan(row * {N}, {N});");
            using (w.Block($"if (t == {(c.SameStep ? 0 : 1)})"))
            {
                w.Line($"cache_{c.Member}.Clear();");
                Rows($"cache_{c.Member}");
            }
            w.Line($"cache_{c.Member}.CopyTo(drive);");
        }
        else
        {
            Rows("drive");
        }
    }

    private void EmitLoss(CodeWriter w)
    {
        var loss = Train.Loss;
        string n = Train.Loss.Population;
        w.Line($"/// <summary>Readout {loss.Readout}({n}), then {loss.Name}: mean loss over the batch, its gradient, and the correct predictions (argmax).</summary>");
        using (w.Kernel("public BatchResult ComputeLoss(ReadOnlySpan<int> labels)"))
        {
            w.Line("if (labels.Length != _batch) throw new ArgumentException($\"{labels.Length} labels for a batch of {_batch}.\", nameof(labels));");
            using (w.Block("for (int k = 0; k < labels.Length; k++)"))
            {
                w.Line("if ((uint)labels[k] >= Classes) throw new ArgumentOutOfRangeException(nameof(labels), labels[k], $\"Labels must be in [0, {Classes}).\");");
            }
            w.Line("labels.CopyTo(_labels);");
            w.Line("_blocks.Run(_pool, _batch, SampleBlock, _loss);");
            w.Line("double total = 0;");
            w.Line("int correct = 0;");
            using (w.Block("for (int k = 0; k < BlockScheduler.BlockCount(_batch, SampleBlock); k++)"))
            {
                w.Line("total += _lossSums[k];");
                w.Line("correct += _correctCounts[k];");
            }
            w.Line(loss.Name == "cross_entropy"
                ? "return new BatchResult((float)(total * (1.0 / _batch)), correct, _batch);"
                : "return new BatchResult((float)(total * (1.0 / ((double)_batch * Classes))), correct, _batch);");
        }
        w.Line();
        EmitLossRows(w);
    }

    private void EmitLossRows(CodeWriter w)
    {
        var loss = Train.Loss;
        var readout = _plan.ReadoutLayer;
        var k = _kernels[readout.Population];
        string n = readout.Population;
        w.Line("/// <summary>Samples [first, last): their readout, their loss sum and gradient rows, and their correct predictions, kept for the block.</summary>");
        using (w.Kernel("private void LossRows(int first, int last)"))
        {
            w.Line("int size = _batch * Classes;");
            w.Line("int rows = last - first;");
            w.Line("Span<float> scores = _scores.AsSpan(first * Classes, rows * Classes);");
            switch (loss.Readout)
            {
                case "spike_count":
                    w.Line("scores.Clear();");
                    using (w.Block("for (int t = 0; t < Steps; t++)"))
                    {
                        w.Line($"DenseRows.Add<float>(scores, _s_{n}.AsSpan(t * size + first * Classes, rows * Classes));");
                    }
                    break;
                default:
                {
                    string x = k.StateField(readout.Membrane);
                    w.Line($"{x}.AsSpan((Steps - 1) * size + first * Classes, rows * Classes).CopyTo(scores);");
                    w.Line("Array.Fill(_peakStep, Steps - 1, first * Classes, rows * Classes);");
                    if (loss.Readout == "max_membrane")
                    {
                        using (w.Block("for (int t = Steps - 2; t >= 0; t--)"))
                        {
                            using (w.Block("for (int e = first * Classes; e < last * Classes; e++)"))
                            {
                                w.Line($"float value = {x}[t * size + e];");
                                w.Line("if (value >= _scores[e]) { _scores[e] = value; _peakStep[e] = t; }");
                            }
                        }
                    }
                    break;
                }
            }
            w.Line("ReadOnlySpan<int> labels = _labels.AsSpan(first, rows);");
            w.Line("Span<float> gradient = _gscores.AsSpan(first * Classes, rows * Classes);");
            w.Line(loss.Name == "cross_entropy"
                ? "_lossSums[first / SampleBlock] = Losses.CrossEntropySum(scores, labels, gradient, rows, Classes, _batch);"
                : $"_lossSums[first / SampleBlock] = Losses.MeanSquaredCountSum(scores, labels, gradient, rows, Classes, _batch, {CSharpLiteral.Single(loss.Arguments["correct_rate"] * Train.Steps)}, {CSharpLiteral.Single(loss.Arguments["incorrect_rate"] * Train.Steps)});");
            w.Line("_correctCounts[first / SampleBlock] = Losses.CountCorrect(scores, labels, rows, Classes);");
        }
    }
}
