using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

using static SpikeLang.Compiler.Emit.ElementAccess;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>
/// The per-step kernels. Integrate and Threshold loop over neurons with Vector512 (where the machine has
/// AVX-512), Vector256 and a scalar tail (the scalar loop alone when the plan says a kernel does not vectorize); Reset visits only the
/// neurons that spiked.
/// </summary>
internal sealed partial class NeuronPopulationEmitter
{
    private string RealVector => _network.DoublePrecision ? "AsDouble" : "AsSingle";

    /// <summary>
    /// The neuron at element i draws from the stream of its block of Partition.RandomBlock neurons, whichever thread (or
    /// rank) updates it. In the kernels i counts the elements of the per-neuron arrays, which hold neurons from HeldStart on.
    /// </summary>
    private const string NeuronStream = "_rngs[(HeldStart + i) >> Partition.RandomBlockShift]";

    /// <summary>Renders variables inside a loop over neurons: states as loaded locals, parameters hoisted or loaded, built-ins by the renderer.</summary>
    private Func<BoundVariable, string> ElementVariables(EvaluationMode mode, Func<string, string?>? state = null, StepPoint point = StepPoint.Start,
        BuiltinContext context = BuiltinContext.NeuronKernel)
    {
        bool vector = mode == EvaluationMode.Vector;
        string prefix = vector ? "vk_" : "k_";
        ExpressionWriter? self = null;
        string Resolve(BoundVariable v) => v.Symbol switch
        {
            { Kind: VariableKind.Alias } a => "(" + self!.Write(_plan.Aliases[a.Name]) + ")",
            { IsLinked: true } l => LinkedRead(l.Name, vector),
            { Kind: VariableKind.State, IsShared: true } s => state?.Invoke(s.Name) ?? prefix + "s_" + s.Name,
            { Kind: VariableKind.State } s => state?.Invoke(s.Name) ?? $"x_{s.Name}",
            { Kind: VariableKind.Parameter } p when _plan.IsHeterogeneous(p.Name) => Load($"r_p_{p.Name}", vector),
            { Kind: VariableKind.Parameter } p => prefix + "p_" + p.Name,
            { Kind: VariableKind.Implicit } => BuiltinRenderer.Render(v, _device && context == BuiltinContext.NeuronKernel ? BuiltinContext.NeuronDeviceKernel : context, mode, point),
            var other => throw new InvalidOperationException(other.Name),
        };
        self = Writer(mode, Resolve);
        return Resolve;
    }

    /// <summary>A linked variable inside a loop over neurons: the source's value hoisted before the loop, or source neuron i's.</summary>
    private string LinkedRead(string variable, bool vector) => _plan.Links.First(l => l.Variable == variable).Broadcast
        ? (vector ? "vk_l_" : "k_l_") + variable
        : Load("r_l_" + variable, vector);

    /// <summary>What a kernel declares before its loop: scalars (and their broadcasts) and references to arrays.</summary>
    private sealed class Hoist
    {
        public List<string> Scalars { get; } = new();
        public List<string> Vectors { get; } = new();
        public List<string> Arrays { get; } = new();
    }

    /// <param name="sharedFields">True where shared values are read from their fields (code that may set them), so none is hoisted.</param>
    private Hoist HoistFor(IEnumerable<BoundExpression> expressions, IEnumerable<string> states, bool input, bool refractory, bool propagator, bool stepSize = false,
        bool sharedFields = false)
    {
        var hoist = new Hoist();
        _invariants = NoInvariants;
        var expanded = expressions.Select(e => e.ExpandAliases(_plan.Aliases)).ToList();
        var names = ExpressionFacts.References(expanded);
        foreach (var parameter in _plan.Parameters.Where(p => names.Contains(p.Name)))
        {
            if (parameter.Heterogeneous)
            {
                // Per-neuron parameters are held whole (connections read them as they are built): from this process's first held neuron.
                hoist.Arrays.Add($"ref Real r_p_{parameter.Name} = ref MemoryMarshal.GetReference(_p_{parameter.Name}.AsSpan(HeldStart));");
            }
            else
            {
                hoist.Scalars.Add($"Real k_p_{parameter.Name} = _p_{parameter.Name};");
                hoist.Vectors.Add($"var vk_p_{parameter.Name} = Vector256.Create(k_p_{parameter.Name});");
            }
        }
        BuiltinRenderer.HoistNeuronKernel(expanded, stepSize, hoist.Scalars, hoist.Vectors);
        // Shared values and the sources of links do not change while a kernel of this population runs: populations run
        // their kernels one after another, and no code of this one writes another's variables or its shared values.
        foreach (var shared in _plan.SharedState.Where(s => !sharedFields && names.Contains(s.Name)))
        {
            hoist.Scalars.Add($"Real k_s_{shared.Name} = _{shared.Name};");
            hoist.Vectors.Add($"var vk_s_{shared.Name} = Vector256.Create(k_s_{shared.Name});");
        }
        foreach (var link in _plan.Links.Where(l => names.Contains(l.Variable)))
        {
            if (link.Broadcast)
            {
                hoist.Scalars.Add($"Real k_l_{link.Variable} = {LinkedSource(link)}{(link.SourceShared ? "" : "[0]")};");
                hoist.Vectors.Add($"var vk_l_{link.Variable} = Vector256.Create(k_l_{link.Variable});");
            }
            else
            {
                // Source neuron i, for this population's neuron i: ranks cut linked populations alike, so the source holds it.
                hoist.Arrays.Add($"ref Real r_l_{link.Variable} = ref MemoryMarshal.GetReference({LinkedSource(link)}.AsSpan(HeldStart - _net.{link.SourceMember}.HeldStart));");
            }
        }
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
            hoist.Scalars.Add($"var k_step = ({StepType})step;");
            hoist.Vectors.Add("var vk_step = Vector256.Create(k_step);");
            hoist.Arrays.Add($"ref {StepType} r_lastSpike = ref MemoryMarshal.GetArrayDataReference(_lastSpike);");
            if (_plan.Refractory!.Heterogeneous)
            {
                hoist.Arrays.Add($"ref {StepType} r_refractorySteps = ref MemoryMarshal.GetArrayDataReference(_refractorySteps);");
            }
            else
            {
                hoist.Scalars.Add("var k_refractorySteps = _refractorySteps;");
                hoist.Vectors.Add("var vk_refractorySteps = Vector256.Create(k_refractorySteps);");
            }
        }
        if (propagator && Exact is { } exact)
        {
            foreach (var field in exact.Fields())
            {
                if (exact.Heterogeneous)
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
        if (!sharedFields)
        {
            HoistInvariants(expanded, hoist);
        }
        return hoist;
    }

    /// <summary>A propagator entry inside the loop: a hoisted scalar, or a per-neuron load.</summary>
    private string PropagatorEntry(ExactUpdatePlan exact, string field, bool vector) =>
        exact.Heterogeneous ? Load("r" + field, vector) : (vector ? "vk" : "k") + field;

    /// <summary>
    /// A loop over the elements of the neurons this process owns (all of them in one process), or with <paramref name="part"/>
    /// over those of one part (the range one thread owns in a kernel the network runs in parts): element i is neuron HeldStart + i.
    /// </summary>
    private static void NeuronLoop(CodeWriter w, Hoist hoist, bool vectorizable, Action<EvaluationMode> body, bool part = false)
    {
        w.Line(part ? "int start = PartStart(part) - HeldStart, end = PartStart(part + 1) - HeldStart;" : "int start = OwnStart - HeldStart, end = OwnEnd - HeldStart;");
        ElementLoop.Write(w, "start", "end", "Real", hoist.Scalars.Concat(hoist.Arrays), hoist.Vectors, vectorizable, body, wide: true);
    }

    /// <summary>
    /// Whether the neuron is refractory in this step (or, with <paramref name="lastStep"/>, was in the last
    /// step after its threshold, when the input it now reads arrived): fewer steps since its last spike
    /// than its refractory period (at least one, so a neuron is refractory in the step it spikes).
    /// </summary>
    private string RefractoryCondition(bool vector, bool lastStep = false)
    {
        string steps = _plan.Refractory!.Heterogeneous ? Load("r_refractorySteps", vector) : (vector ? "vk_refractorySteps" : "k_refractorySteps");
        string compare = lastStep ? "LessThanOrEqual" : "LessThan";
        return vector
            ? $"Vector256.{compare}(vk_step - {Load("r_lastSpike", true)}, {steps}).{RealVector}()"
            : $"k_step - {Load("r_lastSpike", false)} {(lastStep ? "<=" : "<")} {steps}";
    }

    /// <summary>After the spikes of the step are found: they start the refractory period now, before synapses deliver.</summary>
    private void WriteLastSpikes(CodeWriter w, string first = "0")
    {
        if (HasRefractory)
        {
            w.Line($"for (int k = {first}; k < count; k++) _lastSpike[spikes[k] - HeldStart] = ({StepType})step;");
        }
    }

    /// <summary>What the update evaluates per neuron (for an exact update, only the drive that changes per step).</summary>
    private List<BoundExpression> UpdateExpressions() => _plan.Update switch
    {
        ExactUpdatePlan exact => exact.ForcingConstant ? new List<BoundExpression>() : exact.Forcing.Where(f => f is not null).Select(f => f!).ToList(),
        NumericalUpdatePlan numerical => numerical.Rhs.ToList(),
        DiscreteUpdatePlan discrete => discrete.Statements.Select(s => s.Value).ToList(),
        _ => new List<BoundExpression>(),
    };

    private void EmitIntegrate(CodeWriter w)
    {
        bool fuse = _plan.FusesThreshold;
        w.Line($"/// <summary>Advances the neurons of one part by one step: {DiscretizationSummary()}{(fuse ? "; then finds the neurons that spike, listed from the part's first index on (GatherSpikes joins the parts)" : "")}.</summary>");
        using (w.Kernel("internal void Integrate(long step, int part)"))
        {
            var changed = _plan.Update.Changed;
            if (changed.Count == 0 && !HasInput)
            {
                w.Line("// Nothing changes between spikes.");
                return;
            }
            var shape = IntegrateShapeOf(fuse);
            var hoist = HoistFor(shape.Expressions, shape.States, HasInput, shape.Refractory, Exact is not null, stepSize: _plan.Update is NumericalUpdatePlan);
            if (fuse)
            {
                w.Line("int[] spikes = _spikes;");
                hoist.Scalars.Add("int count = start;");
            }
            NeuronLoop(w, hoist, _plan.UpdateVectorizable, part: true, body: mode =>
                WriteIntegrateElement(w, mode, shape, (condition, vector) => WriteSpikeCollection(w, condition, vector)));
            if (fuse)
            {
                WriteLastSpikes(w, "start");
                w.Line("_partSpikes[part] = count - start;");
            }
        }
        if (fuse)
        {
            w.Line();
            EmitGatherSpikes(w);
        }
    }

    /// <summary>Joins the spikes each part listed from its first index into one ascending list, as one part would have found them.</summary>
    private void EmitGatherSpikes(CodeWriter w)
    {
        w.Line("/// <summary>Joins the spikes of the parts, in order, into this step's spikes.</summary>");
        using (w.Kernel("internal void GatherSpikes()"))
        {
            w.Line("int count = 0;");
            using (w.Block("for (int part = 0; part < Parts; part++)"))
            {
                w.Line("int start = PartStart(part) - HeldStart, found = _partSpikes[part];");
                w.Line("if (start != count) Array.Copy(_spikes, start, _spikes, count, found);");
                w.Line("count += found;");
            }
            WriteSpikesFound(w);
        }
    }

    /// <summary>
    /// This step's spikes are the count found from _spikes[0]; with several ranks, every rank's replace them, in neuron
    /// order, now or (with a window) when the window is exchanged (<see cref="EmitReceive"/>), and are counted then.
    /// </summary>
    private void WriteSpikesFound(CodeWriter w)
    {
        if (WindowIndex >= 0)
        {
            w.Line($"if (Window is not null) {{ Window.Send({WindowIndex}, new ReadOnlySpan<int>(_spikes, 0, count)); _spikeCount = count; return; }}");
        }
        w.Line("if (_ranks is not null) count = _ranks.AllGatherSpikes(_spikes, count);");
        w.Line("_spikeCount = count;");
        w.Line("SpikeCount += count;");
    }

    private void EmitReceive(CodeWriter w)
    {
        w.Line("/// <summary>Takes every rank's spikes of one step of the window just exchanged, in place of this rank's, for the histories and monitors.</summary>");
        using (w.Block("internal void Receive(ReadOnlySpan<int> spikes)"))
        {
            w.Line("spikes.CopyTo(_spikes);");
            w.Line("_spikeCount = spikes.Length;");
            w.Line("SpikeCount += spikes.Length;");
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
            w.Line($"var bits = {test}.ExtractMostSignificantBits();");
            using (w.Block("while (bits != 0)"))
            {
                w.Line("spikes[count++] = HeldStart + i + BitOperations.TrailingZeroCount(bits);");
                w.Line("bits &= bits - 1;");
            }
        }
        else
        {
            w.Line($"if ({test}) spikes[count++] = HeldStart + i;");
        }
    }

    private void WriteExact(CodeWriter w, EvaluationMode mode, ExactUpdatePlan exact)
    {
        bool vector = mode == EvaluationMode.Vector;
        var writer = Writer(mode, ElementVariables(mode));
        int k = exact.Variables.Count;
        if (!exact.ForcingConstant)
        {
            for (int c = 0; c < k; c++)
            {
                if (exact.Forcing[c] is { } forcing)
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
                if (exact.NonZero[r][c])
                {
                    terms.Add($"{PropagatorEntry(exact, ExactUpdatePlan.PropagatorField(r, c), vector)} * x_{exact.Variables[c]}");
                }
            }
            if (exact.ForcingConstant && exact.HasDrive(r))
            {
                terms.Add(PropagatorEntry(exact, ExactUpdatePlan.ConstantDriveField(r), vector));
            }
            else if (!exact.ForcingConstant)
            {
                for (int c = 0; c < k; c++)
                {
                    if (exact.NonZero[r][c] && exact.Forcing[c] is not null)
                    {
                        terms.Add($"{PropagatorEntry(exact, ExactUpdatePlan.DriveField(r, c), vector)} * b_{c}");
                    }
                }
            }
            w.Line($"var n_{exact.Variables[r]} = {string.Join(" + ", terms)};");
        }
    }

    private void WriteDiscrete(CodeWriter w, EvaluationMode mode, DiscreteUpdatePlan discrete)
    {
        foreach (var name in discrete.Targets)
        {
            w.Line($"var n_{name} = x_{name};");
        }
        // Statements run in the order written; later ones see earlier assignments.
        var writer = Writer(mode, ElementVariables(mode, name => discrete.Targets.Contains(name) ? $"n_{name}" : null));
        foreach (var statement in discrete.Statements)
        {
            w.Line($"n_{statement.Target.Name} {Assignment(statement.Operator)} {writer.Write(statement.Value)};");
        }
    }

    private void WriteNumerical(CodeWriter w, EvaluationMode mode, NumericalUpdatePlan numerical)
    {
        var variables = numerical.Variables;
        // One draw per noise for this neuron and step, shared by every equation and every stage that uses it.
        foreach (var noise in numerical.Noises)
        {
            w.Line($"Real z_{noise} = (Real){RandomSource}.NextGaussian();");
        }
        NumericalMethods.Write(numerical.Method, variables, numerical.Rhs, numerical.Linear,
            (at, point) => Writer(mode, ElementVariables(mode, name => at is not null && variables.Contains(name) ? $"{at}_{name}" : null, point)),
            mode == EvaluationMode.Vector ? "vk_dt" : "k_dt",
            Writer(mode, _ => ""),
            line => w.Line(line));
    }

    private void EmitThreshold(CodeWriter w)
    {
        w.Line(_plan.Threshold is null
            ? "/// <summary>This model has no threshold: it never spikes.</summary>"
            : $"/// <summary>Collects the neurons where {_plan.ThresholdText}{(HasRefractory ? ", unless refractory" : "")}.</summary>");
        using (w.Kernel("internal void Threshold(long step)"))
        {
            if (_plan.Threshold is not { } condition)
            {
                w.Line("_spikeCount = 0;");
                return;
            }
            var referenced = ExpressionFacts.References(new[] { condition.ExpandAliases(_plan.Aliases) });
            var states = _plan.State.Select(s => s.Name).Where(referenced.Contains).ToList();
            var hoist = HoistFor(new[] { condition }, states, input: false, HasRefractory, propagator: false);
            w.Line("int[] spikes = _spikes;");
            w.Line("int count = 0;");
            NeuronLoop(w, hoist, _plan.ThresholdVectorizable, mode =>
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
                WriteSpikeCollection(w, Writer(mode, ElementVariables(mode)).Write(condition), vector);
            });
            WriteLastSpikes(w);
            WriteSpikesFound(w);
        }
    }

    private void EmitReset(CodeWriter w)
    {
        w.Line("/// <summary>Applies the reset to the neurons that spiked in this step.</summary>");
        using (w.Kernel("internal void Reset(long step)"))
        {
            if (_plan.Reset.Count == 0)
            {
                w.Line("// No reset.");
                return;
            }
            var hoist = HoistFor(_plan.Reset.Select(s => s.Value), Array.Empty<string>(), input: false, refractory: false, propagator: false, sharedFields: true);
            foreach (var line in hoist.Scalars.Concat(hoist.Arrays))
            {
                w.Line(line);
            }
            var writer = Writer(EvaluationMode.Scalar, ElementVariables(EvaluationMode.Scalar, name => IsShared(name) ? $"_{name}" : $"_{name}[i]", context: BuiltinContext.NeuronReset));
            using (w.Block("foreach (int spike in Spikes)"))
            {
                // Every rank's spikes: each resets its own neurons.
                w.Line("if (spike < OwnStart || spike >= OwnEnd) continue;");
                w.Line("int i = spike - HeldStart;");
                foreach (var statement in _plan.Reset)
                {
                    w.Line($"_{statement.Target.Name}[i] {Assignment(statement.Operator)} {writer.Write(statement.Value)};");
                }
            }
        }
    }

    /// <summary>
    /// Adds the input accumulated during delivery to the variables held while refractory, where the neuron is
    /// not refractory (Brian2 drops a synaptic write then), and clears the accumulators for the next step.
    /// </summary>
    private void EmitApplyInput(CodeWriter w)
    {
        w.Line($"/// <summary>{string.Join(", ", _plan.DeferredInputs.Select(x => $"{x} += accumulated input"))}, unless refractory; the accumulators are cleared.</summary>");
        using (w.Kernel("internal void ApplyInput(long step, int part)"))
        {
            var hoist = HoistFor(Array.Empty<BoundExpression>(), _plan.DeferredInputs, input: false, refractory: true, propagator: false);
            foreach (var variable in _plan.DeferredInputs)
            {
                hoist.Arrays.Add($"ref Real r_in_{variable} = ref MemoryMarshal.GetArrayDataReference(_in_{variable});");
            }
            NeuronLoop(w, hoist, vectorizable: true, part: true, body: mode => WriteApplyInputElement(w, mode));
        }
    }

    /// <summary>One neuron's (or vector's) accumulated input added where it is not refractory, the accumulators cleared.</summary>
    private void WriteApplyInputElement(CodeWriter w, EvaluationMode mode)
    {
        bool vector = mode == EvaluationMode.Vector;
        w.Line($"var refractory = {RefractoryCondition(vector)};");
        foreach (var variable in _plan.DeferredInputs)
        {
            string input = Load("r_in_" + variable, vector);
            w.Line(vector
                ? $"var a_{variable} = Vector256.ConditionalSelect(refractory, Vector256<Real>.Zero, {input});"
                : $"var a_{variable} = refractory ? 0 : {input};");
            w.Line(Store($"{Load("r_" + variable, vector)} + a_{variable}", "r_" + variable, vector));
            w.Line(Store(vector ? "Vector256<Real>.Zero" : "0", "r_in_" + variable, vector));
        }
    }

    private void EmitCheckFinite(CodeWriter w)
    {
        w.Line("/// <summary>The first state value that is not finite, or null: a diverging integration fills the state with ∞ and NaN.</summary>");
        using (w.Block("internal NonFiniteState? CheckFinite(long step)"))
        {
            w.Line("int i;");
            foreach (var shared in _plan.SharedState)
            {
                w.Line($"if (!Real.IsFinite(_{shared.Name})) return new NonFiniteState({CSharpLiteral.String(_plan.Name)}, {CSharpLiteral.String(shared.Name)}, 0, _{shared.Name}, step);");
            }
            foreach (var state in _plan.State)
            {
                w.Line($"if ((i = FiniteCheck.FirstNonFinite(_{state.Name}, OwnStart - HeldStart, OwnEnd - HeldStart)) >= 0) return new NonFiniteState({CSharpLiteral.String(_plan.Name)}, {CSharpLiteral.String(state.Name)}, HeldStart + i, _{state.Name}[i], step);");
            }
            w.Line("return null;");
        }
    }

    private void EmitRecord(CodeWriter w)
    {
        w.Line("/// <summary>Appends this step's spikes to the monitors of 'record'.</summary>");
        using (w.Kernel("internal void Record(long step)"))
        {
            MonitorEmitter.EmitRecordLines(w, _network, _plan.Member);
        }
    }

    /// <summary>The aliases recorded, by this population or by a subgroup of it: each is computed into an array of its own.</summary>
    private IEnumerable<string> RecordedAliases() => _plan.RecordedVariables
        .Concat(_network.Subgroups.Where(g => g.Parent == _plan.Name).SelectMany(g => g.RecordedVariables))
        .Where(_plan.Aliases.ContainsKey).Distinct();

    /// <summary>
    /// A recorded alias is computed into its own array when a monitor samples it, at the start of a step: from the
    /// state and from the input that arrived in the last step, which this step's update consumes.
    /// </summary>
    private void EmitAliasValues(CodeWriter w, string name)
    {
        var alias = _plan.Aliases[name];
        var expanded = alias.ExpandAliases(_plan.Aliases);
        var referenced = ExpressionFacts.References(new[] { expanded });
        var states = _plan.State.Select(s => s.Name).Where(referenced.Contains).ToList();
        bool input = HasInput && BuiltinRenderer.ReadsInput(new[] { expanded });
        bool gated = BuiltinRenderer.ReadsGatedInput(new[] { expanded });
        bool refractory = HasRefractory && BuiltinRenderer.ReadsRefractoriness(new[] { expanded });
        var hoist = HoistFor(new[] { alias }, states, input, refractory, propagator: false);
        hoist.Arrays.Add($"ref Real r_{name} = ref MemoryMarshal.GetArrayDataReference(_{name});");
        w.Line($"/// <summary>Computes alias {name} of every neuron for the monitors that record it.</summary>");
        using (w.Kernel($"internal void Evaluate_{name}()"))
        {
            NeuronLoop(w, hoist, vectorizable: false, mode =>
            {
                foreach (var state in states)
                {
                    w.Line($"var x_{state} = {Load("r_" + state, false)};");
                }
                if (input)
                {
                    w.Line($"var x_input = {Load("r_input", false)};");
                }
                if (refractory)
                {
                    w.Line($"var refractory = {RefractoryCondition(false)};");
                }
                if (gated)
                {
                    w.Line(!input ? "Real x_inputGated = 0;"
                        : refractory ? $"var x_inputGated = {RefractoryCondition(false, lastStep: true)} ? 0 : x_input;"
                        : "var x_inputGated = x_input;");
                }
                w.Line(Store(Writer(mode, ElementVariables(mode)).Write(alias), "r_" + name, false));
            });
        }
    }

    private bool IsShared(string variable) => _plan.SharedState.Any(s => s.Name == variable);

    private string DiscretizationSummary() => _plan.Update switch
    {
        DiscreteUpdatePlan => "the discrete-time update, statements in order",
        NoUpdatePlan => "no equations",
        ExactUpdatePlan => "exact propagation of the linear system",
        NumericalUpdatePlan { Method: IntegrationMethod.Euler } => "forward Euler",
        NumericalUpdatePlan { Method: IntegrationMethod.RungeKutta4 } => "classical fourth-order Runge-Kutta",
        NumericalUpdatePlan { Method: IntegrationMethod.Heun } => "Heun's method",
        NumericalUpdatePlan { Method: IntegrationMethod.ExponentialEuler } => "exponential Euler",
        _ => "second-order Runge-Kutta (midpoint)",
    };
}
