using System;
using System.Collections.Generic;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// <c>batch_norm</c> on a convolution: its output normalized per output channel while training, then folded into
/// the kernel and bias, so the simulator, the chip and NIR see a plain convolution. Only a trained convolution
/// from another population has an output to normalize and weights to fold it into.
/// </summary>
internal sealed partial class NetworkBinder
{
    /// <summary>PyTorch's BatchNorm defaults: running statistics move a tenth of the way each batch; ε under the square root.</summary>
    private const double DefaultMomentum = 0.1, DefaultEpsilon = 1e-5;

    /// <summary>The batch normalization written on a convolution, or null when none is (or it was refused).</summary>
    private BatchNormModel? BindBatchNorm(ConnectMember connect, string statement)
    {
        if (connect.BatchNorm is not { } clause)
        {
            return null;
        }
        string? refusal = connect.Rule?.Kind switch
        {
            ConnectivityKind.SumPool2d or ConnectivityKind.AvgPool2d or ConnectivityKind.MaxPool2d => "a pooling has fixed weights to fold it into; normalize the convolution before or after it",
            ConnectivityKind.Conv1d or ConnectivityKind.Conv2d when connect.Source.Population.Name == connect.Target.Population.Name
                => "a population's own output cannot be normalized over the steps it is still computing; remove batch_norm from the recurrent convolution",
            ConnectivityKind.Conv1d or ConnectivityKind.Conv2d => null,
            _ => "it normalizes a convolution's output channels; write it after conv1d(...) or conv2d(...)",
        };
        if (refusal is not null)
        {
            _diagnostics.Report(DiagnosticDescriptors.BatchNormNotSupported, clause.Span, statement, refusal);
            return null;
        }
        var values = new Dictionary<string, double>(StringComparer.Ordinal) { ["momentum"] = DefaultMomentum, ["eps"] = DefaultEpsilon };
        var given = new HashSet<string>(StringComparer.Ordinal);
        bool ok = true;
        foreach (var argument in clause.Arguments)
        {
            if (argument.Name is not { Name: "momentum" or "eps" } key || !given.Add(key.Name))
            {
                string problem = argument.Name is null ? "takes named arguments only"
                    : given.Contains(argument.Name.Name) ? $"is given '{argument.Name.Name}' twice"
                    : $"has no argument '{argument.Name.Name}'";
                _diagnostics.Report(DiagnosticDescriptors.BatchNormNotSupported, argument.Span, statement,
                    $"batch_norm {problem}; write batch_norm(momentum = 0.1, eps = 1e-5), PyTorch's defaults, or leave them out");
                ok = false;
                continue;
            }
            if (FixedConstant(argument.Value, $"The {key.Name} of batch_norm",
                    problem => _diagnostics.Report(DiagnosticDescriptors.BatchNormNotSupported, argument.Value.Span, statement, problem)) is not { } value)
            {
                ok = false;
                continue;
            }
            bool inRange = key.Name == "momentum" ? value > 0 && value <= 1 : value > 0 && value < 1;
            if (!inRange)
            {
                _diagnostics.Report(DiagnosticDescriptors.BatchNormNotSupported, argument.Value.Span, statement,
                    key.Name == "momentum"
                        ? $"the momentum is the share of a batch's statistics in the running ones, in (0, 1], but it is {Format(value)}"
                        : $"eps keeps the variance away from zero and must be in (0, 1), but it is {Format(value)}");
                ok = false;
                continue;
            }
            values[key.Name] = value;
        }
        return ok ? new BatchNormModel(values["momentum"], values["eps"], clause.Span) : null;
    }
}
