using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;
using SpikeLang.Runtime;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// Brian2's SpikeGeneratorGroup: <c>population S = spikes(indices = [0, 1], times = [1, 2] * ms, period = 10 ms)[2]</c>,
/// spikes at given times, binned to steps as Brian2 bins them and repeated every period when one is given; or the
/// spike times of a stimulus file, <c>spikes(file = "in.csv")</c> (docs/stimuli.md).
/// </summary>
internal sealed partial class NetworkBinder
{
    private static readonly string[] GeneratorArguments = { "indices", "times", "file", "period" };

    private ListBinder Lists => new(_diagnostics, Constant, e => _constants.BindNumber(e), b => ConstantEvaluator.TryEvaluate(b, Lookup));

    private void BindGenerator(PopulationMember population, int size, BoundExpression sizeValue)
    {
        string name = population.Name.Name;
        string what = $"spike generator '{name}'";
        double[]? indices = null, times = null;
        double period = 0;
        bool fromFile = false;
        foreach (var argument in population.Arguments)
        {
            switch (argument.Name?.Name)
            {
                case "indices":
                    indices = Lists.Values(argument.Value, Dimension.None, "The indices of a spike generator");
                    break;
                case "times":
                    times = Lists.Values(argument.Value, Dimension.TimeDimension, "The spike times of a spike generator");
                    break;
                case "file":
                    fromFile = true;
                    (indices, times) = SpikeFile(argument.Value, name, size);
                    break;
                case "period":
                    period = Constant(argument.Value, Dimension.TimeDimension, "The period of a spike generator") ?? 0;
                    break;
                case null:
                    _diagnostics.Report(DiagnosticDescriptors.PositionalOverride, argument.Span, what);
                    break;
                default:
                    _diagnostics.Report(DiagnosticDescriptors.UnknownArgument, argument.Name.Span, what, "argument", argument.Name.Name,
                        Spelling.Hint(argument.Name.Name, GeneratorArguments) is { Length: > 0 } hint ? hint : "; it takes indices and times, or file, and period");
                    break;
            }
        }
        if (fromFile && population.Arguments.FirstOrDefault(a => a.Name?.Name is "indices" or "times") is { } both)
        {
            _diagnostics.Report(DiagnosticDescriptors.GeneratorFileAndList, both.Span, what);
            return;
        }
        foreach (var missing in new[] { "indices", "times" }.Where(a => !fromFile && population.Arguments.All(x => x.Name?.Name != a)))
        {
            _diagnostics.Report(DiagnosticDescriptors.MissingMember, population.Model.Span, what, missing,
                "write spikes(indices = [0, 1], times = [1, 2] * ms): source indices[k] spikes at times[k], or spikes(file = \"in.csv\")");
        }
        var schedule = indices is not null && times is not null ? Schedule(population, what, indices, times, period, size) : null;
        if (schedule is not null && population.Arguments.FirstOrDefault(a => a.Name?.Name == "file")?.Value is StringExpression file)
        {
            schedule = schedule with { DataFile = file.Value };
        }
        AddPopulation(population.Name, new PopulationModel(name, PopulationKind.Input, null, size, sizeValue,
            new Dictionary<string, BoundExpression>(), null, population.Span) { Schedule = schedule });
    }

    /// <summary>The indices and times of a spike file, checked for a generator of <paramref name="size"/> sources; nulls after a located error.</summary>
    private (double[]? Indices, double[]? Times) SpikeFile(Expression value, string name, int size)
    {
        if (value is not StringExpression file)
        {
            _diagnostics.Report(DiagnosticDescriptors.FileArguments, value.Span, "file", "spikes(file = \"in.csv\")");
            return (null, null);
        }
        if (new DataFileReader(_diagnostics, _dataFiles).Read(file, $"Spike generator '{name}'", StimulusKind.Spikes, _dt, size) is not { } rows)
        {
            return (null, null);
        }
        return (rows.Select(r => (double)r.Index).ToArray(), rows.Select(r => r.Time).ToArray());
    }

    /// <summary>
    /// The spikes as steps, sorted by step then index, as Brian2 bins them: step = int((t + 10⁻³·dt) / dt), the
    /// period round(period / dt) steps; with Brian2's checks, each a located error.
    /// </summary>
    private SpikeSchedule? Schedule(PopulationMember population, string what, double[] indices, double[] times, double period, int size)
    {
        // A file stands for both lists.
        TextSpan At(string argument) => population.Arguments.First(a => a.Name?.Name == argument || (a.Name?.Name == "file" && argument != "period")).Value.Span;
        if (indices.Length != times.Length)
        {
            _diagnostics.Report(DiagnosticDescriptors.GeneratorMismatch, At("times"), what, indices.Length, times.Length);
            return null;
        }
        if (indices.Where(k => k < 0 || k >= size || k != Math.Floor(k)).Cast<double?>().FirstOrDefault() is { } bad)
        {
            _diagnostics.Report(DiagnosticDescriptors.GeneratorIndex, At("indices"), Format(bad), what, size);
            return null;
        }
        if (times.Where(t => t < 0).Cast<double?>().FirstOrDefault() is { } early)
        {
            _diagnostics.Report(DiagnosticDescriptors.NegativeValue, At("times"), "A spike time", Format(early, Dimension.TimeDimension));
            return null;
        }
        var spikes = times.Select((t, k) => (Step: (long)Math.Floor((t + 1e-3 * _dt) / _dt), Index: (int)indices[k]))
            .OrderBy(s => s.Step).ThenBy(s => s.Index).ToList();
        for (int k = 1; k < spikes.Count; k++)
        {
            if (spikes[k] == spikes[k - 1])
            {
                _diagnostics.Report(DiagnosticDescriptors.GeneratorTwiceInStep, At("times"), what, spikes[k].Index, Format(spikes[k].Step * _dt, Dimension.TimeDimension));
                return null;
            }
        }
        long last = spikes.Count == 0 ? -1 : spikes[spikes.Count - 1].Step;
        long periodSteps = (long)Math.Round(period / _dt);
        if (period < 0 || (period > 0 && periodSteps == 0))
        {
            _diagnostics.Report(DiagnosticDescriptors.GeneratorPeriod, At("period"), what, Format(period, Dimension.TimeDimension), "at least one time step");
            return null;
        }
        if (periodSteps > 0 && last >= periodSteps)
        {
            _diagnostics.Report(DiagnosticDescriptors.GeneratorPeriod, At("period"), what, Format(period, Dimension.TimeDimension), "longer than the last spike time");
            return null;
        }
        if (last > int.MaxValue)
        {
            _diagnostics.Report(DiagnosticDescriptors.TooLarge, At("times"), $"The schedule of {what}", last.ToString(System.Globalization.CultureInfo.InvariantCulture), "steps", int.MaxValue);
            return null;
        }
        return new SpikeSchedule(spikes.Select(s => (int)s.Step).ToEquatableArray(), spikes.Select(s => s.Index).ToEquatableArray(), (int)periodSteps);
    }
}
