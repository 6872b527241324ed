using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Analysis;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// Binds a neuron or synapse declaration: declarations in dependency order, aliases, equations with
/// their dimensions, update/reset/on-event code, and the classification of the equations.
/// </summary>
internal sealed class ModelBinder
{
    private static readonly string[] Methods = { "exact", "euler", "rk2", "rk4" };

    private readonly DiagnosticBag _diagnostics;

    public ModelBinder(DiagnosticBag diagnostics) => _diagnostics = diagnostics;

    /// <summary>Names the engine supplies to neuron code.</summary>
    public static IReadOnlyList<VariableSymbol> NeuronBuiltIns { get; } =
        Builtins.Symbols(Builtin.Time, Builtin.TimeStep, Builtin.Index, Builtin.Count, Builtin.Input);

    /// <summary>Names the engine supplies to synapse code: i and j are the pre- and postsynaptic indices.</summary>
    public static IReadOnlyList<VariableSymbol> SynapseBuiltIns { get; } =
        Builtins.Symbols(Builtin.Time, Builtin.TimeStep, Builtin.Index, Builtin.TargetIndex);

    public NeuronModel BindNeuron(NeuronDeclaration declaration)
    {
        string what = $"neuron '{declaration.Name.Name}'";
        var members = declaration.Members;
        foreach (var member in members.OfType<OnEventMember>())
        {
            _diagnostics.Report(DiagnosticDescriptors.MemberNotAllowed, member.Span, $"'on {member.Pathway.Name}'", "a neuron",
                "spike pathways belong to a synapse (or to 'connect ... on pre { }')");
        }
        CheckSingle(members, what);

        var scope = new Scope(what, NeuronBuiltIns);
        var core = BindCore(declaration.Name.Name, members, scope, isSynapse: false);

        var update = members.OfType<UpdateMember>().FirstOrDefault();
        var equations = members.OfType<EquationsMember>().FirstOrDefault();
        if (update is not null && equations is not null)
        {
            _diagnostics.Report(DiagnosticDescriptors.EquationsAndUpdate, update.Span, what);
        }
        var binder = new ExpressionBinder(_diagnostics, scope);
        var updateStatements = update is null ? new List<BoundAssignment>() : BindStatements(update.Body.Items, binder, what);

        var threshold = members.OfType<ThresholdMember>().FirstOrDefault();
        var boundThreshold = threshold is null ? null : binder.BindCondition(threshold.Condition, "A threshold");
        var reset = members.OfType<ResetMember>().FirstOrDefault();
        if (reset is not null && threshold is null)
        {
            _diagnostics.Report(DiagnosticDescriptors.MissingMember, reset.Span, what, "threshold",
                "a reset runs after a spike, so add 'threshold <condition>'");
        }
        var resetStatements = reset is null ? new List<BoundAssignment>() : BindStatements(reset.Body.Items, binder, what);
        var refractory = members.OfType<RefractoryMember>().FirstOrDefault();
        var boundRefractory = refractory is null
            ? null
            : binder.BindNumber(refractory.Duration, Dimension.TimeDimension, "The refractory period");
        if (boundRefractory is not null && ConstantEvaluator.TryEvaluate(boundRefractory) is { } period)
        {
            if (double.IsNaN(period) || double.IsInfinity(period))
            {
                _diagnostics.Report(DiagnosticDescriptors.NotFinite, refractory!.Duration.Span, "The refractory period", NetworkBinder.Format(period));
            }
            else if (period < 0)
            {
                _diagnostics.Report(DiagnosticDescriptors.NegativeValue, refractory!.Duration.Span, "The refractory period", NetworkBinder.Format(period, Dimension.TimeDimension));
            }
        }

        if (refractory is null)
        {
            foreach (var equation in core.EquationSyntax.Where(e => e.Flags.Any(f => f.Kind == EquationFlagKind.UnlessRefractory)))
            {
                _diagnostics.Report(DiagnosticDescriptors.UnlessRefractoryWithoutRefractory,
                    equation.Flags.First(f => f.Kind == EquationFlagKind.UnlessRefractory).Span, equation.Variable.Name, what);
            }
        }

        return new NeuronModel(declaration.Name.Name, _diagnostics.Source.Path, declaration.Span,
            core.Parameters, core.State, core.Aliases, core.Equations, core.System, core.Method,
            updateStatements, boundThreshold, resetStatements, boundRefractory);
    }

    /// <summary>
    /// Binds a synapse for one connection, with the pre- and postsynaptic neurons' variables visible;
    /// with both null it is checked on its own and names it does not declare are left to its connections.
    /// </summary>
    /// <param name="usage">The connection being bound, named in messages ("the connection a -> b at net.snn line 7").</param>
    public SynapseModel BindSynapse(
        SynapseDeclaration declaration,
        IReadOnlyDictionary<string, VariableSymbol>? pre,
        IReadOnlyDictionary<string, VariableSymbol>? post,
        string? usage = null,
        string? postModel = null)
    {
        string what = usage is null ? $"synapse '{declaration.Name.Name}'" : $"synapse '{declaration.Name.Name}' in {usage}";
        var members = declaration.Members;
        foreach (var member in members.Where(m => m is UpdateMember or ThresholdMember or ResetMember or RefractoryMember))
        {
            string name = member switch
            {
                UpdateMember => "'update'",
                ThresholdMember => "'threshold'",
                ResetMember => "'reset'",
                _ => "'refractory'",
            };
            _diagnostics.Report(DiagnosticDescriptors.MemberNotAllowed, member.Span, name, "a synapse",
                "a synapse reacts to spikes with 'on pre { }' and 'on post { }'");
        }
        CheckSingle(members, what);

        bool standalone = pre is null && post is null;
        var scope = new Scope(what, SynapseBuiltIns, pre, post, neighboursUnknown: standalone, postModel: postModel);
        var core = BindCore(declaration.Name.Name, members, scope, isSynapse: true);
        var binder = new ExpressionBinder(_diagnostics, scope);

        var onPre = new List<BoundAssignment>();
        var onPost = new List<BoundAssignment>();
        foreach (var member in members.OfType<OnEventMember>())
        {
            var target = member.Pathway.Name switch
            {
                "pre" => onPre,
                "post" => onPost,
                _ => null,
            };
            if (target is null)
            {
                _diagnostics.Report(DiagnosticDescriptors.UnknownOption, member.Pathway.Span, member.Pathway.Name, "spike pathway", "'on pre' or 'on post'");
                continue;
            }
            target.AddRange(BindStatements(member.Body.Items, binder, what));
        }

        return new SynapseModel(declaration.Name.Name, _diagnostics.Source.Path, declaration.Span,
            core.Parameters, core.State, core.Aliases, core.Equations, core.System, core.Method, onPre, onPost);
    }

    /// <summary>Binds the statements of an inline <c>connect ... on pre { }</c>, which has no variables of its own.</summary>
    public IReadOnlyList<BoundAssignment> BindInlineOnPre(
        OnEventMember member,
        IReadOnlyDictionary<string, VariableSymbol> pre,
        IReadOnlyDictionary<string, VariableSymbol> post,
        string what,
        string postModel,
        IEnumerable<VariableSymbol> networkParameters)
    {
        var scope = new Scope(what, SynapseBuiltIns, pre, post, postModel: postModel);
        // Inline code belongs to the network, so it sees the network's parameters.
        foreach (var parameter in networkParameters)
        {
            scope.Declare(parameter);
        }
        return BindStatements(member.Body.Items, new ExpressionBinder(_diagnostics, scope), what);
    }

    /// <summary>The variables of a bound neuron as seen from synapse code.</summary>
    public static IReadOnlyDictionary<string, VariableSymbol> VisibleFromSynapses(NeuronModel model)
    {
        var symbols = new Dictionary<string, VariableSymbol>(StringComparer.Ordinal);
        foreach (var declaration in model.Parameters.Concat(model.State).Concat(model.Aliases))
        {
            symbols[declaration.Symbol.Name] = declaration.Symbol;
        }
        var input = Builtins.Symbol(Builtin.Input);
        symbols[input.Name] = input;
        return symbols;
    }

    private sealed record Core(
        IReadOnlyList<BoundVariableDeclaration> Parameters,
        IReadOnlyList<BoundVariableDeclaration> State,
        IReadOnlyList<BoundVariableDeclaration> Aliases,
        IReadOnlyList<BoundEquation> Equations,
        IReadOnlyList<DifferentialEquation> EquationSyntax,
        OdeSystem? System,
        IntegrationMethod Method);

    private Core BindCore(string modelName, IReadOnlyList<MemberSyntax> members, Scope scope, bool isSynapse)
    {
        var parameterSyntax = members.OfType<ParametersMember>().SelectMany(m => m.Body.Items).ToList();
        var stateSyntax = members.OfType<StateMember>().SelectMany(m => m.Body.Items).ToList();
        var equationItems = members.OfType<EquationsMember>().SelectMany(m => m.Body.Items).ToList();
        var aliasSyntax = equationItems.OfType<AliasEquation>().ToList();
        var equationSyntax = equationItems.OfType<DifferentialEquation>().ToList();

        // Every declared name, in written order, for duplicate checks and dependency ordering.
        var noFlags = (IReadOnlyList<Identifier>)Array.Empty<Identifier>();
        var declared = parameterSyntax.Select(p => (p.Name, Kind: VariableKind.Parameter, Value: p.Value, Flags: p.Flags))
            .Concat(stateSyntax.Select(s => (s.Name, Kind: VariableKind.State, Value: s.Value, Flags: s.Flags)))
            .Concat(aliasSyntax.Select(a => (a.Name, Kind: VariableKind.Alias, Value: a.Value, Flags: noFlags)))
            .ToList();

        // As in Brian2, an equation declares its variable when state { } does not: it starts at 0 and is
        // dimensionless (the example traces a_pre, a_post). Declare it in state { } to give it a unit.
        var declaredNames = new HashSet<string>(declared.Select(d => d.Name.Name), StringComparer.Ordinal);
        foreach (var equation in equationSyntax.Where(e => declaredNames.Add(e.Variable.Name)))
        {
            var zero = new NumberExpression(0, "0", equation.Variable.Span);
            declared.Add((new Identifier(equation.Variable.Name, equation.Variable.Span), VariableKind.State, zero, noFlags));
        }
        var firstDeclaration = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int k = 0; k < declared.Count; k++)
        {
            var name = declared[k].Name;
            if (scope.IsBuiltIn(name.Name))
            {
                _diagnostics.Report(DiagnosticDescriptors.DuplicateDeclaration, name.Span, name.Name, "as a built-in name");
            }
            else if (firstDeclaration.TryGetValue(name.Name, out int first))
            {
                var previous = declared[first];
                _diagnostics.Report(DiagnosticDescriptors.DuplicateDeclaration, name.Span, name.Name,
                    $"as {KindWord(previous.Kind)} at line {_diagnostics.Source.GetLinePosition(previous.Name.Span.Start).Line + 1}");
            }
            else
            {
                firstDeclaration[name.Name] = k;
            }
        }

        // Placeholders let a name used before its definition resolve (ordering fixes the rest) and keep
        // a circular definition from cascading into unknown-name errors.
        foreach (var pair in firstDeclaration)
        {
            var d = declared[pair.Value];
            scope.Declare(new VariableSymbol(pair.Key, d.Kind, null, d.Name.Span));
        }

        var indices = firstDeclaration.Values.OrderBy(k => k).ToList();
        var position = indices.Select((declIndex, slot) => (declIndex, slot)).ToDictionary(p => p.declIndex, p => p.slot);
        var order = DependencyOrder.Sort(indices.Count, slot =>
            NamesIn(declared[indices[slot]].Value)
                .Where(firstDeclaration.ContainsKey)
                .Select(n => position[firstDeclaration[n]]));
        foreach (var cycle in order.Cycles)
        {
            var names = cycle.Select(slot => declared[indices[slot]].Name).ToList();
            _diagnostics.Report(DiagnosticDescriptors.CircularDefinition, names[0].Span, names[0].Name,
                string.Join(" -> ", names.Select(n => n.Name)));
        }

        var binder = new ExpressionBinder(_diagnostics, scope);
        var bound = new Dictionary<string, BoundVariableDeclaration>(StringComparer.Ordinal);
        foreach (int slot in order.Order)
        {
            var d = declared[indices[slot]];
            var value = binder.BindNumber(d.Value);
            bool shared = false;
            foreach (var flag in d.Flags)
            {
                if (flag.Name == "shared" && d.Kind == VariableKind.State && isSynapse)
                {
                    shared = true;
                }
                else
                {
                    _diagnostics.Report(DiagnosticDescriptors.UnknownFlag, flag.Span, flag.Name,
                        d.Kind == VariableKind.State && isSynapse
                            ? "the only flag of a synapse state variable is 'shared' (one value for all synapses, set by the host)"
                            : "declarations here take no flags; put each declaration on its own line or separate them with ';'");
                }
            }
            var symbol = new VariableSymbol(d.Name.Name, d.Kind, value.Type.Dimension ?? Dimension.None, d.Name.Span, shared);
            scope.Declare(symbol);
            bound[d.Name.Name] = new BoundVariableDeclaration(symbol, value);
        }

        var parameters = Ordered(VariableKind.Parameter);
        var state = Ordered(VariableKind.State);
        var aliases = Ordered(VariableKind.Alias);
        var aliasValues = aliases.ToDictionary(a => a.Symbol.Name, a => a.Value, StringComparer.Ordinal);

        var equations = new List<BoundEquation>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var equation in equationSyntax)
        {
            var rhs = binder.BindNumber(equation.Rhs);
            if (!bound.TryGetValue(equation.Variable.Name, out var target) || target.Symbol.Kind != VariableKind.State)
            {
                _diagnostics.Report(DiagnosticDescriptors.EquationForConstant, equation.Variable.Span, equation.Variable.Name,
                    target is null ? "not declared" : target.Symbol.KindDescription);
                continue;
            }
            if (!seen.Add(equation.Variable.Name))
            {
                _diagnostics.Report(DiagnosticDescriptors.DuplicateEquation, equation.Variable.Span, equation.Variable.Name);
                continue;
            }
            var expected = target.Symbol.Dimension!.Value / Dimension.TimeDimension;
            if (rhs.Type.Dimension is { } actual && actual != expected)
            {
                _diagnostics.Report(DiagnosticDescriptors.EquationDimension, equation.Rhs.Span, equation.Variable.Name, expected.Describe(), actual.Describe());
            }
            bool eventDriven = equation.Flags.Any(f => f.Kind == EquationFlagKind.EventDriven);
            bool unlessRefractory = equation.Flags.Any(f => f.Kind == EquationFlagKind.UnlessRefractory);
            if (eventDriven && !isSynapse)
            {
                _diagnostics.Report(DiagnosticDescriptors.EventDrivenInNeuron, equation.Flags.First(f => f.Kind == EquationFlagKind.EventDriven).Span);
                eventDriven = false;
            }
            if (unlessRefractory && isSynapse)
            {
                _diagnostics.Report(DiagnosticDescriptors.MemberNotAllowed, equation.Flags.First(f => f.Kind == EquationFlagKind.UnlessRefractory).Span,
                    "'unless refractory'", "a synapse", "only neurons are refractory");
                unlessRefractory = false;
            }
            var boundEquation = new BoundEquation(target.Symbol, rhs, unlessRefractory, eventDriven, equation.Span);
            equations.Add(boundEquation);
            if (eventDriven && !OdeClassifier.IsExactEventDriven(boundEquation, aliasValues, out string? coupledTo))
            {
                if (coupledTo is not null)
                {
                    _diagnostics.Report(DiagnosticDescriptors.CoupledEventDriven, equation.Rhs.Span, equation.Variable.Name, coupledTo);
                }
                else
                {
                    _diagnostics.Report(DiagnosticDescriptors.NonlinearEventDriven, equation.Rhs.Span, equation.Variable.Name);
                }
            }
        }

        var system = OdeClassifier.Classify(equations, aliasValues);
        var methodMember = members.OfType<MethodMember>().FirstOrDefault();
        var method = ChooseMethod(methodMember, system, modelName);
        if (method is IntegrationMethod.RungeKutta2 or IntegrationMethod.RungeKutta4
            && equations.FirstOrDefault(e => !e.EventDriven && e.Rhs.UsesRandom()) is { } noisy)
        {
            _diagnostics.Report(DiagnosticDescriptors.NoiseNeedsEuler, methodMember?.Method.Span ?? noisy.Span, modelName,
                method == IntegrationMethod.RungeKutta2 ? "rk2" : "rk4");
        }
        return new Core(parameters, state, aliases, equations, equationSyntax, system, method);

        List<BoundVariableDeclaration> Ordered(VariableKind kind) =>
            order.Order.Select(slot => declared[indices[slot]])
                .Where(d => d.Kind == kind && bound.ContainsKey(d.Name.Name))
                .Select(d => bound[d.Name.Name])
                .ToList();
    }

    private IntegrationMethod ChooseMethod(MethodMember? member, OdeSystem? system, string modelName)
    {
        var automatic = system is null or { Kind: OdeKind.Linear } ? IntegrationMethod.Exact : IntegrationMethod.RungeKutta2;
        if (member is null)
        {
            return automatic;
        }
        switch (member.Method.Name)
        {
            case "exact":
                if (system is { Kind: OdeKind.Nonlinear })
                {
                    _diagnostics.Report(DiagnosticDescriptors.ExactMethodNotPossible, member.Method.Span, system.NonlinearReason!);
                }
                return automatic;
            case "euler":
                return IntegrationMethod.Euler;
            case "rk2":
                return IntegrationMethod.RungeKutta2;
            case "rk4":
                return IntegrationMethod.RungeKutta4;
            default:
                _diagnostics.Report(DiagnosticDescriptors.UnknownOption, member.Method.Span, member.Method.Name,
                    $"integration method of '{modelName}'", string.Join(", ", Methods));
                return automatic;
        }
    }

    private List<BoundAssignment> BindStatements(IReadOnlyList<AssignmentStatement> statements, ExpressionBinder binder, string what)
    {
        var result = new List<BoundAssignment>();
        foreach (var statement in statements)
        {
            var value = binder.BindNumber(statement.Value);
            if (!binder.Scope.TryResolve(statement.Target.Name, out var symbol, out var owner))
            {
                string fix = !binder.Scope.HasNeighbours
                    ? $"declare it in state {{ {statement.Target.Name} = <initial value> }}"
                    : (binder.Scope.Self.Count == 0 ? "" : "declare it in the synapse's state { }, or ")
                        + $"assign a variable of the postsynaptic neuron{(binder.Scope.PostModel is { } model ? " " + model : "")} ({string.Join(", ", binder.Scope.PostStateNames)})"
                        + Spelling.Hint(statement.Target.Name, binder.Scope.PostStateNames.Concat(binder.Scope.Self.Keys));
                _diagnostics.Report(DiagnosticDescriptors.AssignToUndeclared, statement.Target.Span, statement.Target.Name, what, fix);
                continue;
            }
            bool writable = symbol.Kind == VariableKind.State
                || (symbol.Builtin == Builtin.Input && owner == VariableOwner.Post);
            if (!writable)
            {
                string description = symbol.Builtin == Builtin.Input
                    ? "the summed synaptic input, which only synapses add to"
                    : symbol.KindDescription;
                _diagnostics.Report(DiagnosticDescriptors.AssignToReadOnly, statement.Target.Span, statement.Target.Name, description);
                continue;
            }
            if (symbol.Dimension is { } targetDimension && value.Type.Dimension is { } valueDimension)
            {
                bool scaling = statement.Operator is AssignmentOperator.MultiplyAssign or AssignmentOperator.DivideAssign;
                var expected = scaling ? Dimension.None : targetDimension;
                if (valueDimension != expected)
                {
                    _diagnostics.Report(DiagnosticDescriptors.AssignmentDimension, statement.Value.Span,
                        scaling ? $"The factor of '{statement.Target.Name}'" : statement.Target.Name,
                        scaling ? "must be dimensionless" : targetDimension.Describe(),
                        valueDimension.Describe());
                }
            }
            result.Add(new BoundAssignment(symbol, owner, statement.Operator, value, statement.Span));
        }
        return result;
    }

    /// <summary>Each kind of member may appear once.</summary>
    private void CheckSingle(IReadOnlyList<MemberSyntax> members, string what)
    {
        foreach (var group in members.Where(m => m is not OnEventMember).GroupBy(m => m.GetType()))
        {
            foreach (var extra in group.Skip(1))
            {
                _diagnostics.Report(DiagnosticDescriptors.DuplicateMember, extra.Span, MemberWord(extra), what);
            }
        }
        foreach (var group in members.OfType<OnEventMember>().GroupBy(m => m.Pathway.Name))
        {
            foreach (var extra in group.Skip(1))
            {
                _diagnostics.Report(DiagnosticDescriptors.DuplicateMember, extra.Span, $"on {group.Key}", what);
            }
        }
    }

    private static string MemberWord(MemberSyntax member) => member switch
    {
        ParametersMember => "parameters",
        StateMember => "state",
        EquationsMember => "equations",
        UpdateMember => "update",
        ThresholdMember => "threshold",
        ResetMember => "reset",
        RefractoryMember => "refractory",
        _ => "method",
    };

    private static string KindWord(VariableKind kind) => kind switch
    {
        VariableKind.Parameter => "a parameter",
        VariableKind.State => "a state variable",
        _ => "an alias",
    };

    /// <summary>Names an expression uses, for dependency ordering.</summary>
    public static IEnumerable<string> NamesIn(Expression expression) => expression switch
    {
        NameExpression name => new[] { name.Name.Name },
        UnaryExpression unary => NamesIn(unary.Operand),
        BinaryExpression binary => NamesIn(binary.Left).Concat(NamesIn(binary.Right)),
        CallExpression call => call.Arguments.SelectMany(a => NamesIn(a.Value)),
        _ => Array.Empty<string>(),
    };
}
