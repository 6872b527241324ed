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
        w.Line("/// <summary>Backpropagation through time of the last forward pass and loss: fills the weight gradients.</summary>");
        using (w.Kernel("public void Backward()"))
        {
            w.Line("int batch = _batch;");
            if (Normalized.Any())
            {
                w.Line("if (!_training) throw new InvalidOperationException(\"Backward needs a forward pass in training (batch-normalized convolutions differentiate through the batch's statistics).\");");
            }
            w.Line("_blocks.Run(_pool, batch, SampleBlock, _clearAdjoints);");
            foreach (var layer in Enumerable.Reverse(_plan.Layers))
            {
                string n = layer.Population;
                w.Line($"_blocks.Run(_pool, batch, SampleBlock, _backward_{n});");
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
        w.Line();
        EmitClearAdjoints(w);
        foreach (var layer in _plan.Layers)
        {
            w.Line();
            EmitBackwardRows(w, layer);
        }
        EmitConvolutionGradientRows(w);
        EmitBatchNormRows(w);
    }

    /// <summary>Adjoints of spikes and learned parameters accumulate, so each sample's start from zero; the readout's spikes start from the loss gradient.</summary>
    private void EmitClearAdjoints(CodeWriter w)
    {
        w.Line("/// <summary>Samples [first, last): the spikes' adjoints at every step start from zero (the readout's from the loss), the learned parameters' per-sample sums too.</summary>");
        using (w.Kernel("private void ClearAdjointRows(int first, int last)"))
        {
            w.Line("int batch = _batch;");
            w.Line("int rows = last - first;");
            using (w.Block("for (int t = 0; t < Steps; t++)"))
            {
                foreach (var layer in _plan.Layers)
                {
                    string n = layer.Population;
                    string N = Size(n);
                    string adjoints = $"_gs_{n}.AsSpan((t * batch + first) * {N}, rows * {N})";
                    w.Line(n == _plan.Readout && Train.Loss.Readout == "spike_count"
                        ? $"_gscores.AsSpan(first * Classes, rows * Classes).CopyTo({adjoints}); // d(count)/d(s[t]) = 1 for every step."
                        : $"{adjoints}.Clear();");
                }
            }
            foreach (var layer in _plan.Layers)
            {
                foreach (var p in layer.Learned)
                {
                    w.Line($"{_kernels[layer.Population].ParameterRowGradient(p)}.AsSpan(first, rows).Clear();");
                }
            }
        }
    }

    /// <summary>
    /// ∂L/∂W = Σ_t out_src[t − lag]ᵀ · ∂L/∂in[t] (one product over all stacked steps), ∂L/∂b = Σ ∂L/∂in, and
    /// ∂L/∂s_src[t − lag] += ∂L/∂in[t] · Wᵀ; a convolution's are its own kernels (<see cref="EmitConvolutionGradient"/>).
    /// Each gradient is written whole by one call (nothing to clear first) that sums in an order fixed by the shapes alone.
    /// </summary>
    private void EmitWeightGradient(CodeWriter w, TrainedConnectionPlan c)
    {
        string K = Size(c.Source);
        string N = Size(c.Target);
        string gin = $"_gin_{c.Target}";
        w.Line(c.SameStep
            ? $"// {c.Member}: steps 0 … Steps−1 received the sources' output of the same steps."
            : $"// {c.Member}: steps 1 … Steps−1 received the sources' output of steps 0 … Steps−2.");
        if (FromCurrent(c) && c.Convolution is not { IsPooling: true })
        {
            w.Line("// The input is the same every step, so the steps' adjoints are summed first.");
            w.Line($"ColumnSums.Compute({gin}.AsSpan({SkippedRows(c, N)}), {DeliveredSteps(c)}, batch * {N}, _gsum_{c.Member}.AsSpan(0, batch * {N}), _pool);");
        }
        if (c.Convolution is { } conv)
        {
            if (c.BatchNorm is not null)
            {
                EmitNormalizedGradient(w, c);
            }
            EmitConvolutionGradient(w, c, conv);
            return;
        }
        if (FromCurrent(c))
        {
            w.Line($"Sgemm.Compute(true, false, {K}, {N}, batch, 1f, _v_{c.Source}, {K}, _gsum_{c.Member}, {N}, 0f, _gw_{c.Member}, {N}, _pool);");
            w.Line($"ColumnSums.Compute(_gsum_{c.Member}, batch, {N}, _gb_{c.Member}, _pool);");
            return;
        }
        w.Line($"int rows_{c.Member} = {DeliveredSteps(c)} * batch;");
        string adjoints = $"{gin}.AsSpan({SkippedRows(c, N)})";
        w.Line("// The sources spike: visiting only their spikes beats a dense product.");
        w.Line($"SpikeProducts.OuterSum({SourceOutput(c)}, {adjoints}, _gw_{c.Member}, rows_{c.Member}, {K}, {N}, _pool);");
        w.Line($"ColumnSums.Compute({adjoints}, rows_{c.Member}, {N}, _gb_{c.Member}, _pool);");
        if (c.SourceKind == PopulationKind.Neurons && !c.SelfRecurrent)
        {
            w.Line($"Sgemm.Compute(false, true, rows_{c.Member}, {K}, {N}, 1f, {adjoints}, {N}, _w_{c.Member}, {N}, 1f, _gs_{c.Source}, {K}, _pool);");
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
