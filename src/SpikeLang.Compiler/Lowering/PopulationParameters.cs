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
        var order = DependencyOrder.Sort(values.Count, k => References(values[k].Value).Where(index.ContainsKey).Select(n => index[n]));
        Ordered = order.Order.Select(k => values[k]).ToList();
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

    /// <summary>True when the expression can differ from one neuron (or synapse) to the next.</summary>
    public bool VariesPerElement(BoundExpression expression) => ExpressionFacts.VariesPerElement(expression, Heterogeneous.Contains);

    /// <summary>True when the expression is fixed for the whole run: literals and homogeneous parameters only.</summary>
    public bool IsRunConstant(BoundExpression expression) => ExpressionFacts.IsRunConstant(expression, Heterogeneous.Contains);

    public static IEnumerable<string> References(BoundExpression expression) => expression.Variables().Select(v => v.Symbol.Name);
}
