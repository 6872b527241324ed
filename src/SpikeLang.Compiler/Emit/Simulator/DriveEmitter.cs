using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>
/// Prints the nested class of one external Poisson drive (Brian2's PoissonInput): each step it draws the
/// number of input spikes of every target neuron and adds that many weights to the target variable.
/// </summary>
internal static class DriveEmitter
{
    public static void Emit(CodeWriter w, NetworkPlan network, DrivePlan plan)
    {
        var constants = NetworkEmitter.NetworkConstants("net.");
        w.Line($"/// <summary>{plan.Statement}</summary>");
        using (w.Block($"public sealed class {plan.TypeName}"))
        {
            w.Line($"private readonly {plan.Target.TypeName} _target;");
            w.Line("// One binomial source per block of Partition.RandomBlock targets, each with its own random stream, so the");
            w.Line("// draws do not depend on how many threads share the blocks.");
            w.Line("private readonly PoissonDrive[] _poisson;");
            w.Line("/// <summary>This step's input spikes of each target neuron (whole numbers, or normal draws when n·p is large, as in Brian2),");
            w.Line("/// from target _countsStart on: only the blocks that hold some of this rank's neurons (every block in one process).</summary>");
            w.Line("private readonly double[] _counts;");
            w.Line("private readonly int _countsStart;");
            w.Line();
            using (w.Block($"internal {plan.TypeName}({network.ClassName} net, {plan.Target.TypeName} target, int start, int end, ulong seed, ulong stream)"))
            {
                w.Line("_target = target;");
                w.Line("Start = start;");
                w.Line("Count = end - start;");
                w.Line("int firstBlock = Math.Clamp(target.OwnStart - start, 0, Count) / Partition.RandomBlock;");
                w.Line("_countsStart = firstBlock * Partition.RandomBlock;");
                w.Line("_counts = new double[Math.Min(Count, Partition.Blocks(Math.Clamp(target.OwnEnd - start, 0, Count)) * Partition.RandomBlock) - _countsStart];");
                w.Line($"Rate = {constants.Write(plan.Rate)};");
                w.Line($"Weight = {constants.Write(plan.Weight)};");
                w.Line("_poisson = new PoissonDrive[Partition.Blocks(Count)];");
                w.Line($"for (int b = 0; b < _poisson.Length; b++) _poisson[b] = new PoissonDrive({constants.Write(plan.Count)}, Rate, Dt, new RandomStream(seed, Partition.BlockStream(stream, b)));");
                w.Line($"Inputs = (int)({constants.Write(plan.Count)});");
            }
            w.Line();
            w.Line("/// <summary>The target population's index of the first neuron driven.</summary>");
            w.Line("public int Start { get; }");
            w.Line();
            w.Line("/// <summary>Neurons driven.</summary>");
            w.Line("public int Count { get; }");
            w.Line();
            w.Line("/// <summary>The blocks of targets, each drawn from its own stream, that threads share.</summary>");
            w.Line("internal int Parts => _poisson.Length;");
            w.Line();
            w.Line("/// <summary>n: the Poisson inputs behind each target neuron.</summary>");
            w.Line("public int Inputs { get; }");
            w.Line();
            w.Line("/// <summary>The rate of each input, in Hz.</summary>");
            w.Line("public double Rate { get; }");
            w.Line();
            w.Line($"/// <summary>What each input spike adds to {plan.Variable}, in SI units.</summary>");
            w.Line("public double Weight { get; }");
            w.Line();
            w.Line(plan.Deferred
                ? $"/// <summary>Adds count·weight for each target to its accumulated input of {plan.Variable} (dropped there while the target is refractory).</summary>"
                : plan.Held
                ? $"/// <summary>{plan.Variable} += count·weight for each target, dropped while the target is refractory (it holds {plan.Variable} then).</summary>"
                : $"/// <summary>{plan.Variable} += count·weight for each target.</summary>");
            using (w.Kernel("internal void Deliver(long step, int block)"))
            {
                w.Line("int first = block * Partition.RandomBlock, last = Math.Min(first + Partition.RandomBlock, Count);");
                w.Line("// A block with none of this rank's neurons is another rank's to draw (each block has a stream of its own).");
                w.Line("if (Start + last <= _target.OwnStart || Start + first >= _target.OwnEnd) return;");
                w.Line("// counts[k - first] is the input of the drive's target k.");
                w.Line("Span<double> counts = _counts.AsSpan(first - _countsStart, last - first);");
                w.Line("_poisson[block].Draw(counts);");
                w.Line("// The block's targets this rank owns (all of them in one process); target k is element k + at of the arrays.");
                w.Line("int from = Math.Max(first, _target.OwnStart - Start), to = Math.Min(last, _target.OwnEnd - Start), at = Start - _target.HeldStart;");
                w.Line($"Real[] target = _target._{(plan.Deferred ? "in_" : "")}{plan.Variable};");
                w.Line("double weight = Weight;");
                bool gated = plan.Held && !plan.Deferred;
                if (!gated && network.DoublePrecision)
                {
                    // A vectorized multiply-then-add, rounded as the scalar loop would round it.
                    w.Line("DenseRows.AddScaled(target.AsSpan(at + from, to - from), counts[(from - first)..(to - first)], weight);");
                    return;
                }
                using (w.Block("for (int k = from; k < to; k++)"))
                {
                    w.Line(gated
                        ? "if (_target.NotRefractory(Start + k, step)) target[at + k] += (Real)(counts[k - first] * weight);"
                        : "target[at + k] += (Real)(counts[k - first] * weight);");
                }
            }
        }
    }
}
