using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Training.Gpu;

/// <summary>The GPU trainer's passes: forward layer by layer, the loss on the host, backpropagation through time, the optimizer step.</summary>
internal sealed partial class GpuTrainerEmitter
{
    private void EmitForward(CodeWriter w)
    {
        w.Line("/// <summary>Runs the network on a batch of samples for <see cref=\"Steps\"/> steps, keeping what the backward pass needs on the device.</summary>");
        w.Line("/// <param name=\"training\">Batch-normalized convolutions normalize with the batch's statistics and update the running ones (true),");
        w.Line("/// or run folded with the running ones, as the simulator does (false); nothing else depends on it.</param>");
        using (w.Block($"public void Forward({InputParameters}, int count, bool training = true)"))
        {
            w.Line("if (count < 1 || count > BatchCapacity) throw new ArgumentOutOfRangeException(nameof(count), count, $\"The batch must hold 1 to {BatchCapacity} samples.\");");
            foreach (var input in _plan.Inputs)
            {
                string arg = input.Member;
                string N = Size(input.Name);
                w.Line($"if ({arg}.Length != count * {N}) throw new ArgumentException($\"'{input.Name}' needs {{count}} × {{{N}}} values, not {{{arg}.Length}}.\", nameof({arg}));");
                w.Line(input.IsCurrent ? $"DeviceCopy.Upload(_v_{input.Name}.View, {arg});" : $"{arg}.CopyTo(_v_{input.Name});");
            }
            w.Line("_batch = count;");
            foreach (var input in Encoded)
            {
                string length = $"Steps * count * {Size(input.Name)}";
                w.Line($"_blocks.Run(_pool, count, SampleBlock, _encode_{input.Name});");
                w.Line($"DeviceCopy.Upload(_s_{input.Name}.View.SubView(0, (long){length}), _e_{input.Name}.AsSpan(0, {length}));");
            }
            EmitFolding(w);
            foreach (var layer in _plan.Layers)
            {
                string n = layer.Population;
                if (_kernels[n].Recurrent)
                {
                    EmitRecurrentForward(w, layer);
                    continue;
                }
                w.Line($"// '{n}': its input at every step from layers before it (in the simulator's order of additions), then its time loop.");
                w.Line($"_in_{n}.View.SubView(0, (long)Steps * count * {Size(n)}).MemSetToZero();");
                foreach (var c in _plan.Incoming(layer))
                {
                    EmitDelivery(w, c, layer);
                }
                w.Line($"_forward_{n}(count * {Size(n)}, _in_{n}.View, _s_{n}.View, _xu_{n}.View, _p_{n}.View, {StepShape(n)});");
            }
        }
    }

    /// <summary>
    /// A recurrent layer: the connections before its first self-connection in the simulator's order of additions deliver
    /// to every step at once; from it on (dense ones only: SL0520 refuses convolutions into a recurrent layer), each step's input is completed
    /// step by step, in that order, after the step before has spiked, and the layer's kernel runs the step.
    /// </summary>
    private void EmitRecurrentForward(CodeWriter w, LayerPlan layer)
    {
        string n = layer.Population;
        var incoming = _plan.Incoming(layer).ToList();
        int first = incoming.FindIndex(c => c.SelfRecurrent);
        w.Line($"// '{n}' (recurrent): its input from the connections before its self-connection at every step, then step by step the rest, in the simulator's order of additions, and its step.");
        w.Line($"_in_{n}.View.SubView(0, (long)Steps * count * {Size(n)}).MemSetToZero();");
        foreach (var c in incoming.Take(first))
        {
            EmitDelivery(w, c, layer);
        }
        using (w.Block("for (int t = 0; t < Steps; t++)"))
        {
            foreach (var c in incoming.Skip(first))
            {
                w.Line($"_kernels.DeliverStep(_in_{n}.View, {SourceView(c)}, _w_{c.Member}.View, _b_{c.Member}.View, {Shape(c)}, t);");
            }
            w.Line($"_forward_{n}(count * {Size(n)}, _in_{n}.View, _s_{n}.View, _xu_{n}.View, _p_{n}.View, {StepShape(n)}, t);");
        }
    }

    /// <summary>A connection's input to its target at every delivered step, added to what the connections before it delivered.</summary>
    private void EmitDelivery(CodeWriter w, TrainedConnectionPlan c, LayerPlan layer)
    {
        string drive = $"_in_{layer.Population}.View";
        switch (c.Convolution)
        {
            case null:
                // A current-encoded input first into its target gives every step the same input: one step's products.
                string deliver = FromCurrent(c) && _plan.Incoming(layer).First() == c ? "DeliverOnceForAllSteps" : "Deliver";
                w.Line($"_kernels.{deliver}({drive}, {SourceView(c)}, _w_{c.Member}.View, _b_{c.Member}.View, {Shape(c)});");
                break;
            case { IsMaxPooling: true }:
                w.Line($"_convolutions.MaxPool({drive}, {SourceView(c)}, _am_{c.Member}.View, {Shape(c)}, s_shape_{c.Member});");
                break;
            case { IsPooling: true } conv:
                w.Line($"_convolutions.Pool({drive}, {SourceView(c)}, {Shape(c)}, s_shape_{c.Member}, {CSharpLiteral.Single(conv.PoolWeight)});");
                break;
            case not null when c.BatchNorm is not null:
                EmitNormalizedDelivery(w, c, drive);
                break;
            default:
                w.Line($"_convolutions.Convolve({drive}, {SourceView(c)}, _w_{c.Member}.View, _b_{c.Member}.View, {Shape(c)}, s_shape_{c.Member});");
                break;
        }
    }

    /// <summary>A connection's weight and bias gradients from its target's input adjoints, and the adjoints it adds to a spiking source's.</summary>
    private void EmitGradients(CodeWriter w, TrainedConnectionPlan c, LayerPlan layer)
    {
        string adjoints = $"_gin_{layer.Population}.View";
        // A self-connection's adjoints reached the layer's spikes step by step in its backward pass.
        bool reachesSource = c.SourceKind == PopulationKind.Neurons && !c.SelfRecurrent;
        string sourceAdjoints = $"_gs_{c.Source}.View";
        switch (c.Convolution)
        {
            case null when SumsStepsFirst(c):
                w.Line($"_kernels.ConstantSourceGradients(_gw_{c.Member}.View, _gb_{c.Member}.View, _gsum_{c.Member}.View, {SourceView(c)}, {adjoints}, {Shape(c)});");
                break;
            case null:
                w.Line($"_kernels.WeightGradient(_gw_{c.Member}.View, {SourceView(c)}, {adjoints}, {Shape(c)});");
                w.Line($"_kernels.BiasGradient(_gb_{c.Member}.View, {adjoints}, {Shape(c)});");
                if (reachesSource)
                {
                    w.Line($"_kernels.SourceAdjoint({sourceAdjoints}, {adjoints}, _w_{c.Member}.View, {Shape(c)});");
                }
                break;
            case { IsMaxPooling: true }:
                if (reachesSource)
                {
                    w.Line($"_convolutions.MaxPoolSourceAdjoint({sourceAdjoints}, {adjoints}, _am_{c.Member}.View, {Shape(c)}, s_shape_{c.Member});");
                }
                break;
            case { IsPooling: true } conv:
                if (reachesSource)
                {
                    w.Line($"_convolutions.PoolSourceAdjoint({sourceAdjoints}, {adjoints}, {Shape(c)}, s_shape_{c.Member}, {CSharpLiteral.Single(conv.PoolWeight)});");
                }
                break;
            case not null when c.BatchNorm is not null:
                EmitNormalizedGradients(w, c, adjoints, reachesSource);
                break;
            default:
                w.Line($"_convolutions.KernelGradient(_gw_{c.Member}.View, {SourceView(c)}, {adjoints}, {Shape(c)}, s_shape_{c.Member});");
                w.Line($"_convolutions.BiasGradient(_gb_{c.Member}.View, {adjoints}, {Shape(c)}, s_shape_{c.Member});");
                if (reachesSource)
                {
                    w.Line($"_convolutions.SourceAdjoint({sourceAdjoints}, {adjoints}, _w_{c.Member}.View, {Shape(c)}, s_shape_{c.Member});");
                }
                break;
        }
    }

    private void EmitLoss(CodeWriter w)
    {
        var loss = _plan.Loss;
        var readout = _plan.ReadoutLayer;
        string n = readout.Population;
        int membrane = readout.States.ToList().IndexOf(readout.Membrane);
        w.Line($"/// <summary>Readout {loss.Readout}({n}) on the device, then {loss.Name} on the host with the CPU trainer's functions: mean loss, its gradient (sent back to the device), correct predictions.</summary>");
        using (w.Block("public BatchResult ComputeLoss(ReadOnlySpan<int> labels)"))
        {
            w.Line("if (labels.Length != _batch) throw new ArgumentException($\"{labels.Length} labels for a batch of {_batch}.\", nameof(labels));");
            using (w.Block("for (int k = 0; k < labels.Length; k++)"))
            {
                w.Line("if ((uint)labels[k] >= Classes) throw new ArgumentOutOfRangeException(nameof(labels), labels[k], $\"Labels must be in [0, {Classes}).\");");
            }
            w.Line("int size = _batch * Classes;");
            w.Line(loss.Readout == "spike_count"
                ? $"_kernels.SpikeCount(_scores.View, _s_{n}.View, {StepShape(n)});"
                : $"_kernels.Membrane(_scores.View, _peakStep.View, _xu_{n}.View.SubView({membrane}L * Steps * _batch * Classes, (long)Steps * _batch * Classes), {StepShape(n)}, maximum: {(loss.Readout == "max_membrane" ? "true" : "false")});");
            w.Line("Device.Accelerator.Synchronize();");
            w.Line("DeviceCopy.Download(_scores.View, _hostScores.AsSpan(0, size));");
            w.Line("Span<float> scores = _hostScores.AsSpan(0, size);");
            w.Line("Span<float> gradient = _hostGradient.AsSpan(0, size);");
            w.Line(loss.Name == "cross_entropy"
                ? "double total = Losses.CrossEntropySum(scores, labels, gradient, _batch, Classes, _batch);"
                : $"double total = Losses.MeanSquaredCountSum(scores, labels, gradient, _batch, Classes, _batch, {CSharpLiteral.Single(loss.Arguments["correct_rate"] * _plan.Steps)}, {CSharpLiteral.Single(loss.Arguments["incorrect_rate"] * _plan.Steps)});");
            w.Line("int correct = Losses.CountCorrect(scores, labels, _batch, Classes);");
            w.Line("DeviceCopy.Upload(_gscores.View, gradient);");
            w.Line(loss.Name == "cross_entropy"
                ? "return new BatchResult((float)(total * (1.0 / _batch)), correct, _batch);"
                : "return new BatchResult((float)(total * (1.0 / ((double)_batch * Classes))), correct, _batch);");
        }
    }

    private void EmitBackward(CodeWriter w)
    {
        w.Line("/// <summary>Backpropagation through time of the last forward pass and loss: fills the weight gradients on the device.</summary>");
        using (w.Block("public void Backward()"))
        {
            foreach (var layer in _plan.Layers)
            {
                string n = layer.Population;
                if (n == _plan.Readout && _plan.Loss.Readout == "spike_count")
                {
                    w.Line($"_kernels.EveryStep(_gs_{n}.View, _gscores.View, {StepShape(n)}); // d(count)/d(s[t]) = 1 for every step.");
                    continue;
                }
                w.Line($"_gs_{n}.View.SubView(0, (long)Steps * _batch * {Size(n)}).MemSetToZero();");
                if (n == _plan.Readout)
                {
                    w.Line($"_kernels.PeakAdjoint(_gm_{n}.View, _gscores.View, _peakStep.View, {StepShape(n)});");
                }
            }
            foreach (var layer in Enumerable.Reverse(_plan.Layers))
            {
                string n = layer.Population;
                string arguments = $"_batch * {Size(n)}, _in_{n}.View, _s_{n}.View, _gs_{n}.View, _gin_{n}.View, _xu_{n}.View, _p_{n}.View, _gm_{n}.View";
                if (_kernels[n].Recurrent)
                {
                    using (w.Block("for (int t = Steps - 1; t >= 0; t--)"))
                    {
                        w.Line($"_backward_{n}({arguments}, _a_{n}.View, {StepShape(n)}, t);");
                        foreach (var c in _plan.Incoming(layer).Where(c => c.SelfRecurrent))
                        {
                            w.Line($"// {c.Member}: the input at t came from this layer's spikes at t − 1, whose adjoints must be whole before that step.");
                            w.Line($"_kernels.SourceAdjointStep(_gs_{n}.View, _gin_{n}.View, _w_{c.Member}.View, {Shape(c)}, t);");
                        }
                    }
                }
                else
                {
                    w.Line($"_backward_{n}({arguments}, {StepShape(n)});");
                }
                foreach (var (p, k) in layer.Learned.Select((p, k) => (p, k)))
                {
                    // One thread sums the kernel's per-neuron-and-sample sums in their order: deterministic, no atomics.
                    string size = $"_batch * {Size(n)}";
                    w.Line($"_kernels.BiasGradient(_gp_{n}_{p}.View, _xu_{n}.View.SubView({_kernels[n].LearnedOffset(k, "Steps", size)}, (long){size}), new DenseShape({size}, 1, 0, 0, 1, 1)); // ∂L/∂{p}: the sum of the kernel's terms");
                }
                foreach (var c in _plan.Incoming(layer))
                {
                    EmitGradients(w, c, layer);
                }
            }
        }
    }

    private void EmitWeights(CodeWriter w)
    {
        w.Line("/// <summary>Applies the optimizer on the device to every weight and bias with the last gradients.</summary>");
        using (w.Block("public void ApplyGradients()"))
        {
            w.Line("_optimizer.BeginStep();");
            foreach (var c in _plan.Weighted)
            {
                foreach (var what in c.BatchNorm is null ? new[] { "w", "b" } : new[] { "w", "b", "g" })
                {
                    var state = OptimizerState(what).Select(s => $", {s}{c.Member}.View");
                    w.Line($"_optimizer.Update(_{what}_{c.Member}.View, _g{what}_{c.Member}.View{string.Concat(state)});");
                }
            }
            foreach (var layer in _plan.Layers)
            {
                string n = layer.Population;
                foreach (var p in layer.Learned)
                {
                    var state = OptimizerState("p").Select(s => $", {s}{n}_{p}.View");
                    w.Line($"_optimizer.Update({LearnedView(layer, p)}, _gp_{n}_{p}.View{string.Concat(state)});");
                }
            }
        }
        w.Line();
        w.Line($"/// <summary>Names and shapes of the trained tensors, as <see cref=\"{CpuTrainer}.WeightShapes\"/> and the weight files hold them.</summary>");
        using (w.Block("public IReadOnlyList<(string Name, int[] Shape)> WeightShapes => new (string, int[])[]", "};"))
        {
            foreach (var c in _plan.Weighted)
            {
                var (weight, bias) = TrainerEmitter.Shapes(c);
                w.Line($"(\"{c.Member}.w\", new int[] {{ {weight} }}),");
                w.Line($"(\"{c.Member}.b\", new int[] {{ {bias} }}),");
                foreach (var (name, shape, _) in c.BatchNorm is null ? Enumerable.Empty<(string, string, string)>() : TrainerEmitter.BatchNormTensors(c))
                {
                    w.Line($"(\"{name}\", new int[] {{ {shape} }}),");
                }
            }
            foreach (var layer in _plan.Layers)
            {
                foreach (var p in layer.Learned)
                {
                    w.Line($"(\"{layer.Population}.{p}\", Array.Empty<int>()),");
                }
            }
        }
        w.Line();
        w.Line("/// <summary>The trained weights, copied from the device: for the simulator's <c>SetWeights</c>, the CPU trainer or <see cref=\"WeightFile.Save\"/>.</summary>");
        EmitTensorSet(w, "GetWeights", gradients: false);
        w.Line();
        w.Line("/// <summary>The gradients of the last <see cref=\"Backward\"/>, named and shaped as the tensors of <see cref=\"GetWeights\"/>.</summary>");
        EmitTensorSet(w, "GetGradients", gradients: true);
        w.Line();
        w.Line("/// <summary>Replaces the weights (from a weight file, the CPU trainer or another GPU trainer); names and shapes must match <see cref=\"WeightShapes\"/>.</summary>");
        w.Line("/// <exception cref=\"WeightMismatchException\">A tensor is missing, unknown, or has another shape.</exception>");
        using (w.Block("public void SetWeights(WeightSet weights)"))
        {
            w.Line($"weights.EnsureMatches(WeightShapes, \"the GPU trainer of network '{_network.Name}'\");");
            foreach (var c in _plan.Weighted)
            {
                if (c.BatchNorm is not null)
                {
                    // The folded .w and .b follow from these.
                    foreach (var (name, _, field) in TrainerEmitter.BatchNormTensors(c))
                    {
                        w.Line($"DeviceCopy.Upload({field}.View, weights.Find(\"{name}\")!.Values);");
                    }
                    continue;
                }
                if (c.IsDense)
                {
                    w.Line($"var w_{c.Member} = new float[{Size(c.Source)} * {Size(c.Target)}];");
                    w.Line($"DenseRows.FromTargetMajor<float>(weights.Find(\"{c.Member}.w\")!.Values, {Size(c.Source)}, {Size(c.Target)}, w_{c.Member});");
                    w.Line($"DeviceCopy.Upload(_w_{c.Member}.View, w_{c.Member});");
                }
                else
                {
                    w.Line($"DeviceCopy.Upload(_w_{c.Member}.View, weights.Find(\"{c.Member}.w\")!.Values);");
                }
                w.Line($"DeviceCopy.Upload(_b_{c.Member}.View, weights.Find(\"{c.Member}.b\")!.Values);");
            }
            foreach (var layer in _plan.Layers)
            {
                foreach (var p in layer.Learned)
                {
                    w.Line($"DeviceCopy.Upload({LearnedView(layer, p)}, weights.Find(\"{layer.Population}.{p}\")!.Values);");
                }
            }
        }
        w.Line();
        w.Line("/// <summary>Saves the weights atomically as a .slw file.</summary>");
        w.Line("public void SaveWeights(string path) => WeightFile.Save(path, GetWeights());");
        w.Line();
        w.Line("/// <summary>Loads weights saved by <see cref=\"SaveWeights\"/> or by the CPU trainer.</summary>");
        w.Line("public void LoadWeights(string path) => SetWeights(WeightFile.Load(path));");
        EmitFoldedMethods(w);
    }

    /// <summary>A learned parameter's value: its slot of the layer's parameter buffer, which the kernels read.</summary>
    private string LearnedView(LayerPlan layer, string parameter) =>
        $"_p_{layer.Population}.View.SubView({_kernels[layer.Population].ParameterSlot(parameter)}, 1)";

    /// <summary>The weights or the gradients, as the CPU trainer's: a normalized connection's folded .w and .b and its .bn. tensors, or the gradients of its trained ones.</summary>
    private void EmitTensorSet(CodeWriter w, string method, bool gradients)
    {
        string weights = gradients ? "_gw_" : "_w_", biases = gradients ? "_gb_" : "_b_";
        using (w.Block($"public WeightSet {method}()"))
        {
            w.Line("Device.Accelerator.Synchronize();");
            w.Line("var set = new WeightSet();");
            w.Line($"set.Metadata[\"network\"] = \"{_network.Name}\";");
            foreach (var c in _plan.Weighted)
            {
                var (weightShape, biasShape) = TrainerEmitter.Shapes(c);
                string m = c.Member;
                if (c.BatchNorm is not null)
                {
                    if (!gradients)
                    {
                        w.Line($"var (wfold_{m}, bfold_{m}) = Folded_{m}();");
                        w.Line($"set.Add(\"{m}.w\", new[] {{ {weightShape} }}, wfold_{m});");
                        w.Line($"set.Add(\"{m}.b\", new[] {{ {biasShape} }}, bfold_{m});");
                    }
                    foreach (var (name, shape, field) in gradients ? TrainerEmitter.BatchNormGradients(c) : TrainerEmitter.BatchNormTensors(c))
                    {
                        string values = name.Replace('.', '_');
                        w.Line($"var {values} = new float[{Length(shape)}];");
                        w.Line($"DeviceCopy.Download({field}.View, {values});");
                        w.Line($"set.Add(\"{name}\", new[] {{ {shape} }}, {values});");
                    }
                    continue;
                }
                w.Line($"var w_{m} = new float[{TrainerEmitter.WeightCount(c)}];");
                w.Line($"var b_{m} = new float[{TrainerEmitter.BiasCount(c)}];");
                w.Line($"DeviceCopy.Download({weights}{m}.View, w_{m});");
                w.Line($"DeviceCopy.Download({biases}{m}.View, b_{m});");
                w.Line(c.IsDense
                    ? $"set.Add(\"{m}.w\", new[] {{ {weightShape} }}, DenseRows.ToTargetMajor<float>(w_{m}, {Size(c.Source)}, {Size(c.Target)}));"
                    : $"set.Add(\"{m}.w\", new[] {{ {weightShape} }}, w_{m});");
                w.Line($"set.Add(\"{m}.b\", new[] {{ {biasShape} }}, b_{m});");
            }
            foreach (var layer in _plan.Layers)
            {
                foreach (var p in layer.Learned)
                {
                    string values = $"p_{layer.Population}_{p}";
                    w.Line($"var {values} = new float[1];");
                    w.Line($"DeviceCopy.Download({(gradients ? $"_gp_{layer.Population}_{p}.View" : LearnedView(layer, p))}, {values});");
                    w.Line($"set.Add(\"{layer.Population}.{p}\", Array.Empty<int>(), {values});");
                }
            }
            w.Line("return set;");
        }
    }
}
