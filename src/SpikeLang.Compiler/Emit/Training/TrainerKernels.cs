using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;
using SpikeLang.Compiler.Lowering.Training;

using static SpikeLang.Compiler.Emit.ElementAccess;

namespace SpikeLang.Compiler.Emit.Training;

/// <summary>
/// Emits one trained layer's element kernels: the forward step (the update statements exactly as the
/// simulator runs them, the threshold, the reset) and its reverse-mode counterpart, each a Vector256
/// loop with a scalar tail over one sample's neurons. The element step itself (<see cref="WriteForwardElement"/>,
/// <see cref="WriteBackwardElement"/>) is also what the GPU trainer's kernels run (<c>Gpu/GpuLayerKernels</c>).
/// </summary>
internal sealed class TrainerKernels
{
    private readonly NetworkPlan _network;
    private readonly LayerPlan _layer;
    private readonly TrainerPlan _train;

    public TrainerKernels(NetworkPlan network, LayerPlan layer, TrainerPlan train)
    {
        _network = network;
        _layer = layer;
        _train = train;
    }

    private string Name => _layer.Population;

    /// <summary>The field holding state <paramref name="state"/> after each step ([step, sample, neuron]).</summary>
    public string StateField(string state) => $"_x_{Name}_{state}";

    /// <summary>The field holding state <paramref name="state"/> after the update, before the reset.</summary>
    public string UpdatedField(string state) => $"_u_{Name}_{state}";

    public string InitialField(string state) => $"_init_{Name}_{state}";

    public string AdjointField(string state) => $"_gx_{Name}_{state}";

    public string ParameterField(string parameter) => $"_p_{Name}_{parameter}";

    public string ParameterRowGradient(string parameter) => $"_gprow_{Name}_{parameter}";

    private Func<BoundVariable, string> Variables(bool vector, string statePrefix)
    {
        string k = vector ? "vk_" : "k_";
        var mode = vector ? EvaluationMode.Vector : EvaluationMode.Scalar;
        return v => v.Symbol switch
        {
            { Kind: VariableKind.State } s => $"{statePrefix}{s.Name}",
            { Kind: VariableKind.Parameter } p => $"{k}p_{p.Name}",
            { Kind: VariableKind.Implicit } => BuiltinRenderer.Render(v, BuiltinContext.TrainerKernel, mode),
            var other => throw new InvalidOperationException(other.Name),
        };
    }

    private ExpressionWriter Writer(bool vector, string statePrefix) =>
        new(vector ? EvaluationMode.Vector : EvaluationMode.Scalar, false, Variables(vector, statePrefix));

    /// <summary>The layer's constants, in the order kernels read them: its parameters, then its propagator's entries.</summary>
    public IEnumerable<string> ParameterNames => _layer.Parameters.Select(p => p.Name).Concat(_layer.PropagatorEntries.Select(e => e.Name));

    private void Hoist(CodeWriter w)
    {
        foreach (var name in ParameterNames)
        {
            w.Line($"float k_p_{name} = {ParameterField(name)}[0];");
        }
        w.Line(BuiltinRenderer.TrainerStepSize(_network.ClassName));
    }

    /// <summary>Loops over elements [start, end) with a Vector256 body and a scalar tail, both from <paramref name="body"/>.</summary>
    private void Elements(CodeWriter w, Action<bool> body) =>
        ElementLoop.Write(w, "start", "end", "float", Array.Empty<string>(),
            ParameterNames.Select(name => $"var vk_p_{name} = Vector256.Create(k_p_{name});").Append("var vk_dt = Vector256.Create(k_dt);"),
            _layer.Vectorizable, mode => body(mode == EvaluationMode.Vector));

    /// <summary>
    /// <c>StepForward_L(t, start, end)</c>: u = update(x[t−1], input[t]); s = threshold(u); x[t] = s ? reset(u) : u,
    /// for elements [start, end) of step t. The statements are the simulator's own, in its order, so the
    /// arithmetic and therefore the spikes are identical.
    /// </summary>
    public void EmitForward(CodeWriter w)
    {
        w.Line($"/// <summary>One step of '{Name}' ({_layer.ModelName}) for elements [start, end) of step t: update, threshold, reset; keeps u, s and x for the backward pass.</summary>");
        using (w.Kernel($"private void StepForward_{Name}(int t, int start, int end)"))
        {
            w.Line($"int size = _batch * N_{Name};");
            Hoist(w);
            foreach (var state in _layer.States)
            {
                w.Line($"ref float r_prev_{state} = ref (t == 0 ? ref {InitialField(state)}[0] : ref {StateField(state)}[(t - 1) * size]);");
                w.Line($"ref float r_u_{state} = ref {UpdatedField(state)}[t * size];");
                w.Line($"ref float r_x_{state} = ref {StateField(state)}[t * size];");
            }
            w.Line($"ref float r_input = ref _in_{Name}[t * size];");
            w.Line($"ref float r_s = ref _s_{Name}[t * size];");
            Elements(w, vector => WriteForwardElement(w, vector, ElementStorage.Hoisted(vector)));
        }
    }

    /// <summary>
    /// One element's forward step from its state before the step (<c>prev_STATE</c>) and its input (<c>input</c>): stores
    /// the state after the update (<c>u_STATE</c>), the spike (<c>s</c>) and the state after the reset (<c>x_STATE</c>).
    /// Shared by the CPU trainer's element loops and the GPU trainer's kernels, which differ only in <paramref name="io"/>.
    /// </summary>
    public void WriteForwardElement(CodeWriter w, bool vector, ElementStorage io)
    {
        var resetTargets = _layer.Reset.Select(s => s.Target.Name).Distinct().ToList();
        foreach (var state in _layer.States)
        {
            w.Line($"var x_{state} = {io.Load("prev_" + state)};");
        }
        w.Line($"var x_input = {io.Load("input")};");
        foreach (var state in _layer.States)
        {
            w.Line($"var n_{state} = x_{state};");
        }
        var update = Writer(vector, _layer.Simultaneous ? "x_" : "n_");
        foreach (var statement in _layer.Update)
        {
            w.Line($"n_{statement.Target.Name} {Assignment(statement.Operator)} {update.Write(statement.Value)};");
        }
        foreach (var state in _layer.States)
        {
            w.Line(io.Store($"n_{state}", "u_" + state));
        }
        if (_layer.Threshold is null)
        {
            w.Line(io.Store(vector ? "Vector256<float>.Zero" : "0f", "s"));
            foreach (var state in _layer.States)
            {
                w.Line(io.Store($"n_{state}", "x_" + state));
            }
            return;
        }
        w.Line($"var spike = {Writer(vector, "n_").Write(_layer.Threshold)};");
        w.Line(io.Store(vector ? "spike & Vector256.Create(1f)" : "spike ? 1f : 0f", "s"));
        foreach (var state in resetTargets)
        {
            w.Line($"var r_{state} = n_{state};");
        }
        var reset = Writer(vector, "r_");
        foreach (var statement in _layer.Reset)
        {
            w.Line($"r_{statement.Target.Name} {Assignment(statement.Operator)} {reset.Write(statement.Value)};");
        }
        foreach (var state in _layer.States)
        {
            string value = !resetTargets.Contains(state) ? $"n_{state}"
                : vector ? $"Vector256.ConditionalSelect(spike, r_{state}, n_{state})" : $"spike ? r_{state} : n_{state}";
            w.Line(io.Store(value, "x_" + state));
        }
    }

    /// <summary>
    /// <c>StepBackward_L(t, row, start, end)</c>: from ∂L/∂x[t] (the adjoint carried in _gx) and ∂L/∂s[t],
    /// the adjoint of the input at step t and of the state before it; learned parameters accumulate per row.
    /// </summary>
    public void EmitBackward(CodeWriter w)
    {
        w.Line($"/// <summary>Reverse step of '{Name}' for elements [start, end) of step t (sample 'row'): adjoints of input[t] and x[t−1].</summary>");
        w.Line("/// <remarks>");
        w.Line("/// x = u + s·(r(u) − u) with s = H(h(u)); the spike's derivative is the surrogate " + Surrogates.Formula(_train.Surrogate).Replace("<", "&lt;") + ".");
        w.Line(_train.DetachReset
            ? "/// The reset is detached (as snnTorch): gradient does not flow through s into the reset."
            : "/// The reset is attached: gradient flows through s into the reset term r(u) − u as well.");
        w.Line("/// </remarks>");
        using (w.Kernel($"private void StepBackward_{Name}(int t, int row, int start, int end)"))
        {
            w.Line($"int size = _batch * N_{Name};");
            Hoist(w);
            foreach (var state in _layer.States)
            {
                w.Line($"ref float r_prev_{state} = ref (t == 0 ? ref {InitialField(state)}[0] : ref {StateField(state)}[(t - 1) * size]);");
                w.Line($"ref float r_u_{state} = ref {UpdatedField(state)}[t * size];");
                w.Line($"ref float r_g_{state} = ref {AdjointField(state)}[0];");
            }
            w.Line($"ref float r_input = ref _in_{Name}[t * size];");
            w.Line($"ref float r_s = ref _s_{Name}[t * size];");
            w.Line($"ref float r_gs = ref _gs_{Name}[t * size];");
            w.Line($"ref float r_gin = ref _gin_{Name}[t * size];");
            foreach (var p in _layer.Learned)
            {
                w.Line($"float acc_{p} = 0f;");
            }
            Elements(w, vector => WriteBackwardElement(w, vector, ElementStorage.Hoisted(vector)));
            foreach (var p in _layer.Learned)
            {
                w.Line($"{ParameterRowGradient(p)}[row] += acc_{p};");
            }
        }
    }

    /// <summary>
    /// One element's reverse step: from the state before the step (<c>prev_STATE</c>), after the update (<c>u_STATE</c>),
    /// the input, the spike (<c>s</c>) and the adjoints of the state after the step (<c>g_STATE</c>) and of the spike
    /// (<c>gs</c>), stores the input's adjoint (<c>gin</c>) and the adjoints of the state before the step (<c>g_STATE</c>,
    /// after every load of them); learned parameters' terms add to the locals <c>acc_P</c>. Shared by the CPU and GPU trainers.
    /// </summary>
    public void WriteBackwardElement(CodeWriter w, bool vector, ElementStorage io)
    {
        var states = _layer.States;
        var resetTargets = _layer.ResetValues.Keys.ToList();
        bool spiking = _layer.Threshold is not null;
        var atX = Writer(vector, "x_");
        var atU = Writer(vector, "u_");
        string zero = vector ? "Vector256<float>.Zero" : "0f";
        foreach (var state in states)
        {
            w.Line($"var x_{state} = {io.Load("prev_" + state)};");
            w.Line($"var u_{state} = {io.Load("u_" + state)};");
            w.Line($"var g_{state} = {io.Load("g_" + state)};");
        }
        w.Line($"var x_input = {io.Load("input")};");
        if (spiking)
        {
            w.Line($"var sp = {io.Load("s")};");
            w.Line($"var h = {atU.Write(_layer.ThresholdDistance!)};");
            foreach (var line in Surrogates.Write(_train.Surrogate, "h", vector))
            {
                w.Line(line);
            }
            string gs = io.Load("gs");
            if (!_train.DetachReset && resetTargets.Count > 0)
            {
                gs += " + " + string.Join(" + ", resetTargets.Select(r => $"g_{r} * ({atU.Write(_layer.ResetValues[r])} - u_{r})"));
            }
            w.Line($"var gh = ({gs}) * sg;");
        }
        foreach (var j in states)
        {
            var terms = new List<string?> { resetTargets.Contains(j) && spiking ? $"g_{j} - sp * g_{j}" : $"g_{j}" };
            if (spiking)
            {
                terms.AddRange(resetTargets.Select(r => Product($"sp * g_{r}", _layer.ResetDerivatives[r, j], atU)));
                terms.Add(Product("gh", _layer.ThresholdDerivatives[j], atU));
            }
            w.Line($"var gu_{j} = {Sum(terms, zero)};");
        }
        w.Line(io.Store(Sum(states.Select(j => Product($"gu_{j}", _layer.UpdateDerivatives[j, LayerPlan.Input], atX)), zero), "gin"));
        foreach (var i in states)
        {
            w.Line(io.Store(Sum(states.Select(j => Product($"gu_{j}", _layer.UpdateDerivatives[j, i], atX)), zero), "g_" + i));
        }
        foreach (var p in _layer.Learned)
        {
            var terms = states.Select(j => Product($"gu_{j}", _layer.UpdateDerivatives[j, p], atX)).ToList();
            if (spiking)
            {
                terms.Add(Product("gh", _layer.ThresholdDerivatives[p], atU));
                terms.AddRange(resetTargets.Select(r => Product($"sp * g_{r}", _layer.ResetDerivatives[r, p], atU)));
            }
            string sum = Sum(terms, zero);
            w.Line(vector ? $"acc_{p} += Vector256.Sum({sum});" : $"acc_{p} += {sum};");
        }
    }

    /// <summary><c>factor · derivative</c>, or null when the derivative is 0.</summary>
    private static string? Product(string factor, BoundExpression derivative, ExpressionWriter writer) =>
        Differentiation.IsZero(derivative) ? null : Differentiation.IsOne(derivative) ? factor : $"({factor}) * {writer.Write(derivative)}";

    private static string Sum(IEnumerable<string?> terms, string zero)
    {
        var present = terms.Where(t => t is not null).ToList();
        return present.Count == 0 ? zero : string.Join(" + ", present);
    }
}
