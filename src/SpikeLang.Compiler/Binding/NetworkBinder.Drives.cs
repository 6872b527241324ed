using System;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>External drives: Brian2's PoissonInput as <c>drive P.v += poisson(n = ..., rate = ..., weight = ...)</c>.</summary>
internal sealed partial class NetworkBinder
{
    private static readonly string[] DriveArguments = { "n", "rate", "weight" };

    private DriveModel? BindDrive(DriveMember drive)
    {
        if (ResolveSlice(drive.Target) is not { } resolved)
        {
            return null;
        }
        var (population, slice) = resolved;
        if (NeuronModelOf(population, drive.Target.Population) is not { } model)
        {
            return null;
        }
        var variable = model.State.FirstOrDefault(s => s.Symbol.Name == drive.Variable.Name)?.Symbol;
        if (variable is null)
        {
            var names = model.State.Select(s => s.Symbol.Name).ToList();
            _diagnostics.Report(DiagnosticDescriptors.UnknownStateVariable, drive.Variable.Span, population.Name, model.Name, drive.Variable.Name,
                Spelling.Hint(drive.Variable.Name, names) is { Length: > 0 } hint ? hint : $"; it has {string.Join(", ", names)}");
            return null;
        }
        if (variable.IsLinked)
        {
            _diagnostics.Report(DiagnosticDescriptors.LinkedAssigned, drive.Variable.Span, variable.Name, "a drive");
            return null;
        }
        if (variable.IsShared)
        {
            _diagnostics.Report(DiagnosticDescriptors.SharedWrittenPerNeuron, drive.Variable.Span, variable.Name, "a drive");
            return null;
        }
        if (drive.Source.Name != "poisson")
        {
            _diagnostics.Report(DiagnosticDescriptors.UnknownOption, drive.Source.Span, drive.Source.Name, "drive", "poisson(n = ..., rate = ..., weight = ...)");
            return null;
        }

        BoundExpression? count = null, rate = null, weight = null;
        bool ok = true;
        foreach (var argument in drive.Arguments)
        {
            if (argument.Name is null)
            {
                _diagnostics.Report(DiagnosticDescriptors.PositionalOverride, argument.Span, "a poisson drive");
                ok = false;
                continue;
            }
            switch (argument.Name.Name)
            {
                case "n":
                    var (n, nValue) = ConstantWithValue(argument.Value, Dimension.None, "The number of inputs n");
                    count = nValue;
                    if (n is { } inputs && (inputs < 1 || inputs != Math.Floor(inputs) || inputs > int.MaxValue))
                    {
                        _diagnostics.Report(DiagnosticDescriptors.WholeNumberExpected, argument.Value.Span, "The number of inputs n", Format(inputs));
                        ok = false;
                    }
                    break;
                case "rate":
                    var (r, rValue) = ConstantWithValue(argument.Value, Dimension.FrequencyDimension, "The rate of each input");
                    rate = rValue;
                    if (r is < 0)
                    {
                        _diagnostics.Report(DiagnosticDescriptors.NegativeValue, argument.Value.Span, "The rate of each input", Format(r.Value, Dimension.FrequencyDimension));
                        ok = false;
                    }
                    else if (r is { } hz && hz * _dt > 1)
                    {
                        _diagnostics.Report(DiagnosticDescriptors.ProbabilityOutOfRange, argument.Value.Span,
                            "The chance that an input spikes in one step (rate × dt; lower the rate or dt)", Format(hz * _dt));
                        ok = false;
                    }
                    break;
                case "weight":
                    weight = _constants.BindNumber(argument.Value);
                    if (weight is not BoundError && ConstantEvaluator.FirstNonConstant(weight) is { } notConstant)
                    {
                        _diagnostics.Report(DiagnosticDescriptors.ConstantExpected, argument.Value.Span, "The weight of each input", notConstant);
                        ok = false;
                    }
                    else if (weight.Type.Dimension is { } actual && variable.Dimension is { } expected && actual != expected)
                    {
                        _diagnostics.Report(DiagnosticDescriptors.AssignmentDimension, argument.Value.Span, variable.Name, expected.Describe(), actual.Describe());
                        ok = false;
                    }
                    break;
                default:
                    _diagnostics.Report(DiagnosticDescriptors.UnknownArgument, argument.Name.Span, "a poisson drive", "argument", argument.Name.Name,
                        Spelling.Hint(argument.Name.Name, DriveArguments) is { Length: > 0 } hint ? hint : "; it takes n, rate and weight");
                    ok = false;
                    break;
            }
        }
        foreach (var missing in DriveArguments.Where(a => drive.Arguments.All(x => x.Name?.Name != a)))
        {
            _diagnostics.Report(DiagnosticDescriptors.MissingMember, drive.Source.Span, "a poisson drive", missing,
                "write poisson(n = 1000, rate = 10 Hz, weight = 0.1 mV): n inputs per neuron, each spiking at rate, each spike adding weight");
            ok = false;
        }
        return ok && count is not null && rate is not null && weight is not null && !(count is BoundError || rate is BoundError || weight is BoundError)
            ? new DriveModel(slice, variable, count, rate, weight, drive.Span)
            : null;
    }
}
