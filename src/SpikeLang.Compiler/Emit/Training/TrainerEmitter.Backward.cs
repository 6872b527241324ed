using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Training;

/// <summary>The trainer's backward pass: backpropagation through time layer by layer, weight gradients as stacked products over all steps.</summary>
internal sealed partial class TrainerEmitter
{
    private void EmitBackward(CodeWriter w)
    {
        var loss = Train.Loss;
        string r = _plan.Readout;
        w.Line("/// <summary>Backpropagation through time of the last forward pass and loss: fills the weight gradients.</summary>");
        using (w.Kernel("public void Backward()"))
        {
            w.Line("int batch = _batch;");
            foreach (var layer in _plan.Layers)
            {
                w.Line($"_gs_{layer.Population}.AsSpan(0, Steps * batch * {Size(layer.Population)}).Clear();");
                foreach (var p in layer.Learned)
                {
                    w.Line($"{_kernels[layer.Population].ParameterRowGradient(p)}.AsSpan(0, batch).Clear();");
                }
            }
            foreach (var c in _plan.Connections)
            {
                w.Line($"_gw_{c.Member}.AsSpan().Clear();");
                w.Line($"_gb_{c.Member}.AsSpan().Clear();");
            }
            if (loss.Readout == "spike_count")
            {
                w.Line("// d(count)/d(s[t]) = 1 for every step.");
                using (w.Block("for (int t = 0; t < Steps; t++)"))
                {
                    w.Line($"_gscores.AsSpan(0, batch * Classes).CopyTo(_gs_{r}.AsSpan(t * batch * Classes, batch * Classes));");
                }
            }
            foreach (var layer in Enumerable.Reverse(_plan.Layers))
            {
                string n = layer.Population;
                w.Line($"_pool.Run(batch, _backward_{n});");
                foreach (var p in layer.Learned)
                {
                    w.Line($"_gp_{n}_{p}[0] = 0f;");
                    w.Line($"for (int row = 0; row < batch; row++) _gp_{n}_{p}[0] += {_kernels[n].ParameterRowGradient(p)}[row];");
                }
                foreach (var c in _plan.Incoming(layer))
                {
                    EmitWeightGradient(w, c);
                }
            }
        }
        foreach (var layer in _plan.Layers)
        {
            w.Line();
            EmitBackwardRows(w, layer);
        }
    }

    /// <summary>∂L/∂W = Σ_t out_src[t−1]ᵀ · ∂L/∂in[t] (one product over all stacked steps), ∂L/∂b = Σ ∂L/∂in, and ∂L/∂s_src[t−1] += ∂L/∂in[t] · Wᵀ.</summary>
    private void EmitWeightGradient(CodeWriter w, TrainedConnectionPlan c)
    {
        string K = Size(c.Source);
        string N = Size(c.Target);
        string gin = $"_gin_{c.Target}";
        w.Line($"// {c.Member}: steps 1 … Steps−1 received the sources' output of steps 0 … Steps−2.");
        w.Line($"int rows_{c.Member} = (Steps - 1) * batch;");
        if (c.SourceKind == PopulationKind.Input && IsCurrent(c.Source))
        {
            w.Line("// The input is the same every step, so the steps' adjoints are summed first.");
            w.Line($"// Step 0's adjoint is not needed any more (nothing reaches a layer at step 0), so its slot holds the sum.");
            w.Line($"Span<float> sum_{c.Member} = {gin}.AsSpan(0, batch * {N});");
            w.Line($"{gin}.AsSpan(batch * {N}, batch * {N}).CopyTo(sum_{c.Member});");
            using (w.Block("for (int t = 2; t < Steps; t++)"))
            {
                w.Line($"DenseRows.Add<float>(sum_{c.Member}, {gin}.AsSpan(t * batch * {N}, batch * {N}));");
            }
            w.Line($"Sgemm.Compute(true, false, {K}, {N}, batch, 1f, _v_{c.Source}, {K}, sum_{c.Member}, {N}, 1f, _gw_{c.Member}, {N}, _pool);");
            w.Line($"for (int row = 0; row < batch; row++) DenseRows.Add<float>(_gb_{c.Member}, sum_{c.Member}.Slice(row * {N}, {N}));");
            return;
        }
        w.Line("// The sources spike: visiting only their spikes beats a dense product.");
        w.Line($"SpikeProducts.AccumulateOuter({SourceOutput(c)}, {gin}.AsSpan(batch * {N}), _gw_{c.Member}, rows_{c.Member}, {K}, {N});");
        w.Line($"for (int row = batch; row < Steps * batch; row++) DenseRows.Add<float>(_gb_{c.Member}, {gin}.AsSpan(row * {N}, {N}));");
        if (c.SourceKind == PopulationKind.Neurons && !c.SelfRecurrent)
        {
            w.Line($"Sgemm.Compute(false, true, rows_{c.Member}, {K}, {N}, 1f, {gin}.AsSpan(batch * {N}), {N}, _w_{c.Member}, {N}, 1f, _gs_{c.Source}, {K}, _pool);");
        }
    }

    private void EmitBackwardRows(CodeWriter w, LayerPlan layer)
    {
        string n = layer.Population;
        string N = Size(layer.Population);
        var k = _kernels[n];
        var recurrent = _plan.Incoming(layer).Where(c => c.SelfRecurrent).ToList();
        bool membraneReadout = layer.Population == _plan.Readout && Train.Loss.Readout != "spike_count";
        w.Line($"/// <summary>Samples [first, last) of '{n}', steps from last to first.</summary>");
        using (w.Kernel($"private void BackwardRows_{n}(int first, int last)"))
        {
            w.Line("int batch = _batch;");
            foreach (var state in layer.States)
            {
                w.Line($"{k.AdjointField(state)}.AsSpan(first * {N}, (last - first) * {N}).Clear();");
            }
            using (w.Block("for (int t = Steps - 1; t >= 0; t--)"))
            {
                if (membraneReadout)
                {
                    w.Line($"// The readout took the membrane '{layer.Membrane}' at one step per neuron.");
                    using (w.Block($"for (int e = first * Classes; e < last * Classes; e++)"))
                    {
                        w.Line($"if (_peakStep[e] == t) {k.AdjointField(layer.Membrane)}[e] += _gscores[e];");
                    }
                }
                using (w.Block("for (int row = first; row < last; row++)"))
                {
                    w.Line($"StepBackward_{n}(t, row, row * {N}, (row + 1) * {N});");
                }
                foreach (var c in recurrent)
                {
                    w.Line($"// {c.Member}: the input at t came from this layer's spikes at t − 1.");
                    using (w.Block("if (t > 0)"))
                    {
                        w.Line($"Sgemm.Compute(false, true, last - first, {N}, {N}, 1f, _gin_{n}.AsSpan((t * batch + first) * {N}), {N}, _w_{c.Member}, {N}, 1f, _gs_{n}.AsSpan(((t - 1) * batch + first) * {N}), {N}, _pool);");
                    }
                }
            }
        }
    }
}
