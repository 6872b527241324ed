using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// Brian2's linked variables: the population argument <c>I = linked_var(source, x)</c> of a variable the model flags
/// <c>linked</c>, with the source a neuron population declared earlier, of 1 neuron (read by all) or of the same size
/// (neuron i reads neuron i), and x a state variable of the declared variable's dimension.
/// </summary>
internal sealed partial class NetworkBinder
{
    private const string LinkCall = "linked_var";

    /// <summary>True for an argument that is a link: it sets a linked variable of the model, or its value is <c>linked_var(...)</c>.</summary>
    private static bool IsLinkArgument(Argument argument, NeuronModel model) =>
        argument.Value is CallExpression { Callee.Name: LinkCall }
        || (argument.Name is { } name && model.State.Any(s => s.Symbol.IsLinked && s.Symbol.Name == name.Name));

    /// <summary>The links among a population's arguments; every linked variable of the model must get one.</summary>
    private List<LinkModel> BindLinks(PopulationMember population, NeuronModel model, int size)
    {
        var links = new List<LinkModel>();
        foreach (var argument in population.Arguments.Where(a => a.Name is not null && IsLinkArgument(a, model)))
        {
            if (BindLink(argument, argument.Name!, population.Name.Name, model, size) is { } link)
            {
                if (links.Any(l => l.Variable.Name == link.Variable.Name))
                {
                    _diagnostics.Report(DiagnosticDescriptors.DuplicateArgument, argument.Name!.Span, argument.Name.Name);
                    continue;
                }
                links.Add(link);
            }
        }
        foreach (var linked in model.State.Where(s => s.Symbol.IsLinked))
        {
            if (!links.Any(l => l.Variable.Name == linked.Symbol.Name)
                && !population.Arguments.Any(a => a.Name?.Name == linked.Symbol.Name))
            {
                _diagnostics.Report(DiagnosticDescriptors.LinkMissing, population.Name.Span, population.Name.Name, model.Name, linked.Symbol.Name);
            }
        }
        return links;
    }

    private LinkModel? BindLink(Argument argument, Identifier name, string population, NeuronModel model, int size)
    {
        string written = name.Name;
        var variable = model.State.FirstOrDefault(s => s.Symbol.Name == written)?.Symbol;
        if (variable is not { IsLinked: true })
        {
            _diagnostics.Report(DiagnosticDescriptors.BadLink, argument.Value.Span, written,
                $"is {LinkCall}(...), but neuron model '{model.Name}' has no linked variable '{written}'",
                variable is null
                    ? $"declare it in the model's state {{ {written} = 0 linked }}"
                    : $"flag it in the model's state {{ {written} = ... linked }}");
            return null;
        }
        if (argument.Value is not CallExpression { Callee.Name: LinkCall } call)
        {
            _diagnostics.Report(DiagnosticDescriptors.BadLink, argument.Value.Span, written, "is not a link, but the model flags it 'linked'",
                $"write {written} = {LinkCall}(SOURCE, VARIABLE), SOURCE a neuron population declared before '{population}' and VARIABLE one of its state variables");
            return null;
        }
        if (call.Arguments.FirstOrDefault(a => a.Name is not null) is { } named)
        {
            _diagnostics.Report(DiagnosticDescriptors.BadLink, named.Span, written, $"gives '{named.Name!.Name} = ...' to {LinkCall}",
                named.Name.Name == "index"
                    ? "Brian2's index= (another mapping from neurons to source neurons) is not supported; link to a source of 1 neuron or of the population's size"
                    : $"{LinkCall} takes two names, the source population and its variable: {LinkCall}(SOURCE, VARIABLE)");
            return null;
        }
        if (call.Arguments.Count != 2 || call.Arguments[0].Value is not NameExpression sourceName || call.Arguments[1].Value is not NameExpression sourceVariable)
        {
            _diagnostics.Report(DiagnosticDescriptors.BadLink, call.Span, written, $"does not name a population and a variable",
                $"write {LinkCall}(SOURCE, VARIABLE) with the two names alone, e.g. {LinkCall}(input, x), as Brian2's linked_var(input, 'x')");
            return null;
        }
        if (sourceName.Name.Name == population)
        {
            _diagnostics.Report(DiagnosticDescriptors.BadLink, sourceName.Span, written, $"links population '{population}' to itself",
                "a neuron reads its own variables directly: use an alias in the model instead");
            return null;
        }
        if (_subgroups.TryGetValue(sourceName.Name.Name, out var subgroup))
        {
            _diagnostics.Report(DiagnosticDescriptors.BadLink, sourceName.Span, written, $"links to subgroup '{subgroup.Name}'",
                $"link to the whole population '{subgroup.Slice.Population}'");
            return null;
        }
        if (Resolve(sourceName.Name) is not { } source)
        {
            return null;
        }
        if (source.Model is not { } sourceModel)
        {
            if (source.Kind != PopulationKind.Neurons)
            {
                _diagnostics.Report(DiagnosticDescriptors.BadLink, sourceName.Span, written,
                    $"links to '{source.Name}', {(source.Kind == PopulationKind.Input ? "an input population" : "a population of Poisson sources")}, which has no variables",
                    "link to a population of neurons");
            }
            return null;
        }
        var target = sourceModel.State.FirstOrDefault(s => s.Symbol.Name == sourceVariable.Name.Name)?.Symbol;
        if (target is null || target.IsLinked)
        {
            var states = sourceModel.State.Where(s => !s.Symbol.IsLinked).Select(s => s.Symbol.Name).ToList();
            string why = target is not null ? $"'{target.Name}' of '{source.Name}' is itself linked"
                : sourceModel.Parameters.Any(p => p.Symbol.Name == sourceVariable.Name.Name) ? $"'{sourceVariable.Name.Name}' is a parameter of '{source.Name}', not a state variable"
                : $"population '{source.Name}' ({sourceModel.Name}) has no state variable '{sourceVariable.Name.Name}'";
            _diagnostics.Report(DiagnosticDescriptors.BadLink, sourceVariable.Span, written, $"names a variable that cannot be linked: {why}",
                Spelling.Hint(sourceVariable.Name.Name, states) is { Length: > 0 } hint
                    ? "link to a state variable" + hint
                    : $"link to one of its state variables ({string.Join(", ", states)})");
            return null;
        }
        if (target.Dimension is { } actual && variable.Dimension is { } expected && actual != expected)
        {
            _diagnostics.Report(DiagnosticDescriptors.AssignmentDimension, call.Span, written, expected.Describe(),
                $"{source.Name}.{target.Name}, which is {actual.Describe()}");
            return null;
        }
        // A shared source has one value, whatever the size of its population.
        bool broadcast = target.IsShared || source.Size == 1;
        if (!broadcast && source.Size != size && source.Size > 0 && size > 0)
        {
            _diagnostics.Report(DiagnosticDescriptors.LinkSize, call.Span, written, $"{source.Name}.{target.Name}", source.Size, population, size);
            return null;
        }
        if (!broadcast)
        {
            // Each neuron reads its own source neuron, so the values the model declares shared cannot read this variable.
            foreach (var alias in model.Aliases.Where(a => a.Symbol.IsShared && a.Value.Variables().Any(v => v.Symbol.Name == written)))
            {
                _diagnostics.Report(DiagnosticDescriptors.SharedValueVaries, call.Span, $"Shared alias '{alias.Symbol.Name}' of neuron model '{model.Name}'",
                    $"'{written}', linked here to the {source.Size} neurons of '{source.Name}' one to one");
            }
        }
        return new LinkModel(variable, source.Name, target, broadcast, argument.Span);
    }
}
