using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Analysis;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Syntax;

using static SpikeLang.Compiler.Emit.ElementAccess;

namespace SpikeLang.Compiler.Emit;

/// <summary>
/// The per-step kernels. Integrate and Threshold loop over neurons with Vector256 and a scalar tail
/// (the scalar loop alone when a kernel draws random numbers or calls a function without a vector
/// form); Reset visits only the neurons that spiked.
/// </summary>
internal sealed partial class NeuronPopulationEmitter
{
    private bool VectorKernel(IEnumerable<BoundExpression> expressions) =>
        expressions.Select(Expand).All(ExpressionWriter.IsVectorizable);

    private string RealVector => _context.Double ? "AsDouble" : "AsSingle";

    /// <summary>Renders variables inside a loop over neurons: states as loaded locals, parameters hoisted or loaded.</summary>
    private Func<BoundVariable, string> ElementVariables(EvaluationMode mode, Func<string, string?>? state = null, string time = "t")
    {
        bool vector = mode == EvaluationMode.Vector;
        string prefix = vector ? "vk_" : "k_";
        ExpressionWriter? self = null;
        string Resolve(BoundVariable v) => v.Symbol switch
        {
            { Kind: VariableKind.Alias } a => "(" + self!.Write(_aliases[a.Name]) + ")",
            { Kind: VariableKind.State } s => state?.Invoke(s.Name) ?? $"x_{s.Name}",
            { Kind: VariableKind.Parameter } p when _parameters.Heterogeneous.Contains(p.Name) => Load($"r_p_{p.Name}", vector),
            { Kind: VariableKind.Parameter } p => prefix + "p_" + p.Name,
            { Kind: VariableKind.Implicit, Name: "i" } => vector ? "(Vector256.Create((Real)i) + Vector256<Real>.Indices)" : "(Real)i",
            { Kind: VariableKind.Implicit, Name: "t" } => prefix + time,
            { Kind: VariableKind.Implicit, Name: "input" } => "x_input",
            { Kind: VariableKind.Implicit } imp => prefix + imp.Name,
            var other => throw new InvalidOperationException(other.Name),
        };
        self = _context.Writer(mode, Resolve, "_rng");
        return Resolve;
    }

    /// <summary>Hoists what a kernel needs out of its loop: scalars, references to arrays, broadcast vectors.</summary>
    private sealed class Hoist
    {
        public List<string> Scalars { get; } = new();
        public List<string> Vectors { get; } = new();
        public List<string> Arrays { get; } = new();
    }

    private Hoist HoistFor(IEnumerable<BoundExpression> expressions, IEnumerable<string> states, bool input, bool refractory, bool propagator, bool stepSize = false)
    {
        var hoist = new Hoist();
        var names = References(expressions.Select(Expand));
        if (stepSize)
        {
            names.Add("dt");
        }
        foreach (var (name, _) in _parameters.Ordered.Where(p => names.Contains(p.Name)))
        {
            if (_parameters.Heterogeneous.Contains(name))
            {
                hoist.Arrays.Add($"ref Real r_p_{name} = ref MemoryMarshal.GetArrayDataReference(_p_{name});");
            }
            else
            {
                hoist.Scalars.Add($"Real k_p_{name} = _p_{name};");
                hoist.Vectors.Add($"var vk_p_{name} = Vector256.Create(k_p_{name});");
            }
        }
        AddImplicit("t", "(Real)(step * Dt)");
        if (names.Contains("t"))
        {
            // Intermediate Runge-Kutta stages evaluate at the middle and the end of the step.
            hoist.Scalars.Add("Real k_tHalf = (Real)((step + 0.5) * Dt);");
            hoist.Scalars.Add("Real k_tFull = (Real)((step + 1) * Dt);");
            hoist.Vectors.Add("var vk_tHalf = Vector256.Create(k_tHalf);");
            hoist.Vectors.Add("var vk_tFull = Vector256.Create(k_tFull);");
        }
        AddImplicit("dt", "(Real)Dt");
        AddImplicit("N", "(Real)Count");
        foreach (var state in states)
        {
            hoist.Arrays.Add($"ref Real r_{state} = ref MemoryMarshal.GetArrayDataReference(_{state});");
        }
        if (input)
        {
            hoist.Arrays.Add("ref Real r_input = ref MemoryMarshal.GetArrayDataReference(_input);");
        }
        if (refractory)
        {
            hoist.Scalars.Add($"var k_step = ({_context.StepType})step;");
            hoist.Vectors.Add("var vk_step = Vector256.Create(k_step);");
            hoist.Arrays.Add($"ref {_context.StepType} r_lastSpike = ref MemoryMarshal.GetArrayDataReference(_lastSpike);");
            if (RefractoryHeterogeneous)
            {
                hoist.Arrays.Add($"ref {_context.StepType} r_refractorySteps = ref MemoryMarshal.GetArrayDataReference(_refractorySteps);");
            }
            else
            {
                hoist.Scalars.Add($"var k_refractorySteps = _refractorySteps;");
                hoist.Vectors.Add("var vk_refractorySteps = Vector256.Create(k_refractorySteps);");
            }
        }
        if (propagator)
        {
            foreach (var field in PropagatorFieldNames())
            {
                if (_exactHeterogeneous)
                {
                    hoist.Arrays.Add($"ref Real r{field} = ref MemoryMarshal.GetArrayDataReference({field});");
                }
                else
                {
                    hoist.Scalars.Add($"Real k{field} = {field};");
                    hoist.Vectors.Add($"var vk{field} = Vector256.Create(k{field});");
                }
            }
        }
        return hoist;

        void AddImplicit(string name, string value)
        {
            if (names.Contains(name))
            {
                hoist.Scalars.Add($"Real k_{name} = {value};");
                hoist.Vectors.Add($"var vk_{name} = Vector256.Create(k_{name});");
            }
        }
    }

    private IEnumerable<string> PropagatorFieldNames()
    {
        int k = _system!.Variables.Count;
        for (int r = 0; r < k; r++)
        {
            for (int c = 0; c < k; c++)
            {
                if (_propagatorNonZero[r, c])
                {
                    yield return $"_P_{r}_{c}";
                    if (!_forcingConstant && _system.Forcing![c] is not null)
                    {
                        yield return $"_Q_{r}_{c}";
                    }
                }
            }
            if (_forcingConstant && HasConstantDrive(r))
            {
                yield return $"_q_{r}";
            }
        }
    }

    /// <summary>A propagator entry inside the loop: a hoisted scalar, or a per-neuron load.</summary>
    private string PropagatorEntry(string field, bool vector) =>
        _exactHeterogeneous ? Load("r" + field, vector) : (vector ? "vk" : "k") + field;

    /// <summary>Writes a loop over neurons: the vector loop when possible, then the scalar tail.</summary>
    private static void ElementLoop(CodeWriter w, Hoist hoist, bool vectorizable, Action<EvaluationMode> body)
    {
        w.Line("int n = Count;");
        foreach (var line in hoist.Scalars.Concat(hoist.Arrays))
        {
            w.Line(line);
        }
        w.Line("int i = 0;");
        if (vectorizable)
        {
            using (w.Block("if (Vector256.IsHardwareAccelerated)"))
            {
                foreach (var line in hoist.Vectors)
                {
                    w.Line(line);
                }
                using (w.Block("for (; i <= n - Vector256<Real>.Count; i += Vector256<Real>.Count)"))
                {
                    body(EvaluationMode.Vector);
                }
            }
        }
        using (w.Block("for (; i < n; i++)"))
        {
            body(EvaluationMode.Scalar);
        }
    }

    private string RefractoryCondition(bool vector)
    {
        string steps = RefractoryHeterogeneous ? Load("r_refractorySteps", vector) : (vector ? "vk_refractorySteps" : "k_refractorySteps");
        return vector
            ? $"Vector256.LessThan(vk_step - {Load("r_lastSpike", true)}, {steps}).{RealVector}()"
            : $"k_step - {Load("r_lastSpike", false)} < {steps}";
    }

    /// <summary>What the update computes per neuron (for an exact update, only the drive that changes per step).</summary>
    private List<BoundExpression> IntegrateExpressions() =>
        IsExact
            ? _system!.Forcing!.Where(f => f is not null && !_forcingConstant).Select(f => f!).ToList()
            : _model.Equations.Where(e => !e.EventDriven).Select(e => e.Rhs).Concat(_model.Update.Select(s => s.Value)).ToList();

    private bool IntegrateHasLoop => ChangedByIntegrate().Count > 0 || UsesInput;

    /// <summary>
    /// True when Integrate also finds the spikes, on the values it has just computed in registers: one
    /// pass over the state instead of two. Equivalent to a separate threshold pass because a threshold
    /// reads only its own population, and nothing runs between the two for it.
    /// </summary>
    public bool FusesThreshold =>
        _model.Threshold is { } threshold && IntegrateHasLoop
        && VectorKernel(IntegrateExpressions()) == VectorKernel(IntegrateExpressions().Append(threshold));

    private void EmitIntegrate(CodeWriter w)
    {
        bool fuse = FusesThreshold;
        w.Line($"/// <summary>Advances every neuron by one step: {DiscretizationSummary()}{(fuse ? "; then finds the neurons that spike" : "")}.</summary>");
        using (w.Kernel("internal void Integrate(long step)"))
        {
            var expressions = IntegrateExpressions();
            var threshold = fuse ? new[] { _model.Threshold! } : Array.Empty<BoundExpression>();
            bool held = HasRefractory && _model.Equations.Any(e => e.UnlessRefractory);
            bool refractory = held || (fuse && HasRefractory);
            var changed = ChangedByIntegrate();
            bool readsInput = References(expressions.Select(Expand)).Contains("input");
            if (!IntegrateHasLoop)
            {
                w.Line("// Nothing changes between spikes.");
                return;
            }
            var referenced = References(expressions.Concat(threshold).Select(Expand));
            var states = StateVariables.Select(s => s.Name).Where(s => changed.Contains(s) || referenced.Contains(s)).ToList();
            bool numerical = !IsExact && !_model.IsDiscrete && _system is not null;
            var hoist = HoistFor(expressions.Concat(threshold), states, UsesInput, refractory, IsExact, stepSize: numerical);
            bool vectorizable = VectorKernel(expressions.Concat(threshold));
            if (fuse)
            {
                w.Line("int[] spikes = _spikes;");
                w.Line("int count = 0;");
            }
            ElementLoop(w, hoist, vectorizable, mode =>
            {
                bool vector = mode == EvaluationMode.Vector;
                foreach (var state in states)
                {
                    w.Line($"var x_{state} = {Load("r_" + state, vector)};");
                }
                if (UsesInput)
                {
                    if (readsInput)
                    {
                        w.Line($"var x_input = {Load("r_input", vector)};");
                    }
                    w.Line(Store(vector ? "Vector256<Real>.Zero" : "0", "r_input", vector));
                }
                if (refractory)
                {
                    w.Line($"var refractory = {RefractoryCondition(vector)};");
                }
                if (IsExact)
                {
                    WriteExact(w, mode);
                }
                else if (_model.IsDiscrete)
                {
                    WriteDiscrete(w, mode);
                }
                else if (_system is not null)
                {
                    WriteNumerical(w, mode);
                }
                foreach (var equation in _model.Equations.Where(e => e.UnlessRefractory && held))
                {
                    string name = equation.Variable.Name;
                    w.Line(vector
                        ? $"n_{name} = Vector256.ConditionalSelect(refractory, x_{name}, n_{name});"
                        : $"if (refractory) n_{name} = x_{name};");
                }
                foreach (var state in changed)
                {
                    w.Line(Store($"n_{state}", "r_" + state, vector));
                }
                if (fuse)
                {
                    var writer = _context.Writer(mode, ElementVariables(mode, name => changed.Contains(name) ? $"n_{name}" : null), "_rng");
                    WriteSpikeCollection(w, writer.Write(_model.Threshold!), vector);
                }
            });
            if (fuse)
            {
                w.Line("_spikeCount = count;");
                w.Line("SpikeCount += count;");
            }
        }
    }

    /// <summary>Appends neuron i (or the lanes of i..i+7) to the spikes where the condition holds and it is not refractory.</summary>
    private void WriteSpikeCollection(CodeWriter w, string condition, bool vector)
    {
        string test = condition;
        if (HasRefractory)
        {
            test = vector ? $"Vector256.AndNot({condition}, refractory)" : $"{condition} && !refractory";
        }
        if (vector)
        {
            w.Line($"uint bits = {test}.ExtractMostSignificantBits();");
            using (w.Block("while (bits != 0)"))
            {
                w.Line("spikes[count++] = i + BitOperations.TrailingZeroCount(bits);");
                w.Line("bits &= bits - 1;");
            }
        }
        else
        {
            w.Line($"if ({test}) spikes[count++] = i;");
        }
    }

    /// <summary>The state variables Integrate writes back.</summary>
    private List<string> ChangedByIntegrate() =>
        _model.IsDiscrete
            ? _model.Update.Select(s => s.Target.Name).Distinct().ToList()
            : _system?.Variables.Select(v => v.Name).ToList() ?? new List<string>();

    private void WriteExact(CodeWriter w, EvaluationMode mode)
    {
        bool vector = mode == EvaluationMode.Vector;
        var writer = _context.Writer(mode, ElementVariables(mode), "_rng");
        int k = _system!.Variables.Count;
        if (!_forcingConstant)
        {
            for (int c = 0; c < k; c++)
            {
                if (_system.Forcing![c] is { } forcing)
                {
                    w.Line($"var b_{c} = {writer.Write(forcing)};");
                }
            }
        }
        for (int r = 0; r < k; r++)
        {
            var terms = new List<string>();
            for (int c = 0; c < k; c++)
            {
                if (_propagatorNonZero[r, c])
                {
                    terms.Add($"{PropagatorEntry($"_P_{r}_{c}", vector)} * x_{_system.Variables[c].Name}");
                }
            }
            if (_forcingConstant && HasConstantDrive(r))
            {
                terms.Add(PropagatorEntry($"_q_{r}", vector));
            }
            else if (!_forcingConstant)
            {
                for (int c = 0; c < k; c++)
                {
                    if (_propagatorNonZero[r, c] && _system.Forcing![c] is not null)
                    {
                        terms.Add($"{PropagatorEntry($"_Q_{r}_{c}", vector)} * b_{c}");
                    }
                }
            }
            w.Line($"var n_{_system.Variables[r].Name} = {string.Join(" + ", terms)};");
        }
    }

    private void WriteDiscrete(CodeWriter w, EvaluationMode mode)
    {
        var changed = ChangedByIntegrate();
        foreach (var name in changed)
        {
            w.Line($"var n_{name} = x_{name};");
        }
        // Statements run in the order written; later ones see earlier assignments.
        var writer = _context.Writer(mode, ElementVariables(mode, name => changed.Contains(name) ? $"n_{name}" : null), "_rng");
        foreach (var statement in _model.Update)
        {
            w.Line($"n_{statement.Target.Name} {Assignment(statement.Operator)} {writer.Write(statement.Value)};");
        }
    }

    private void WriteNumerical(CodeWriter w, EvaluationMode mode)
    {
        var variables = _system!.Variables.Select(v => v.Name).ToList();
        var rhs = variables.Select(v => _model.Equations.First(e => e.Variable.Name == v && !e.EventDriven).Rhs).ToList();
        NumericalMethods.Write(_model.Method, variables, rhs,
            (at, time) => _context.Writer(mode, ElementVariables(mode, name => at is not null && variables.Contains(name) ? $"{at}_{name}" : null, time), "_rng"),
            mode == EvaluationMode.Vector ? "vk_dt" : "k_dt",
            _context.Writer(mode, _ => "", "_rng"),
            line => w.Line(line));
    }

    private void EmitThreshold(CodeWriter w)
    {
        w.Line(_model.Threshold is null
            ? "/// <summary>This model has no threshold: it never spikes.</summary>"
            : $"/// <summary>Collects the neurons where {_context.Text(_model.FilePath, _model.Threshold.Span)}{(HasRefractory ? ", unless refractory" : "")}.</summary>");
        using (w.Kernel("internal void Threshold(long step)"))
        {
            if (_model.Threshold is null)
            {
                w.Line("_spikeCount = 0;");
                return;
            }
            var condition = _model.Threshold;
            var states = StateVariables.Select(s => s.Name).Where(s => References(new[] { Expand(condition) }).Contains(s)).ToList();
            var hoist = HoistFor(new[] { condition }, states, input: false, HasRefractory, propagator: false);
            w.Line("int[] spikes = _spikes;");
            w.Line("int count = 0;");
            ElementLoop(w, hoist, VectorKernel(new[] { condition }), mode =>
            {
                bool vector = mode == EvaluationMode.Vector;
                foreach (var state in states)
                {
                    w.Line($"var x_{state} = {Load("r_" + state, vector)};");
                }
                if (HasRefractory)
                {
                    w.Line($"var refractory = {RefractoryCondition(vector)};");
                }
                var writer = _context.Writer(mode, ElementVariables(mode), "_rng");
                WriteSpikeCollection(w, writer.Write(condition), vector);
            });
            w.Line("_spikeCount = count;");
            w.Line("SpikeCount += count;");
        }
    }

    private void EmitReset(CodeWriter w)
    {
        w.Line("/// <summary>Applies the reset to the neurons that spiked in this step and starts their refractory period.</summary>");
        using (w.Kernel("internal void Reset(long step)"))
        {
            if (_model.Reset.Count == 0 && !HasRefractory)
            {
                w.Line("// No reset and no refractory period.");
                return;
            }
            var hoist = HoistFor(_model.Reset.Select(s => s.Value), Array.Empty<string>(), input: false, refractory: false, propagator: false);
            foreach (var line in hoist.Scalars.Concat(hoist.Arrays))
            {
                w.Line(line);
            }
            var writer = _context.Writer(EvaluationMode.Scalar, ElementVariables(EvaluationMode.Scalar, name => $"_{name}[i]"), "_rng");
            using (w.Block("foreach (int i in Spikes)"))
            {
                foreach (var statement in _model.Reset)
                {
                    w.Line($"_{statement.Target.Name}[i] {Assignment(statement.Operator)} {writer.Write(statement.Value)};");
                }
                if (HasRefractory)
                {
                    w.Line($"_lastSpike[i] = ({_context.StepType})step;");
                }
            }
        }
    }

    private void EmitRecord(CodeWriter w)
    {
        w.Line("/// <summary>Appends this step to the monitors of 'record'.</summary>");
        using (w.Kernel("internal void Record(long step)"))
        {
            if (RecordsSpikes)
            {
                w.Line("SpikeMonitor.Record(step, Spikes);");
            }
            foreach (var variable in RecordedVariables)
            {
                w.Line($"{variable}Monitor.Record(step, _{variable});");
            }
        }
    }

    private string DiscretizationSummary()
    {
        if (_model.IsDiscrete)
        {
            return "the discrete-time update, statements in order";
        }
        if (_system is null)
        {
            return "no equations";
        }
        return _model.Method switch
        {
            IntegrationMethod.Exact => "exact propagation of the linear system",
            IntegrationMethod.Euler => "forward Euler",
            IntegrationMethod.RungeKutta4 => "classical fourth-order Runge-Kutta",
            _ => "second-order Runge-Kutta (midpoint)",
        };
    }
}
