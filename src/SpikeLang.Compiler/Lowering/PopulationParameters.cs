using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Analysis;
using SpikeLang.Compiler.Binding;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// The parameter values of one population (the model's defaults with the population's overrides),
/// in dependency order, and which of them differ per neuron: those that use the index i, random
/// numbers, or another per-neuron parameter. Homogeneous parameters become scalars in the kernels.
/// </summary>
internal sealed class PopulationParameters
{
    public PopulationParameters(IReadOnlyList<BoundVariableDeclaration> declarations, IReadOnlyDictionary<string, BoundExpression> overrides)
    {
        var values = declarations.Select(d => (d.Symbol.Name, Value: overrides.TryGetValue(d.Symbol.Name, out var o) ? o : d.Value)).ToList();
        var index = values.Select((v, k) => (v.Name, k)).ToDictionary(p => p.Name, p => p.k, StringComparer.Ordinal);
        // Only the model's parameters: an override may name a network parameter of the same name ('Stdp(w_max = w_max)').
        var order = DependencyOrder.Sort(values.Count, k => values[k].Value.Variables().Where(v => v.Symbol.Kind == VariableKind.Parameter)
            .Select(v => v.Symbol.Name).Where(index.ContainsKey).Select(n => index[n]));
        Ordered = order.Order.Select(k => values[k]).ToList();
        Cycles = order.Cycles.Select(cycle => (IReadOnlyList<string>)cycle.Select(k => values[k].Name).ToList()).ToList();
        _overrides = overrides;
        foreach (var (name, value) in Ordered)
        {
            if (VariesPerElement(value))
            {
                Heterogeneous.Add(name);
            }
        }
    }

    /// <summary>Name and value of each parameter, each after the parameters it uses.</summary>
    public IReadOnlyList<(string Name, BoundExpression Value)> Ordered { get; }

    public HashSet<string> Heterogeneous { get; } = new(StringComparer.Ordinal);

    /// <summary>Parameters whose values refer back to themselves, each as the path that closes it ("a", "b", "a").</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles { get; }

    private readonly IReadOnlyDictionary<string, BoundExpression> _overrides;

    /// <summary>
    /// SL0115 for every cycle: a model's own declarations cannot have one (binding reports those), so each runs
    /// through an override (<c>Leaky(theta = theta)</c>, <c>AdEx(b = i_ext, i_ext = b)</c>), where it is reported.
    /// </summary>
    public void ReportCycles(LoweringContext context)
    {
        foreach (var cycle in Cycles)
        {
            if (cycle.FirstOrDefault(_overrides.ContainsKey) is { } first)
            {
                context.Report(Diagnostics.DiagnosticDescriptors.CircularDefinition, context.Network.FilePath, _overrides[first].Span, first, string.Join(" -> ", cycle));
            }
        }
    }

    /// <summary>True when the expression can differ from one neuron (or synapse) to the next.</summary>
    public bool VariesPerElement(BoundExpression expression) => ExpressionFacts.VariesPerElement(expression, Heterogeneous.Contains);

    /// <summary>True when the expression is fixed for the whole run: literals and homogeneous parameters only.</summary>
    public bool IsRunConstant(BoundExpression expression) => ExpressionFacts.IsRunConstant(expression, Heterogeneous.Contains);

    public static IEnumerable<string> References(BoundExpression expression) => expression.Variables().Select(v => v.Symbol.Name);
}
