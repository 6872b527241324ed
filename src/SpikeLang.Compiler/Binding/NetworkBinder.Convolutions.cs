using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// Convolution and pooling connections: their arguments, and the shapes of the populations they join,
/// which must agree with out = (in + 2·padding − kernel) / stride + 1 when compiled.
/// </summary>
internal sealed partial class NetworkBinder
{
    /// <summary>The network's convolutions, once bound, so that statements naming them can say what they cannot do yet.</summary>
    private IReadOnlyList<ConvolutionModel> _convolutions = Array.Empty<ConvolutionModel>();

    private ConvolutionModel? BindConvolution(ConnectMember connect)
    {
        var rule = connect.Rule!;
        string name = RuleNames.Of(rule.Kind);
        string statement = $"{name} {connect.Source.Population.Name} -> {connect.Target.Population.Name}";
        if (Extra(connect) is { } extra)
        {
            _diagnostics.Report(DiagnosticDescriptors.ConvolutionExtra, extra.Span, extra.What, name,
                "its kernel is shared by every position of whole shaped populations; remove it");
            return null;
        }
        var source = ResolveSlice(connect.Source)?.Population;
        var target = ResolveSlice(connect.Target)?.Population;
        if (target is { Kind: PopulationKind.Input } or { Kind: PopulationKind.Poisson })
        {
            _diagnostics.Report(DiagnosticDescriptors.InputAsTarget, connect.Target.Population.Span, target.Name,
                target.Kind == PopulationKind.Input ? "an input population driven by the host" : "a population of Poisson sources, which make their own spikes");
            return null;
        }
        var arguments = ConvolutionArguments(rule, name, statement);
        if (source is null || target is null || target.Model is null || arguments is not var (kernel, stride, padding))
        {
            return null;
        }

        if (rule.Kind == ConnectivityKind.MaxPool2d && 2 * padding > kernel)
        {
            // As PyTorch's MaxPool2d: a window of padding alone would have no maximum.
            _diagnostics.Report(DiagnosticDescriptors.ConvolutionArgument, rule.Span, statement,
                $"max_pool2d's padding must be at most half its kernel, so that every window covers an input, but it is {padding} for a kernel of {kernel}; use padding = {kernel / 2} or less");
            return null;
        }
        bool oneD = rule.Kind == ConnectivityKind.Conv1d;
        int rank = oneD ? 2 : 3;
        string expected = oneD ? "2 dimensions [channels, length]" : "3 dimensions [channels, height, width]";
        foreach (var (population, side, reference) in new[] { (source, "source", connect.Source), (target, "target", connect.Target) })
        {
            if (population.Shape is not { } shape || shape.Count != rank)
            {
                string actual = population.Shape is { } s ? $"{FormatShape(s)}" : $"[{population.Size}] without a shape";
                string example = oneD ? $"{population.Name}[channels, {population.Size}]" : $"{population.Name}[channels, height, width]";
                _diagnostics.Report(DiagnosticDescriptors.ConvolutionNeedsShape, reference.Population.Span, statement, side, population.Name, expected, actual, example);
                return null;
            }
        }

        // A 1-D shape [c, l] is [c, 1, l] with a kernel of height 1.
        var input = Spatial(source.Shape!);
        var output = Spatial(target.Shape!);
        int kernelHeight = oneD ? 1 : kernel, strideHeight = oneD ? 1 : stride, paddingHeight = oneD ? 0 : padding;
        var kernelSpan = rule.Arguments.First(a => a.Name?.Name == "kernel").Value.Span;
        if (input.H + 2 * paddingHeight < kernelHeight || input.W + 2 * padding < kernel)
        {
            _diagnostics.Report(DiagnosticDescriptors.ConvolutionArgument, kernelSpan, statement,
                $"the kernel {kernel} is larger than the padded input {FormatShape(source.Shape!)} with padding {padding}; use a kernel of at most {Math.Min(oneD ? int.MaxValue : input.H + 2 * padding, input.W + 2 * padding)} or more padding");
            return null;
        }
        int outHeight = (input.H + 2 * paddingHeight - kernelHeight) / strideHeight + 1;
        int outWidth = (input.W + 2 * padding - kernel) / stride + 1;
        bool pooling = rule.Kind.IsPooling();
        int outChannels = pooling ? input.C : output.C;
        if (outHeight != output.H || outWidth != output.W || outChannels != output.C)
        {
            var computed = oneD ? new[] { outChannels, outWidth } : new[] { outChannels, outHeight, outWidth };
            string why = outChannels != output.C ? "; pooling keeps the channels, so the target has as many as the source" : "";
            _diagnostics.Report(DiagnosticDescriptors.ConvolutionShapeMismatch, connect.Target.Population.Span,
                $"{name}(kernel = {kernel}, stride = {stride}, padding = {padding})", $"'{source.Name}'", FormatShape(source.Shape!),
                FormatShape(computed), target.Name, FormatShape(target.Shape!), why);
            return null;
        }
        // As for a dense connection: adding into an input the target never reads cannot change what it does.
        if (!ReadsVariable(target.Model, Builtins.Symbol(Builtin.Input)))
        {
            _diagnostics.Report(DiagnosticDescriptors.UnreadWrite, connect.Span, name, "input", target.Model.Name,
                "use a neuron model whose equations or update read 'input' (Leaky, CubaLif, ...)");
        }
        return new ConvolutionModel(rule.Kind, source.Name, target.Name,
            new ConvolutionGeometry(input.C, input.H, input.W, outChannels, outHeight, outWidth,
                kernelHeight, kernel, strideHeight, stride, paddingHeight, padding), connect.Span)
        {
            SameStep = connect.SameStep,
            BatchNorm = BindBatchNorm(connect, statement),
        };
    }

    /// <summary>kernel (required), stride (1 for a convolution, the kernel for a pooling) and padding (0): whole constants.</summary>
    private (int Kernel, int Stride, int Padding)? ConvolutionArguments(ConnectivityRule rule, string name, string statement)
    {
        bool pooling = rule.Kind.IsPooling();
        var values = new Dictionary<string, int>(StringComparer.Ordinal);
        bool ok = true;
        foreach (var argument in rule.Arguments)
        {
            if (argument.Name is not { } key || key.Name is not ("kernel" or "stride" or "padding") || values.ContainsKey(key.Name))
            {
                string problem = argument.Name is null ? "takes named arguments only"
                    : values.ContainsKey(argument.Name.Name) ? $"is given '{argument.Name.Name}' twice"
                    : $"has no argument '{argument.Name.Name}'";
                _diagnostics.Report(DiagnosticDescriptors.ConvolutionArgument, argument.Span, statement, $"{name} {problem}; write {name}(kernel = 3, stride = 1, padding = 0)");
                ok = false;
                continue;
            }
            var value = FixedConstant(argument.Value, $"The {key.Name} of {name}",
                problem => _diagnostics.Report(DiagnosticDescriptors.ConvolutionArgument, argument.Value.Span, statement, problem));
            if (value is not { } v)
            {
                ok = false;
                continue;
            }
            int least = key.Name == "padding" ? 0 : 1;
            if (v < least || v != Math.Floor(v) || v > 1 << 20)
            {
                _diagnostics.Report(DiagnosticDescriptors.ConvolutionArgument, argument.Value.Span, statement,
                    $"the {key.Name} must be a whole number of at least {least}, but it is {Format(v)}");
                ok = false;
                continue;
            }
            values[key.Name] = (int)v;
        }
        if (!values.ContainsKey("kernel") && ok)
        {
            _diagnostics.Report(DiagnosticDescriptors.ConvolutionArgument, rule.Span, statement, $"{name} needs a kernel size; write {name}(kernel = 3)");
            return null;
        }
        if (!ok)
        {
            return null;
        }
        int kernel = values["kernel"];
        return (kernel, values.TryGetValue("stride", out int stride) ? stride : pooling ? kernel : 1, values.TryGetValue("padding", out int padding) ? padding : 0);
    }

    private static (TextSpan Span, string What)? Extra(ConnectMember connect) => connect switch
    {
        { Source.IsSlice: true } => (connect.Source.Span, "a slice of the source"),
        { Target.IsSlice: true } => (connect.Target.Span, "a slice of the target"),
        { Condition: { } c } => (c.Span, "'if'"),
        { Delay: { } d } => (d.Span, "'delay'"),
        { Synapse: { } s } => (s.Span, $"synapse '{s.Model.Name}'"),
        { OnPre: { } o } => (o.Span, "'on pre'"),
        _ => null,
    };

    private static (int C, int H, int W) Spatial(IReadOnlyList<int> shape) =>
        shape.Count == 2 ? (shape[0], 1, shape[1]) : (shape[0], shape[1], shape[2]);

    private static string FormatShape(IReadOnlyList<int> shape) =>
        "[" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + "]";
}
