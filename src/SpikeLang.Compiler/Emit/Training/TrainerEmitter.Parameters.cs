using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Training;

/// <summary>The trainer's parameters: the optimizer step, and weights and gradients in and out as weight sets.</summary>
internal sealed partial class TrainerEmitter
{
    private void EmitWeights(CodeWriter w)
    {
        w.Line("/// <summary>Applies the optimizer to every weight, bias and learned parameter with the last gradients (element-wise, so split over the pool freely).</summary>");
        using (w.Kernel("public void ApplyGradients()"))
        {
            w.Line("_optimizer.BeginStep();");
            foreach (var c in _plan.Weighted)
            {
                w.Line(Update($"_w_{c.Member}", $"_gw_{c.Member}", OptimizerState("w").Select(s => s + c.Member)));
                w.Line(Update($"_b_{c.Member}", $"_gb_{c.Member}", OptimizerState("b").Select(s => s + c.Member)));
                if (c.BatchNorm is not null)
                {
                    w.Line(Update($"_g_{c.Member}", $"_gg_{c.Member}", OptimizerState("g").Select(s => s + c.Member)));
                }
            }
            foreach (var layer in _plan.Layers)
            {
                foreach (var p in layer.Learned)
                {
                    string n = layer.Population;
                    w.Line(Update(_kernels[n].ParameterField(p), $"_gp_{n}_{p}", OptimizerState("p").Select(s => $"{s}{n}_{p}")));
                }
            }
        }
        w.Line();
        w.Line("/// <summary>Names and shapes of the trained tensors, as the network's weight files hold them (docs/weights.md).</summary>");
        using (w.Block("public IReadOnlyList<(string Name, int[] Shape)> WeightShapes => new (string, int[])[]", "};"))
        {
            foreach (var (name, shape) in Tensors())
            {
                w.Line($"(\"{name}\", new int[] {{ {shape} }}),");
            }
        }
        w.Line();
        w.Line("/// <summary>The trained weights, for the simulator's <c>SetWeights</c> or <see cref=\"WeightFile.Save\"/> (batch normalization folded into");
        w.Line("/// <c>.w</c> and <c>.b</c>, its training state in the <c>.bn.</c> tensors, which simulators read past).</summary>");
        EmitTensorSet(w, "GetWeights", gradients: false);
        w.Line();
        w.Line("/// <summary>The gradients of the last <see cref=\"Backward\"/>, named and shaped as the trained tensors of <see cref=\"GetWeights\"/>");
        w.Line("/// (a batch-normalized convolution's are its <c>.bn.kernel</c>, <c>.bn.weight</c> and <c>.bn.bias</c>).</summary>");
        EmitTensorSet(w, "GetGradients", gradients: true);
        w.Line();
        w.Line("/// <summary>Replaces the weights (from a weight file or another trainer); names and shapes must match <see cref=\"WeightShapes\"/>.</summary>");
        w.Line("/// <exception cref=\"WeightMismatchException\">A tensor is missing, unknown, or has another shape.</exception>");
        using (w.Block("public void SetWeights(WeightSet weights)"))
        {
            w.Line($"weights.EnsureMatches(WeightShapes, \"the trainer of network '{_network.Name}'\");");
            foreach (var c in _plan.Weighted)
            {
                if (c.BatchNorm is not null)
                {
                    // The folded .w and .b follow from these.
                    foreach (var (name, _, field) in BatchNormTensors(c))
                    {
                        w.Line($"weights.Find(\"{name}\")!.Values.CopyTo({field}, 0);");
                    }
                    continue;
                }
                w.Line(c.IsDense
                    ? $"DenseRows.FromTargetMajor<float>(weights.Find(\"{c.Member}.w\")!.Values, {Size(c.Source)}, {Size(c.Target)}, _w_{c.Member});"
                    : $"weights.Find(\"{c.Member}.w\")!.Values.CopyTo(_w_{c.Member}, 0);");
                w.Line($"weights.Find(\"{c.Member}.b\")!.Values.CopyTo(_b_{c.Member}, 0);");
            }
            foreach (var layer in _plan.Layers)
            {
                foreach (var p in layer.Learned)
                {
                    w.Line($"weights.Find(\"{layer.Population}.{p}\")!.Values.CopyTo({_kernels[layer.Population].ParameterField(p)}, 0);");
                }
            }
        }
        w.Line();
        w.Line("/// <summary>Saves the weights atomically as a .slw file.</summary>");
        w.Line("public void SaveWeights(string path) => WeightFile.Save(path, GetWeights());");
        w.Line();
        w.Line("/// <summary>Loads weights saved by <see cref=\"SaveWeights\"/>.</summary>");
        w.Line("public void LoadWeights(string path) => SetWeights(WeightFile.Load(path));");
    }

    private void EmitTensorSet(CodeWriter w, string method, bool gradients)
    {
        string weights = gradients ? "_gw_" : "_w_", biases = gradients ? "_gb_" : "_b_", parameters = gradients ? "_gp_" : "_p_";
        using (w.Block($"public WeightSet {method}()"))
        {
            w.Line("var set = new WeightSet();");
            w.Line($"set.Metadata[\"network\"] = \"{_network.Name}\";");
            foreach (var c in _plan.Weighted)
            {
                var (weightShape, biasShape) = Shapes(c);
                if (c.BatchNorm is not null)
                {
                    if (!gradients)
                    {
                        w.Line(Fold(c));
                        w.Line($"set.Add(\"{c.Member}.w\", new[] {{ {weightShape} }}, _wfold_{c.Member});");
                        w.Line($"set.Add(\"{c.Member}.b\", new[] {{ {biasShape} }}, _bfold_{c.Member});");
                    }
                    foreach (var (name, shape, field) in gradients ? BatchNormGradients(c) : BatchNormTensors(c))
                    {
                        w.Line($"set.Add(\"{name}\", new[] {{ {shape} }}, {field});");
                    }
                    continue;
                }
                w.Line(c.IsDense
                    ? $"set.Add(\"{c.Member}.w\", new[] {{ {weightShape} }}, DenseRows.ToTargetMajor<float>({weights}{c.Member}, {Size(c.Source)}, {Size(c.Target)}));"
                    : $"set.Add(\"{c.Member}.w\", new[] {{ {weightShape} }}, {weights}{c.Member});");
                w.Line($"set.Add(\"{c.Member}.b\", new[] {{ {biasShape} }}, {biases}{c.Member});");
            }
            foreach (var layer in _plan.Layers)
            {
                foreach (var p in layer.Learned)
                {
                    w.Line($"set.Add(\"{layer.Population}.{p}\", Array.Empty<int>(), {parameters}{layer.Population}_{p});");
                }
            }
            w.Line("return set;");
        }
    }

    private IEnumerable<(string Name, string Shape)> Tensors()
    {
        foreach (var c in _plan.Weighted)
        {
            var (weightShape, biasShape) = Shapes(c);
            yield return ($"{c.Member}.w", weightShape);
            yield return ($"{c.Member}.b", biasShape);
            if (c.BatchNorm is not null)
            {
                foreach (var (name, shape, _) in BatchNormTensors(c))
                {
                    yield return (name, shape);
                }
            }
        }
        foreach (var layer in _plan.Layers)
        {
            foreach (var p in layer.Learned)
            {
                yield return ($"{layer.Population}.{p}", "");
            }
        }
    }

    /// <summary>The shapes of a connection's weight and bias tensors, as the simulator's weight files hold them (docs/weights.md).</summary>
    internal static (string Weight, string Bias) Shapes(TrainedConnectionPlan c) => c.Convolution is { } conv
        ? (string.Join(", ", conv.WeightShape), conv.Geometry.OutChannels.ToString(System.Globalization.CultureInfo.InvariantCulture))
        : ($"{Size(c.Target)}, {Size(c.Source)}", Size(c.Target));

    private string Update(string parameters, string gradients, IEnumerable<string> state) =>
        $"_optimizer.Update({parameters}, {gradients}{string.Concat(state.Select(s => ", " + s))}{(Train.Optimizer.Name == "sgd" && Train.Optimizer.Arguments["momentum"] == 0 ? ", Span<float>.Empty" : "")}, _pool);";
}
