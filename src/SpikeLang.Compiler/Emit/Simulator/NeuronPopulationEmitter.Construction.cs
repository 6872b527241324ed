using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Simulator;

/// <summary>The population's constructor: parameters, initial values, refractory periods and propagators, all computed in double.</summary>
internal sealed partial class NeuronPopulationEmitter
{
    private string ConstructionVariable(BoundVariable variable) => variable.Symbol switch
    {
        { Kind: VariableKind.Parameter } p => _plan.IsHeterogeneous(p.Name) ? $"p_{p.Name}[i]" : $"p_{p.Name}",
        { Kind: VariableKind.State, IsShared: true } s => $"_{s.Name}",
        // A source is declared, so built, before the population that links to it.
        { IsLinked: true } l => _plan.Links.First(k => k.Variable == l.Name) is var link && link.Broadcast
            ? $"net.{link.SourceMember}._{link.SourceVariable}{(link.SourceShared ? "" : "[0]")}"
            : $"net.{link.SourceMember}._{link.SourceVariable}[i]",
        { Kind: VariableKind.State } s => $"_{s.Name}[i]",
        { Kind: VariableKind.Implicit } => BuiltinRenderer.Render(variable, BuiltinContext.Construction, EvaluationMode.Construction),
        { Kind: VariableKind.NetworkParameter } np => $"net.{Naming.Member(np.Name)}",
        // A constant drive of the exact update may name an alias of constants (drive = 3 mV; dv/dt = drive / tau).
        { Kind: VariableKind.Alias } a when _plan.Aliases.TryGetValue(a.Name, out var alias) =>
            "(" + new ExpressionWriter(EvaluationMode.Construction, true, ConstructionVariable, "init").Write(alias) + ")",
        var other => throw new System.InvalidOperationException($"'{other.Name}' cannot be used at construction"),
    };

    private void EmitConstructor(CodeWriter w)
    {
        var writer = new ExpressionWriter(EvaluationMode.Construction, true, ConstructionVariable, "init");
        var parameters = string.Join(", ", new[] { $"{_network.ClassName} net", "int count", "RandomStream init" }
            .Concat(_plan.Stream is not null ? new[] { "ulong seed", "ulong stream" } : System.Array.Empty<string>()));
        using (w.Block($"internal {_plan.TypeName}({parameters})"))
        {
            w.Line("int n = Count = count;");
            if (_plan.Links.Count > 0)
            {
                w.Line("_net = net;");
            }
            if (_plan.Stream is not null)
            {
                w.Line("_rngs = new RandomStream[Partition.Blocks(n)];");
                w.Line("for (int b = 0; b < _rngs.Length; b++) _rngs[b] = new RandomStream(seed, Partition.BlockStream(stream, b));");
            }
            w.Line("_spikes = new int[n];");
            w.Line("_ranks = net.Ranks;");
            w.Line($"(OwnStart, OwnEnd) = net.Ranks?.Owned(n, randomBlocks: {(_network.CutsAtRandomBlocks(_plan.Name) ? "true" : "false")}) ?? (0, n);");
            w.Line(_network.HoldsWhole(_plan.Name)
                ? "(HeldStart, HeldEnd) = (0, n); // a dense connection or convolution delivers to every neuron on every rank"
                : "(HeldStart, HeldEnd) = (OwnStart, OwnEnd);");
            w.Line("int held = HeldEnd - HeldStart;");
            w.Line("Parts = Partition.Parts(OwnEnd - OwnStart, net.Threads);");
            if (_plan.FusesThreshold)
            {
                w.Line("_partSpikes = new int[Parts];");
            }
            foreach (var variable in _plan.DeferredInputs)
            {
                w.Line($"_in_{variable} = new Real[held];");
            }
            if (HasInput)
            {
                w.Line("_input = new Real[held];");
            }

            if (_plan.Parameters.Count > 0)
            {
                w.Line();
                w.Line("// Parameters, in SI units, each after the parameters it uses.");
            }
            foreach (var parameter in _plan.Parameters)
            {
                string name = parameter.Name;
                // Values the compiler could not check (network parameters, per neuron) are checked here.
                bool check = _plan.Checks.Parameters.Contains(name);
                string what = CSharpLiteral.String($"Parameter '{name}' of population '{_plan.Name}'");
                if (parameter.Heterogeneous)
                {
                    w.Line($"var p_{name} = new double[n];");
                    w.Line($"for (int i = 0; i < n; i++) p_{name}[i] = {writer.Write(parameter.Value)};");
                    if (check)
                    {
                        w.Line($"ConstructionChecks.Finite(p_{name}, {what});");
                    }
                    w.Line($"_p_{name} = ValueArrays.FromDouble<Real>(p_{name});");
                }
                else
                {
                    string value = writer.Write(parameter.Value);
                    w.Line($"double p_{name} = {(check ? $"ConstructionChecks.Finite({value}, {what})" : value)};");
                    w.Line($"_p_{name} = (Real)p_{name};");
                }
            }

            w.Line();
            if (_plan.SharedState.Count > 0)
            {
                w.Line("// Shared values first: per-neuron initial values may read them.");
                foreach (var shared in _plan.SharedState)
                {
                    w.Line($"_{shared.Name} = (Real)({writer.Write(shared.Initial)});");
                }
            }
            w.Line("// Initial values, in the order the state block gives them.");
            foreach (var state in _plan.State)
            {
                w.Line($"_{state.Name} = new Real[n];");
                w.Line($"for (int i = 0; i < n; i++) _{state.Name}[i] = (Real)({writer.Write(state.Initial)});");
            }

            if (_plan.Refractory is { } refractory)
            {
                w.Line();
                w.Line("// Refractory period in whole steps, as Brian2 counts them (truncated, with 1e-3·dt of slack): a neuron that");
                w.Line("// spiked at step s is held until step s + steps, and synaptic writes to what it holds are dropped from s on.");
                w.Line($"_lastSpike = new {StepType}[held];");
                w.Line($"System.Array.Fill(_lastSpike, ({StepType})System.Math.Max(-1e4 / Dt, {StepType}.MinValue / 2));");
                string period = writer.Write(refractory.Period);
                if (_plan.Checks.RefractoryPeriod)
                {
                    period = $"ConstructionChecks.NonNegative({period}, {CSharpLiteral.String($"The refractory period of population '{_plan.Name}'")})";
                }
                string steps = $"({StepType})System.Math.Max(1d, System.Math.Floor(({period} + 1e-3 * Dt) / Dt))";
                if (refractory.Heterogeneous)
                {
                    w.Line($"_refractorySteps = new {StepType}[n];");
                    w.Line($"for (int i = 0; i < n; i++) _refractorySteps[i] = {steps};");
                }
                else
                {
                    w.Line($"_refractorySteps = {steps};");
                }
            }

            if (Exact is { } exact)
            {
                w.Line();
                EmitPropagatorConstruction(w, writer, exact, _plan.Checks.System ? $"Population '{_plan.Name}' ({_plan.ModelName})" : null);
            }

            foreach (var alias in RecordedAliases())
            {
                w.Line($"_{alias} = new Real[held];");
            }
        }
    }

    /// <summary>The arrays the constructor computes for every neuron, of which each process then keeps the neurons it holds.</summary>
    private static List<string> ComputedWhole(NeuronPopulationPlan plan)
    {
        var arrays = plan.State.Select(s => $"_{s.Name}").ToList();
        if (plan.Refractory is { Heterogeneous: true })
        {
            arrays.Add("_refractorySteps");
        }
        if (plan.Update is ExactUpdatePlan { Heterogeneous: true } exact)
        {
            arrays.AddRange(exact.Fields());
        }
        return arrays;
    }

    /// <summary>True when the population has a <c>KeepHeld</c> method, which the network's constructor calls at its end.</summary>
    public static bool KeepsHeld(NeuronPopulationPlan plan) => ComputedWhole(plan).Count > 0;

    /// <summary>
    /// Initial values and per-neuron coefficients are computed for every neuron, in neuron order from one stream (the
    /// values one process draws, whatever the ranks); once the whole network is built (later populations may link to
    /// these values as they are built), each rank keeps its own neurons' (HeldNeurons).
    /// </summary>
    private void EmitKeepHeld(CodeWriter w)
    {
        if (!KeepsHeld(_plan))
        {
            return;
        }
        w.Line();
        w.Line("/// <summary>Keeps, of the values computed for every neuron, those of the neurons this process holds (all of them in one process).</summary>");
        using (w.Block("internal void KeepHeld()"))
        {
            foreach (var array in ComputedWhole(_plan))
            {
                w.Line($"{array} = HeldNeurons.Keep({array}, HeldStart, HeldEnd);");
            }
        }
    }

    /// <param name="check">Names the population when the coefficients are checked here, because the compiler could not.</param>
    private static void EmitPropagatorConstruction(CodeWriter w, ExpressionWriter writer, ExactUpdatePlan exact, string? check)
    {
        int k = exact.Variables.Count;
        w.Line($"// A of dx/dt = A·x + b for x = ({string.Join(", ", exact.Variables)}); P = exp(A·dt), Q = ∫₀^dt exp(A·s) ds.");
        string index = exact.Heterogeneous ? "[i]" : "";
        if (exact.Heterogeneous)
        {
            foreach (var field in exact.Fields())
            {
                w.Line($"{field} = new Real[n];");
            }
        }
        using (w.Block(exact.Heterogeneous ? "for (int i = 0; i < n; i++)" : ""))
        {
            w.Line($"var a = new double[{k}, {k}];");
            for (int r = 0; r < k; r++)
            {
                for (int c = 0; c < k; c++)
                {
                    if (exact.Matrix[r][c] is { } coefficient)
                    {
                        w.Line($"a[{r}, {c}] = {writer.Write(coefficient)};");
                    }
                }
            }
            if (check is not null)
            {
                w.Line($"ConstructionChecks.Finite(a, {CSharpLiteral.String(check)});");
            }
            w.Line("Propagator.Compute(a, Dt, out var p, out var q);");
            for (int r = 0; r < k; r++)
            {
                for (int c = 0; c < k; c++)
                {
                    if (exact.NonZero[r][c])
                    {
                        w.Line($"{ExactUpdatePlan.PropagatorField(r, c)}{index} = (Real)p[{r}, {c}];");
                        if (!exact.ForcingConstant && exact.Forcing[c] is not null)
                        {
                            w.Line($"{ExactUpdatePlan.DriveField(r, c)}{index} = (Real)q[{r}, {c}];");
                        }
                    }
                }
                if (exact.ForcingConstant && exact.HasDrive(r))
                {
                    var terms = Enumerable.Range(0, k)
                        .Where(c => exact.NonZero[r][c] && exact.Forcing[c] is not null)
                        .Select(c => $"q[{r}, {c}] * {writer.Write(exact.Forcing[c]!)}");
                    w.Line($"{ExactUpdatePlan.ConstantDriveField(r)}{index} = (Real)({string.Join(" + ", terms)});");
                }
            }
        }
    }
}
