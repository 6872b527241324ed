using System;
using System.Linq;

using SpikeLang.Compiler.Binding;

using static SpikeLang.Compiler.Emit.ElementAccess;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>The run_regularly kernel: per-neuron statements loop over the slice, shared values are set once.</summary>
internal sealed partial class NeuronPopulationEmitter
{
    /// <summary>
    /// Brian2's run_regularly, at the start of a step (when='start'): each block runs on its slice in the steps
    /// its interval divides, in the order written, a plain loop (it runs rarely).
    /// </summary>
    private void EmitRegularly(CodeWriter w)
    {
        w.Line("/// <summary>Runs the run_regularly code due at this step.</summary>");
        using (w.Kernel("internal void Regularly(long step)"))
        {
            var hoist = HoistFor(_plan.Regularly.SelectMany(r => r.Statements).Select(s => s.Value), Array.Empty<string>(), input: false, refractory: false, propagator: false, sharedFields: true);
            foreach (var line in hoist.Scalars.Concat(hoist.Arrays))
            {
                w.Line(line);
            }
            // Shared values are read from their fields here: this code may set them.
            var writer = Writer(EvaluationMode.Scalar, ElementVariables(EvaluationMode.Scalar, name => IsShared(name) ? $"_{name}" : $"_{name}[i]", context: BuiltinContext.NeuronRegularly));
            foreach (var regularly in _plan.Regularly)
            {
                w.Line($"// {regularly.Text}");
                using (w.Block($"if (step % {regularly.Steps} == 0)"))
                {
                    if (regularly.Statements.Any(s => !s.Target.IsShared))
                    {
                        w.Line($"int start = {regularly.Start?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "0"}, end = {regularly.End?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "Count"};");
                    }
                    // In the order written: a shared value is set once (binding made sure its value is one for all neurons),
                    // each run of per-neuron statements loops over the neurons.
                    var statements = regularly.Statements.ToList();
                    for (int k = 0; k < statements.Count;)
                    {
                        if (statements[k].Target.IsShared)
                        {
                            w.Line($"_{statements[k].Target.Name} {Assignment(statements[k].Operator)} {writer.Write(statements[k].Value)};");
                            k++;
                            continue;
                        }
                        // This process's neurons of the slice, as elements of the arrays.
                        using (w.Block("for (int i = Math.Max(start, OwnStart) - HeldStart, last = Math.Min(end, OwnEnd) - HeldStart; i < last; i++)"))
                        {
                            for (; k < statements.Count && !statements[k].Target.IsShared; k++)
                            {
                                w.Line($"_{statements[k].Target.Name}[i] {Assignment(statements[k].Operator)} {writer.Write(statements[k].Value)};");
                            }
                        }
                    }
                }
            }
        }
    }
}
