using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>Connections: the rule, slices, condition and delay, and the synapse bound to the neurons it joins.</summary>
internal sealed partial class NetworkBinder
{
    private ConnectionModel? BindConnection(ConnectMember connect)
    {
        BindBatchNorm(connect, $"{connect.Source.Population.Name} -> {connect.Target.Population.Name}");
        var sourceResolved = ResolveSlice(connect.Source);
        var targetResolved = ResolveSlice(connect.Target);
        var source = sourceResolved?.Population;
        var target = targetResolved?.Population;
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
        var sourceSlice = sourceResolved?.Slice;
        var targetSlice = targetResolved?.Slice;

        var rule = connect.Rule?.Kind ?? ConnectivityKind.All;
        var pre = NeighbourSymbols(source);
        var post = NeighbourSymbols(target);

        // Conditions, probabilities, delays and synapse values are evaluated per pair (i, j) at
        // construction: they may use the indices, the slices' sizes, the network's parameters and the
        // neurons' parameters (x_pre, x_post), as Brian2's connect(condition, p) may.
        var pairScope = new Scope($"the connection {source.Name} -> {target.Name}",
            Builtins.Symbols(Builtin.Index, Builtin.TargetIndex, Builtin.SourceCount, Builtin.TargetCount),
            ParametersOf(pre), ParametersOf(post));
        DeclareParameters(pairScope);
        var pairBinder = new ExpressionBinder(_diagnostics, pairScope);

        double? probability = null;
        int? degree = null;
        BoundExpression? ruleValue = null;
        if (connect.Rule is { Kind: ConnectivityKind.Probability, Argument: { } p })
        {
            ruleValue = pairBinder.BindNumber(p, Dimension.None, "A connection probability");
            if (ruleValue is not BoundError && ConstantEvaluator.FirstNonConstant(ruleValue) is null)
            {
                (probability, ruleValue) = ConstantWithValue(p, Dimension.None, "A connection probability");
                if (probability is < 0 or > 1)
                {
                    _diagnostics.Report(DiagnosticDescriptors.ProbabilityOutOfRange, p.Span, "A connection probability", Format(probability.Value));
                }
            }
        }
        if (connect.Rule is { Kind: ConnectivityKind.FixedInDegree or ConnectivityKind.FixedOutDegree, Argument: { } k })
        {
            bool outgoing = connect.Rule.Kind == ConnectivityKind.FixedOutDegree;
            string what = outgoing ? "An out-degree" : "An in-degree";
            var (value, kValue) = ConstantWithValue(k, Dimension.None, what);
            ruleValue = kValue;
            int? available = outgoing ? targetSlice?.Count : sourceSlice?.Count;
            if (value is { } wanted)
            {
                if (wanted < 1 || wanted != Math.Floor(wanted))
                {
                    _diagnostics.Report(DiagnosticDescriptors.WholeNumberExpected, k.Span, what, Format(wanted));
                }
                else if (available is { } count && wanted > count)
                {
                    _diagnostics.Report(DiagnosticDescriptors.DegreeTooLarge, k.Span, outgoing ? "source" : "target", Format(wanted),
                        outgoing ? "target" : "source", count, outgoing ? "out-degree" : "in-degree");
                }
                else
                {
                    degree = (int)wanted;
                }
            }
        }
        if (rule == ConnectivityKind.OneToOne && sourceSlice is not null && targetSlice is not null && sourceSlice.Count != targetSlice.Count)
        {
            _diagnostics.Report(DiagnosticDescriptors.OneToOneSizeMismatch, connect.Rule!.Span, sourceSlice.Count, targetSlice.Count);
        }

        var condition = connect.Condition is null ? null : pairBinder.BindCondition(connect.Condition, "A connection condition");
        BoundExpression? delay = null;
        if (connect.Delay is not null)
        {
            delay = pairBinder.BindNumber(connect.Delay, Dimension.TimeDimension, "A delay");
            if (ConstantEvaluator.TryEvaluate(delay, Lookup) is { } seconds && (seconds < 0 || double.IsNaN(seconds) || double.IsInfinity(seconds)))
            {
                _diagnostics.Report(seconds < 0 ? DiagnosticDescriptors.NegativeValue : DiagnosticDescriptors.NotFinite, connect.Delay.Span, "A delay", Format(seconds, Dimension.TimeDimension));
            }
        }

        var modelBinder = new ModelBinder(_diagnostics, _table.TimedArrays);
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
            synapse = new ModelBinder(located.File, _table.TimedArrays).BindSynapse(located.Declaration, pre, post, usage, target.Model.Name);
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
                Array.Empty<BoundEquation>(), null, IntegrationMethod.Exact, statements, Array.Empty<BoundAssignment>(), Array.Empty<BoundAssignment>());
        }
        else
        {
            var located = _table.Synapses["Static"];
            synapse = new ModelBinder(located.File, _table.TimedArrays).BindSynapse(located.Declaration, pre, post, usage, target.Model.Name);
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
        ReportNeuronValuesWithoutArrays(synapse, connect);
        return new ConnectionModel(sourceSlice, targetSlice, rule, probability, degree, ruleValue, condition, delay, synapse, synapseOverrides, connect.Span)
        {
            SameStep = connect.SameStep,
        };
    }

    /// <summary>
    /// Synapse code reads a neuron's variables from its arrays, one value per neuron: a shared or linked neuron variable
    /// has none, so reading one there is reported (once per variable) rather than generating code that cannot compile.
    /// </summary>
    private void ReportNeuronValuesWithoutArrays(SynapseModel synapse, ConnectMember connect)
    {
        var expressions = synapse.Aliases.Select(a => a.Value)
            .Concat(synapse.Equations.Select(e => e.Rhs))
            .Concat(synapse.OnPre.Concat(synapse.OnPost).Concat(synapse.Summed).Select(s => s.Value));
        var reported = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variable in expressions.SelectMany(e => e.Variables()))
        {
            if (variable.Owner != VariableOwner.Self && (variable.Symbol.IsShared || variable.Symbol.IsLinked) && reported.Add(variable.Symbol.Name))
            {
                // The synapse's code may live in another file; the connection is where this network asks for it.
                _diagnostics.Report(DiagnosticDescriptors.UnsupportedByBackend, synapse.FilePath == _diagnostics.Source.Path ? variable.Span : connect.Span,
                    $"synapse code reading the {(variable.Symbol.IsShared ? "shared" : "linked")} neuron variable '{variable.Symbol.Name}'; give the neuron a state variable that run_regularly sets from it, and read that");
            }
        }
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

    /// <summary>The parameters among a neuron's variables: what construction-time pair expressions may read of it.</summary>
    private static IReadOnlyDictionary<string, VariableSymbol> ParametersOf(IReadOnlyDictionary<string, VariableSymbol> neighbour) =>
        neighbour.Where(p => p.Value.Kind == VariableKind.Parameter).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    private static IReadOnlyDictionary<string, VariableSymbol> NeighbourSymbols(PopulationModel population) => population switch
    {
        { Model: { } model } => ModelBinder.VisibleFromSynapses(model),
        { Kind: PopulationKind.Poisson } => new Dictionary<string, VariableSymbol> { ["rate"] = new("rate", VariableKind.Parameter, Dimension.FrequencyDimension, default) },
        _ => new Dictionary<string, VariableSymbol>(),
    };

    /// <summary>
    /// SL0125 when synapse code adds to the summed input of a neuron whose model never reads it: such a
    /// connection cannot change what its neurons do (the default Static synapse into a model without
    /// 'input', for one). A state variable that no equation reads is not reported: the host may read it.
    /// </summary>
    private void WarnUnreadWrites(ConnectionModel connection)
    {
        var synapse = connection.Synapse;
        foreach (var (statements, pathway) in new[] { (synapse.OnPre, "on pre"), (synapse.OnPost, "on post") })
        {
            foreach (var statement in statements.Where(s => s.Owner != VariableOwner.Self && s.Target.Builtin == Builtin.Input))
            {
                string population = statement.Owner == VariableOwner.Pre ? connection.Source.Population : connection.Target.Population;
                var model = _populations[population].Model;
                if (model is null || ReadsVariable(model, statement.Target))
                {
                    continue;
                }
                var variables = model.Equations.Select(e => e.Variable.Name).Concat(model.Update.Select(u => u.Target.Name)).Concat(model.State.Select(d => d.Symbol.Name)).Distinct().ToList();
                string fix = $"write to a variable it reads instead, for example 'on pre {{ {(variables.Count > 0 ? variables[0] : "v")} += ... }}', or use a neuron model whose equations read 'input'";
                _diagnostics.Report(DiagnosticDescriptors.UnreadWrite, connection.Span, pathway, statement.Target.Name, model.Name, fix);
            }
        }
    }

    /// <summary>True when an equation, update, threshold, reset or refractory period of the model reads the variable.</summary>
    private static bool ReadsVariable(NeuronModel model, VariableSymbol variable) =>
        model.Equations.Select(e => e.Rhs)
            .Concat(model.Aliases.Select(a => a.Value))
            .Concat(model.Update.Select(u => u.Value))
            .Concat(model.Reset.Select(r => r.Value))
            .Append(model.Threshold)
            .Append(model.Refractory)
            .Where(e => e is not null)
            .SelectMany(e => e!.Variables())
            .Any(v => v.Owner == VariableOwner.Self && (variable.Builtin is { } builtin ? v.Symbol.Builtin == builtin : v.Symbol.Name == variable.Name && v.Symbol.Kind == variable.Kind));

    /// <summary>
    /// A summed variable replaces its neurons' value every step, so (as in Brian2) no equation or update of
    /// the neuron may also define it, and two connections may not sum into the same neurons' variable.
    /// </summary>
    private void CheckSummed(IReadOnlyList<ConnectionModel> connections)
    {
        var taken = new List<(string Population, string Variable, int Start, int End, ConnectionModel Connection)>();
        foreach (var connection in connections)
        {
            foreach (var summed in connection.Synapse.Summed)
            {
                var slice = summed.Owner == VariableOwner.Pre ? connection.Source : connection.Target;
                var model = _populations[slice.Population].Model;
                string name = summed.Target.Name;
                if (model is not null && (model.Equations.Any(e => e.Variable.Name == name) || model.Update.Any(u => u.Target.Name == name)))
                {
                    _diagnostics.Report(DiagnosticDescriptors.SummedTarget, connection.Span, $"{name}_{(summed.Owner == VariableOwner.Pre ? "pre" : "post")}",
                        $"neuron model '{model.Name}' integrates '{name}' itself; declare a state variable without an equation (I_gap = 0 nA in state {{ }}) and read it in the equations");
                    continue;
                }
                if (taken.FirstOrDefault(t => t.Population == slice.Population && t.Variable == name && t.Start < slice.End && slice.Start < t.End) is { Connection: { } first })
                {
                    _diagnostics.Report(DiagnosticDescriptors.SummedTwice, connection.Span, name, slice.Population,
                        (_diagnostics.Source.GetLinePosition(first.Span.Start).Line + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    continue;
                }
                taken.Add((slice.Population, name, slice.Start, slice.End, connection));
            }
        }
    }
}
