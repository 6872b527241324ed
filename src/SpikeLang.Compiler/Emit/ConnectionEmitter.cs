using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Syntax;

namespace SpikeLang.Compiler.Emit;

/// <summary>
/// Emits one connection: its connectivity (CSR rows by presynaptic neuron, built at construction),
/// per-synapse state, and the delivery kernel that runs the 'on pre' code for every synapse of every
/// presynaptic spike, immediately, after a homogeneous delay, or after per-synapse delays.
/// </summary>
internal sealed class ConnectionEmitter
{
    private readonly EmitContext _context;
    private readonly ConnectionModel _connection;
    private readonly string _preType;
    private readonly string _postType;
    private readonly PopulationParameters? _preParameters;
    private readonly PopulationParameters? _postParameters;
    private readonly PopulationParameters _synapseParameters;
    private readonly int? _homogeneousDelaySteps;

    /// <summary>Event-driven traces as dx/dt = a·x + c (a or c null when zero), advanced lazily at each event.</summary>
    private readonly List<(string Name, BoundExpression? A, BoundExpression? C)> _eventDriven = new();

    /// <summary>Clock-driven equations integrated exactly: each uncoupled, dx/dt = a·x + c, so x ← x·e^(a·dt) + offset.</summary>
    private readonly List<(string Name, BoundExpression? A, BoundExpression? C)> _exactClock = new();

    /// <param name="preParameters">The presynaptic population's parameters; null when it is a Poisson or input source.</param>
    public ConnectionEmitter(EmitContext context, ConnectionModel connection, string member, string preType, string postType,
        PopulationParameters? preParameters, PopulationParameters? postParameters)
    {
        _context = context;
        _connection = connection;
        Member = member;
        _preType = preType;
        _postType = postType;
        _preParameters = preParameters;
        _postParameters = postParameters;
        _synapseParameters = new PopulationParameters(connection.Synapse.Parameters,
            connection.SynapseOverrides.Where(o => connection.Synapse.Parameters.Any(p => p.Symbol.Name == o.Key)).ToDictionary(o => o.Key, o => o.Value));
        if (connection.Delay is { } delay && ConstantEvaluator.TryEvaluate(delay) is { } seconds)
        {
            _homogeneousDelaySteps = (int)Math.Round(seconds / context.Network.Dt);
        }
        var aliases = connection.Synapse.Aliases.ToDictionary(a => a.Symbol.Name, a => a.Value, StringComparer.Ordinal);
        foreach (var equation in connection.Synapse.Equations.Where(e => e.EventDriven))
        {
            string name = equation.Variable.Name;
            var form = Analysis.LinearForm.Decompose(equation.Rhs, new HashSet<string> { name }, aliases, out _);
            if (form is not null)
            {
                _eventDriven.Add((name, form.Coefficients.TryGetValue(name, out var a) ? a : null, form.Constant));
            }
        }
        if (connection.Synapse is { Continuous: { } system, Method: IntegrationMethod.Exact })
        {
            foreach (var variable in system.Variables)
            {
                var equation = connection.Synapse.Equations.First(e => e.Variable.Name == variable.Name && !e.EventDriven);
                var form = Analysis.LinearForm.Decompose(equation.Rhs, new HashSet<string> { variable.Name }, aliases, out _);
                if (form is not null)
                {
                    _exactClock.Add((variable.Name, form.Coefficients.TryGetValue(variable.Name, out var a) ? a : null, form.Constant));
                }
            }
        }
        CheckSupported();
    }

    public string Member { get; }

    public string TypeName => Naming.Type(Member, "Connection");

    private SynapseModel Synapse => _connection.Synapse;

    /// <summary>A <c>dense</c> connection: an all-to-all weight matrix (one row per source) plus a bias per target.</summary>
    public bool IsDense => _connection.Rule == ConnectivityKind.Dense;

    /// <summary>The source is a host-driven input, which may carry real values (currents) instead of spikes.</summary>
    private bool FromInput => _context.Network.Populations.First(p => p.Name == _connection.Source.Population).Kind == PopulationKind.Input;

    public bool PerSynapseDelays => _connection.Delay is not null && _homogeneousDelaySteps is null;

    /// <summary>True when the synapse reacts to postsynaptic spikes (DeliverPost runs).</summary>
    public bool HasOnPost => Synapse.OnPost.Count > 0;

    /// <summary>True when the synapse has clock-driven equations (Integrate runs every step).</summary>
    public bool HasClockDriven => Synapse.Continuous is not null;

    private bool NeedsSynapsePre => PerSynapseDelays || HasOnPost || HasClockDriven;

    private IEnumerable<BoundVariableDeclaration> PerSynapseState => Synapse.State.Where(s => !s.Symbol.IsShared);

    /// <summary>Each synapse has its own weight <c>w</c>, which weight files carry.</summary>
    public bool HasWeightVariable => PerSynapseState.Any(s => s.Symbol.Name == "w");

    private IEnumerable<BoundVariableDeclaration> SharedState => Synapse.State.Where(s => s.Symbol.IsShared);

    /// <summary>Network parameters that inline synapse code uses; copied into the connection at construction.</summary>
    private IEnumerable<string> NetworkParametersUsed =>
        Synapse.OnPre.Concat(Synapse.OnPost).SelectMany(s => s.Value.Variables())
            .Where(v => v.Symbol.Kind == VariableKind.NetworkParameter).Select(v => v.Symbol.Name).Distinct();

    private void CheckSupported()
    {
        var synapse = Synapse;
        foreach (var (name, a, c) in _eventDriven)
        {
            foreach (var coefficient in new[] { a, c }.Where(x => x is not null))
            {
                if (!_synapseParameters.IsRunConstant(coefficient!))
                {
                    _context.ReportUnsupported(synapse.FilePath, coefficient!.Span, $"an event-driven trace '{name}' whose time constant differs between synapses");
                }
            }
        }
        if (synapse.Continuous is { } system && synapse.Method == IntegrationMethod.Exact
            && system.Matrix!.Select((row, r) => row.Where((entry, c) => c != r && entry is not null).Any()).Any(coupled => coupled))
        {
            _context.ReportUnsupported(synapse.FilePath, synapse.Equations.First(e => !e.EventDriven).Span,
                "coupled clock-driven synapse equations with exact integration; add 'method rk4' to the synapse");
        }
        if (_connection.Condition is not null && _connection.Rule == ConnectivityKind.FixedInDegree)
        {
            _context.ReportUnsupported(_context.Network.FilePath, _connection.Condition.Span, "a condition together with fixed_indegree");
        }
        foreach (var assignment in synapse.OnPre.Concat(synapse.OnPost))
        {
            if (ExpressionWriter.UsesRandom(assignment.Value))
            {
                _context.ReportUnsupported(synapse.FilePath, assignment.Value.Span, "random numbers in 'on pre' or 'on post' code");
            }
            foreach (var variable in assignment.Value.Variables().Append(new BoundVariable(assignment.Target, assignment.Owner, assignment.Span)))
            {
                if (variable.Owner != VariableOwner.Self && variable.Symbol.Kind == VariableKind.Alias)
                {
                    _context.ReportUnsupported(synapse.FilePath, variable.Span, $"'{variable.Symbol.Name}', an alias of a neuron, in synapse code");
                }
                if (variable.Owner == VariableOwner.Pre && _preParameters is null)
                {
                    _context.ReportUnsupported(synapse.FilePath, variable.Span, $"'{variable.Symbol.Name}' of a Poisson or input source in synapse code");
                }
            }
        }
    }

    /// <summary>The connect statement as written, on one line.</summary>
    public string Describe() =>
        string.Join(" ", _context.Text(_context.Network.FilePath, _connection.Span).Split(new[] { ' ', '\t', '\r', '\n' }, StringSplitOptions.RemoveEmptyEntries));

    public void EmitClass(CodeWriter w)
    {
        var source = _connection.Source;
        var target = _connection.Target;
        w.Line($"/// <summary>Connection {Describe()}.</summary>");
        using (w.Block($"public sealed class {TypeName}"))
        {
            w.Line($"private readonly {_preType} _pre;");
            w.Line($"private readonly {_postType} _post;");
            foreach (var state in PerSynapseState)
            {
                w.Line($"internal readonly Real[] _{state.Symbol.Name};");
            }
            foreach (var state in SharedState)
            {
                w.Line($"internal Real _{state.Symbol.Name};");
            }
            foreach (var name in NetworkParametersUsed)
            {
                w.Line($"private readonly Real _np_{name};");
            }
            foreach (var (name, _) in _synapseParameters.Ordered)
            {
                w.Line(_synapseParameters.Heterogeneous.Contains(name) ? $"internal readonly Real[] _p_{name};" : $"internal readonly Real _p_{name};");
            }
            w.Line("private readonly int _sourceCount;");
            if (IsDense)
            {
                w.Line("internal readonly Real[] _b;");
            }
            if (_homogeneousDelaySteps is > 0)
            {
                w.Line("private readonly SpikeHistory _history;");
            }
            if (PerSynapseDelays)
            {
                w.Line("private readonly int[] _delaySteps;");
                w.Line("private readonly SynapticEventQueue _queue;");
            }
            if (NeedsSynapsePre)
            {
                w.Line("private readonly int[] _synapsePre;");
            }
            if (HasOnPost)
            {
                w.Line("private readonly IncomingIndex _incoming;");
            }
            if (_eventDriven.Count > 0)
            {
                w.Line("// Event-driven traces are brought up to date only when a spike reaches their synapse.");
                w.Line("private readonly int[] _lastUpdate;");
                foreach (var (name, a, c) in _eventDriven)
                {
                    if (a is not null)
                    {
                        w.Line($"private readonly Real _rate_{name};");
                    }
                    if (c is not null)
                    {
                        w.Line($"private readonly Real _drift_{name};");
                    }
                }
            }
            foreach (var (name, _, _) in _exactClock)
            {
                w.Line($"private readonly Real _decay_{name};");
                w.Line($"private readonly Real _offset_{name};");
            }
            w.Line();
            EmitConstructor(w);
            w.Line();
            w.Line("/// <summary>Synapses as CSR rows: one row per presynaptic neuron of the source slice, columns index the target slice.</summary>");
            w.Line("public Csr Connectivity { get; }");
            foreach (var state in PerSynapseState)
            {
                w.Line($"/// <summary>Per-synapse {state.Symbol.Name}, in the order of <see cref=\"Connectivity\"/>.</summary>");
                w.Line($"public Span<Real> {Naming.Member(state.Symbol.Name)} => _{state.Symbol.Name};");
            }
            if (IsDense)
            {
                w.Line("/// <summary>Bias added to each target's input every step, as a dense layer's bias (zero unless trained or loaded).</summary>");
                w.Line("public Span<Real> b => _b;");
            }
            foreach (var (name, _) in _synapseParameters.Ordered)
            {
                w.Line($"/// <summary>Synapse parameter {name}, in SI units.</summary>");
                w.Line(_synapseParameters.Heterogeneous.Contains(name)
                    ? $"public ReadOnlySpan<Real> {Naming.Member(name)} => _p_{name};"
                    : $"public Real {Naming.Member(name)} => _p_{name};");
            }
            foreach (var state in SharedState)
            {
                w.Line($"/// <summary>{state.Symbol.Name}, one value for every synapse of this connection; the host may set it between steps.</summary>");
                w.Line($"public Real {Naming.Member(state.Symbol.Name)} {{ get => _{state.Symbol.Name}; set => _{state.Symbol.Name} = value; }}");
            }
            w.Line($"/// <summary>First neuron of the source slice of {source.Population}.</summary>");
            w.Line("public int SourceStart { get; }");
            w.Line($"/// <summary>First neuron of the target slice of {target.Population}.</summary>");
            w.Line("public int TargetStart { get; }");
            w.Line("/// <summary>One past the last neuron of the source slice.</summary>");
            w.Line("public int SourceEnd => SourceStart + _sourceCount;");
            w.Line("/// <summary>One past the last neuron of the target slice.</summary>");
            w.Line("public int TargetEnd => TargetStart + Connectivity.ColumnCount;");
            w.Line($"/// <summary>Delay in steps when it is the same for every synapse, otherwise -1.</summary>");
            w.Line($"public const int DelaySteps = {(_connection.Delay is null ? 0 : _homogeneousDelaySteps ?? -1)};");
            if (PerSynapseDelays)
            {
                w.Line("/// <summary>Per-synapse delays in steps.</summary>");
                w.Line("public ReadOnlySpan<int> SynapseDelaySteps => _delaySteps;");
            }
            w.Line();
            EmitDeliver(w);
        }
    }

    private void EmitConstructor(CodeWriter w)
    {
        var source = _connection.Source;
        var target = _connection.Target;
        string rule = _connection.RuleValue is null ? "" : (_connection.Rule == ConnectivityKind.FixedInDegree ? ", int inDegree" : ", double probability");
        using (w.Block($"internal {TypeName}({Naming.Member(_context.Network.Name)} net, {_preType} pre, {_postType} post, RandomStream init, int sourceStart, int sourceEnd, int targetStart, int targetEnd{rule})"))
        {
            w.Line("_pre = pre;");
            w.Line("_post = post;");
            foreach (var name in NetworkParametersUsed)
            {
                w.Line($"_np_{name} = (Real)net.{Naming.Member(name)};");
            }
            w.Line("SourceStart = sourceStart;");
            w.Line("TargetStart = targetStart;");
            w.Line("int nPre = _sourceCount = sourceEnd - sourceStart, nPost = targetEnd - targetStart;");
            var pairs = _context.Writer(EvaluationMode.Construction, v => v.Symbol switch
            {
                { Kind: VariableKind.NetworkParameter } p => $"net.{Naming.Member(p.Name)}",
                { Name: "i" } => "i",
                { Name: "j" } => "j",
                { Name: "N_pre" } => "nPre",
                { Name: "N_post" } => "nPost",
                var other => throw new InvalidOperationException(other.Name),
            }, "init");
            string build = (_connection.Rule, _connection.Condition) switch
            {
                (ConnectivityKind.OneToOne, null) => "ConnectivityBuilder.OneToOne(nPre)",
                (ConnectivityKind.Probability, null) => "ConnectivityBuilder.Probability(nPre, nPost, probability, init)",
                (ConnectivityKind.FixedInDegree, _) => "ConnectivityBuilder.FixedInDegree(nPre, nPost, inDegree, init)",
                (ConnectivityKind.OneToOne, { } c) => $"ConnectivityBuilder.Where(nPre, nPost, (i, j) => i == j && {pairs.Write(c)}, 1.0, init)",
                (ConnectivityKind.Probability, { } c) => $"ConnectivityBuilder.Where(nPre, nPost, (i, j) => {pairs.Write(c)}, probability, init)",
                (_, { } c) => $"ConnectivityBuilder.Where(nPre, nPost, (i, j) => {pairs.Write(c)}, 1.0, init)",
                _ => "ConnectivityBuilder.All(nPre, nPost)",
            };
            bool needsPairs = _synapseParameters.Heterogeneous.Count > 0 || PerSynapseState.Any() || NeedsSynapsePre;
            w.Line($"{(needsPairs ? "var csr = " : "")}Connectivity = {build};");

            var perSynapse = _context.Writer(EvaluationMode.Construction, v => v.Symbol switch
            {
                { Name: "i" } when v.Owner == VariableOwner.Self && v.Symbol.Kind == VariableKind.Implicit => "i",
                { Name: "j" } when v.Owner == VariableOwner.Self && v.Symbol.Kind == VariableKind.Implicit => "j",
                { Kind: VariableKind.Implicit, Name: "dt" } => "Dt",
                { Kind: VariableKind.NetworkParameter } np => $"net.{Naming.Member(np.Name)}",
                { Kind: VariableKind.Parameter } p when v.Owner == VariableOwner.Self =>
                    _synapseParameters.Heterogeneous.Contains(p.Name) ? $"p_{p.Name}[k]" : $"p_{p.Name}",
                { Kind: VariableKind.State, IsShared: true } s when v.Owner == VariableOwner.Self => $"_{s.Name}",
                { Kind: VariableKind.State } s when v.Owner == VariableOwner.Self => $"_{s.Name}[k]",
                var other => throw new InvalidOperationException($"'{other.Name}' at construction"),
            }, "init");

            foreach (var (name, value) in _synapseParameters.Ordered)
            {
                if (_synapseParameters.Heterogeneous.Contains(name))
                {
                    w.Line($"var p_{name} = new double[Connectivity.SynapseCount];");
                }
                else
                {
                    w.Line($"double p_{name} = {perSynapse.Write(value)};");
                    w.Line($"_p_{name} = (Real)p_{name};");
                }
            }
            foreach (var state in SharedState)
            {
                var value = _connection.SynapseOverrides.TryGetValue(state.Symbol.Name, out var o) ? o : state.Value;
                w.Line($"_{state.Symbol.Name} = (Real)({perSynapse.Write(value)});");
            }
            foreach (var state in PerSynapseState)
            {
                w.Line($"_{state.Symbol.Name} = new Real[Connectivity.SynapseCount];");
            }
            if (IsDense)
            {
                w.Line("_b = new Real[nPost];");
            }
            if (PerSynapseDelays)
            {
                w.Line("_delaySteps = new int[Connectivity.SynapseCount];");
            }
            if (NeedsSynapsePre)
            {
                w.Line("_synapsePre = new int[Connectivity.SynapseCount];");
            }
            if (needsPairs)
            {
                w.Line("// Per-synapse values, synapse by synapse in CSR order; i and j index the source and target slices.");
                using (w.Block("for (int i = 0; i < csr.Rows; i++)"))
                {
                    using (w.Block("for (int k = csr.RowStart[i]; k < csr.RowStart[i + 1]; k++)"))
                    {
                        w.Line("int j = csr.Columns[k];");
                        foreach (var (name, value) in _synapseParameters.Ordered.Where(p => _synapseParameters.Heterogeneous.Contains(p.Name)))
                        {
                            w.Line($"p_{name}[k] = {perSynapse.Write(value)};");
                        }
                        foreach (var state in PerSynapseState)
                        {
                            var value = _connection.SynapseOverrides.TryGetValue(state.Symbol.Name, out var o) ? o : state.Value;
                            w.Line($"_{state.Symbol.Name}[k] = (Real)({perSynapse.Write(value)});");
                        }
                        if (PerSynapseDelays)
                        {
                            w.Line($"_delaySteps[k] = (int)Math.Round(({perSynapse.Write(_connection.Delay!)}) / Dt);");
                        }
                        if (NeedsSynapsePre)
                        {
                            w.Line("_synapsePre[k] = i;");
                        }
                    }
                }
            }
            foreach (var (name, _) in _synapseParameters.Ordered.Where(p => _synapseParameters.Heterogeneous.Contains(p.Name)))
            {
                w.Line($"_p_{name} = ToReal(p_{name});");
            }
            if (_homogeneousDelaySteps is > 0)
            {
                w.Line($"_history = new SpikeHistory(pre.Count, {_homogeneousDelaySteps});");
            }
            if (PerSynapseDelays)
            {
                w.Line("int maxDelay = 0;");
                w.Line("foreach (int d in _delaySteps) maxDelay = Math.Max(maxDelay, d);");
                w.Line("_queue = new SynapticEventQueue(maxDelay);");
            }
            if (HasOnPost)
            {
                w.Line("_incoming = IncomingIndex.Build(Connectivity);");
            }
            foreach (var (name, a, c) in _exactClock)
            {
                string rate = a is null ? "0d" : perSynapse.Write(a);
                string drift = c is null ? "0d" : perSynapse.Write(c);
                w.Line($"// d{name}/dt = a·{name} + c over one step: {name} ← {name}·e^(a·dt) + c·(e^(a·dt) − 1)/a (c·dt when a = 0).");
                using (w.Block(""))
                {
                    w.Line($"double a = {rate}, c = {drift};");
                    w.Line($"_decay_{name} = (Real)Math.Exp(a * Dt);");
                    w.Line($"_offset_{name} = (Real)(a == 0 ? c * Dt : c * (Math.Exp(a * Dt) - 1) / a);");
                }
            }
            if (_eventDriven.Count > 0)
            {
                w.Line("_lastUpdate = new int[Connectivity.SynapseCount];");
                foreach (var (name, a, c) in _eventDriven)
                {
                    if (a is not null)
                    {
                        w.Line($"_rate_{name} = (Real)({perSynapse.Write(a)});");
                    }
                    if (c is not null)
                    {
                        w.Line($"_drift_{name} = (Real)({perSynapse.Write(c)});");
                    }
                }
            }
        }
    }

    /// <summary>Renders a variable in synapse code: k is the synapse, s the presynaptic and j the postsynaptic neuron.</summary>
    private string SynapseVariable(BoundVariable v, HashSet<string> hoisted, Func<string, string?>? local = null)
    {
        var symbol = v.Symbol;
        switch (v.Owner)
        {
            case VariableOwner.Self when symbol.Kind == VariableKind.State && local?.Invoke(symbol.Name) is { } name:
                return name;
            case VariableOwner.Self when symbol.Kind == VariableKind.State && symbol.IsShared:
                return $"_{symbol.Name}";
            case VariableOwner.Self when symbol.Kind == VariableKind.State:
                return Ref($"r_s_{symbol.Name}", $"_{symbol.Name}", "k");
            case VariableOwner.Self when symbol.Kind == VariableKind.Parameter:
                return _synapseParameters.Heterogeneous.Contains(symbol.Name)
                    ? Ref($"r_sp_{symbol.Name}", $"_p_{symbol.Name}", "k")
                    : Scalar($"k_s_{symbol.Name}", $"_p_{symbol.Name}");
            case VariableOwner.Self when symbol.Kind == VariableKind.NetworkParameter:
                return Scalar($"k_np_{symbol.Name}", $"_np_{symbol.Name}");
            case VariableOwner.Self when symbol.Kind == VariableKind.Implicit:
                return symbol.Name switch
                {
                    "i" => "(Real)(s - sourceStart)",
                    "j" => "(Real)(j - targetStart)",
                    "t" => Scalar("k_t", "(Real)(step * Dt)"),
                    _ => Scalar("k_dt", "(Real)Dt"),
                };
            default:
                string side = v.Owner == VariableOwner.Pre ? "pre" : "post";
                string index = v.Owner == VariableOwner.Pre ? "s" : "j";
                string owner = v.Owner == VariableOwner.Pre ? "_pre" : "_post";
                if (symbol.Kind == VariableKind.Implicit)
                {
                    return Ref($"r_{side}_input", $"{owner}._input", index);
                }
                if (symbol.Kind == VariableKind.State)
                {
                    return Ref($"r_{side}_{symbol.Name}", $"{owner}._{symbol.Name}", index);
                }
                var parameters = v.Owner == VariableOwner.Pre ? _preParameters : _postParameters;
                return parameters is not null && parameters.Heterogeneous.Contains(symbol.Name)
                    ? Ref($"r_{side}_p_{symbol.Name}", $"{owner}._p_{symbol.Name}", index)
                    : Scalar($"k_{side}_p_{symbol.Name}", $"{owner}._p_{symbol.Name}");
        }

        string Ref(string local, string array, string at)
        {
            hoisted.Add($"ref Real {local} = ref MemoryMarshal.GetArrayDataReference({array});");
            return $"Unsafe.Add(ref {local}, {at})";
        }

        string Scalar(string local, string value)
        {
            hoisted.Add($"Real {local} = {value};");
            return local;
        }
    }

    private List<string> Statements(IReadOnlyList<BoundAssignment> statements, HashSet<string> hoisted)
    {
        var writer = _context.Writer(EvaluationMode.Scalar, v => SynapseVariable(v, hoisted));
        return statements.Select(statement =>
        {
            string target = SynapseVariable(new BoundVariable(statement.Target, statement.Owner, statement.Span), hoisted);
            string op = statement.Operator switch
            {
                AssignmentOperator.Assign => "=",
                AssignmentOperator.AddAssign => "+=",
                AssignmentOperator.SubtractAssign => "-=",
                AssignmentOperator.MultiplyAssign => "*=",
                _ => "/=",
            };
            return $"{target} {op} {writer.Write(statement.Value)};";
        }).ToList();
    }

    /// <summary>
    /// Brings synapse k's event-driven traces from its last update to this step, exactly:
    /// dx/dt = a·x + c gives x(t + Δ) = (x + c/a)·e^(aΔ) − c/a (x·e^(aΔ) when c = 0, x + cΔ when a = 0).
    /// </summary>
    private List<string> AdvanceTraces(HashSet<string> hoisted)
    {
        var lines = new List<string>();
        if (_eventDriven.Count == 0)
        {
            return lines;
        }
        string exp = _context.Double ? "Math.Exp" : "MathF.Exp";
        hoisted.Add("Real k_dt = (Real)Dt;");
        hoisted.Add("ref int r_lastUpdate = ref MemoryMarshal.GetArrayDataReference(_lastUpdate);");
        lines.Add("int elapsed = (int)step - Unsafe.Add(ref r_lastUpdate, k);");
        lines.Add("if (elapsed != 0)");
        lines.Add("{");
        lines.Add("    Real span = elapsed * k_dt;");
        foreach (var (name, a, c) in _eventDriven)
        {
            hoisted.Add($"ref Real r_s_{name} = ref MemoryMarshal.GetArrayDataReference(_{name});");
            string x = $"Unsafe.Add(ref r_s_{name}, k)";
            if (a is not null)
            {
                hoisted.Add($"Real k_rate_{name} = _rate_{name};");
            }
            if (c is not null)
            {
                hoisted.Add($"Real k_drift_{name} = _drift_{name};");
            }
            lines.Add((a, c) switch
            {
                (not null, null) => $"    {x} *= {exp}(k_rate_{name} * span);",
                (null, not null) => $"    {x} += k_drift_{name} * span;",
                (not null, not null) => $"    {x} = ({x} + k_drift_{name} / k_rate_{name}) * {exp}(k_rate_{name} * span) - k_drift_{name} / k_rate_{name};",
                _ => $"    // d{name}/dt = 0: nothing to advance",
            });
        }
        lines.Add("    Unsafe.Add(ref r_lastUpdate, k) = (int)step;");
        lines.Add("}");
        return lines;
    }

    private void EmitDeliver(CodeWriter w)
    {
        if (IsDense)
        {
            EmitDenseDeliver(w);
            return;
        }
        w.Line("/// <summary>Runs the 'on pre' code for the synapses of this step's presynaptic spikes (after their delay).</summary>");
        using (w.Kernel("internal void Deliver(long step)"))
        {
            var hoisted = new HashSet<string>(StringComparer.Ordinal);
            var body = AdvanceTraces(hoisted).Concat(Statements(Synapse.OnPre, hoisted)).ToList();
            WriteHoisted(w, hoisted);
            string spikes = _homogeneousDelaySteps is > 0 ? $"_history.Delayed({_homogeneousDelaySteps})" : "_pre.Spikes";
            if (_homogeneousDelaySteps is > 0)
            {
                w.Line("_history.Push(_pre.Spikes);");
            }
            using (w.Block($"foreach (int s in {spikes})"))
            {
                w.Line("int row = s - sourceStart;");
                w.Line("if ((uint)row >= (uint)sourceCount) continue;");
                using (w.Block("for (int k = rowStart[row], end = rowStart[row + 1]; k < end; k++)"))
                {
                    if (PerSynapseDelays)
                    {
                        w.Line("_queue.Schedule(_delaySteps[k], k);");
                    }
                    else
                    {
                        w.Line("int j = columns[k] + targetStart;");
                        foreach (var line in body)
                        {
                            w.Line(line);
                        }
                    }
                }
            }
            if (PerSynapseDelays)
            {
                using (w.Block("foreach (int k in _queue.Due)"))
                {
                    w.Line("int s = _synapsePre[k] + sourceStart;");
                    w.Line("int j = columns[k] + targetStart;");
                    foreach (var line in body)
                    {
                        w.Line(line);
                    }
                }
                w.Line("_queue.Advance();");
            }
        }
        if (HasOnPost)
        {
            w.Line();
            EmitDeliverPost(w);
        }
        if (HasClockDriven)
        {
            w.Line();
            EmitIntegrate(w);
        }
    }

    /// <summary>
    /// Dense delivery adds whole rows of weights with <c>DenseRows</c>, sources in ascending order, then
    /// the bias: the generated trainer's forward pass makes the same calls in the same order, so a
    /// trained network gives here exactly the spikes it gave in training.
    /// </summary>
    private void EmitDenseDeliver(CodeWriter w)
    {
        w.Line(FromInput
            ? "/// <summary>Adds the row of weights of each spiking source (scaled by its value when the input carries values), then the bias.</summary>"
            : "/// <summary>Adds the row of weights of each spiking source, then the bias.</summary>");
        using (w.Kernel("internal void Deliver(long step)"))
        {
            w.Line("int nPost = Connectivity.ColumnCount;");
            w.Line("int[] rowStart = Connectivity.RowStart;");
            w.Line("Span<Real> input = _post._input.AsSpan(TargetStart, nPost);");
            void SpikeRows()
            {
                using (w.Block("foreach (int s in _pre.Spikes)"))
                {
                    w.Line("int row = s - SourceStart;");
                    w.Line("if ((uint)row >= (uint)_sourceCount) continue;");
                    w.Line("DenseRows.Add(input, _w.AsSpan(rowStart[row], nPost));");
                }
            }
            if (FromInput)
            {
                using (w.Block("if (_pre.HasValues)"))
                {
                    w.Line("ReadOnlySpan<Real> values = _pre.Values.Slice(SourceStart, _sourceCount);");
                    using (w.Block("for (int row = 0; row < values.Length; row++)"))
                    {
                        w.Line("Real x = values[row];");
                        w.Line("if (x != 0) DenseRows.AddScaled(input, _w.AsSpan(rowStart[row], nPost), x);");
                    }
                }
                using (w.Block("else"))
                {
                    SpikeRows();
                }
            }
            else
            {
                SpikeRows();
            }
            w.Line("DenseRows.Add<Real>(input, _b);");
        }
    }

    private static void WriteHoisted(CodeWriter w, HashSet<string> hoisted)
    {
        foreach (var line in hoisted.OrderBy(l => l, StringComparer.Ordinal))
        {
            w.Line(line);
        }
        w.Line("int[] rowStart = Connectivity.RowStart;");
        w.Line("int[] columns = Connectivity.Columns;");
        w.Line("int sourceStart = SourceStart, sourceCount = _sourceCount, targetStart = TargetStart, targetCount = Connectivity.ColumnCount;");
    }

    private void EmitDeliverPost(CodeWriter w)
    {
        w.Line("/// <summary>Runs the 'on post' code for the synapses onto this step's postsynaptic spikes.</summary>");
        using (w.Kernel("internal void DeliverPost(long step)"))
        {
            var hoisted = new HashSet<string>(StringComparer.Ordinal);
            var body = AdvanceTraces(hoisted).Concat(Statements(Synapse.OnPost, hoisted)).ToList();
            WriteHoisted(w, hoisted);
            using (w.Block("foreach (int j in _post.Spikes)"))
            {
                w.Line("int column = j - targetStart;");
                w.Line("if ((uint)column >= (uint)targetCount) continue;");
                using (w.Block("foreach (int k in _incoming.Incoming(column))"))
                {
                    w.Line("int s = _synapsePre[k] + sourceStart;");
                    foreach (var line in body)
                    {
                        w.Line(line);
                    }
                }
            }
        }
    }

    /// <summary>Clock-driven synapse equations, every synapse every step (scalar: they are rare and usually few).</summary>
    private void EmitIntegrate(CodeWriter w)
    {
        var system = Synapse.Continuous!;
        var variables = system.Variables.Select(v => v.Name).ToList();
        var rhs = variables.Select(v => Synapse.Equations.First(e => e.Variable.Name == v && !e.EventDriven).Rhs).ToList();
        w.Line($"/// <summary>Advances the clock-driven synapse equations of every synapse by one step ({Synapse.Method}).</summary>");
        using (w.Kernel("internal void Integrate(long step)"))
        {
            var hoisted = new HashSet<string>(StringComparer.Ordinal) { "Real k_dt = (Real)Dt;" };
            var lines = new List<string>();
            foreach (var v in variables)
            {
                lines.Add($"var x_{v} = Unsafe.Add(ref r_s_{v}, k);");
                hoisted.Add($"ref Real r_s_{v} = ref MemoryMarshal.GetArrayDataReference(_{v});");
            }
            if (Synapse.Method == IntegrationMethod.Exact)
            {
                foreach (var v in variables)
                {
                    hoisted.Add($"Real k_decay_{v} = _decay_{v}, k_offset_{v} = _offset_{v};");
                    lines.Add($"var n_{v} = x_{v} * k_decay_{v} + k_offset_{v};");
                }
            }
            else
            {
                // Time is the start of the step at every stage: synapse equations rarely use t.
                NumericalMethods.Write(Synapse.Method, variables, rhs,
                    (at, _) => _context.Writer(EvaluationMode.Scalar,
                        v => SynapseVariable(v, hoisted, name => variables.Contains(name) ? $"{at ?? "x"}_{name}" : null)),
                    "k_dt",
                    _context.Writer(EvaluationMode.Scalar, _ => ""),
                    lines.Add);
            }
            foreach (var v in variables)
            {
                lines.Add($"Unsafe.Add(ref r_s_{v}, k) = n_{v};");
            }
            WriteHoisted(w, hoisted);
            using (w.Block("for (int k = 0, n = columns.Length; k < n; k++)"))
            {
                w.Line("int s = _synapsePre[k] + sourceStart;");
                w.Line("int j = columns[k] + targetStart;");
                foreach (var line in lines)
                {
                    w.Line(line);
                }
            }
        }
    }
}
