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
internal sealed partial class ModelBinder
{
    private static readonly string[] Methods = { "exact", "euler", "rk2", "rk4", "heun", "exponential_euler" };

    private readonly DiagnosticBag _diagnostics;

    private readonly IReadOnlyDictionary<string, TimedArrayModel> _timedArrays;

    /// <param name="timedArrays">The compilation's timed arrays, which model code may call by name.</param>
    public ModelBinder(DiagnosticBag diagnostics, IReadOnlyDictionary<string, TimedArrayModel> timedArrays)
    {
        _diagnostics = diagnostics;
        _timedArrays = timedArrays;
    }

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

        // A neuron with a refractory period has Brian2's not_refractory and lastspike.
        bool refractoryPeriod = members.OfType<RefractoryMember>().Any();
        var scope = new Scope(what, refractoryPeriod ? NeuronBuiltIns.Concat(Builtins.Refractoriness) : NeuronBuiltIns) { TimedArrays = _timedArrays };
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
        var scope = new Scope(what, SynapseBuiltIns, pre, post, neighboursUnknown: standalone, postModel: postModel) { TimedArrays = _timedArrays };
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
            core.Parameters, core.State, core.Aliases, core.Equations, core.System, core.Method, onPre, onPost,
            BindSummed(core.SummedSyntax, binder, what));
    }

    /// <summary>
    /// Brian2's summed variables, <c>x_post = expr (summed)</c>: bound as assignments of a neuron's state
    /// variable (pre or post, named with its suffix), the value per synapse of the target's dimension.
    /// </summary>
    private List<BoundAssignment> BindSummed(IReadOnlyList<AliasEquation> summed, ExpressionBinder binder, string what)
    {
        var statements = summed.Select(s => new AssignmentStatement(s.Name, AssignmentOperator.Assign, s.Value, s.Span)).ToList();
        var bound = BindStatements(statements, binder, what);
        var result = new List<BoundAssignment>();
        foreach (var assignment in bound)
        {
            var written = statements.First(s => s.Span == assignment.Span).Target;
            string name = written.Name;
            string? problem = assignment switch
            {
                { Owner: VariableOwner.Self } => "it is the synapse's own variable; a sum over synapses goes to a neuron's variable, named with _post or _pre (I_gap_post)",
                _ when !name.EndsWith("_post", StringComparison.Ordinal) && !name.EndsWith("_pre", StringComparison.Ordinal) =>
                    $"name the neuron it belongs to as Brian2 does, '{name}_post' (or '{name}_pre')",
                { Target.Builtin: Builtin.Input } => "'input' is the summed input that 'on pre' adds to; declare a state variable in the neuron (I_syn = 0 nA), read it in its equations and sum into it",
                _ when assignment.Value.Variables().Any(v => v.Owner == assignment.Owner && v.Symbol.Name == assignment.Target.Name) =>
                    "its value reads the variable it sums into, whose value is being replaced by the sum; read another variable of the neuron",
                _ => null,
            };
            if (problem is not null)
            {
                _diagnostics.Report(DiagnosticDescriptors.SummedTarget, written.Span, name, problem);
                continue;
            }
            result.Add(assignment);
        }
        return result;
    }

    /// <summary>
    /// Binds the code of a <c>run_regularly</c> on a population of <paramref name="model"/>: assignments of its
    /// state variables that read what its reset may read (no summed input: it belongs to the update).
    /// </summary>
    public IReadOnlyList<BoundAssignment> BindRegularly(IReadOnlyList<AssignmentStatement> statements, NeuronModel model, string what)
    {
        var builtins = Builtins.Symbols(Builtin.Time, Builtin.TimeStep, Builtin.Index, Builtin.Count);
        var scope = new Scope(what, model.Refractory is null ? builtins : builtins.Concat(Builtins.Refractoriness)) { TimedArrays = _timedArrays };
        foreach (var declaration in model.Parameters.Concat(model.State).Concat(model.Aliases))
        {
            scope.Declare(declaration.Symbol);
        }
        return BindStatements(statements, new ExpressionBinder(_diagnostics, scope), what, once: true);
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
        var scope = new Scope(what, SynapseBuiltIns, pre, post, postModel: postModel) { TimedArrays = _timedArrays };
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
        foreach (var builtin in model.Refractory is null ? new[] { Builtins.Symbol(Builtin.Input) } : Builtins.Refractoriness.Append(Builtins.Symbol(Builtin.Input)))
        {
            symbols[builtin.Name] = builtin;
        }
        return symbols;
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
