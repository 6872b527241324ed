using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// Binds a network: dt and precision, populations with their sizes and overrides, connections with
/// their rule, slices, condition, delay and synapse (bound to the neurons it joins), recordings and
/// the train block.
/// </summary>
internal sealed class NetworkBinder
{
    private const double DefaultDt = 1e-4;

    private readonly DeclarationTable _table;
    private readonly Func<string, NeuronModel?> _neuron;
    private readonly DiagnosticBag _diagnostics;
    private readonly string _networkName;
    private readonly ExpressionBinder _constants;
    private readonly Dictionary<string, PopulationModel> _populations = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TextSpan> _populationSpans = new(StringComparer.Ordinal);
    private readonly List<BoundVariableDeclaration> _parameters = new();
    private readonly Dictionary<string, double> _parameterDefaults = new(StringComparer.Ordinal);

    public NetworkBinder(DeclarationTable table, Func<string, NeuronModel?> neuron, DiagnosticBag diagnostics, string networkName)
    {
        _table = table;
        _neuron = neuron;
        _diagnostics = diagnostics;
        _networkName = networkName;
        _constants = new ExpressionBinder(diagnostics, new Scope($"network '{networkName}'", Array.Empty<VariableSymbol>()));
    }

    public NetworkModel Bind(NetworkDeclaration declaration, string? ns)
    {
        var members = declaration.Members;
        foreach (var group in members.Where(m => m is DtMember or PrecisionMember or TrainMember or NetworkParametersMember).GroupBy(m => m.GetType()))
        {
            foreach (var extra in group.Skip(1))
            {
                string word = extra switch { DtMember => "dt", PrecisionMember => "precision", NetworkParametersMember => "parameters", _ => "train" };
                _diagnostics.Report(DiagnosticDescriptors.DuplicateMember, extra.Span, word, $"network '{_networkName}'");
            }
        }

        if (members.OfType<NetworkParametersMember>().FirstOrDefault() is { } parameters)
        {
            BindParameters(parameters.Body.Items);
        }

        double dt = members.OfType<DtMember>().FirstOrDefault() is { } dtMember
            ? PositiveConstant(dtMember.Value, Dimension.TimeDimension, "dt") ?? DefaultDt
            : DefaultDt;

        bool doublePrecision = false;
        if (members.OfType<PrecisionMember>().FirstOrDefault() is { } precision)
        {
            switch (precision.Precision.Name)
            {
                case "float":
                    break;
                case "double":
                    doublePrecision = true;
                    break;
                default:
                    _diagnostics.Report(DiagnosticDescriptors.UnknownOption, precision.Precision.Span, precision.Precision.Name, "precision", "'float' or 'double'");
                    break;
            }
        }

        foreach (var member in members)
        {
            switch (member)
            {
                case PopulationMember population:
                    BindPopulation(population);
                    break;
                case InputMember input:
                    var (inputSize, inputSizeValue) = Size(input.Size, input.Name.Name);
                    AddPopulation(input.Name, new PopulationModel(input.Name.Name, PopulationKind.Input, null,
                        inputSize, inputSizeValue, new Dictionary<string, BoundExpression>(), null, input.Span));
                    break;
            }
        }

        var connections = members.OfType<ConnectMember>().Select(BindConnection).Where(c => c is not null).Select(c => c!).ToList();
        var records = members.Select(m => BindRecord(m, connections)).Where(r => r is not null).SelectMany(r => r!).ToList();
        var train = members.OfType<TrainMember>().FirstOrDefault() is { } trainMember
            ? new TrainBinder(_diagnostics, _networkName, _populations, _constants).Bind(trainMember)
            : null;

        if (_populations.Count == 0 && !_diagnostics.HasErrors)
        {
            _diagnostics.Report(DiagnosticDescriptors.UnusedNetwork, declaration.Name.Span, _networkName);
        }

        return new NetworkModel(_networkName, ns, _diagnostics.Source.Path, _parameters, dt, doublePrecision,
            _populations.Values.ToList(), connections, records, train, declaration.Span);
    }

    /// <summary>
    /// Network parameters: constants, each after those it uses, that every construction-time
    /// expression of the network may use. Checks below use their default values.
    /// </summary>
    private void BindParameters(IReadOnlyList<VariableDeclaration> declarations)
    {
        var unique = new List<VariableDeclaration>();
        foreach (var declaration in declarations)
        {
            if (unique.FirstOrDefault(d => d.Name.Name == declaration.Name.Name) is { } first)
            {
                _diagnostics.Report(DiagnosticDescriptors.DuplicateDeclaration, declaration.Name.Span, declaration.Name.Name,
                    $"as a network parameter at line {_diagnostics.Source.GetLinePosition(first.Name.Span.Start).Line + 1}");
                continue;
            }
            foreach (var flag in declaration.Flags)
            {
                _diagnostics.Report(DiagnosticDescriptors.UnknownFlag, flag.Span, flag.Name, "network parameters take no flags");
            }
            unique.Add(declaration);
        }
        // Placeholders keep a circular definition from cascading into unknown-name errors.
        foreach (var declaration in unique)
        {
            _constants.Scope.Declare(new VariableSymbol(declaration.Name.Name, VariableKind.NetworkParameter, null, declaration.Name.Span));
        }
        var index = unique.Select((d, k) => (d.Name.Name, k)).ToDictionary(p => p.Name, p => p.k, StringComparer.Ordinal);
        var order = Analysis.DependencyOrder.Sort(unique.Count, k => ModelBinder.NamesIn(unique[k].Value).Where(index.ContainsKey).Select(n => index[n]));
        foreach (var cycle in order.Cycles)
        {
            var names = cycle.Select(k => unique[k].Name).ToList();
            _diagnostics.Report(DiagnosticDescriptors.CircularDefinition, names[0].Span, names[0].Name, string.Join(" -> ", names.Select(n => n.Name)));
        }
        foreach (int k in order.Order)
        {
            var declaration = unique[k];
            var value = _constants.BindNumber(declaration.Value);
            double? constant = value is BoundError ? null : ConstantEvaluator.TryEvaluate(value, Lookup);
            // A value that uses only network parameters and still has no value is part of a reported circle.
            if (value is not BoundError && constant is null && ConstantEvaluator.FirstNonConstant(value) is not null)
            {
                _diagnostics.Report(DiagnosticDescriptors.ConstantExpected, declaration.Value.Span, $"Network parameter '{declaration.Name.Name}'",
                    ConstantEvaluator.FirstNonConstant(value)!);
            }
            var symbol = new VariableSymbol(declaration.Name.Name, VariableKind.NetworkParameter, value.Type.Dimension ?? Dimension.None, declaration.Name.Span);
            _constants.Scope.Declare(symbol);
            _parameters.Add(new BoundVariableDeclaration(symbol, value));
            _parameterDefaults[symbol.Name] = constant ?? 0;
        }
    }

    private double? Lookup(VariableSymbol symbol) =>
        symbol.Kind == VariableKind.NetworkParameter && _parameterDefaults.TryGetValue(symbol.Name, out double value) ? value : null;

    private void DeclareParameters(Scope scope)
    {
        foreach (var parameter in _parameters)
        {
            scope.Declare(parameter.Symbol);
        }
    }

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
        var (size, sizeValue) = Size(population.Size, name);
        if (population.Model.Name == "poisson")
        {
            var overrides = BindArguments(population.Arguments, $"poisson population '{name}'",
                new Dictionary<string, VariableSymbol> { ["rate"] = new("rate", VariableKind.Parameter, Dimension.FrequencyDimension, default) },
                PopulationScope(name, null), "parameter");
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
                new Dictionary<string, BoundExpression>(), rate, population.Span));
            return;
        }

        var model = _neuron(population.Model.Name);
        if (model is null)
        {
            string hint = _table.Synapses.ContainsKey(population.Model.Name)
                ? " (it is a synapse model; populations are made of neurons)"
                : Spelling.Hint(population.Model.Name, _table.Neurons.Keys.Concat(new[] { "poisson" }));
            _diagnostics.Report(DiagnosticDescriptors.UnknownNeuronModel, population.Model.Span, population.Model.Name, hint,
                string.Join(", ", _table.StandardNeuronNames.OrderBy(n => n, StringComparer.Ordinal).Concat(new[] { "poisson(rate = ...)" })));
            AddPopulation(population.Name, new PopulationModel(name, PopulationKind.Neurons, null, size, sizeValue,
                new Dictionary<string, BoundExpression>(), null, population.Span));
            return;
        }

        var settable = model.Parameters.Concat(model.State).ToDictionary(d => d.Symbol.Name, d => d.Symbol, StringComparer.Ordinal);
        var neuronOverrides = BindArguments(population.Arguments, $"neuron model '{model.Name}'", settable,
            PopulationScope(name, model), "parameter or state variable");
        AddPopulation(population.Name, new PopulationModel(name, PopulationKind.Neurons, model, size, sizeValue, neuronOverrides, null, population.Span));
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

    /// <summary>A constant of the given dimension, in SI; null (reported) when it is not one.</summary>
    private double? Constant(Expression expression, Dimension dimension, string what) => ConstantWithValue(expression, dimension, what).Value;

    /// <summary>The value with the network parameters' defaults, and the expression for the generated constructor.</summary>
    private (double? Value, BoundExpression Bound) ConstantWithValue(Expression expression, Dimension dimension, string what)
    {
        var bound = _constants.BindNumber(expression, dimension, what);
        if (bound is BoundError)
        {
            return (null, bound);
        }
        double? value = ConstantEvaluator.TryEvaluate(bound, Lookup);
        if (value is { } number && (double.IsNaN(number) || double.IsInfinity(number)))
        {
            _diagnostics.Report(DiagnosticDescriptors.NotFinite, expression.Span, what, Format(number, dimension));
            return (null, bound);
        }
        if (value is null)
        {
            _diagnostics.Report(DiagnosticDescriptors.ConstantExpected, expression.Span, what,
                ConstantEvaluator.FirstNonConstant(bound) ?? "a non-constant term");
        }
        return (value, bound);
    }

    private double? PositiveConstant(Expression expression, Dimension dimension, string what)
    {
        double? value = Constant(expression, dimension, what);
        if (value is <= 0)
        {
            _diagnostics.Report(DiagnosticDescriptors.NonPositiveValue, expression.Span, what, Format(value.Value, dimension));
            return null;
        }
        return value;
    }

    private PopulationModel? Resolve(Identifier name)
    {
        if (_populations.TryGetValue(name.Name, out var population))
        {
            return population;
        }
        _diagnostics.Report(DiagnosticDescriptors.UnknownPopulation, name.Span, _networkName, name.Name,
            Spelling.Hint(name.Name, _populations.Keys) is { Length: > 0 } hint
                ? hint
                : "; declare it with 'population NAME = MODEL[N]' before using it");
        return null;
    }

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

    private ConnectionModel? BindConnection(ConnectMember connect)
    {
        var source = Resolve(connect.Source.Population);
        var target = Resolve(connect.Target.Population);
        if (target is { Kind: PopulationKind.Input } or { Kind: PopulationKind.Poisson })
        {
            _diagnostics.Report(DiagnosticDescriptors.InputAsTarget, connect.Target.Population.Span, target.Name,
                target.Kind == PopulationKind.Input ? "an input population driven by the host" : "a population of Poisson sources, which make their own spikes");
            return null;
        }
        // A population whose model is unknown has been reported; its synapses cannot be checked.
        if (source is null || target is null || target.Model is null || source is { Kind: PopulationKind.Neurons, Model: null })
        {
            return null;
        }
        var sourceSlice = Slice(connect.Source, source);
        var targetSlice = Slice(connect.Target, target);

        var rule = connect.Rule?.Kind ?? ConnectivityKind.All;
        double? probability = null;
        int? inDegree = null;
        BoundExpression? ruleValue = null;
        if (connect.Rule is { Kind: ConnectivityKind.Probability, Argument: { } p })
        {
            (probability, ruleValue) = ConstantWithValue(p, Dimension.None, "A connection probability");
            if (probability is < 0 or > 1)
            {
                _diagnostics.Report(DiagnosticDescriptors.ProbabilityOutOfRange, p.Span, Format(probability.Value));
            }
        }
        if (connect.Rule is { Kind: ConnectivityKind.FixedInDegree, Argument: { } k })
        {
            var (value, kValue) = ConstantWithValue(k, Dimension.None, "An in-degree");
            ruleValue = kValue;
            if (value is { } degree)
            {
                if (degree < 1 || degree != Math.Floor(degree))
                {
                    _diagnostics.Report(DiagnosticDescriptors.NonPositiveValue, k.Span, "An in-degree (a whole number)", Format(degree));
                }
                else if (sourceSlice is not null && degree > sourceSlice.Count)
                {
                    _diagnostics.Report(DiagnosticDescriptors.InDegreeTooLarge, k.Span, Format(degree), sourceSlice.Count);
                }
                else
                {
                    inDegree = (int)degree;
                }
            }
        }
        if (rule == ConnectivityKind.OneToOne && sourceSlice is not null && targetSlice is not null && sourceSlice.Count != targetSlice.Count)
        {
            _diagnostics.Report(DiagnosticDescriptors.OneToOneSizeMismatch, connect.Rule!.Span, sourceSlice.Count, targetSlice.Count);
        }

        var pairScope = new Scope($"the connection {source.Name} -> {target.Name}",
            Builtins.Symbols(Builtin.Index, Builtin.TargetIndex, Builtin.SourceCount, Builtin.TargetCount));
        DeclareParameters(pairScope);
        var pairBinder = new ExpressionBinder(_diagnostics, pairScope);
        var condition = connect.Condition is null ? null : pairBinder.BindCondition(connect.Condition, "A connection condition");
        BoundExpression? delay = null;
        if (connect.Delay is not null)
        {
            delay = pairBinder.BindNumber(connect.Delay, Dimension.TimeDimension, "A delay");
            if (ConstantEvaluator.TryEvaluate(delay) is < 0 and var negative)
            {
                _diagnostics.Report(DiagnosticDescriptors.NegativeValue, connect.Delay.Span, "A delay", Format(negative, Dimension.TimeDimension));
            }
        }

        var pre = NeighbourSymbols(source);
        var post = NeighbourSymbols(target);
        var modelBinder = new ModelBinder(_diagnostics);
        string context = $"the connection {source.Name} -> {target.Name}";
        string usage = $"{context} at {System.IO.Path.GetFileName(_diagnostics.Source.Path)} line {_diagnostics.Source.GetLinePosition(connect.Span.Start).Line + 1}";
        SynapseModel synapse;
        IReadOnlyDictionary<string, BoundExpression> synapseOverrides = new Dictionary<string, BoundExpression>();
        if (connect.Synapse is { } reference)
        {
            if (!_table.Synapses.TryGetValue(reference.Model.Name, out var located))
            {
                string hint = _table.Neurons.ContainsKey(reference.Model.Name)
                    ? " (it is a neuron model)"
                    : Spelling.Hint(reference.Model.Name, _table.Synapses.Keys);
                _diagnostics.Report(DiagnosticDescriptors.UnknownSynapseModel, reference.Model.Span, reference.Model.Name, hint,
                    string.Join(", ", _table.StandardSynapseNames.OrderBy(n => n, StringComparer.Ordinal)));
                return null;
            }
            synapse = new ModelBinder(located.File).BindSynapse(located.Declaration, pre, post, usage, target.Model.Name);
            var settable = synapse.Parameters.Concat(synapse.State).ToDictionary(d => d.Symbol.Name, d => d.Symbol, StringComparer.Ordinal);
            synapseOverrides = BindArguments(reference.Arguments, $"synapse model '{synapse.Name}'", settable, pairBinder, "parameter or state variable");
        }
        else if (connect.OnPre is { } onPre)
        {
            if (onPre.Pathway.Name != "pre")
            {
                _diagnostics.Report(DiagnosticDescriptors.MemberNotAllowed, onPre.Pathway.Span, $"'on {onPre.Pathway.Name}'", "a connect statement",
                    "a connection reacts inline to presynaptic spikes only ('on pre'); declare a synapse model for 'on post'");
            }
            var statements = modelBinder.BindInlineOnPre(onPre, pre, post, context, target.Model.Name, _parameters.Select(p => p.Symbol));
            synapse = new SynapseModel("on pre", _diagnostics.Source.Path, onPre.Span,
                Array.Empty<BoundVariableDeclaration>(), Array.Empty<BoundVariableDeclaration>(), Array.Empty<BoundVariableDeclaration>(),
                Array.Empty<BoundEquation>(), null, IntegrationMethod.Exact, statements, Array.Empty<BoundAssignment>());
        }
        else
        {
            var located = _table.Synapses["Static"];
            synapse = new ModelBinder(located.File).BindSynapse(located.Declaration, pre, post, usage, target.Model.Name);
        }

        if (rule == ConnectivityKind.Dense && DenseExtra(connect) is { } extra)
        {
            _diagnostics.Report(DiagnosticDescriptors.MemberNotAllowed, extra.Span, extra.What, "a dense connection",
                "a dense connection is a trainable weight matrix with a bias (the Static synapse, no delay, every pair); use 'all' for other synapses");
            return null;
        }
        if (sourceSlice is null || targetSlice is null)
        {
            return null;
        }
        return new ConnectionModel(sourceSlice, targetSlice, rule, probability, inDegree, ruleValue, condition, delay, synapse, synapseOverrides, connect.Span);
    }

    /// <summary>The first part of a dense connect statement that a weight matrix cannot have.</summary>
    private static (TextSpan Span, string What)? DenseExtra(ConnectMember connect) => connect switch
    {
        { Condition: { } c } => (c.Span, "'if'"),
        { Delay: { } d } => (d.Span, "'delay'"),
        { Synapse: { } s } when s.Model.Name != "Static" => (s.Model.Span, $"synapse '{s.Model.Name}'"),
        { OnPre: { } o } => (o.Span, "'on pre'"),
        _ => null,
    };

    private static IReadOnlyDictionary<string, VariableSymbol> NeighbourSymbols(PopulationModel population) => population switch
    {
        { Model: { } model } => ModelBinder.VisibleFromSynapses(model),
        { Kind: PopulationKind.Poisson } => new Dictionary<string, VariableSymbol> { ["rate"] = new("rate", VariableKind.Parameter, Dimension.FrequencyDimension, default) },
        _ => new Dictionary<string, VariableSymbol>(),
    };

    private IEnumerable<RecordModel>? BindRecord(NetworkMember member, IReadOnlyList<ConnectionModel> connections)
    {
        switch (member)
        {
            case RecordSpikesMember spikes:
                return spikes.Populations.Where(p => Resolve(p) is not null)
                    .Select(p => new RecordModel(RecordKind.Spikes, p.Name, null, null, spikes.Span)).ToList();
            case RecordStateMember state:
                var records = new List<RecordModel>();
                foreach (var reference in state.Variables)
                {
                    var population = Resolve(reference.Population);
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
                    records.Add(new RecordModel(RecordKind.State, population.Name, reference.Variable.Name, null, reference.Span));
                }
                return records;
            case RecordWeightsMember weights:
                var source = Resolve(weights.Source);
                var target = Resolve(weights.Target);
                if (source is null || target is null)
                {
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
                return new[] { new RecordModel(RecordKind.Weights, source.Name, "w", target.Name, weights.Span) };
            default:
                return null;
        }
    }

    public static string Format(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A value in SI with its unit, so "dt = -0.1 ms" is reported as -0.0001 s.</summary>
    public static string Format(double value, Dimension dimension) =>
        dimension.IsDimensionless ? Format(value) : $"{Format(value)} {dimension.Symbol}";
}
