using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>Populations: neuron models with their overrides, Poisson sources, sizes, and the slices connections take of them.</summary>
internal sealed partial class NetworkBinder
{
    private void AddPopulation(Identifier name, PopulationModel model)
    {
        if (_populationSpans.TryGetValue(name.Name, out var previous))
        {
            _diagnostics.Report(DiagnosticDescriptors.DuplicateDeclaration, name.Span, name.Name,
                $"as a population at line {_diagnostics.Source.GetLinePosition(previous.Start).Line + 1}");
            return;
        }
        _populationSpans[name.Name] = name.Span;
        _populations[name.Name] = model;
    }

    private void BindPopulation(PopulationMember population)
    {
        string name = population.Name.Name;
        var (size, sizeValue, shape) = SizeAndShape(population.Dimensions, population.Size, name);
        if (population.Model.Name == "poisson")
        {
            var overrides = BindArguments(population.Arguments, $"poisson population '{name}'",
                new Dictionary<string, VariableSymbol> { ["rate"] = new("rate", VariableKind.Parameter, Dimension.FrequencyDimension, default) },
                PoissonRateScope(name), "parameter");
            if (overrides.TryGetValue("rate", out var boundRate) && ConstantEvaluator.TryEvaluate(boundRate, Lookup) is { } constantRate
                && !(constantRate >= 0 && !double.IsInfinity(constantRate)))
            {
                var at = population.Arguments.First(a => a.Name?.Name == "rate").Value.Span;
                _diagnostics.Report(constantRate < 0 ? DiagnosticDescriptors.NegativeValue : DiagnosticDescriptors.NotFinite, at, "A Poisson rate", Format(constantRate));
            }
            if (!overrides.TryGetValue("rate", out var rate) && !population.Arguments.Any(a => a.Name?.Name == "rate"))
            {
                _diagnostics.Report(DiagnosticDescriptors.MissingMember, population.Model.Span, $"poisson population '{name}'", "rate",
                    "write poisson(rate = 10 Hz)");
            }
            AddPopulation(population.Name, new PopulationModel(name, PopulationKind.Poisson, null, size, sizeValue,
                new Dictionary<string, BoundExpression>(), rate, population.Span) { Shape = shape });
            return;
        }

        if (population.Model.Name == "spikes")
        {
            BindGenerator(population, size, sizeValue);
            return;
        }

        var model = _neuron(population.Model.Name);
        if (model is null)
        {
            string hint = _table.Synapses.ContainsKey(population.Model.Name)
                ? " (it is a synapse model; populations are made of neurons)"
                : Spelling.Hint(population.Model.Name, _table.Neurons.Keys.Concat(new[] { "poisson", "spikes" }));
            _diagnostics.Report(DiagnosticDescriptors.UnknownNeuronModel, population.Model.Span, population.Model.Name, hint,
                string.Join(", ", _table.StandardNeuronNames.OrderBy(n => n, StringComparer.Ordinal).Concat(new[] { "poisson(rate = ...)", "spikes(indices = [...], times = [...])" })));
            AddPopulation(population.Name, new PopulationModel(name, PopulationKind.Neurons, null, size, sizeValue,
                new Dictionary<string, BoundExpression>(), null, population.Span));
            return;
        }

        var settable = model.Parameters.Concat(model.State).Where(d => !d.Symbol.IsLinked).ToDictionary(d => d.Symbol.Name, d => d.Symbol, StringComparer.Ordinal);
        var neuronOverrides = BindArguments(population.Arguments.Where(a => a.Name is null || !IsLinkArgument(a, model)).ToList(), $"neuron model '{model.Name}'", settable,
            PopulationScope(name, model), "parameter or state variable");
        foreach (var shared in model.State.Where(s => s.Symbol.IsShared && neuronOverrides.ContainsKey(s.Symbol.Name)))
        {
            var value = neuronOverrides[shared.Symbol.Name];
            if (ModelBinder.PerNeuronName(value) is { } perNeuron)
            {
                _diagnostics.Report(DiagnosticDescriptors.SharedValueVaries, value.Span, $"The initial value of shared '{shared.Symbol.Name}'", perNeuron);
            }
        }
        var links = BindLinks(population, model, size);
        AddPopulation(population.Name, new PopulationModel(name, PopulationKind.Neurons, model, size, sizeValue, neuronOverrides, null, population.Span) { Links = links, Shape = shape });
    }

    /// <summary>
    /// A Poisson rate, as Brian2's PoissonGroup takes it: of the source index i, the size N, the network's parameters, and of
    /// the time t and timed arrays, when it varies in time (evaluated every step then).
    /// </summary>
    private ExpressionBinder PoissonRateScope(string population)
    {
        var scope = new Scope($"population '{population}'", Builtins.Symbols(Builtin.Index, Builtin.Count, Builtin.Time, Builtin.TimeStep)) { TimedArrays = _table.TimedArrays };
        DeclareParameters(scope);
        return new ExpressionBinder(_diagnostics, scope);
    }

    /// <summary>Overrides may use the neuron index i, the size N, the model's and the network's parameters.</summary>
    private ExpressionBinder PopulationScope(string population, NeuronModel? model)
    {
        var scope = new Scope($"population '{population}'", Builtins.Symbols(Builtin.Index, Builtin.Count));
        foreach (var parameter in model?.Parameters ?? Array.Empty<BoundVariableDeclaration>())
        {
            scope.Declare(parameter.Symbol);
        }
        // As with keyword arguments, in Lif(tau = tau) the value's tau is the network's parameter.
        DeclareParameters(scope);
        return new ExpressionBinder(_diagnostics, scope);
    }

    /// <summary>Named arguments that set parameters or initial values of a model, dimension-checked.</summary>
    private Dictionary<string, BoundExpression> BindArguments(
        IReadOnlyList<Argument> arguments,
        string what,
        IReadOnlyDictionary<string, VariableSymbol> settable,
        ExpressionBinder binder,
        string kind)
    {
        var result = new Dictionary<string, BoundExpression>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            if (argument.Name is null)
            {
                _diagnostics.Report(DiagnosticDescriptors.PositionalOverride, argument.Span, what);
                continue;
            }
            var value = binder.BindNumber(argument.Value);
            if (!settable.TryGetValue(argument.Name.Name, out var symbol))
            {
                _diagnostics.Report(DiagnosticDescriptors.UnknownArgument, argument.Name.Span, what, kind, argument.Name.Name,
                    Spelling.Hint(argument.Name.Name, settable.Keys) is { Length: > 0 } hint
                        ? hint
                        : $"; it has {string.Join(", ", settable.Keys)}");
                continue;
            }
            if (result.ContainsKey(argument.Name.Name))
            {
                _diagnostics.Report(DiagnosticDescriptors.DuplicateArgument, argument.Name.Span, argument.Name.Name);
                continue;
            }
            if (symbol.Dimension is { } expected && value.Type.Dimension is { } actual && actual != expected)
            {
                _diagnostics.Report(DiagnosticDescriptors.AssignmentDimension, argument.Value.Span, argument.Name.Name, expected.Describe(), actual.Describe());
                continue;
            }
            result[argument.Name.Name] = value;
        }
        return result;
    }

    /// <summary>
    /// The size of <c>[n]</c>, or of a shape <c>[c, l]</c> / <c>[c, h, w]</c> with the shape: its dimensions are
    /// fixed when compiled (convolution kernels are built for them), so they may not read network parameters.
    /// </summary>
    private (int Size, BoundExpression Value, IReadOnlyList<int>? Shape) SizeAndShape(IReadOnlyList<Expression> dimensions, Expression size, string population)
    {
        if (dimensions.Count == 1)
        {
            var (n, value) = Size(size, population);
            return (n, value, null);
        }
        var span = dimensions[0].Span.Union(dimensions[dimensions.Count - 1].Span);
        if (dimensions.Count > 3)
        {
            _diagnostics.Report(DiagnosticDescriptors.BadShape, span, population, $"has {dimensions.Count} dimensions, at most 3");
            return (0, new BoundLiteral(0, ValueType.Number(Dimension.None), span), null);
        }
        var shape = new List<int>();
        foreach (var dimension in dimensions)
        {
            var bound = _constants.BindNumber(dimension, Dimension.None, $"A dimension of '{population}'");
            if (bound is BoundError)
            {
                return (0, bound, null);
            }
            // Evaluated without the network parameters: a dimension that needs one has no value here.
            double? value = ConstantEvaluator.TryEvaluate(bound);
            if (value is not { } d || d < 1 || d != Math.Floor(d) || d > int.MaxValue)
            {
                _diagnostics.Report(DiagnosticDescriptors.BadShape, dimension.Span, population,
                    value is { } v ? $"has the dimension {Format(v)}" : "has a dimension that reads a network parameter");
                return (0, new BoundLiteral(0, ValueType.Number(Dimension.None), span), null);
            }
            shape.Add((int)d);
        }
        long product = shape.Aggregate(1L, (a, b) => a * b);
        if (product > int.MaxValue)
        {
            _diagnostics.Report(DiagnosticDescriptors.BadShape, span, population, $"holds {product} neurons, more than {int.MaxValue}");
            return (0, new BoundLiteral(0, ValueType.Number(Dimension.None), span), null);
        }
        return ((int)product, new BoundLiteral(product, ValueType.Number(Dimension.None), span), shape);
    }

    private (int Size, BoundExpression Value) Size(Expression expression, string population)
    {
        var (value, bound) = ConstantWithValue(expression, Dimension.None, $"The size of '{population}'");
        if (value is null)
        {
            return (0, bound);
        }
        if (value < 1 || value != Math.Floor(value.Value) || value > int.MaxValue)
        {
            _diagnostics.Report(DiagnosticDescriptors.BadPopulationSize, expression.Span, population, Format(value.Value));
            return (0, bound);
        }
        return ((int)value.Value, bound);
    }

    private PopulationModel? Resolve(Identifier name)
    {
        if (_populations.TryGetValue(name.Name, out var population))
        {
            return population;
        }
        if (_subgroups.TryGetValue(name.Name, out var subgroup))
        {
            return _populations[subgroup.Slice.Population];
        }
        _diagnostics.Report(DiagnosticDescriptors.UnknownPopulation, name.Span, _networkName, name.Name,
            Spelling.Hint(name.Name, _populations.Keys.Concat(_subgroups.Keys)) is { Length: > 0 } hint
                ? hint
                : "; declare it with 'population NAME = MODEL[N]' before using it");
        return null;
    }

    /// <summary>The population a reference names and the neurons it takes: a slice of a subgroup counts from the subgroup's start.</summary>
    /// <summary>
    /// The neuron model of a population that a drive, run_regularly code or a phase setting reaches; null for sources
    /// (reported at <paramref name="written"/>) and for neurons whose model is already reported unknown.
    /// </summary>
    private NeuronModel? NeuronModelOf(PopulationModel population, Identifier written)
    {
        if (population.Model is null && population.Kind != PopulationKind.Neurons)
        {
            _diagnostics.Report(DiagnosticDescriptors.InputAsTarget, written.Span, population.Name,
                population.Kind == PopulationKind.Input ? "an input population driven by the host" : "a population of Poisson sources, which make their own spikes");
        }
        return population.Model;
    }

    private (PopulationModel Population, PopulationSlice Slice)? ResolveSlice(PopulationReference reference)
    {
        if (Resolve(reference.Population) is not { } population)
        {
            return null;
        }
        if (!_subgroups.TryGetValue(reference.Population.Name, out var subgroup))
        {
            return Slice(reference, population) is { } slice ? (population, slice) : null;
        }
        if (!reference.IsSlice)
        {
            return (population, subgroup.Slice with { Written = subgroup.Name });
        }
        // Within the subgroup first, then shifted to the parent.
        var subgroupAsPopulation = population with { Name = subgroup.Name, Size = subgroup.Slice.Count };
        if (Slice(reference, subgroupAsPopulation) is not { } inner)
        {
            return null;
        }
        var offset = subgroup.Slice.StartValue ?? Literal(0);
        return (population, new PopulationSlice(population.Name, subgroup.Slice.Start + inner.Start, subgroup.Slice.Start + inner.End,
            Add(offset, inner.StartValue ?? Literal(0)), Add(offset, inner.EndValue ?? Literal(inner.End))) { Written = subgroup.Name });
    }

    /// <summary>
    /// A subgroup: a named slice. Its overrides replace the parent's values for its neurons only, as
    /// where(i in the slice, value, the value so far); in the value, i and N are the subgroup's own.
    /// </summary>
    private void BindSubgroup(SubgroupMember member)
    {
        string name = member.Name.Name;
        if (_populations.ContainsKey(name) || _subgroups.ContainsKey(name))
        {
            _diagnostics.Report(DiagnosticDescriptors.DuplicateDeclaration, member.Name.Span, name, "as a population or subgroup of this network");
            return;
        }
        if (!member.Slice.IsSlice)
        {
            _diagnostics.Report(DiagnosticDescriptors.MissingMember, member.Slice.Span, $"subgroup '{name}'", "slice",
                $"write the neurons it takes, for example subgroup {name} = {member.Slice.Population.Name}[0:100]");
            return;
        }
        if (ResolveSlice(member.Slice) is not { } resolved)
        {
            return;
        }
        var (population, slice) = resolved;
        _subgroups[name] = new SubgroupModel(name, slice, member.Span);
        if (member.Arguments.Count == 0)
        {
            return;
        }
        if (population.Model is not { } model)
        {
            _diagnostics.Report(DiagnosticDescriptors.UnknownArgument, member.Arguments[0].Span, $"subgroup '{name}'", "value",
                member.Arguments[0].Name?.Name ?? "?", $"; '{population.Name}' is not a population of neurons, so it has none");
            return;
        }
        // A linked variable is linked for the whole population, where it is declared.
        var settable = model.Parameters.Concat(model.State).Where(d => !d.Symbol.IsLinked).ToDictionary(d => d.Symbol.Name, d => d.Symbol, StringComparer.Ordinal);
        var values = BindArguments(member.Arguments, $"neuron model '{model.Name}'", settable, PopulationScope(name, model), "parameter or state variable");
        foreach (var shared in values.Keys.Where(k => settable[k].IsShared).ToList())
        {
            _diagnostics.Report(DiagnosticDescriptors.SharedValueVaries, values[shared].Span, $"The value of shared '{shared}' set by subgroup '{name}'",
                "the neurons of the subgroup only (a subgroup sets values for part of the population)");
            values.Remove(shared);
        }
        var start = slice.StartValue ?? Literal(slice.Start);
        var end = slice.EndValue ?? Literal(slice.End);
        var index = new BoundVariable(Builtins.Symbol(Builtin.Index), VariableOwner.Self, member.Span);
        var count = Subtract(end, start);
        var inside = new BoundBinary(BinaryOperator.And,
            new BoundBinary(BinaryOperator.GreaterOrEqual, index, start, ValueType.Condition, member.Span),
            new BoundBinary(BinaryOperator.Less, index, end, ValueType.Condition, member.Span),
            ValueType.Condition, member.Span);
        var overrides = population.Overrides.ToDictionary(o => o.Key, o => o.Value, StringComparer.Ordinal);
        foreach (var pair in values)
        {
            string variable = pair.Key;
            var value = pair.Value;
            var own = value.Substitute(v => v.Symbol.Builtin switch
            {
                Builtin.Index => Subtract(index, start),
                Builtin.Count => count,
                _ => null,
            });
            var previous = overrides.TryGetValue(variable, out var o) ? o : model.Parameters.Concat(model.State).First(d => d.Symbol.Name == variable).Value;
            overrides[variable] = new BoundCall(BuiltinFunction.Where, new EquatableArray<BoundExpression>(new[] { inside, own, previous }), own.Type, value.Span);
        }
        _populations[population.Name] = population with { Overrides = overrides };
    }

    private static BoundExpression Literal(double value) => new BoundLiteral(value, ValueType.Number(Dimension.None), default);

    private static BoundExpression Add(BoundExpression a, BoundExpression b) => new BoundBinary(BinaryOperator.Add, a, b, a.Type, a.Span);

    private static BoundExpression Subtract(BoundExpression a, BoundExpression b) => new BoundBinary(BinaryOperator.Subtract, a, b, a.Type, a.Span);

    private PopulationSlice? Slice(PopulationReference reference, PopulationModel population)
    {
        if (!reference.IsSlice)
        {
            return new PopulationSlice(population.Name, 0, population.Size, null, null);
        }
        var (start, startValue) = ConstantWithValue(reference.Start!, Dimension.None, "A slice start");
        var (end, endValue) = ConstantWithValue(reference.End!, Dimension.None, "A slice end");
        if (start is null || end is null || population.Size == 0)
        {
            return null;
        }
        if (start < 0 || end > population.Size || start >= end || start != Math.Floor(start.Value) || end != Math.Floor(end.Value))
        {
            _diagnostics.Report(DiagnosticDescriptors.SliceOutOfRange, reference.Span, Format(start.Value), Format(end.Value), population.Name, population.Size);
            return null;
        }
        return new PopulationSlice(population.Name, (int)start, (int)end, startValue, endValue);
    }
}
