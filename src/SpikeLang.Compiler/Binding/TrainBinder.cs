using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// Validates a <c>train</c> block against the closed catalogues of encoders, surrogates, losses,
/// readouts and optimizers, with each option's arguments, their dimensions and defaults.
/// </summary>
internal sealed class TrainBinder
{
    /// <summary>An option's arguments: name → (dimension, default value in SI; null when required).</summary>
    private sealed record OptionSpec(string Name, (string Name, Dimension Dimension, double? Default)[] Arguments)
    {
        public string Signature => Arguments.Length == 0 ? Name : $"{Name}({string.Join(", ", Arguments.Select(a => a.Name + " = ..."))})";
    }

    private static readonly OptionSpec[] Encoders =
    {
        new("current", Array.Empty<(string, Dimension, double?)>()),
        new("poisson", new[] { ("max_rate", Dimension.FrequencyDimension, (double?)100.0) }),
        new("latency", new[] { ("tau", Dimension.TimeDimension, (double?)5e-3), ("threshold", Dimension.None, (double?)0.01) }),
    };

    private static readonly OptionSpec[] Surrogates =
    {
        new("fast_sigmoid", new[] { ("slope", Dimension.None, (double?)25.0) }),
        new("arctan", new[] { ("alpha", Dimension.None, (double?)2.0) }),
        new("sigmoid", new[] { ("slope", Dimension.None, (double?)25.0) }),
        new("triangle", new[] { ("width", Dimension.None, (double?)1.0) }),
        new("straight_through", Array.Empty<(string, Dimension, double?)>()),
    };

    private static readonly OptionSpec[] Optimizers =
    {
        new("adam", new[] { ("lr", Dimension.None, (double?)1e-3), ("beta1", Dimension.None, (double?)0.9), ("beta2", Dimension.None, (double?)0.999), ("eps", Dimension.None, (double?)1e-8) }),
        new("sgd", new[] { ("lr", Dimension.None, (double?)1e-2), ("momentum", Dimension.None, (double?)0.0) }),
    };

    private static readonly OptionSpec[] Losses =
    {
        new("cross_entropy", Array.Empty<(string, Dimension, double?)>()),
        new("mse", new[] { ("correct_rate", Dimension.None, (double?)1.0), ("incorrect_rate", Dimension.None, (double?)0.0) }),
    };

    private static readonly string[] Readouts = { "spike_count", "max_membrane", "final_membrane" };

    private static readonly string[] Keys = { "steps", "batch", "encode", "surrogate", "loss", "optimizer", "detach_reset", "learn" };

    private readonly DiagnosticBag _diagnostics;
    private readonly string _networkName;
    private readonly IReadOnlyDictionary<string, PopulationModel> _populations;
    private readonly ExpressionBinder _constants;

    public TrainBinder(DiagnosticBag diagnostics, string networkName, IReadOnlyDictionary<string, PopulationModel> populations, ExpressionBinder constants)
    {
        _diagnostics = diagnostics;
        _networkName = networkName;
        _populations = populations;
        _constants = constants;
    }

    public TrainModel? Bind(TrainMember train)
    {
        int? steps = null;
        int batch = 32;
        var encodings = new List<InputEncoding>();
        TrainOption? surrogate = null;
        LossModel? loss = null;
        TrainOption? optimizer = null;
        bool detachReset = true;
        var learned = new List<Identifier>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var setting in train.Body.Items)
        {
            string key = setting.Key.Name;
            if (!Keys.Contains(key))
            {
                _diagnostics.Report(DiagnosticDescriptors.UnknownOption, setting.Key.Span, key, "train setting",
                    string.Join(", ", Keys) + Spelling.Hint(key, Keys));
                continue;
            }
            if (key != "encode" && key != "learn" && !seen.Add(key))
            {
                _diagnostics.Report(DiagnosticDescriptors.DuplicateMember, setting.Key.Span, key, "the train block");
                continue;
            }
            if (setting.Subject is not null && key != "encode")
            {
                _diagnostics.Report(DiagnosticDescriptors.MemberNotAllowed, setting.Subject.Span, "'... as'", $"'{key}'",
                    "only 'encode INPUT as ENCODER' names a subject");
                continue;
            }
            switch (key)
            {
                case "steps":
                    steps = WholeNumber(setting.Value, "The number of time steps") ?? steps;
                    break;
                case "batch":
                    batch = WholeNumber(setting.Value, "The batch size") ?? batch;
                    break;
                case "encode":
                    if (BindEncoding(setting) is { } encoding)
                    {
                        encodings.Add(encoding);
                    }
                    break;
                case "surrogate":
                    surrogate = Option(setting.Value, Surrogates, "surrogate gradient") ?? surrogate;
                    break;
                case "optimizer":
                    optimizer = Option(setting.Value, Optimizers, "optimizer") ?? optimizer;
                    break;
                case "loss":
                    loss = BindLoss(setting.Value);
                    break;
                case "detach_reset":
                    detachReset = Flag(setting.Value, "'detach_reset'") ?? detachReset;
                    break;
                case "learn":
                    if (BindLearned(setting.Value) is { } parameter)
                    {
                        learned.Add(parameter);
                    }
                    break;
            }
        }

        TextSpan at = new(train.Span.Start, "train".Length);
        if (steps is null && !seen.Contains("steps"))
        {
            _diagnostics.Report(DiagnosticDescriptors.MissingMember, at, "The train block", "'steps'", "add 'steps 25' (time steps per sample)");
        }
        if (loss is null && !seen.Contains("loss"))
        {
            _diagnostics.Report(DiagnosticDescriptors.MissingMember, at, "The train block", "'loss'", "add for example 'loss cross_entropy(spike_count(out))'");
        }
        foreach (var input in _populations.Values.Where(p => p.Kind == PopulationKind.Input && encodings.All(e => e.Input != p.Name)))
        {
            encodings.Add(new InputEncoding(input.Name, Defaults(Encoders[0], train.Span)));
        }
        if (steps is null || loss is null)
        {
            return null;
        }
        return new TrainModel(steps.Value, batch, encodings,
            surrogate ?? Defaults(Surrogates[0], train.Span), loss, optimizer ?? Defaults(Optimizers[0], train.Span),
            detachReset, learned, train.Span);
    }

    private bool? Flag(Expression value, string what)
    {
        if (value is NameExpression { Name.Name: "true" or "false" } name)
        {
            return name.Name.Name == "true";
        }
        _diagnostics.Report(DiagnosticDescriptors.UnknownOption, value.Span, (value as NameExpression)?.Name.Name ?? "this", what, "true, false");
        return null;
    }

    /// <summary><c>learn beta</c>: a parameter of the models of the trained populations, learned per layer.</summary>
    private Identifier? BindLearned(Expression value)
    {
        var models = _populations.Values.Where(p => p.Kind == PopulationKind.Neurons && p.Model is not null).Select(p => p.Model!).ToList();
        var parameters = models.SelectMany(m => m.Parameters.Select(d => d.Symbol.Name)).Distinct().ToList();
        if (value is not NameExpression name)
        {
            _diagnostics.Report(DiagnosticDescriptors.UnknownOption, value.Span, "this", "learnable parameter", string.Join(", ", parameters));
            return null;
        }
        if (!parameters.Contains(name.Name.Name))
        {
            _diagnostics.Report(DiagnosticDescriptors.UnknownOption, name.Span, name.Name.Name, "learnable parameter",
                (parameters.Count == 0 ? "none: the populations' models have no parameters" : string.Join(", ", parameters)) + Spelling.Hint(name.Name.Name, parameters));
            return null;
        }
        return name.Name;
    }

    private static TrainOption Defaults(OptionSpec spec, TextSpan span) =>
        new(spec.Name, new EquatableMap<double>(spec.Arguments.Select(a => new KeyValuePair<string, double>(a.Name, a.Default!.Value))), span);

    private InputEncoding? BindEncoding(TrainSetting setting)
    {
        if (setting.Subject is null)
        {
            _diagnostics.Report(DiagnosticDescriptors.SyntaxError, setting.Value.Span, "'encode INPUT as ENCODER'", "no 'as'");
            return null;
        }
        if (!_populations.TryGetValue(setting.Subject.Name, out var population))
        {
            _diagnostics.Report(DiagnosticDescriptors.UnknownPopulation, setting.Subject.Span, _networkName, setting.Subject.Name,
                Spelling.Hint(setting.Subject.Name, _populations.Keys));
            return null;
        }
        if (population.Kind != PopulationKind.Input)
        {
            _diagnostics.Report(DiagnosticDescriptors.MemberNotAllowed, setting.Subject.Span, $"'{population.Name}'", "'encode'",
                $"only inputs declared with 'input NAME[N]' are encoded, and '{population.Name}' is a population of {(population.Kind == PopulationKind.Poisson ? "Poisson sources" : "neurons")}");
            return null;
        }
        return Option(setting.Value, Encoders, "input encoding") is { } encoder ? new InputEncoding(population.Name, encoder) : null;
    }

    private LossModel? BindLoss(Expression value)
    {
        if (value is not CallExpression call || !Losses.Any(l => l.Name == call.Callee.Name))
        {
            var name = value is CallExpression c ? c.Callee : (value as NameExpression)?.Name;
            _diagnostics.Report(DiagnosticDescriptors.UnknownOption, name?.Span ?? value.Span, name?.Name ?? "this", "loss",
                "cross_entropy(spike_count(out)) or mse(spike_count(out), correct_rate = 0.8, incorrect_rate = 0.2)");
            return null;
        }
        var spec = Losses.First(l => l.Name == call.Callee.Name);
        var positional = call.Arguments.Where(a => a.Name is null).ToList();
        if (positional.Count != 1 || positional[0].Value is not CallExpression readout
            || !Readouts.Contains(readout.Callee.Name) || readout.Arguments.Count != 1
            || readout.Arguments[0].Value is not NameExpression populationName)
        {
            _diagnostics.Report(DiagnosticDescriptors.ArgumentDimension, call.Span, $"{spec.Name}",
                $"one readout of a population: {string.Join(", ", Readouts.Select(r => r + "(POP)"))}",
                positional.Count == 1 ? "something else" : $"{positional.Count} readouts");
            return null;
        }
        if (!_populations.TryGetValue(populationName.Name.Name, out var population))
        {
            _diagnostics.Report(DiagnosticDescriptors.UnknownPopulation, populationName.Span, _networkName, populationName.Name.Name,
                Spelling.Hint(populationName.Name.Name, _populations.Keys));
            return null;
        }
        if (population.Kind != PopulationKind.Neurons)
        {
            _diagnostics.Report(DiagnosticDescriptors.MemberNotAllowed, populationName.Span, $"'{population.Name}'", "a loss",
                "a loss reads out a population of neurons");
            return null;
        }
        var arguments = Arguments(call, spec, "loss");
        return arguments is null ? null : new LossModel(spec.Name, readout.Callee.Name, population.Name, arguments, call.Span);
    }

    /// <summary>A name or call from a catalogue, with its named constant arguments and defaults.</summary>
    private TrainOption? Option(Expression value, OptionSpec[] catalogue, string what)
    {
        var (name, call) = value switch
        {
            NameExpression n => (n.Name, (CallExpression?)null),
            CallExpression c => (c.Callee, c),
            _ => (null, null),
        };
        var spec = name is null ? null : catalogue.FirstOrDefault(s => s.Name == name.Name);
        if (spec is null)
        {
            _diagnostics.Report(DiagnosticDescriptors.UnknownOption, name?.Span ?? value.Span, name?.Name ?? "this", what,
                string.Join(", ", catalogue.Select(s => s.Signature)));
            return null;
        }
        var arguments = call is null ? Defaults(spec, value.Span).Arguments : Arguments(call, spec, what);
        return arguments is null ? null : new TrainOption(spec.Name, arguments, value.Span);
    }

    private EquatableMap<double>? Arguments(CallExpression call, OptionSpec spec, string what)
    {
        var values = spec.Arguments.Where(a => a.Default is not null).ToDictionary(a => a.Name, a => a.Default!.Value, StringComparer.Ordinal);
        bool ok = true;
        foreach (var argument in call.Arguments.Where(a => a.Name is not null || spec.Name != "cross_entropy" && spec.Name != "mse"))
        {
            if (argument.Name is null)
            {
                _diagnostics.Report(DiagnosticDescriptors.PositionalOverride, argument.Span, $"{what} '{spec.Name}'");
                ok = false;
                continue;
            }
            var declared = spec.Arguments.FirstOrDefault(a => a.Name == argument.Name.Name);
            if (declared.Name is null)
            {
                _diagnostics.Report(DiagnosticDescriptors.UnknownArgument, argument.Name.Span, $"{what} '{spec.Name}'", "argument", argument.Name.Name,
                    spec.Arguments.Length == 0 ? "; it takes none" : $"; it takes {string.Join(", ", spec.Arguments.Select(a => a.Name))}");
                ok = false;
                continue;
            }
            var bound = _constants.BindNumber(argument.Value, declared.Dimension, $"'{argument.Name.Name}'");
            if (bound is BoundError)
            {
                ok = false;
                continue;
            }
            if (ConstantEvaluator.TryEvaluate(bound) is not { } constant)
            {
                _diagnostics.Report(DiagnosticDescriptors.ConstantExpected, argument.Value.Span, $"'{argument.Name.Name}'",
                    ConstantEvaluator.FirstNonConstant(bound) ?? "a non-constant term");
                ok = false;
                continue;
            }
            if (double.IsNaN(constant) || double.IsInfinity(constant))
            {
                _diagnostics.Report(DiagnosticDescriptors.NotFinite, argument.Value.Span, $"'{argument.Name.Name}'", NetworkBinder.Format(constant));
                ok = false;
                continue;
            }
            if (constant < 0 || (constant == 0 && argument.Name.Name is "lr" or "eps" or "slope" or "alpha" or "width" or "max_rate" or "tau"))
            {
                _diagnostics.Report(constant < 0 ? DiagnosticDescriptors.NegativeValue : DiagnosticDescriptors.NonPositiveValue,
                    argument.Value.Span, $"'{argument.Name.Name}'", NetworkBinder.Format(constant));
                ok = false;
                continue;
            }
            values[argument.Name.Name] = constant;
        }
        return ok ? new EquatableMap<double>(values) : null;
    }

    private int? WholeNumber(Expression expression, string what)
    {
        var bound = _constants.BindNumber(expression, Dimension.None, what);
        if (bound is BoundError)
        {
            return null;
        }
        if (ConstantEvaluator.TryEvaluate(bound) is not { } value)
        {
            _diagnostics.Report(DiagnosticDescriptors.ConstantExpected, expression.Span, what, ConstantEvaluator.FirstNonConstant(bound) ?? "a non-constant term");
            return null;
        }
        if (value < 1 || value != Math.Floor(value) || value > int.MaxValue)
        {
            _diagnostics.Report(DiagnosticDescriptors.NonPositiveValue, expression.Span, what + " (a whole number)", NetworkBinder.Format(value));
            return null;
        }
        return (int)value;
    }
}
