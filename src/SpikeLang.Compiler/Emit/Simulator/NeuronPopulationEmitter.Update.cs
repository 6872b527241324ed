using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>
/// One neuron's step, written once for the CPU simulator's Integrate kernel (scalar and vector lanes) and the GPU
/// simulator's update kernel (<see cref="WriteDeviceUpdate"/>): the same statements, so both targets compute the same.
/// </summary>
internal sealed partial class NeuronPopulationEmitter
{
    /// <summary>What one neuron's update reads and writes: the CPU's Integrate kernel and the GPU simulator's update kernel alike.</summary>
    /// <param name="Expressions">What the update (and the fused threshold) evaluates, for hoisting.</param>
    /// <param name="States">The state variables loaded: those written or read.</param>
    /// <param name="Refractory">Whether the element computes its refractory mask.</param>
    /// <param name="GatedInput">Whether it reads the input as equations held while refractory see it.</param>
    /// <param name="Fuse">Whether the threshold is tested in the same element, on the new state.</param>
    private sealed record IntegrateShape(List<BoundExpression> Expressions, List<string> States, bool Refractory, bool GatedInput, bool Fuse);

    private IntegrateShape IntegrateShapeOf(bool fuse)
    {
        var changed = _plan.Update.Changed;
        var expressions = UpdateExpressions();
        var threshold = fuse ? new[] { _plan.Threshold! } : Array.Empty<BoundExpression>();
        var held = HasRefractory ? _plan.Refractory!.Held : default;
        var evaluated = expressions.Concat(threshold).Select(e => e.ExpandAliases(_plan.Aliases)).ToList();
        bool gatedInput = BuiltinRenderer.ReadsGatedInput(evaluated);
        bool refractory = held.Count > 0 || (fuse && HasRefractory) || BuiltinRenderer.ReadsRefractoriness(evaluated);
        var referenced = ExpressionFacts.References(evaluated);
        var states = _plan.State.Select(s => s.Name).Where(s => changed.Contains(s) || referenced.Contains(s)).ToList();
        return new IntegrateShape(expressions.Concat(threshold).ToList(), states, refractory, gatedInput, fuse);
    }

    /// <summary>
    /// One neuron's (or one vector's) step: load the state, read and clear the input, integrate, hold what refractoriness
    /// holds, store, and, when fused, pass the threshold condition on the new state to <paramref name="collect"/>.
    /// </summary>
    private void WriteIntegrateElement(CodeWriter w, EvaluationMode mode, IntegrateShape shape, Action<string, bool> collect)
    {
        bool vector = mode == EvaluationMode.Vector;
        var changed = _plan.Update.Changed;
        foreach (var state in shape.States)
        {
            w.Line($"var x_{state} = {Load("r_" + state, vector)};");
        }
        if (HasInput)
        {
            if (_plan.Input == InputUse.Read)
            {
                w.Line($"var x_input = {Load("r_input", vector)};");
            }
            w.Line(Store(vector ? "Vector256<Real>.Zero" : "0", "r_input", vector));
        }
        if (shape.Refractory)
        {
            w.Line($"var refractory = {RefractoryCondition(vector)};");
        }
        if (shape.GatedInput)
        {
            // Input that arrived in the last step while the neuron was refractory is dropped for the
            // equations held while refractory (Brian2 drops their synaptic writes then).
            w.Line(vector
                ? $"var x_inputGated = Vector256.ConditionalSelect({RefractoryCondition(vector, lastStep: true)}, Vector256<Real>.Zero, x_input);"
                : $"var x_inputGated = {RefractoryCondition(vector, lastStep: true)} ? 0 : x_input;");
        }
        switch (_plan.Update)
        {
            case ExactUpdatePlan exact:
                WriteExact(w, mode, exact);
                break;
            case DiscreteUpdatePlan discrete:
                WriteDiscrete(w, mode, discrete);
                break;
            case NumericalUpdatePlan numerical:
                WriteNumerical(w, mode, numerical);
                break;
        }
        foreach (var name in HasRefractory ? _plan.Refractory!.Held : default)
        {
            w.Line(vector
                ? $"n_{name} = Vector256.ConditionalSelect(refractory, x_{name}, n_{name});"
                : $"if (refractory) n_{name} = x_{name};");
        }
        foreach (var state in changed)
        {
            w.Line(Store($"n_{state}", "r_" + state, vector));
        }
        if (shape.Fuse)
        {
            var writer = Writer(mode, ElementVariables(mode, name => changed.Contains(name) ? $"n_{name}" : null));
            collect(writer.Write(_plan.Threshold!), vector);
        }
    }
}
