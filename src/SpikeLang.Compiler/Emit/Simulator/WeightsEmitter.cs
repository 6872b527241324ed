using System.Linq;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>
/// Prints a network's weight import and export (<c>GetWeights</c>, <c>SetWeights</c>, <c>WeightShapes</c>):
/// dense connections as <c>NAME.w</c> [targets, sources] and <c>NAME.b</c> [targets], convolutions as
/// <c>NAME.w</c> [out, in, (kh,) kw] and <c>NAME.b</c> [out], every other
/// connection with a per-synapse <c>w</c> as <c>NAME.w</c> [synapses] in CSR order (docs/weights.md).
/// The generated trainer uses the same names and shapes, so trained weights load here unchanged. On several ranks,
/// where each rank holds only its own targets' synapses, the per-synapse weights are joined into one process's order
/// to be saved and split out of it when loaded (<c>SynapseOrder</c>): every rank calls them, and rank 0 writes the file.
/// </summary>
internal static class WeightsEmitter
{
    public static void Emit(CodeWriter w, NetworkPlan network)
    {
        var learned = network.Populations.OfType<NeuronPopulationPlan>()
            .SelectMany(p => p.LearnedParameters.Select(name => (Population: "this." + p.Member, Name: name, Key: $"{p.Name}.{name}"))).ToList();
        var weighted = network.Connections.Where(c => c.IsDense || c.HasWeightVariable).ToList();
        // Pooling has fixed weights; a convolution's kernel is NAME.w with PyTorch's shape [out, in, (kh,) kw], its bias NAME.b [out].
        var kernels = network.Convolutions.Where(c => !c.IsPooling)
            .SelectMany(c => new[]
            {
                (Name: $"{c.Member}.w", Field: $"this.{c.Member}._w", Shape: $"new[] {{ {string.Join(", ", c.WeightShape)} }}"),
                (Name: $"{c.Member}.b", Field: $"this.{c.Member}._b", Shape: $"new[] {{ {c.Geometry.OutChannels} }}"),
            }).ToList();
        string networkName = network.Name;
        w.Line("/// <summary>The name and shape of every weight tensor of <see cref=\"GetWeights\"/> (docs/weights.md).</summary>");
        using (w.Block("public IReadOnlyList<(string Name, int[] Shape)> WeightShapes"))
        {
            using (w.Block("get"))
            {
                w.Line("var shapes = new List<(string Name, int[] Shape)>();");
                foreach (var c in weighted)
                {
                    string m = "this." + c.Member;
                    if (c.IsDense)
                    {
                        w.Line($"shapes.Add((\"{c.Member}.w\", new[] {{ {m}.Connectivity.ColumnCount, {m}.Connectivity.Rows }}));");
                        w.Line($"shapes.Add((\"{c.Member}.b\", new[] {{ {m}.Connectivity.ColumnCount }}));");
                    }
                    else
                    {
                        w.Line($"shapes.Add((\"{c.Member}.w\", new[] {{ {m}.SynapseTotal }}));");
                    }
                }
                foreach (var k in kernels)
                {
                    w.Line($"shapes.Add((\"{k.Name}\", {k.Shape}));");
                }
                foreach (var p in learned)
                {
                    w.Line($"shapes.Add((\"{p.Key}\", Array.Empty<int>()));");
                }
                w.Line("return shapes;");
            }
        }
        w.Line();
        w.Line("/// <summary>A copy of the current weights (trained, learned or as built), ready for <see cref=\"WeightFile.Save\"/>; on several ranks every rank calls it and gets every rank's.</summary>");
        using (w.Block("public WeightSet GetWeights()"))
        {
            w.Line("var weights = new WeightSet();");
            w.Line($"weights.Metadata[\"network\"] = \"{networkName}\";");
            foreach (var c in weighted)
            {
                string m = "this." + c.Member;
                if (c.IsDense)
                {
                    w.Line($"weights.Add(\"{c.Member}.w\", new[] {{ {m}.Connectivity.ColumnCount, {m}.Connectivity.Rows }}, DenseRows.ToTargetMajor<Real>({m}._w, {m}.Connectivity.Rows, {m}.Connectivity.ColumnCount));");
                    w.Line($"weights.Add(\"{c.Member}.b\", new[] {{ {m}.Connectivity.ColumnCount }}, ValueArrays.ToSingle<Real>({m}._b));");
                }
                else
                {
                    w.Line($"weights.Add(\"{c.Member}.w\", new[] {{ {m}.SynapseTotal }}, SynapseOrder.Joined(Ranks, {m}.Connectivity, ValueArrays.ToSingle<Real>({m}._w)));");
                }
            }
            foreach (var k in kernels)
            {
                w.Line($"weights.Add(\"{k.Name}\", {k.Shape}, ValueArrays.ToSingle<Real>({k.Field}));");
            }
            foreach (var p in learned)
            {
                w.Line($"weights.Add(\"{p.Key}\", Array.Empty<int>(), new[] {{ (float){p.Population}._p_{p.Name} }});");
            }
            w.Line("return weights;");
        }
        w.Line();
        w.Line("/// <summary>Replaces the weights; every name and shape must match <see cref=\"WeightShapes\"/> (the exception lists what does not). On several ranks every rank calls it with the whole set.</summary>");
        w.Line("/// <exception cref=\"WeightMismatchException\">A tensor is missing, unknown, or has another shape; or the ranks were given different sets.</exception>");
        using (w.Block("public void SetWeights(WeightSet weights)"))
        {
            w.Line("// Each rank takes its own synapses' weights out of the set, so all must have the same set (and refuse together).");
            w.Line($"if (Ranks is {{ Size: > 1 }} && !Ranks.AllSame(weights.Fingerprint())) throw new WeightMismatchException($\"The {{Ranks.Size}} ranks were given different weights for network '{networkName}': give every rank the same file.\");");
            w.Line($"weights.EnsureMatches(WeightShapes, \"network '{networkName}'\");");
            foreach (var c in weighted)
            {
                string m = "this." + c.Member;
                if (c.IsDense)
                {
                    w.Line($"DenseRows.FromTargetMajor<Real>(weights.Find(\"{c.Member}.w\")!.Values, {m}.Connectivity.Rows, {m}.Connectivity.ColumnCount, {m}._w);");
                    w.Line($"ValueArrays.CopyFromSingle<Real>(weights.Find(\"{c.Member}.b\")!.Values, {m}._b);");
                }
                else
                {
                    w.Line($"ValueArrays.CopyFromSingle<Real>(SynapseOrder.Own(Ranks, {m}.Connectivity, weights.Find(\"{c.Member}.w\")!.Values), {m}._w);");
                }
            }
            foreach (var k in kernels)
            {
                w.Line($"ValueArrays.CopyFromSingle<Real>(weights.Find(\"{k.Name}\")!.Values, {k.Field});");
            }
            foreach (var p in learned)
            {
                w.Line($"{p.Population}._p_{p.Name} = (Real)weights.Find(\"{p.Key}\")!.Values[0];");
            }
        }
        w.Line();
        w.Line("/// <summary>Loads weights saved by a trainer, by <see cref=\"SaveWeights\"/> or by <c>spikelang nir import</c>.</summary>");
        w.Line("public void LoadWeights(string path) => SetWeights(WeightFile.Load(path));");
        w.Line();
        w.Line("/// <summary>Saves the current weights atomically as a .slw file (on several ranks every rank calls it and rank 0 writes).</summary>");
        using (w.Block("public void SaveWeights(string path)"))
        {
            w.Line("WeightSet weights = GetWeights();");
            w.Line("if (Ranks is not { Rank: > 0 }) WeightFile.Save(path, weights);");
        }
    }
}
