using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// <c>protocol { phase NAME DURATION { settings } ... }</c>: each phase a whole number of steps, each setting a
/// state variable of a population's neurons or of a connection's synapses and a constant value of its dimension.
/// </summary>
internal sealed partial class NetworkBinder
{
    private List<PhaseModel> BindProtocol(IReadOnlyList<ProtocolMember> protocols, IReadOnlyList<ConnectionModel> connections)
    {
        foreach (var extra in protocols.Skip(1))
        {
            _diagnostics.Report(DiagnosticDescriptors.DuplicateMember, extra.Span, "protocol", $"network '{_networkName}'");
        }
        var phases = new List<PhaseModel>();
        var names = new Dictionary<string, PhaseSyntax>(StringComparer.Ordinal);
        foreach (var phase in protocols.FirstOrDefault()?.Phases.Items ?? Array.Empty<PhaseSyntax>())
        {
            if (names.TryGetValue(phase.Name.Name, out var first))
            {
                _diagnostics.Report(DiagnosticDescriptors.DuplicateDeclaration, phase.Name.Span, phase.Name.Name,
                    $"as a phase at line {_diagnostics.Source.GetLinePosition(first.Span.Start).Line + 1}");
            }
            names[phase.Name.Name] = phase;
            string what = $"The duration of phase '{phase.Name.Name}'";
            var (seconds, duration) = ConstantWithValue(phase.Duration, Dimension.TimeDimension, what);
            var settings = phase.Settings.Select(s => BindSetting(s, connections)).Where(s => s is not null).Select(s => s!).ToList();
            if (seconds is not { } value)
            {
                continue;
            }
            if (ConstantEvaluator.FirstNonConstant(duration) is { } parameter)
            {
                _diagnostics.Report(DiagnosticDescriptors.ConstantExpected, phase.Duration.Span, what, parameter);
                continue;
            }
            if (value <= 0)
            {
                _diagnostics.Report(DiagnosticDescriptors.NonPositiveValue, phase.Duration.Span, what, Format(value, Dimension.TimeDimension));
                continue;
            }
            if (WholeSteps(value, phase.Duration, what) is { } steps)
            {
                phases.Add(new PhaseModel(phase.Name.Name, steps, settings, phase.Span));
            }
        }
        return phases;
    }

    private PhaseSettingModel? BindSetting(PhaseSetting setting, IReadOnlyList<ConnectionModel> connections)
    {
        if (setting.PostTarget is { } post)
        {
            return BindConnectionSetting(setting, post, connections);
        }
        if (ResolveSlice(setting.Target) is not { } resolved)
        {
            return null;
        }
        var (population, slice) = resolved;
        if (!HasFixedBounds(slice, "The slice of a phase setting"))
        {
            return null;
        }
        if (NeuronModelOf(population, setting.Target.Population) is not { } model)
        {
            return null;
        }
        var variable = model.State.FirstOrDefault(s => s.Symbol.Name == setting.Variable.Name)?.Symbol;
        if (variable is null)
        {
            var states = model.State.Select(s => s.Symbol.Name).ToList();
            string hint = model.Parameters.Any(p => p.Symbol.Name == setting.Variable.Name)
                ? $"; '{setting.Variable.Name}' is a parameter, fixed for a run: make it a state variable to change it between phases"
                : Spelling.Hint(setting.Variable.Name, states) is { Length: > 0 } spelling ? spelling : $"; it has {string.Join(", ", states)}";
            _diagnostics.Report(DiagnosticDescriptors.UnknownStateVariable, setting.Variable.Span, population.Name, model.Name, setting.Variable.Name, hint);
            return null;
        }
        if (variable.IsLinked)
        {
            _diagnostics.Report(DiagnosticDescriptors.LinkedAssigned, setting.Variable.Span, variable.Name, "a protocol phase");
            return null;
        }
        return SettingValue(setting, variable) is { } value ? new PhaseSettingModel(slice, Array.Empty<int>(), variable, value, setting.Span) : null;
    }

    private PhaseSettingModel? BindConnectionSetting(PhaseSetting setting, PopulationReference post, IReadOnlyList<ConnectionModel> connections)
    {
        if (setting.Target.IsSlice || post.IsSlice)
        {
            _diagnostics.Report(DiagnosticDescriptors.MemberNotAllowed, setting.Target.IsSlice ? setting.Target.Span : post.Span, "A slice",
                "the connection of a phase setting", "a connection is named by its populations, 'A -> B.eta = ...', and the setting reaches all its synapses");
            return null;
        }
        var source = Resolve(setting.Target.Population);
        var target = Resolve(post.Population);
        if (source is null || target is null)
        {
            return null;
        }
        var matching = connections.Select((c, k) => (Connection: c, Index: k))
            .Where(c => c.Connection.Source.Written == setting.Target.Population.Name && c.Connection.Target.Written == post.Population.Name)
            .ToList();
        var withVariable = matching.Where(c => c.Connection.Synapse.State.Any(s => s.Symbol.Name == setting.Variable.Name)).ToList();
        if (withVariable.Count == 0)
        {
            _diagnostics.Report(DiagnosticDescriptors.MissingMember, setting.Span, $"network '{_networkName}'",
                $"connection {setting.Target.Population.Name} -> {post.Population.Name} with a synapse state variable '{setting.Variable.Name}'",
                matching.Count == 0
                    ? "connect them first, or name the populations as the connect statement does"
                    : $"its synapse {matching[0].Connection.Synapse.Name} has {DescribeState(matching[0].Connection.Synapse)}; a parameter is fixed for a run, so make it a state variable");
            return null;
        }
        var variable = withVariable[0].Connection.Synapse.State.First(s => s.Symbol.Name == setting.Variable.Name).Symbol;
        return SettingValue(setting, variable) is { } value
            ? new PhaseSettingModel(null, withVariable.Select(c => c.Index).ToList(), variable, value, setting.Span)
            : null;
    }

    private static string DescribeState(SynapseModel synapse) =>
        synapse.State.Count == 0 ? "no state variables" : "the state variables " + string.Join(", ", synapse.State.Select(s => s.Symbol.Name));

    /// <summary>A constant (network parameters allowed) of the variable's dimension.</summary>
    private BoundExpression? SettingValue(PhaseSetting setting, VariableSymbol variable)
    {
        var (value, bound) = ConstantWithValue(setting.Value, variable.Dimension ?? Dimension.None, $"The value of '{setting.Variable.Name}'");
        return value is null ? null : bound;
    }
}
