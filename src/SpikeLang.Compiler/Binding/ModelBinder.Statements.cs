using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Analysis;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>Assignment statements (update, reset, on pre, on post): each target resolved, writable, and given a value of its dimension.</summary>
internal sealed partial class ModelBinder
{
    /// <param name="once">True for code that runs once per population (run_regularly), which may set a shared neuron variable.</param>
    private List<BoundAssignment> BindStatements(IReadOnlyList<AssignmentStatement> statements, ExpressionBinder binder, string what, bool once = false)
    {
        bool synapseCode = binder.Scope.HasNeighbours || binder.Scope.NeighboursUnknown;
        var result = new List<BoundAssignment>();
        foreach (var statement in statements)
        {
            var value = binder.BindNumber(statement.Value);
            if (!binder.Scope.TryResolve(statement.Target.Name, out var symbol, out var owner))
            {
                string fix = !binder.Scope.HasNeighbours
                    ? $"declare it in state {{ {statement.Target.Name} = <initial value> }}"
                    : (binder.Scope.Self.Count == 0 ? "" : "declare it in the synapse's state { }, or ")
                        + $"assign a variable of the postsynaptic neuron{(binder.Scope.PostModel is { } model ? " " + model : "")} ({string.Join(", ", binder.Scope.PostStateNames)})"
                        + Spelling.Hint(statement.Target.Name, binder.Scope.PostStateNames.Concat(binder.Scope.Self.Keys));
                _diagnostics.Report(DiagnosticDescriptors.AssignToUndeclared, statement.Target.Span, statement.Target.Name, what, fix);
                continue;
            }
            bool writable = symbol.Kind == VariableKind.State
                || (symbol.Builtin == Builtin.Input && owner == VariableOwner.Post);
            if (!writable)
            {
                string description = symbol.Builtin == Builtin.Input
                    ? "the summed synaptic input, which only synapses add to"
                    : symbol.KindDescription;
                _diagnostics.Report(DiagnosticDescriptors.AssignToReadOnly, statement.Target.Span, statement.Target.Name, description);
                continue;
            }
            if (symbol.IsLinked)
            {
                _diagnostics.Report(DiagnosticDescriptors.LinkedAssigned, statement.Target.Span, statement.Target.Name, $"code in {what}");
                continue;
            }
            // A synapse's own shared variable is the synapse model's business; a neuron's is one value per population.
            if (symbol.IsShared && (owner != VariableOwner.Self || !synapseCode))
            {
                if (!once)
                {
                    _diagnostics.Report(DiagnosticDescriptors.SharedWrittenPerNeuron, statement.Target.Span, statement.Target.Name, $"code in {what}");
                    continue;
                }
                CheckShared(value, $"The value given to shared '{statement.Target.Name}'");
            }
            if (symbol.Dimension is { } targetDimension && value.Type.Dimension is { } valueDimension)
            {
                bool scaling = statement.Operator is AssignmentOperator.MultiplyAssign or AssignmentOperator.DivideAssign;
                var expected = scaling ? Dimension.None : targetDimension;
                if (valueDimension != expected)
                {
                    _diagnostics.Report(DiagnosticDescriptors.AssignmentDimension, statement.Value.Span,
                        scaling ? $"The factor of '{statement.Target.Name}'" : statement.Target.Name,
                        scaling ? "must be dimensionless" : targetDimension.Describe(),
                        valueDimension.Describe());
                }
            }
            result.Add(new BoundAssignment(symbol, owner, statement.Operator, value, statement.Span));
        }
        return result;
    }
}
