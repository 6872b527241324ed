using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>
/// The costly subexpressions no neuron of a kernel's loop differs in (<see cref="LoopInvariants"/>), computed once
/// before the loop and read from a local inside it.
/// </summary>
internal sealed partial class NeuronPopulationEmitter
{
    private static readonly IReadOnlyDictionary<BoundExpression, string> NoInvariants = new Dictionary<BoundExpression, string>();

    /// <summary>
    /// The subexpressions the kernel being written computes before its loop, by the local that holds each; set by
    /// <see cref="HoistFor"/> for each kernel, since every kernel's body is written after its hoisting.
    /// </summary>
    private IReadOnlyDictionary<BoundExpression, string> _invariants = NoInvariants;

    private ExpressionWriter Writer(EvaluationMode mode, Func<BoundVariable, string> variable) =>
        new(mode, _network.DoublePrecision, variable, RandomSource,
            e => _invariants.TryGetValue(e, out string? local) ? (mode == EvaluationMode.Vector ? "v" + local : local) : null,
            _device ? DeviceTimedArray : null);

    /// <summary>Declares a local (and its broadcast) for each invariant of <paramref name="expanded"/>, after the scalars it reads.</summary>
    private void HoistInvariants(IReadOnlyList<BoundExpression> expanded, Hoist hoist)
    {
        // Written before the map is set, so each is written out in full.
        var invariants = new Dictionary<BoundExpression, string>();
        var writer = Writer(EvaluationMode.Scalar, ElementVariables(EvaluationMode.Scalar));
        foreach (var invariant in LoopInvariants.Find(expanded, UniformInLoop))
        {
            string local = $"k_h{invariants.Count}";
            hoist.Scalars.Add($"Real {local} = {writer.Write(invariant)};");
            hoist.Vectors.Add($"var v{local} = Vector256.Create({local});");
            invariants[invariant] = local;
        }
        _invariants = invariants;
    }

    /// <summary>True for a variable no neuron of the loop differs in, read from a local hoisted before it.</summary>
    private bool UniformInLoop(BoundVariable v) => v.Symbol switch
    {
        { IsLinked: true } l => _plan.Links.First(link => link.Variable == l.Name).Broadcast,
        { Kind: VariableKind.State, IsShared: true } => true,
        { Kind: VariableKind.Parameter } p => !_plan.IsHeterogeneous(p.Name),
        { Kind: VariableKind.Constant or VariableKind.NetworkParameter } => true,
        { Kind: VariableKind.Implicit } => BuiltinRenderer.IsUniformInNeuronKernel(v),
        _ => false,
    };
}
