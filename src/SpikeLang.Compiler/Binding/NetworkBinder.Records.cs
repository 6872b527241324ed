using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// Recordings: spikes, state variables, population rates and weights, each checked against what it names,
/// with its slice, its sampling interval (<c>every</c>, a whole number of steps) and a rate's smoothing window.
/// </summary>
internal sealed partial class NetworkBinder
{
    private IEnumerable<RecordModel>? BindRecord(NetworkMember member, IReadOnlyList<ConnectionModel> connections)
    {
        if (member is not RecordMember record)
        {
            return null;
        }
        int interval = Interval(record);
        switch (record)
        {
            case RecordSpikesMember spikes:
                NotApplicable(record.Every, "record spikes", "spikes are recorded in the step they happen");
                return spikes.Populations.Select(p => RecordSlice(p) is { } slice
                        ? new RecordModel(RecordKind.Spikes, p.Population.Name, null, null, spikes.Span) { Slice = slice.Slice }
                        : null)
                    .Where(r => r is not null).Select(r => r!).ToList();
            case RecordStateMember state:
                var records = new List<RecordModel>();
                foreach (var reference in state.Variables)
                {
                    var population = Resolve(reference.Population.Population);
                    if (population is null or { Kind: PopulationKind.Neurons, Model: null })
                    {
                        continue;
                    }
                    var variables = population.Model?.State.Concat(population.Model.Aliases).Select(d => d.Symbol.Name).ToList()
                        ?? new List<string>();
                    if (!variables.Contains(reference.Variable.Name))
                    {
                        string modelName = population.Model?.Name ?? (population.Kind == PopulationKind.Poisson ? "poisson source" : "input");
                        _diagnostics.Report(DiagnosticDescriptors.UnknownStateVariable, reference.Variable.Span, population.Name, modelName, reference.Variable.Name,
                            Spelling.Hint(reference.Variable.Name, variables) is { Length: > 0 } hint
                                ? hint
                                : variables.Count == 0 ? "; it has no state to record" : $"; it has {string.Join(", ", variables)}");
                        continue;
                    }
                    if (population.Model!.State.FirstOrDefault(d => d.Symbol.Name == reference.Variable.Name)?.Symbol is { } symbol && (symbol.IsShared || symbol.IsLinked))
                    {
                        // A monitor records one value per neuron, from the population's own arrays, which these do not have.
                        _diagnostics.Report(DiagnosticDescriptors.UnsupportedByBackend, reference.Variable.Span,
                            $"recording the {(symbol.IsShared ? "shared" : "linked")} variable '{symbol.Name}'; record an alias of it instead (equations {{ {symbol.Name}_seen = {symbol.Name} }}), "
                            + (symbol.IsShared ? "or read the population's property" : "or record the variable it is linked to"));
                        continue;
                    }
                    if (RecordSlice(reference.Population) is not { } slice)
                    {
                        continue;
                    }
                    // As written: a subgroup records its own neurons.
                    records.Add(new RecordModel(RecordKind.State, reference.Population.Population.Name, reference.Variable.Name, null, reference.Span)
                    {
                        Slice = slice.Slice,
                        Interval = interval,
                    });
                }
                return records;
            case RecordRateMember rate:
                NotApplicable(record.Every, "record rate", "the rate is recorded every step; smooth it with 'window 5 ms'");
                int window = rate.Window is { } width && PositiveConstant(width, Dimension.TimeDimension, "The smoothing window") is { } seconds
                    ? (int)Math.Min(int.MaxValue - 1, Math.Floor(seconds / 2 / _dt)) * 2 + 1
                    : 1;
                return rate.Populations.Where(p => Resolve(p) is not null)
                    .Select(p => new RecordModel(RecordKind.Rate, p.Name, null, null, rate.Span) { Window = window }).ToList();
            case RecordWeightsMember weights:
                var source = Resolve(weights.Source);
                var target = Resolve(weights.Target);
                if (source is null || target is null)
                {
                    return null;
                }
                if (_convolutions.FirstOrDefault(c => c.Source == source.Name && c.Target == target.Name) is { } convolution)
                {
                    _diagnostics.Report(DiagnosticDescriptors.ConvolutionNotSupported, weights.Span, convolution.RuleName, $"{source.Name} -> {target.Name}",
                        "'record weights'", "its kernel changes only when the host sets it; read it with GetWeights() or the connection's w");
                    return null;
                }
                if (!connections.Any(c => c.Source.Population == source.Name && c.Target.Population == target.Name
                        && c.Synapse.State.Any(s => s.Symbol.Name == "w")))
                {
                    _diagnostics.Report(DiagnosticDescriptors.MissingMember, weights.Span, $"network '{_networkName}'",
                        $"connection {source.Name} -> {target.Name} with a weight 'w'",
                        "connect them with a synapse that has a state variable w (for example Static or Stdp)");
                    return null;
                }
                return new[] { new RecordModel(RecordKind.Weights, source.Name, "w", target.Name, weights.Span) { Interval = interval } };
            default:
                return null;
        }
    }

    /// <summary>One monitor per population (or connection) and variable: a second record of it must be the same, or it is reported.</summary>
    private List<RecordModel> OneMonitorEach(List<RecordModel> records)
    {
        var kept = new List<RecordModel>();
        foreach (var record in records)
        {
            var first = kept.FirstOrDefault(k => k.Kind == record.Kind && k.Population == record.Population
                && k.Variable == record.Variable && k.TargetPopulation == record.TargetPopulation);
            if (first is null)
            {
                kept.Add(record);
            }
            else if (!SameMonitor(first, record))
            {
                string what = record.Kind switch
                {
                    RecordKind.Spikes => $"the spikes of '{record.Population}'",
                    RecordKind.Rate => $"the rate of '{record.Population}'",
                    RecordKind.Weights => $"the weights of {record.Population} -> {record.TargetPopulation}",
                    _ => $"'{record.Population}.{record.Variable}'",
                };
                _diagnostics.Report(DiagnosticDescriptors.RecordedTwice, record.Span, what,
                    $"line {_diagnostics.Source.GetLinePosition(first.Span.Start).Line + 1}");
            }
        }
        return kept;
    }

    private static bool SameMonitor(RecordModel a, RecordModel b) =>
        a.Interval == b.Interval && a.Window == b.Window
        && (a.Slice?.Start, a.Slice?.End) == (b.Slice?.Start, b.Slice?.End);

    /// <summary>The slice a recording takes, counted in the population or subgroup as written; null (reported) when it does not fit.</summary>
    private (PopulationModel Population, PopulationSlice? Slice)? RecordSlice(PopulationReference reference)
    {
        if (Resolve(reference.Population) is not { } population)
        {
            return null;
        }
        if (!reference.IsSlice)
        {
            return (population, null);
        }
        var written = _subgroups.TryGetValue(reference.Population.Name, out var subgroup)
            ? population with { Name = subgroup.Name, Size = subgroup.Slice.Count }
            : population;
        return Slice(reference, written) is { } slice ? (population, slice) : null;
    }

    /// <summary>Steps between samples: 1 without <c>every</c>, else the interval in steps, which must be whole.</summary>
    private int Interval(RecordMember record)
    {
        if (record.Every is not { } every || record is RecordSpikesMember or RecordRateMember
            || PositiveConstant(every, Dimension.TimeDimension, "The sampling interval") is not { } seconds)
        {
            return 1;
        }
        double steps = seconds / _dt;
        double whole = Math.Round(steps);
        if (Math.Abs(steps - whole) > 1e-6 * Math.Max(1, whole) || whole < 1 || whole > int.MaxValue)
        {
            _diagnostics.Report(DiagnosticDescriptors.IntervalNotWholeSteps, every.Span, "The sampling interval", Format(seconds, Dimension.TimeDimension),
                Format(_dt, Dimension.TimeDimension));
            return 1;
        }
        return (int)whole;
    }

    private void NotApplicable(Expression? option, string statement, string reason)
    {
        if (option is not null)
        {
            _diagnostics.Report(DiagnosticDescriptors.OptionNotApplicable, option.Span, "every", statement, reason);
        }
    }
}
