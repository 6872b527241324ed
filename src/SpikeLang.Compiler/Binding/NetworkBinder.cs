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
internal sealed partial class NetworkBinder
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
    private readonly Dictionary<string, SubgroupModel> _subgroups = new(StringComparer.Ordinal);
    private readonly DataFiles _dataFiles;
    private double _dt = DefaultDt;

    public NetworkBinder(DeclarationTable table, Func<string, NeuronModel?> neuron, DiagnosticBag diagnostics, string networkName, DataFiles dataFiles)
    {
        _dataFiles = dataFiles;
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

        double dt = _dt = members.OfType<DtMember>().FirstOrDefault() is { } dtMember
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
                    var (inputSize, inputSizeValue, inputShape) = SizeAndShape(input.Dimensions, input.Size, input.Name.Name);
                    AddPopulation(input.Name, new PopulationModel(input.Name.Name, PopulationKind.Input, null,
                        inputSize, inputSizeValue, new Dictionary<string, BoundExpression>(), null, input.Span) { Shape = inputShape });
                    break;
                case SubgroupMember subgroup:
                    BindSubgroup(subgroup);
                    break;
            }
        }

        var convolutions = members.OfType<ConnectMember>().Where(c => c.Rule is { IsConvolution: true })
            .Select(BindConvolution).Where(c => c is not null).Select(c => c!).ToList();
        _convolutions = convolutions;
        var connections = members.OfType<ConnectMember>().Where(c => c.Rule is not { IsConvolution: true }).Select(BindConnection).Where(c => c is not null).Select(c => c!).ToList();
        var drives = members.OfType<DriveMember>().Select(BindDrive).Where(d => d is not null).Select(d => d!).ToList();
        var phases = BindProtocol(members.OfType<ProtocolMember>().ToList(), connections);
        var regularly = members.OfType<RunRegularlyMember>().Select(BindRunRegularly).Where(r => r is not null).Select(r => r!).ToList();
        var records = OneMonitorEach(members.Select(m => BindRecord(m, connections)).Where(r => r is not null).SelectMany(r => r!).ToList());
        foreach (var connection in connections)
        {
            WarnUnreadWrites(connection);
        }
        CheckSummed(connections);
        var train = members.OfType<TrainMember>().FirstOrDefault() is { } trainMember
            ? new TrainBinder(_diagnostics, _networkName, _populations, _constants).Bind(trainMember)
            : null;
        if (_populations.Count == 0 && !_diagnostics.HasErrors)
        {
            _diagnostics.Report(DiagnosticDescriptors.UnusedNetwork, declaration.Name.Span, _networkName);
        }

        return new NetworkModel(_networkName, ns, _diagnostics.Source.Path, _parameters, dt, doublePrecision,
            _populations.Values.ToList(), connections, records, train, declaration.Span)
        {
            Subgroups = _subgroups.Values.ToList(),
            Drives = drives,
            Convolutions = convolutions,
            Regularly = regularly,
            Phases = phases,
            TimedArrays = _table.TimedArrays.Values.ToList(),
        };
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

    /// <summary>A constant of the given dimension, in SI; null (reported) when it is not one.</summary>
    private double? Constant(Expression expression, Dimension dimension, string what) => ConstantWithValue(expression, dimension, what).Value;

    /// <summary>
    /// A value the generated code is built for (a kernel size, a batch normalization's momentum): a constant that reads no
    /// network parameter, since a parameter given at construction could not change it. Null when it is not one, reported
    /// through <paramref name="readsParameter"/> when it reads a parameter.
    /// </summary>
    private double? FixedConstant(Expression expression, string what, Action<string> readsParameter)
    {
        var (value, bound) = ConstantWithValue(expression, Dimension.None, what);
        if (value is not null && ConstantEvaluator.TryEvaluate(bound) is null)
        {
            readsParameter($"{char.ToLowerInvariant(what[0])}{what.Substring(1)} reads a network parameter, but it is fixed when the network is compiled; write a number");
            return null;
        }
        return value;
    }

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

    public static string Format(double value) => value.ToString("G6", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A value in SI with its unit, so "dt = -0.1 ms" is reported as -0.0001 s.</summary>
    public static string Format(double value, Dimension dimension) =>
        dimension.IsDimensionless ? Format(value) : $"{Format(value)} {dimension.Symbol}";
}
