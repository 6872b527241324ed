using System;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;
using SpikeLang.Compiler.Syntax;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>The connection's constructor: connectivity from the rule, then every synapse's values in CSR order.</summary>
internal sealed partial class ConnectionEmitter
{
    private string ConnectivityVariable(BoundVariable v) => v.Symbol.Kind switch
    {
        VariableKind.NetworkParameter => $"net.{Naming.Member(v.Symbol.Name)}",
        VariableKind.Parameter when v.Owner != VariableOwner.Self => NeighbourParameter(v, "i", "j"),
        _ => BuiltinRenderer.Render(v, BuiltinContext.Connectivity, EvaluationMode.Construction),
    };

    /// <summary>A pre- or postsynaptic neuron's parameter at construction: per neuron (i or j within the slice) or one value.</summary>
    private string NeighbourParameter(BoundVariable v, string preIndex, string postIndex)
    {
        bool isPre = v.Owner == VariableOwner.Pre;
        var endpoint = isPre ? _plan.Source : _plan.Target;
        string owner = isPre ? "pre" : "post";
        string index = isPre ? $"sourceStart + {preIndex}" : $"targetStart + {postIndex}";
        return endpoint.HeterogeneousParameters.Contains(v.Symbol.Name)
            ? $"(double){owner}._p_{v.Symbol.Name}[{index}]"
            : $"(double){owner}._p_{v.Symbol.Name}";
    }

    private string SynapseConstructionVariable(BoundVariable v) => v.Symbol switch
    {
        { Kind: VariableKind.Implicit } when v.Owner == VariableOwner.Self => BuiltinRenderer.Render(v, BuiltinContext.SynapseConstruction, EvaluationMode.Construction),
        { Kind: VariableKind.NetworkParameter } np => $"net.{Naming.Member(np.Name)}",
        { Kind: VariableKind.Parameter } when v.Owner != VariableOwner.Self => NeighbourParameter(v, "i", "j"),
        { Kind: VariableKind.Parameter } p when v.Owner == VariableOwner.Self =>
            _plan.Parameters.First(q => q.Name == p.Name).Heterogeneous ? $"p_{p.Name}[k]" : $"p_{p.Name}",
        { Kind: VariableKind.State, IsShared: true } s when v.Owner == VariableOwner.Self => $"_{s.Name}",
        { Kind: VariableKind.State } s when v.Owner == VariableOwner.Self => $"_{s.Name}[k]",
        var other => throw new InvalidOperationException($"'{other.Name}' at construction"),
    };

    private void EmitConstructor(CodeWriter w)
    {
        // A probability that is one value for all pairs is passed in, checked; one per pair is written into the builder's call.
        bool perPair = _plan.Rule == ConnectivityKind.Probability && _plan.RuleValue is { } p && !IsConstantOfNetwork(p);
        string rule = _plan.RuleValue is null || perPair ? "" : (_plan.Rule is ConnectivityKind.FixedInDegree or ConnectivityKind.FixedOutDegree ? ", int degree" : ", double probability");
        using (w.Block($"internal {_plan.TypeName}({_network.ClassName} net, {_plan.Source.TypeName} pre, {_plan.Target.TypeName} post, RandomStream init, ulong seed, int sourceStart, int sourceEnd, int targetStart, int targetEnd{rule})"))
        {
            w.Line("_pre = pre;");
            w.Line("_post = post;");
            foreach (var name in _plan.NetworkParameters)
            {
                w.Line($"_np_{name} = (Real)net.{Naming.Member(name)};");
            }
            w.Line("SourceStart = sourceStart;");
            w.Line("TargetStart = targetStart;");
            w.Line("int nPre = _sourceCount = sourceEnd - sourceStart, nPost = targetEnd - targetStart;");
            if (_plan.IsDense)
            {
                // A trainable matrix: whole on every rank (its delivery is one product over all targets), drawn as the trainer draws it.
                w.Line("Connectivity = ConnectivityBuilder.All(nPre, nPost);");
            }
            else
            {
                w.Line("// The targets this process builds and delivers to: its rank's (all of them in one process). Their synapses and");
                w.Line("// values are drawn target block by target block from the connection's own streams, whoever builds them");
                w.Line("// (and whichever of the threads that share the connectivity's draws).");
                w.Line("int ownFirst = Math.Clamp(post.OwnStart - targetStart, 0, nPost), ownEnd = Math.Clamp(post.OwnEnd - targetStart, 0, nPost);");
                w.Line($"var draws = new TargetDraws(seed, {_plan.Stream}ul, targetStart, ownFirst, ownEnd);");
                var pairs = new ExpressionWriter(EvaluationMode.Construction, true, ConnectivityVariable, "rng");
                string build = (_plan.Rule, _plan.Condition) switch
                {
                    (ConnectivityKind.Probability, var c) when perPair =>
                        $"ConnectivityBuilder.Where(nPre, nPost, {(c is null ? "null" : $"(i, j, rng) => {pairs.Write(c)}")}, (i, j, rng) => {pairs.Write(_plan.RuleValue!)}, draws, net.Threads)",
                    (ConnectivityKind.OneToOne, null) => "ConnectivityBuilder.OneToOne(nPre, ownFirst, ownEnd)",
                    (ConnectivityKind.Probability, null) => "ConnectivityBuilder.Probability(nPre, nPost, probability, draws, net.Threads)",
                    (ConnectivityKind.FixedInDegree, _) => "ConnectivityBuilder.FixedInDegree(nPre, nPost, degree, draws, net.Threads)",
                    (ConnectivityKind.FixedOutDegree, _) => "ConnectivityBuilder.FixedOutDegree(nPre, nPost, degree, draws)",
                    (ConnectivityKind.OneToOne, { } c) => $"ConnectivityBuilder.Where(nPre, nPost, (i, j, rng) => i == j && {pairs.Write(c)}, 1.0, draws, net.Threads)",
                    (ConnectivityKind.Probability, { } c) => $"ConnectivityBuilder.Where(nPre, nPost, (i, j, rng) => {pairs.Write(c)}, probability, draws, net.Threads)",
                    (_, { } c) => $"ConnectivityBuilder.Where(nPre, nPost, (i, j, rng) => {pairs.Write(c)}, 1.0, draws, net.Threads)",
                    _ => "ConnectivityBuilder.All(nPre, nPost, ownFirst, ownEnd)",
                };
                w.Line($"Connectivity = {build};");
            }

            // Values of the whole connection come from the construction stream; per-synapse values from the target blocks' streams.
            var perConnection = new ExpressionWriter(EvaluationMode.Construction, true, SynapseConstructionVariable, "init");
            var perSynapse = new ExpressionWriter(EvaluationMode.Construction, true, SynapseConstructionVariable, _plan.IsDense ? "init" : "rng");
            foreach (var parameter in _plan.Parameters)
            {
                if (parameter.Heterogeneous)
                {
                    w.Line($"var p_{parameter.Name} = new double[Connectivity.SynapseCount];");
                }
                else
                {
                    w.Line($"double p_{parameter.Name} = {perConnection.Write(parameter.Value)};");
                    w.Line($"_p_{parameter.Name} = (Real)p_{parameter.Name};");
                }
            }
            foreach (var state in _plan.SharedState)
            {
                w.Line($"_{state.Name} = (Real)({perConnection.Write(state.Initial)});");
            }
            foreach (var state in _plan.State)
            {
                w.Line($"_{state.Name} = new Real[Connectivity.SynapseCount];");
            }
            if (_plan.IsDense)
            {
                w.Line("_b = new Real[nPost];");
            }
            if (PerSynapseDelays)
            {
                w.Line("_delaySteps = new int[Connectivity.SynapseCount];");
            }
            if (_plan.NeedsSynapsePre)
            {
                w.Line("_synapsePre = new int[Connectivity.SynapseCount];");
            }
            if (_plan.NeedsPairs)
            {
                if (_plan.IsDense)
                {
                    w.Line("// Per-synapse values, synapse by synapse in CSR order; i and j index the source and target slices.");
                    using (w.Block("for (int i = 0; i < Connectivity.Rows; i++)"))
                    using (w.Block("for (int k = Connectivity.RowStart[i]; k < Connectivity.RowStart[i + 1]; k++)"))
                    {
                        w.Line("int j = Connectivity.Columns[k];");
                        WriteSynapseValues(w, perSynapse);
                    }
                }
                else
                {
                    w.Line("// Per-synapse values, target by target and each target's synapses by source, from the stream of the target's block,");
                    w.Line("// in parts of whole blocks on the threads; i and j index the source and target slices, k the synapse.");
                    w.Line("var incoming = IncomingIndex.Build(Connectivity, net.Threads);");
                    using (w.Block("draws.InParts(draws.Parts(net.Threads), (_, first, end) =>", "});"))
                    using (w.Block("for (int j = first; j < end;)"))
                    {
                        w.Line("var rng = draws.Values(draws.BlockOf(j));");
                        using (w.Block("for (int blockEnd = Math.Min(draws.BlockEnd(j), end); j < blockEnd; j++)"))
                        using (w.Block("for (int m = incoming.ColumnStart[j]; m < incoming.ColumnStart[j + 1]; m++)"))
                        {
                            w.Line("int k = incoming.Synapses[m], i = incoming.Sources[m];");
                            WriteSynapseValues(w, perSynapse);
                        }
                    }
                }
            }
            foreach (var parameter in _plan.Parameters.Where(p => p.Heterogeneous))
            {
                w.Line($"_p_{parameter.Name} = ValueArrays.FromDouble<Real>(p_{parameter.Name});");
            }
            if (HomogeneousDelay)
            {
                // As Brian2 rounds a delay: to the nearest step, halves up.
                string delay = new ExpressionWriter(EvaluationMode.Construction, true, ConnectivityVariable).Write(_plan.Delay.Value!);
                w.Line($"DelaySteps = (int)Math.Floor(ConstructionChecks.NonNegative({delay}, {CSharpLiteral.String($"The delay of connection {_plan.Member} ({_plan.Location})")}) / Dt + 0.5);");
                w.Line("if (DelaySteps > 0) _history = new SpikeHistory(pre.Count, DelaySteps);");
            }
            else
            {
                w.Line($"DelaySteps = {(PerSynapseDelays ? -1 : 0)};");
            }
            if (HasWeightsPerSynapse)
            {
                // Beyond int, a weight file cannot hold the connection (SynapseOrder refuses it when weights are saved or loaded).
                w.Line("SynapseTotal = net.Ranks is { Size: > 1 } ranks ? (int)Math.Min(ranks.AllSum(Connectivity.SynapseCount), int.MaxValue) : Connectivity.SynapseCount;");
            }
            if (_plan.DeliversInParts)
            {
                w.Line("// This process's targets in parts for its threads. The rows hold only its own targets' synapses, so one part");
                w.Line("// delivers whole rows and needs no split (on several ranks it would cost every source row two more ints).");
                w.Line("Parts = Partition.DeliveryParts(ownEnd - ownFirst, Connectivity.SynapseCount, Connectivity.Rows, net.Threads);");
                w.Line("if (Parts > 1) _split = new TargetSplit(Connectivity, ownFirst, ownEnd, Parts);");
            }
            if (PerSynapseDelays)
            {
                w.Line("int maxDelay = 0;");
                w.Line("foreach (int d in _delaySteps) maxDelay = Math.Max(maxDelay, d);");
                w.Line("_queue = new SynapticEventQueue(maxDelay);");
            }
            if (_plan.HasOnPost)
            {
                w.Line(_plan.NeedsPairs && !_plan.IsDense ? "_incoming = incoming;" : "_incoming = IncomingIndex.Build(Connectivity, net.Threads);");
            }
            foreach (var trace in _plan.ExactClock)
            {
                string rate = trace.Rate is null ? "0d" : perConnection.Write(trace.Rate);
                string drift = trace.Drift is null ? "0d" : perConnection.Write(trace.Drift);
                string name = trace.Name;
                w.Line($"// d{name}/dt = a·{name} + c over one step: {name} ← {name}·e^(a·dt) + c·(e^(a·dt) − 1)/a (c·dt when a = 0).");
                using (w.Block(""))
                {
                    w.Line($"double a = {rate}, c = {drift};");
                    w.Line($"_decay_{name} = (Real)Math.Exp(a * Dt);");
                    w.Line($"_offset_{name} = (Real)(a == 0 ? c * Dt : c * (Math.Exp(a * Dt) - 1) / a);");
                }
            }
            if (_plan.EventDriven.Count > 0)
            {
                w.Line("_lastUpdate = new int[Connectivity.SynapseCount];");
                foreach (var trace in _plan.EventDriven)
                {
                    if (trace.Rate is not null)
                    {
                        w.Line($"_rate_{trace.Name} = (Real)({perConnection.Write(trace.Rate)});");
                    }
                    if (trace.Drift is not null)
                    {
                        w.Line($"_drift_{trace.Name} = (Real)({perConnection.Write(trace.Drift)});");
                    }
                }
            }
        }
    }

    /// <summary>The values of synapse k (source i, target j of the slices): heterogeneous parameters, state, delay, source.</summary>
    private void WriteSynapseValues(CodeWriter w, ExpressionWriter perSynapse)
    {
        foreach (var parameter in _plan.Parameters.Where(p => p.Heterogeneous))
        {
            w.Line($"p_{parameter.Name}[k] = {perSynapse.Write(parameter.Value)};");
        }
        foreach (var state in _plan.State)
        {
            w.Line($"_{state.Name}[k] = (Real)({perSynapse.Write(state.Initial)});");
        }
        if (PerSynapseDelays)
        {
            // Rounded to the nearest step, halves up, as Brian2 rounds delays.
            w.Line($"_delaySteps[k] = (int)Math.Floor(ConstructionChecks.NonNegative({perSynapse.Write(_plan.Delay.Value!)}, {CSharpLiteral.String($"The delay of connection {_plan.Member} ({_plan.Location})")}) / Dt + 0.5);");
        }
        if (_plan.NeedsSynapsePre)
        {
            w.Line("_synapsePre[k] = i;");
        }
    }

    /// <summary>True for an expression fixed for the whole connection: literals, constants and network parameters.</summary>
    private static bool IsConstantOfNetwork(BoundExpression expression) => ConstantEvaluator.FirstNonConstant(expression) is null;
}
