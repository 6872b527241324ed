using System;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;
using SpikeLang.Compiler.Syntax;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>The network's constructor: network parameters, then every population and connection from the seed, in declaration order.</summary>
internal sealed partial class NetworkEmitter
{
    /// <summary>Renders network parameters as the network's own properties, for construction-time expressions.</summary>
    public static ExpressionWriter NetworkConstants(string owner) => new(EvaluationMode.Construction, true, v => v.Symbol.Kind == VariableKind.NetworkParameter
        ? $"{owner}{Naming.Member(v.Symbol.Name)}"
        : throw new InvalidOperationException($"'{v.Symbol.Name}' is not a constant of the network"));

    private void EmitConstructor(CodeWriter w)
    {
        var constants = NetworkConstants("this.");
        w.Line("/// <summary>Builds the network. The same seed gives the same initial values, connectivity and spikes.</summary>");
        w.Line("/// <param name=\"seed\">Seeds every random draw, at construction and while running.</param>");
        foreach (var parameter in _plan.Parameters)
        {
            w.Line($"/// <param name=\"{parameter.Name}\">Network parameter (SI units); null keeps {parameter.Written}.</param>");
        }
        w.Line("/// <param name=\"threads\">Threads that share each step (0: one per core). Any number gives the same spikes: kernels split");
        w.Line("/// neurons and targets into ranges each owned by one thread, and random numbers come from streams fixed per neuron range.</param>");
        w.Line("/// <param name=\"ranks\">The processes that share the network (an MPI job: <see cref=\"MpiRanks\"/>), or null for this process alone. Each");
        w.Line("/// rank updates its own range of every population and receives the others' spikes; any number gives the same spikes.</param>");
        string signature = string.Join(", ", new[] { "ulong seed = 0" }.Concat(_plan.Parameters.Select(p => $"double? {p.Member} = null")).Append("int threads = 1").Append("RankGroup? ranks = null"));
        using (w.Block($"public {ClassName}({signature})"))
        {
            w.Line("Threads = Partition.Threads(threads);");
            foreach (var parameter in _plan.Parameters)
            {
                w.Line($"this.{parameter.Member} = {parameter.Member} ?? {constants.Write(parameter.Value)};");
            }
            EmitRanks(w);
            EmitSizes(w, constants);
            w.Line("// Stream 0 draws the populations' initial values and what each connection draws once, in declaration");
            w.Line("// order; each connection draws its synapses and their values from streams of its own per block of");
            w.Line("// TargetDraws.Block targets, so a rank builds its own targets' synapses alone; each population that");
            w.Line("// draws random numbers while running has a stream of its own (a neuron population one per block of");
            w.Line("// Partition.RandomBlock neurons, whatever the threads), so adding a recording never changes spikes.");
            w.Line("var init = new RandomStream(seed, 0);");
            foreach (var population in _plan.Populations)
            {
                string size = $"size_{population.Name}";
                string arguments = population switch
                {
                    NeuronPopulationPlan { Stream: { } s } => $"this, {size}, init, seed, {s}",
                    NeuronPopulationPlan => $"this, {size}, init",
                    PoissonPopulationPlan { Stream: { } s } => $"this, {size}, init, new RandomStream(seed, {s})",
                    PoissonPopulationPlan => $"this, {size}, init",
                    _ => size,
                };
                w.Line($"this.{population.Member} = new {population.TypeName}({arguments});");
            }
            foreach (var subgroup in _plan.Subgroups)
            {
                w.Line($"this.{subgroup.Member} = new {subgroup.TypeName}(this.{subgroup.ParentMember}, subgroup_{subgroup.Name}_Start, subgroup_{subgroup.Name}_End);");
            }
            for (int k = 0; k < _plan.Connections.Count; k++)
            {
                var connection = _plan.Connections[k];
                string rule = connection.RuleValue is null
                    ? ""
                    : connection.Rule == ConnectivityKind.FixedInDegree
                        ? $", ConstructionChecks.Index(\"fixed_indegree\", {constants.Write(connection.RuleValue)}, source_{k}_End - source_{k}_Start)"
                        : connection.Rule == ConnectivityKind.FixedOutDegree
                            ? $", ConstructionChecks.Index(\"fixed_outdegree\", {constants.Write(connection.RuleValue)}, target_{k}_End - target_{k}_Start)"
                            : ConstantEvaluator.FirstNonConstant(connection.RuleValue) is null
                                ? $", ConstructionChecks.Probability({constants.Write(connection.RuleValue)})"
                                : "";
                w.Line($"this.{connection.Member} = new {connection.TypeName}(this, this.{connection.Source.Member}, this.{connection.Target.Member}, init, seed,");
                w.Line($"    source_{k}_Start, source_{k}_End, target_{k}_Start, target_{k}_End{rule});");
            }
            // Convolutions draw their kernels after every other connection, so adding one changes no other connection's weights.
            foreach (var convolution in _plan.Convolutions)
            {
                w.Line($"this.{convolution.Member} = new {convolution.TypeName}(this.{convolution.Source.Member}, this.{convolution.Target.Member}{(convolution.IsPooling ? "" : ", init")});");
            }
            for (int k = 0; k < _plan.Drives.Count; k++)
            {
                var drive = _plan.Drives[k];
                w.Line($"this.{drive.Member} = new {drive.TypeName}(this, this.{drive.Target.Member}, drive_{k}_Start, drive_{k}_End, seed, {drive.Stream});");
            }
            var keeping = _plan.Populations.OfType<NeuronPopulationPlan>().Where(NeuronPopulationEmitter.KeepsHeld).ToList();
            if (keeping.Count > 0)
            {
                w.Line("// Everything is built (populations may link to earlier ones' values as they are built): each process keeps the neurons it holds.");
                foreach (var population in keeping)
                {
                    w.Line($"this.{population.Member}.KeepHeld();");
                }
            }
            MonitorEmitter.EmitConstruction(w, _plan, constants);
            EmitSpikeWindow(w);
            // Made last, after the members they call: the pool's threads start only when the network is complete.
            foreach (var call in PartKernels())
            {
                w.Line($"{PartDelegate(call)} = [MethodImpl(MethodImplOptions.AggressiveOptimization)] (first, end) => {{ for (int part = first; part < end; part++) this.{call.Member}.{KernelMethod(call.Kind)}(_step, part); }};");
            }
            w.Line("_pool = new WorkerPool(Threads);");
        }
    }

    /// <summary>Checks that the ranks may share this network, and run the same one, before anything is built.</summary>
    private void EmitRanks(CodeWriter w)
    {
        if (_plan.DistributedRefusals.Count > 0)
        {
            string reasons = string.Join("; ", _plan.DistributedRefusals);
            w.Line($"if (ranks is {{ Size: > 1 }}) throw new NotSupportedException({CSharpLiteral.String($"Network '{_plan.Name}' cannot run on several ranks: {reasons}. Run it in one process (threads share its steps there).")});");
        }
        string parameters = _plan.Parameters.Count == 0 ? "Array.Empty<double>()" : $"new double[] {{ {string.Join(", ", _plan.Parameters.Select(p => $"this.{p.Member}"))} }}";
        w.Line($"ranks?.EnsureSameNetwork({CSharpLiteral.String(_plan.Name)}, CodeHash, seed, {parameters});");
        w.Line("Ranks = ranks;");
    }

    /// <summary>
    /// On several ranks, a window of as many steps as the shortest delay of the connections from neurons: a spike found
    /// in a window's step reaches no target before the window's end, so the ranks exchange the window's spikes at once.
    /// </summary>
    private void EmitSpikeWindow(CodeWriter w)
    {
        if (_plan.SpikeWindow is not { } window)
        {
            return;
        }
        var delayed = window.Delayed.Select(c => _plan.Connections.First(p => p.Member == c)).ToList();
        string steps = delayed.Where(c => c.Delay.Kind == DelayKind.Homogeneous)
            .Aggregate("SpikeWindow.LongestSteps", (shortest, c) => $"Math.Min(this.{c.Member}.DelaySteps, {shortest})");
        var perSynapse = delayed.Where(c => c.Delay.Kind == DelayKind.PerSynapse).ToList();
        w.Line("// Spikes cross between ranks once per window of the shortest delay: none reaches a target sooner (docs/distributed.md).");
        w.Line($"int windowSteps = {steps};");
        using (w.Block("if (ranks is { Size: > 1 })"))
        {
            if (perSynapse.Count > 0)
            {
                string shortest = perSynapse.Aggregate("windowSteps", (s, c) => $"Math.Min(this.{c.Member}.MinimumDelaySteps, {s})");
                w.Line("// Each rank holds its own targets' synapses, so their shortest delays differ: the window is the shortest of all.");
                w.Line($"windowSteps = (int)ranks.AllMin((ulong){shortest});");
            }
            using (w.Block("if (windowSteps > 0)"))
            {
                w.Line($"_window = new SpikeWindow(ranks, {window.Populations.Count}, windowSteps);");
                foreach (string population in window.Populations)
                {
                    w.Line($"this.{population}.Window = _window;");
                }
                foreach (var connection in perSynapse)
                {
                    w.Line($"this.{connection.Member}.ScheduledLate = true;");
                }
            }
        }
    }

    /// <summary>
    /// Sizes and slices first, from the network parameters, then the memory they need, checked against what
    /// the process can use before anything is allocated.
    /// </summary>
    private void EmitSizes(CodeWriter w, ExpressionWriter constants)
    {
        foreach (var population in _plan.Populations)
        {
            w.Line($"int size_{population.Name} = ConstructionChecks.Size({CSharpLiteral.String(population.Name)}, {constants.Write(population.Size.Value)});");
        }
        // The compiler checked the sizes of linked populations at the network parameters' defaults; others are checked here.
        static bool Fixed(PopulationPlan p) => p.Size.Written == p.Size.Default.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var neurons in _plan.Populations.OfType<NeuronPopulationPlan>())
        {
            foreach (var link in neurons.Links.Where(l => !l.SourceShared))
            {
                var source = _plan.Populations.First(p => p.Name == link.Source);
                if (!Fixed(source) || (!link.Broadcast && !Fixed(neurons)))
                {
                    w.Line($"ConstructionChecks.Link({CSharpLiteral.String(neurons.Name)}, {CSharpLiteral.String(link.Variable)}, {CSharpLiteral.String(link.Source)}, size_{link.Source}, size_{neurons.Name}, broadcast: {(link.Broadcast ? "true" : "false")});");
                }
            }
        }
        void Slice(string name, string population, BoundExpression? start, BoundExpression? end)
        {
            string size = $"size_{population}";
            string Bound(BoundExpression? value, bool isStart) => value is null
                ? (isStart ? "0" : size)
                : $"ConstructionChecks.Index({CSharpLiteral.String(isStart ? "slice start" : "slice end")}, {constants.Write(value)}, {size})";
            w.Line($"int {name}Start = {Bound(start, true)}, {name}End = {Bound(end, false)};");
        }
        foreach (var subgroup in _plan.Subgroups)
        {
            Slice($"subgroup_{subgroup.Name}_", subgroup.Parent, subgroup.Start, subgroup.End);
        }
        for (int k = 0; k < _plan.Connections.Count; k++)
        {
            var connection = _plan.Connections[k];
            Slice($"source_{k}_", connection.Source.Population, connection.Source.Start, connection.Source.End);
            Slice($"target_{k}_", connection.Target.Population, connection.Target.Start, connection.Target.End);
        }
        for (int k = 0; k < _plan.Drives.Count; k++)
        {
            Slice($"drive_{k}_", _plan.Drives[k].Target.Population, _plan.Drives[k].Target.Start, _plan.Drives[k].Target.End);
        }
        w.Line($"ConstructionChecks.Memory({CSharpLiteral.String(_plan.Name)}, ranks,");
        // Ranks split a neuron population's values and the synapses onto it; every rank holds sources, dense connections
        // and the populations they deliver to whole.
        string Split(bool split) => split ? ", Split: true" : "";
        var parts = _plan.Populations
            .Select(p => $"new MemoryDemand({CSharpLiteral.String($"population {p.Name} ({p.Location})")}, size_{p.Name}, \"neurons\", {p.BytesPerElement}{Split(p is NeuronPopulationPlan && !_plan.HoldsWhole(p.Name))})")
            .Concat(_plan.Connections.Select((c, k) => $"new MemoryDemand({CSharpLiteral.String($"connection {c.Member} ({c.Location})")}, {ExpectedSynapses(c, k)}, \"synapses\", {c.BytesPerSynapse}{Split(!c.IsDense)})"))
            .ToList();
        for (int k = 0; k < parts.Count; k++)
        {
            w.Line($"    {parts[k]}{(k + 1 < parts.Count ? "," : ");")}");
        }
        if (parts.Count == 0)
        {
            w.Line("    Array.Empty<MemoryDemand>());");
        }
    }

    /// <summary>The synapses a connection is expected to have, from its rule (a condition only removes pairs, so it is left out).</summary>
    private string ExpectedSynapses(ConnectionPlan connection, int k)
    {
        string pre = $"(double)(source_{k}_End - source_{k}_Start)", post = $"(target_{k}_End - target_{k}_Start)";
        var constants = NetworkConstants("this.");
        return connection.Rule switch
        {
            _ when connection.Condition is not null => "0",
            ConnectivityKind.OneToOne => pre,
            ConnectivityKind.Probability when ConstantEvaluator.FirstNonConstant(connection.RuleValue!) is not null => "0",
            ConnectivityKind.Probability => $"{constants.Write(connection.RuleValue!)} * {pre} * {post}",
            ConnectivityKind.FixedInDegree => $"{constants.Write(connection.RuleValue!)} * {post}",
            ConnectivityKind.FixedOutDegree => $"{constants.Write(connection.RuleValue!)} * {pre}",
            _ => $"{pre} * {post}",
        };
    }
}
