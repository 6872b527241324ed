using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Analysis;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>What neurons and synapses share: parameters, state and aliases in dependency order, equations with their dimensions and classification, and the integration method.</summary>
internal sealed partial class ModelBinder
{
    private sealed record Core(
        IReadOnlyList<BoundVariableDeclaration> Parameters,
        IReadOnlyList<BoundVariableDeclaration> State,
        IReadOnlyList<BoundVariableDeclaration> Aliases,
        IReadOnlyList<BoundEquation> Equations,
        IReadOnlyList<DifferentialEquation> EquationSyntax,
        IReadOnlyList<AliasEquation> SummedSyntax,
        OdeSystem? System,
        IntegrationMethod Method);

    private Core BindCore(string modelName, IReadOnlyList<MemberSyntax> members, Scope scope, bool isSynapse)
    {
        var parameterSyntax = members.OfType<ParametersMember>().SelectMany(m => m.Body.Items).ToList();
        var stateSyntax = members.OfType<StateMember>().SelectMany(m => m.Body.Items).ToList();
        var equationItems = members.OfType<EquationsMember>().SelectMany(m => m.Body.Items).ToList();
        var aliasSyntax = equationItems.OfType<AliasEquation>().Where(a => !a.IsSummed).ToList();
        var summedSyntax = equationItems.OfType<AliasEquation>().Where(a => a.IsSummed && isSynapse).ToList();
        var equationSyntax = equationItems.OfType<DifferentialEquation>().ToList();
        ReportMisplacedFlags(equationItems, isSynapse);

        // Every declared name, in written order, for duplicate checks and dependency ordering.
        var noFlags = (IReadOnlyList<Identifier>)Array.Empty<Identifier>();
        var declared = parameterSyntax.Select(p => (p.Name, Kind: VariableKind.Parameter, Value: p.Value, Flags: p.Flags))
            .Concat(stateSyntax.Select(s => (s.Name, Kind: VariableKind.State, Value: s.Value, Flags: s.Flags)))
            .Concat(aliasSyntax.Select(a => (a.Name, Kind: VariableKind.Alias, Value: a.Value, Flags: noFlags)))
            .ToList();
        var sharedAliases = new HashSet<string>(aliasSyntax.Where(a => a.IsShared && !isSynapse).Select(a => a.Name.Name), StringComparer.Ordinal);

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
        var circular = new HashSet<int>();
        foreach (var cycle in order.Cycles)
        {
            var names = cycle.Select(slot => declared[indices[slot]].Name).ToList();
            _diagnostics.Report(DiagnosticDescriptors.CircularDefinition, names[0].Span, names[0].Name,
                string.Join(" -> ", names.Select(n => n.Name)));
            circular.UnionWith(cycle);
        }

        var binder = new ExpressionBinder(_diagnostics, scope);
        var bound = new Dictionary<string, BoundVariableDeclaration>(StringComparer.Ordinal);
        foreach (int slot in order.Order)
        {
            var d = declared[indices[slot]];
            // A definition that refers back to itself is reported above; bound, it would send every later pass that
            // expands aliases round the cycle for ever.
            var value = circular.Contains(slot) ? new BoundError(d.Value.Span) : binder.BindNumber(d.Value);
            bool shared = false, linked = false;
            foreach (var flag in d.Flags)
            {
                if (flag.Name == "shared" && d.Kind == VariableKind.State && !linked)
                {
                    shared = true;
                }
                else if (flag.Name == "linked" && d.Kind == VariableKind.State && !isSynapse && !shared)
                {
                    linked = true;
                }
                else
                {
                    _diagnostics.Report(DiagnosticDescriptors.UnknownFlag, flag.Span, flag.Name, d.Kind switch
                    {
                        VariableKind.State when isSynapse => "the only flag of a synapse state variable is 'shared' (one value for all synapses, set by the host)",
                        VariableKind.State => "a neuron state variable takes one flag: 'shared' (one value for the whole population) or 'linked' (read from another population)",
                        _ => "declarations here take no flags; put each declaration on its own line or separate them with ';'",
                    });
                }
            }
            if (shared && !isSynapse)
            {
                CheckShared(value, $"The initial value of shared '{d.Name.Name}'");
            }
            if (d.Kind == VariableKind.Alias && sharedAliases.Contains(d.Name.Name))
            {
                shared = true;
                CheckShared(value, $"Shared alias '{d.Name.Name}'");
            }
            var symbol = new VariableSymbol(d.Name.Name, d.Kind, value.Type.Dimension ?? Dimension.None, d.Name.Span, shared) { IsLinked = linked };
            scope.Declare(symbol);
            bound[d.Name.Name] = new BoundVariableDeclaration(symbol, value);
        }

        var parameters = Ordered(VariableKind.Parameter);
        var state = Ordered(VariableKind.State);
        var aliases = Ordered(VariableKind.Alias);
        var aliasValues = aliases.ToDictionary(a => a.Symbol.Name, a => a.Value, StringComparer.Ordinal);

        var equations = new List<BoundEquation>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var equationBinder = new ExpressionBinder(_diagnostics, scope) { NoiseAllowed = !isSynapse };
        foreach (var equation in equationSyntax)
        {
            var rhs = equationBinder.BindNumber(equation.Rhs);
            if (!bound.TryGetValue(equation.Variable.Name, out var target) || target.Symbol.Kind != VariableKind.State)
            {
                _diagnostics.Report(DiagnosticDescriptors.EquationForConstant, equation.Variable.Span, equation.Variable.Name,
                    target is null ? "not declared" : target.Symbol.KindDescription);
                continue;
            }
            if (target.Symbol.IsShared && !isSynapse)
            {
                _diagnostics.Report(DiagnosticDescriptors.SharedEquation, equation.Variable.Span, equation.Variable.Name);
                continue;
            }
            if (target.Symbol.IsLinked)
            {
                _diagnostics.Report(DiagnosticDescriptors.LinkedAssigned, equation.Variable.Span, equation.Variable.Name, "a differential equation");
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
        var method = ChooseMethod(methodMember, system, modelName, equations, aliasValues);
        if (method is IntegrationMethod.RungeKutta2 or IntegrationMethod.RungeKutta4
            && equations.FirstOrDefault(e => !e.EventDriven && e.Rhs.UsesRandom()) is { } noisy)
        {
            _diagnostics.Report(DiagnosticDescriptors.NoiseNeedsEuler, methodMember?.Method.Span ?? noisy.Span, modelName,
                method == IntegrationMethod.RungeKutta2 ? "rk2" : "rk4");
        }
        return new Core(parameters, state, aliases, equations, equationSyntax, summedSyntax, system, method);

        List<BoundVariableDeclaration> Ordered(VariableKind kind) =>
            order.Order.Select(slot => declared[indices[slot]])
                .Where(d => d.Kind == kind && bound.ContainsKey(d.Name.Name))
                .Select(d => bound[d.Name.Name])
                .ToList();
    }

    /// <summary>'(summed)' belongs to a synapse's alias equation; the other flags to differential equations.</summary>
    private void ReportMisplacedFlags(IEnumerable<EquationSyntax> equations, bool isSynapse)
    {
        foreach (var equation in equations)
        {
            switch (equation)
            {
                case DifferentialEquation differential when differential.Flags.FirstOrDefault(f => f.Kind == EquationFlagKind.Summed) is { } flag:
                    _diagnostics.Report(DiagnosticDescriptors.MemberNotAllowed, flag.Span, "'(summed)'", "a differential equation",
                        "a summed variable is written 'x_post = expression (summed)': each step the neuron's x becomes the sum of the expression over its synapses");
                    break;
                case DifferentialEquation differential when differential.Flags.FirstOrDefault(f => f.Kind == EquationFlagKind.Shared) is { } flag:
                    _diagnostics.Report(DiagnosticDescriptors.MemberNotAllowed, flag.Span, "'(shared)'", "a differential equation",
                        "a shared variable has no differential equation (Brian2 refuses one too); declare it 'x = 0 shared' in state { } and change it with run_regularly");
                    break;
                case AliasEquation alias when alias.Flags.FirstOrDefault(f => f.Kind is EquationFlagKind.UnlessRefractory or EquationFlagKind.EventDriven) is { } flag:
                    _diagnostics.Report(DiagnosticDescriptors.MemberNotAllowed, flag.Span, flag.Kind == EquationFlagKind.UnlessRefractory ? "'(unless refractory)'" : "'(event-driven)'",
                        "an alias equation", "the flag belongs to a differential equation 'dx/dt = ...'");
                    break;
                case AliasEquation alias when alias.IsShared && isSynapse:
                    _diagnostics.Report(DiagnosticDescriptors.MemberNotAllowed, alias.Flags.First(f => f.Kind == EquationFlagKind.Shared).Span, "'(shared)'", "a synapse's alias",
                        "a shared alias belongs to a neuron model; in a synapse, declare a state variable 'x = 0 shared' for a value common to all synapses");
                    break;
                case AliasEquation alias when alias.IsSummed && !isSynapse:
                    _diagnostics.Report(DiagnosticDescriptors.MemberNotAllowed, alias.Flags.First(f => f.Kind == EquationFlagKind.Summed).Span, "'(summed)'", "a neuron",
                        "a sum over synapses is written in the synapse model, 'x_post = expression (summed)', and x declared in the neuron's state");
                    break;
            }
        }
    }

    private IntegrationMethod ChooseMethod(MethodMember? member, OdeSystem? system, string modelName, IReadOnlyList<BoundEquation> equations,
        IReadOnlyDictionary<string, BoundExpression> aliases)
    {
        if (NoiseMethod(member, modelName, equations, aliases) is { } stochastic)
        {
            return stochastic;
        }
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
            case "heun":
                return IntegrationMethod.Heun;
            case "exponential_euler":
                foreach (var equation in equations.Where(e => !e.EventDriven))
                {
                    var variable = new HashSet<string>(StringComparer.Ordinal) { equation.Variable.Name };
                    if (LinearForm.Decompose(equation.Rhs, variable, aliases, out string? reason, conditional: true) is null)
                    {
                        _diagnostics.Report(DiagnosticDescriptors.NotConditionallyLinear, equation.Rhs.Span, equation.Variable.Name, reason ?? "it is not linear");
                    }
                }
                return IntegrationMethod.ExponentialEuler;
            default:
                _diagnostics.Report(DiagnosticDescriptors.UnknownOption, member.Method.Span, member.Method.Name,
                    $"integration method of '{modelName}'", string.Join(", ", Methods));
                return automatic;
        }
    }

    /// <summary>
    /// The method for equations with white noise, as Brian2 chooses it: Euler-Maruyama when the noise is
    /// added (its factor free of the state), stochastic Heun when its strength depends on the state; any
    /// other method is an error. Null for equations without noise.
    /// </summary>
    private IntegrationMethod? NoiseMethod(MethodMember? member, string modelName, IReadOnlyList<BoundEquation> equations,
        IReadOnlyDictionary<string, BoundExpression> aliases)
    {
        var noisy = equations.Where(e => !e.EventDriven && e.Rhs.Noises().Count > 0).ToList();
        if (noisy.Count == 0)
        {
            return null;
        }
        var state = new HashSet<string>(equations.Select(e => e.Variable.Name), StringComparer.Ordinal);
        bool additive = true;
        foreach (var equation in noisy)
        {
            var noises = new HashSet<string>(equation.Rhs.Noises(), StringComparer.Ordinal);
            var form = LinearForm.Decompose(equation.Rhs, noises, aliases, out string? reason);
            if (form is null)
            {
                _diagnostics.Report(DiagnosticDescriptors.NoiseNotLinear, equation.Rhs.Span, equation.Variable.Name, reason ?? "it is not linear in the noise");
                return IntegrationMethod.Euler;
            }
            additive &= form.Coefficients.Values.All(g => g.Variables().All(v => v.Owner != VariableOwner.Self || !state.Contains(v.Symbol.Name)));
        }
        switch (member?.Method.Name)
        {
            case null:
                return additive ? IntegrationMethod.Euler : IntegrationMethod.Heun;
            case "euler" when additive:
                return IntegrationMethod.Euler;
            case "heun":
                return IntegrationMethod.Heun;
            case "euler":
                _diagnostics.Report(DiagnosticDescriptors.NoiseMethod, member.Method.Span, $"'{modelName}'", "Euler-Maruyama (its noise is multiplied by the state)");
                return IntegrationMethod.Heun;
            default:
                _diagnostics.Report(DiagnosticDescriptors.NoiseMethod, member.Method.Span, $"'{modelName}'", member.Method.Name);
                return additive ? IntegrationMethod.Euler : IntegrationMethod.Heun;
        }
    }
}
