using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Analysis;
using SpikeLang.Compiler.Binding;

namespace SpikeLang.Compiler.Emit;

/// <summary>
/// Emits the nested class of one neuron population: structure-of-arrays state, parameters (scalars
/// when homogeneous), propagators, and the kernels Integrate, Threshold and Reset.
/// </summary>
internal sealed partial class NeuronPopulationEmitter
{
    private readonly EmitContext _context;
    private readonly PopulationModel _population;
    private readonly NeuronModel _model;
    private readonly PopulationParameters _parameters;
    private readonly Dictionary<string, BoundExpression> _aliases;
    private readonly OdeSystem? _system;
    private readonly bool[,] _propagatorNonZero;
    private readonly bool _exactHeterogeneous;
    private readonly bool _forcingConstant;

    public NeuronPopulationEmitter(EmitContext context, PopulationModel population)
    {
        _context = context;
        _population = population;
        _model = population.Model!;
        _parameters = new PopulationParameters(_model.Parameters, population.Overrides);
        _aliases = _model.Aliases.ToDictionary(a => a.Symbol.Name, a => a.Value, StringComparer.Ordinal);
        _system = _model.Continuous;
        int k = _system?.Variables.Count ?? 0;
        _propagatorNonZero = new bool[k, k];
        if (IsExact)
        {
            _propagatorNonZero = Reachability(_system!);
            _exactHeterogeneous = _system!.Matrix!.SelectMany(row => row).Any(c => c is not null && !_parameters.IsRunConstant(Expand(c)));
            _forcingConstant = _system.Forcing!.All(f => f is null || _parameters.IsRunConstant(Expand(f)));
        }
        CheckSupported();
    }

    public string TypeName => Naming.Type(_population.Name, "Population");

    /// <summary>Which parameters are per neuron: synapse code reads them as arrays, the rest as scalars.</summary>
    public PopulationParameters Parameters => _parameters;

    public PopulationModel Population => _population;

    /// <summary>Parameters the network's train block learns (<c>learn beta</c>): weight files set them, so they are not read-only.</summary>
    public IReadOnlyList<string> LearnedParameters =>
        _context.Network.Train?.Learned.Select(l => l.Name).Where(n => _parameters.Ordered.Any(p => p.Name == n) && !_parameters.Heterogeneous.Contains(n)).Distinct().ToList()
        ?? (IReadOnlyList<string>)Array.Empty<string>();

    /// <summary>True when Integrate, Threshold or Reset draw random numbers while running.</summary>
    public bool NeedsRunStream => KernelsUseRandom;

    public string Member => Naming.Member(_population.Name);

    private bool IsExact => _model.Method == IntegrationMethod.Exact && _system is { Kind: OdeKind.Linear };

    private bool HasRefractory => _model.Refractory is not null;

    private bool UsesInput => References(AllKernelExpressions()).Contains("input") || _context.Network.Connections.Any(c =>
        c.Target.Population == _population.Name
        && c.Synapse.OnPre.Concat(c.Synapse.OnPost).Any(s => s.Owner == VariableOwner.Post && s.Target.Name == "input"));

    private IEnumerable<VariableSymbol> StateVariables => _model.State.Select(s => s.Symbol);

    private void CheckSupported()
    {
        if (_model.Refractory is { } refractory && References(new[] { refractory }).Any(n => _model.State.Any(s => s.Symbol.Name == n)))
        {
            _context.ReportUnsupported(_model.FilePath, refractory.Span, "a refractory period that depends on state variables; use parameters");
        }
    }

    /// <summary>Every expression a kernel evaluates, for reference analysis.</summary>
    private IEnumerable<BoundExpression> AllKernelExpressions() =>
        _model.Equations.Select(e => e.Rhs)
            .Concat(_model.Aliases.Select(a => a.Value))
            .Concat(_model.Update.Select(s => s.Value))
            .Concat(_model.Reset.Select(s => s.Value))
            .Concat(_model.Threshold is null ? Array.Empty<BoundExpression>() : new[] { _model.Threshold });

    private static HashSet<string> References(IEnumerable<BoundExpression> expressions) =>
        new(expressions.SelectMany(PopulationParameters.References), StringComparer.Ordinal);

    /// <summary>The expression with the model's aliases substituted, for analyses that look through them.</summary>
    private BoundExpression Expand(BoundExpression expression) => expression switch
    {
        BoundVariable { Symbol.Kind: VariableKind.Alias } alias when _aliases.TryGetValue(alias.Symbol.Name, out var value) => Expand(value),
        BoundUnary unary => unary with { Operand = Expand(unary.Operand) },
        BoundBinary binary => binary with { Left = Expand(binary.Left), Right = Expand(binary.Right) },
        BoundCall call => call with { Arguments = call.Arguments.Select(Expand).ToList() },
        _ => expression,
    };

    /// <summary>
    /// Which entries of exp(A·dt) can be non-zero: entry (r, c) when variable r depends on c through
    /// a chain of non-zero coefficients. The kernel skips the structural zeros.
    /// </summary>
    internal static bool[,] Reachability(OdeSystem system)
    {
        int k = system.Variables.Count;
        var reach = new bool[k, k];
        for (int r = 0; r < k; r++)
        {
            reach[r, r] = true;
            for (int c = 0; c < k; c++)
            {
                reach[r, c] |= system.Matrix![r][c] is not null;
            }
        }
        for (int m = 0; m < k; m++)
        {
            for (int r = 0; r < k; r++)
            {
                for (int c = 0; c < k; c++)
                {
                    reach[r, c] |= reach[r, m] && reach[m, c];
                }
            }
        }
        return reach;
    }

    public void EmitClass(CodeWriter w)
    {
        w.Line($"/// <summary>Population '{_population.Name}' of {_model.Name} neurons.</summary>");
        using (w.Block($"public sealed class {TypeName}"))
        {
            EmitFields(w);
            w.Line();
            EmitConstructor(w);
            w.Line();
            EmitAccessors(w);
            w.Line();
            EmitIntegrate(w);
            w.Line();
            if (!FusesThreshold)
            {
                EmitThreshold(w);
                w.Line();
            }
            EmitReset(w);
            if (RecordsAnything)
            {
                w.Line();
                EmitRecord(w);
            }
        }
    }

    private bool RecordsSpikes => _context.Network.Records.Any(r => r.Kind == RecordKind.Spikes && r.Population == _population.Name);

    private IReadOnlyList<string> RecordedVariables => _context.Network.Records
        .Where(r => r.Kind == RecordKind.State && r.Population == _population.Name)
        .Select(r => r.Variable!).Distinct().ToList();

    private bool RecordsAnything => RecordsSpikes || RecordedVariables.Count > 0;

    private void EmitFields(CodeWriter w)
    {
        foreach (var state in StateVariables)
        {
            w.Line($"internal readonly Real[] _{state.Name};");
        }
        foreach (var (name, _) in _parameters.Ordered)
        {
            w.Line(_parameters.Heterogeneous.Contains(name) ? $"internal readonly Real[] _p_{name};"
                : LearnedParameters.Contains(name) ? $"internal Real _p_{name};"
                : $"internal readonly Real _p_{name};");
        }
        if (UsesInput)
        {
            w.Line("/// <summary>Summed synaptic input: synapses add to it during a step, the next update consumes and clears it.</summary>");
            w.Line("internal readonly Real[] _input;");
        }
        if (HasRefractory)
        {
            w.Line($"private readonly {_context.StepType}[] _lastSpike;");
            w.Line(RefractoryHeterogeneous ? $"private readonly {_context.StepType}[] _refractorySteps;" : $"private readonly {_context.StepType} _refractorySteps;");
        }
        if (IsExact)
        {
            EmitPropagatorFields(w);
        }
        if (KernelsUseRandom)
        {
            w.Line("private readonly RandomStream _rng;");
        }
        w.Line("private readonly int[] _spikes;");
        w.Line("private int _spikeCount;");
    }

    private bool RefractoryHeterogeneous => _model.Refractory is { } r && _parameters.VariesPerElement(r);

    private bool KernelsUseRandom => AllKernelExpressions().Any(ExpressionWriter.UsesRandom);

    private void EmitAccessors(CodeWriter w)
    {
        w.Line("/// <summary>Number of neurons.</summary>");
        w.Line("public int Count { get; }");
        w.Line();
        foreach (var state in StateVariables)
        {
            w.Line($"/// <summary>State variable {state.Name}, in {Unit(state)}, one value per neuron.</summary>");
            w.Line($"public Span<Real> {Naming.Member(state.Name)} => _{state.Name};");
        }
        foreach (var (name, _) in _parameters.Ordered)
        {
            var symbol = _model.Parameters.First(p => p.Symbol.Name == name).Symbol;
            w.Line($"/// <summary>Parameter {name}, in {Unit(symbol)}.</summary>");
            w.Line(_parameters.Heterogeneous.Contains(name)
                ? $"public ReadOnlySpan<Real> {Naming.Member(name)} => _p_{name};"
                : $"public Real {Naming.Member(name)} => _p_{name};");
        }
        w.Line();
        w.Line("/// <summary>The neurons that spiked in the last step, ascending.</summary>");
        w.Line("public ReadOnlySpan<int> Spikes => new(_spikes, 0, _spikeCount);");
        w.Line();
        w.Line("/// <summary>Spikes since construction.</summary>");
        w.Line("public long SpikeCount { get; private set; }");
        if (RecordsSpikes)
        {
            w.Line();
            w.Line("/// <summary>Every spike: step and neuron index (from 'record spikes').</summary>");
            w.Line("public SpikeMonitor SpikeMonitor { get; }");
        }
        foreach (var variable in RecordedVariables)
        {
            w.Line();
            w.Line($"/// <summary>{variable} of every neuron after each step (from 'record state').</summary>");
            w.Line($"public StateMonitor<Real> {variable}Monitor {{ get; }}");
        }
    }

    private static string Unit(VariableSymbol symbol) => symbol.Dimension is { } d ? (d.IsDimensionless ? "units of 1" : "SI units: " + d.Describe()) : "SI units";
}
