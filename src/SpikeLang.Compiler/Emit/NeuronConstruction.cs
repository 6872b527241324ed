using System.Linq;
using SpikeLang.Compiler.Binding;

namespace SpikeLang.Compiler.Emit;

/// <summary>The constructor: parameters, initial values, refractory periods and propagators, all computed in double.</summary>
internal sealed partial class NeuronPopulationEmitter
{
    private string ConstructionVariable(BoundVariable variable) => variable.Symbol switch
    {
        { Kind: VariableKind.Parameter } p => _parameters.Heterogeneous.Contains(p.Name) ? $"p_{p.Name}[i]" : $"p_{p.Name}",
        { Kind: VariableKind.State } s => $"_{s.Name}[i]",
        { Kind: VariableKind.Implicit, Name: "i" } => "i",
        { Kind: VariableKind.Implicit, Name: "N" } => "n",
        { Kind: VariableKind.Implicit, Name: "dt" } => "Dt",
        { Kind: VariableKind.Implicit } => "0d",
        { Kind: VariableKind.NetworkParameter } np => $"net.{Naming.Member(np.Name)}",
        var other => throw new System.InvalidOperationException($"'{other.Name}' cannot be used at construction"),
    };

    private void EmitConstructor(CodeWriter w)
    {
        var writer = _context.Writer(EvaluationMode.Construction, ConstructionVariable, "init");
        var parameters = string.Join(", ", new[] { $"{Naming.Member(_context.Network.Name)} net", "int count", "RandomStream init" }
            .Concat(KernelsUseRandom ? new[] { "RandomStream rng" } : System.Array.Empty<string>()));
        using (w.Block($"internal {TypeName}({parameters})"))
        {
            w.Line("int n = Count = count;");
            if (KernelsUseRandom)
            {
                w.Line("_rng = rng;");
            }
            w.Line("_spikes = new int[n];");
            if (UsesInput)
            {
                w.Line("_input = new Real[n];");
            }

            if (_parameters.Ordered.Count > 0)
            {
                w.Line();
                w.Line("// Parameters, in SI units, each after the parameters it uses.");
            }
            foreach (var (name, value) in _parameters.Ordered)
            {
                if (_parameters.Heterogeneous.Contains(name))
                {
                    w.Line($"var p_{name} = new double[n];");
                    w.Line($"for (int i = 0; i < n; i++) p_{name}[i] = {writer.Write(value)};");
                    w.Line($"_p_{name} = ToReal(p_{name});");
                }
                else
                {
                    w.Line($"double p_{name} = {writer.Write(value)};");
                    w.Line($"_p_{name} = (Real)p_{name};");
                }
            }

            w.Line();
            w.Line("// Initial values, in the order the state block gives them.");
            foreach (var state in _model.State)
            {
                var value = _population.Overrides.TryGetValue(state.Symbol.Name, out var o) ? o : state.Value;
                w.Line($"_{state.Symbol.Name} = new Real[n];");
                w.Line($"for (int i = 0; i < n; i++) _{state.Symbol.Name}[i] = (Real)({writer.Write(value)});");
            }

            if (_model.Refractory is { } refractory)
            {
                w.Line();
                w.Line("// Refractory period in whole steps, as Brian2 rounds it: a neuron that spiked at step s is held until step s + steps.");
                w.Line($"_lastSpike = new {_context.StepType}[n];");
                w.Line($"System.Array.Fill(_lastSpike, ({_context.StepType})(-(1 << 30)));");
                string steps = $"({_context.StepType})System.Math.Round(({writer.Write(refractory)}) / Dt)";
                if (RefractoryHeterogeneous)
                {
                    w.Line($"_refractorySteps = new {_context.StepType}[n];");
                    w.Line($"for (int i = 0; i < n; i++) _refractorySteps[i] = {steps};");
                }
                else
                {
                    w.Line($"_refractorySteps = {steps};");
                }
            }

            if (IsExact)
            {
                w.Line();
                EmitPropagatorConstruction(w, writer);
            }

            if (RecordsSpikes)
            {
                w.Line("SpikeMonitor = new SpikeMonitor(n);");
            }
            foreach (var variable in RecordedVariables)
            {
                w.Line($"{variable}Monitor = new StateMonitor<Real>({Naming.Quote(variable)}, n);");
            }
        }
    }

    private void EmitPropagatorFields(CodeWriter w)
    {
        int k = _system!.Variables.Count;
        string type = _exactHeterogeneous ? "Real[]" : "Real";
        w.Line("// Propagator of the exact update x(t + dt) = P·x(t) + Q·b; only entries that can be non-zero.");
        for (int r = 0; r < k; r++)
        {
            for (int c = 0; c < k; c++)
            {
                if (_propagatorNonZero[r, c])
                {
                    w.Line($"private readonly {type} _P_{r}_{c};");
                }
            }
        }
        for (int r = 0; r < k; r++)
        {
            if (_forcingConstant)
            {
                if (HasConstantDrive(r))
                {
                    w.Line($"private readonly {type} _q_{r};");
                }
                continue;
            }
            for (int c = 0; c < k; c++)
            {
                if (_propagatorNonZero[r, c] && _system.Forcing![c] is not null)
                {
                    w.Line($"private readonly {type} _Q_{r}_{c};");
                }
            }
        }
    }

    /// <summary>Whether row r receives any constant drive through Q·b.</summary>
    private bool HasConstantDrive(int r) =>
        Enumerable.Range(0, _system!.Variables.Count).Any(c => _propagatorNonZero[r, c] && _system.Forcing![c] is not null);

    private void EmitPropagatorConstruction(CodeWriter w, ExpressionWriter writer)
    {
        int k = _system!.Variables.Count;
        w.Line($"// A of dx/dt = A·x + b for x = ({string.Join(", ", _system.Variables.Select(v => v.Name))}); P = exp(A·dt), Q = ∫₀^dt exp(A·s) ds.");
        string index = _exactHeterogeneous ? "[i]" : "";
        if (_exactHeterogeneous)
        {
            for (int r = 0; r < k; r++)
            {
                for (int c = 0; c < k; c++)
                {
                    if (_propagatorNonZero[r, c])
                    {
                        w.Line($"_P_{r}_{c} = new Real[n];");
                        if (!_forcingConstant && _system.Forcing![c] is not null)
                        {
                            w.Line($"_Q_{r}_{c} = new Real[n];");
                        }
                    }
                }
                if (_forcingConstant && HasConstantDrive(r))
                {
                    w.Line($"_q_{r} = new Real[n];");
                }
            }
        }
        using (w.Block(_exactHeterogeneous ? "for (int i = 0; i < n; i++)" : ""))
        {
            w.Line($"var a = new double[{k}, {k}];");
            for (int r = 0; r < k; r++)
            {
                for (int c = 0; c < k; c++)
                {
                    if (_system.Matrix![r][c] is { } coefficient)
                    {
                        w.Line($"a[{r}, {c}] = {writer.Write(coefficient)};");
                    }
                }
            }
            w.Line("Propagator.Compute(a, Dt, out var p, out var q);");
            for (int r = 0; r < k; r++)
            {
                for (int c = 0; c < k; c++)
                {
                    if (_propagatorNonZero[r, c])
                    {
                        w.Line($"_P_{r}_{c}{index} = (Real)p[{r}, {c}];");
                        if (!_forcingConstant && _system.Forcing![c] is not null)
                        {
                            w.Line($"_Q_{r}_{c}{index} = (Real)q[{r}, {c}];");
                        }
                    }
                }
                if (_forcingConstant && HasConstantDrive(r))
                {
                    var terms = Enumerable.Range(0, k)
                        .Where(c => _propagatorNonZero[r, c] && _system.Forcing![c] is not null)
                        .Select(c => $"q[{r}, {c}] * {writer.Write(_system.Forcing![c]!)}");
                    w.Line($"_q_{r}{index} = (Real)({string.Join(" + ", terms)});");
                }
            }
        }
    }
}
