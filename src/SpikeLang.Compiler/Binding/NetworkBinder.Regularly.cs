using System;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary><c>run_regularly P[a:b] every T { ... }</c>: the slice, the interval in whole steps, the code in the model's names.</summary>
internal sealed partial class NetworkBinder
{
    private RegularlyModel? BindRunRegularly(RunRegularlyMember member)
    {
        if (ResolveSlice(member.Target) is not { } resolved)
        {
            return null;
        }
        var (population, slice) = resolved;
        if (NeuronModelOf(population, member.Target.Population) is not { } model)
        {
            return null;
        }
        string what = $"run_regularly on {slice.Written}";
        var statements = new ModelBinder(_diagnostics, _table.TimedArrays).BindRegularly(member.Body.Items, model, what);

        if (!HasFixedBounds(slice, "The slice of a run_regularly"))
        {
            return null;
        }
        var (seconds, interval) = ConstantWithValue(member.Interval, Dimension.TimeDimension, "The interval of run_regularly");
        if (seconds is not { } value)
        {
            return null;
        }
        if (ConstantEvaluator.FirstNonConstant(interval) is { } parameter)
        {
            _diagnostics.Report(DiagnosticDescriptors.ConstantExpected, member.Interval.Span, "The interval of run_regularly", parameter);
            return null;
        }
        if (value <= 0)
        {
            _diagnostics.Report(DiagnosticDescriptors.NonPositiveValue, member.Interval.Span, "The interval of run_regularly", Format(value, Dimension.TimeDimension));
            return null;
        }
        // Brian2 runs the code on a clock of its own; on the network's steps, the interval must be a whole number of them.
        if (WholeSteps(value, member.Interval, "The interval of run_regularly") is not { } whole || whole > int.MaxValue)
        {
            return null;
        }
        return new RegularlyModel(slice, (int)whole, statements, member.Span);
    }

    /// <summary>
    /// Code the generated network runs on a slice (run_regularly, phase settings) has the slice's bounds written in:
    /// bounds that depend on network parameters are reported.
    /// </summary>
    private bool HasFixedBounds(PopulationSlice slice, string what)
    {
        foreach (var bound in new[] { slice.StartValue, slice.EndValue })
        {
            if (bound is not null && ConstantEvaluator.FirstNonConstant(bound) is { } name)
            {
                _diagnostics.Report(DiagnosticDescriptors.ConstantExpected, bound.Span, what, name);
                return false;
            }
        }
        return true;
    }

    /// <summary>A positive duration in whole steps of dt, or null (reported) when it is not one.</summary>
    private long? WholeSteps(double seconds, Expression written, string what)
    {
        double steps = seconds / _dt;
        long whole = (long)Math.Round(steps);
        if (whole < 1 || Math.Abs(steps - whole) > 1e-6 * Math.Max(1, steps))
        {
            _diagnostics.Report(DiagnosticDescriptors.IntervalNotWholeSteps, written.Span, what, Format(seconds, Dimension.TimeDimension), Format(_dt, Dimension.TimeDimension));
            return null;
        }
        return whole;
    }
}
