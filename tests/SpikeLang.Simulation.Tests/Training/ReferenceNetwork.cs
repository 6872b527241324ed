using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Runtime;

namespace SpikeLang.Simulation.Tests.Training;

/// <summary>What a trained layer's reset does to a spiking neuron's membrane.</summary>
internal enum ResetKind
{
    /// <summary>A non-spiking readout: no threshold, no reset.</summary>
    None,

    /// <summary><c>mem -= theta</c>.</summary>
    Subtract,

    /// <summary><c>mem = 0</c>.</summary>
    Zero,
}

internal enum Readout
{
    SpikeCount,
    MaxMembrane,
    FinalMembrane,
}

/// <summary>
/// A layer of the leaky models in Networks/Training.snn: <c>mem = beta * mem + input</c>, spike when
/// <c>mem &gt; theta</c>, then <paramref name="Reset"/>. Learned parameters are read from the weight set.
/// </summary>
internal sealed record ReferenceLayer(string Name, int Size, float Beta, float Theta, ResetKind Reset);

/// <summary>
/// A convolution (<see cref="Pool"/> null and not <see cref="Max"/>) or pooling between shaped layers, [channels, height,
/// width] in C order, with a square kernel, stride and padding (a 1-D one would have height 1); a max pooling takes the
/// first largest source of each window.
/// </summary>
internal sealed record ReferenceConvolution(int InC, int InH, int InW, int OutC, int OutH, int OutW, int Kernel, int Stride, int Padding, float? Pool = null, bool Max = false);

/// <summary>
/// A connection: dense unless <see cref="Convolution"/>; <see cref="SameStep"/> reads the source's output of the same step;
/// a convolution with <see cref="BatchNormEpsilon"/> is batch-normalized (its parameters the .bn. tensors, β its bias).
/// </summary>
internal sealed record ReferenceConnection(string Source, string Target, bool SameStep = false, ReferenceConvolution? Convolution = null, double? BatchNormEpsilon = null)
{
    public static implicit operator ReferenceConnection((string Source, string Target) dense) => new(dense.Source, dense.Target);
}

/// <summary>
/// The test network as the reference sees it, written by hand beside its .snn: one current-encoded
/// input, the layers in an order where each comes after those feeding it, the connections in the order
/// the simulator adds them into each target (one-step ones, then same-step ones), and the train block's options.
/// </summary>
internal sealed record ReferenceSpec(
    string Input,
    int Inputs,
    IReadOnlyList<ReferenceLayer> Layers,
    IReadOnlyList<ReferenceConnection> Connections,
    int Steps,
    Func<double, double> Surrogate,
    bool DetachReset,
    bool CrossEntropy,
    Readout Readout,
    double CorrectRate = 1,
    double IncorrectRate = 0)
{
    public ReferenceLayer Output => Layers[^1];
}

/// <summary>The reference's forward values and gradients, laid out as the trainer exposes them.</summary>
internal sealed record ReferenceResult(
    double Loss,
    float[] Scores,
    IReadOnlyDictionary<string, float[]> Spikes,
    IReadOnlyDictionary<string, double[]> Gradients);

/// <summary>
/// Evaluates a <see cref="ReferenceSpec"/> sample by sample, step by step, neuron by neuron on a
/// <see cref="ReferenceTape"/>, then differentiates the batch loss by every weight, bias and learned
/// parameter. Nothing is shared with the generator: semantics come from the language's definition
/// (connections deliver one step late unless same_step; a convolution output reads its window, sources in
/// ascending order; float32 forward arithmetic in the simulator's order).
/// </summary>
internal static class ReferenceNetwork
{
    public static ReferenceResult Evaluate(ReferenceSpec spec, WeightSet weights, float[] inputs, int[] labels)
    {
        int batch = labels.Length;
        int classes = spec.Output.Size;
        var tape = new ReferenceTape();

        // Parameters are leaves, shared by every sample and step; gradients are read from their adjoints.
        var parameters = new Dictionary<string, Scalar[]>();
        foreach (var connection in spec.Connections.Where(c => c.Convolution is null or { Pool: null, Max: false }))
        {
            string name = Name(connection);
            var tensors = connection.BatchNormEpsilon is null ? new[] { ".w", ".b" } : new[] { ".bn.kernel", ".bn.weight", ".bn.bias" };
            foreach (string tensor in tensors)
            {
                parameters[name + tensor] = Tensor(weights, name + tensor).Select(v => tape.Leaf(v)).ToArray();
            }
        }
        var beta = spec.Layers.ToDictionary(l => l.Name, l => tape.Leaf(weights.Find(l.Name + ".beta")?.Values[0] ?? l.Beta));
        var theta = spec.Layers.ToDictionary(l => l.Name, l => tape.Leaf(weights.Find(l.Name + ".theta")?.Values[0] ?? l.Theta));

        var spikes = spec.Layers.ToDictionary(l => l.Name, l => new float[spec.Steps * batch * l.Size]);
        var zero = tape.Leaf(0);
        var input = Enumerable.Range(0, batch)
            .Select(sample => Enumerable.Range(0, spec.Inputs).Select(k => tape.Leaf(inputs[sample * spec.Inputs + k])).ToArray()).ToArray();
        // Every layer's output [sample][step][neuron]: layer by layer, each after those feeding it (batch normalization
        // needs a connection's output over the whole batch before its target runs).
        var fired = new Dictionary<string, Scalar[][][]>();
        var membrane = new Scalar[batch][][];
        Scalar[] From(ReferenceConnection connection, int sample, int t) =>
            connection.Source == spec.Input ? input[sample] : fired[connection.Source][sample][connection.SameStep ? t : t - 1];
        foreach (var layer in spec.Layers)
        {
            var normalized = spec.Connections.Where(c => c.Target == layer.Name && c.BatchNormEpsilon is not null)
                .ToDictionary(c => c, c => Normalized(tape, c, (sample, t) => From(c, sample, t), parameters, batch, spec.Steps));
            fired[layer.Name] = new Scalar[batch][][];
            for (int sample = 0; sample < batch; sample++)
            {
                var state = Enumerable.Repeat(zero, layer.Size).ToArray();
                fired[layer.Name][sample] = new Scalar[spec.Steps][];
                if (layer == spec.Output)
                {
                    membrane[sample] = new Scalar[spec.Steps][];
                }
                for (int t = 0; t < spec.Steps; t++)
                {
                    var step = new Scalar[layer.Size];
                    for (int n = 0; n < layer.Size; n++)
                    {
                        // The summed input: each connection's sources at step t − 1 (none at step 0), or at step t when same-step.
                        Scalar drive = zero;
                        foreach (var connection in spec.Connections.Where(c => c.Target == layer.Name && (c.SameStep || t > 0)))
                        {
                            string name = Name(connection);
                            var from = From(connection, sample, t);
                            drive = normalized.TryGetValue(connection, out var y) ? tape.AddF(drive, y[sample][t][n])
                                : connection.Convolution is { } conv ? Window(tape, drive, from, conv, n, parameters.GetValueOrDefault(name + ".w"), parameters.GetValueOrDefault(name + ".b"))
                                : Row(tape, drive, from, n, parameters[name + ".w"], parameters[name + ".b"]);
                        }
                        var updated = tape.AddF(tape.MulF(beta[layer.Name], state[n]), drive);
                        if (layer.Reset == ResetKind.None)
                        {
                            state[n] = updated;
                            step[n] = zero;
                            continue;
                        }
                        var h = tape.SubF(updated, theta[layer.Name]);
                        var spike = tape.Spike(h, updated.Value > theta[layer.Name].Value, spec.Surrogate);
                        var reset = layer.Reset == ResetKind.Subtract ? tape.SubF(updated, theta[layer.Name]) : zero;
                        state[n] = tape.Reset(updated, reset, spike, spec.DetachReset);
                        step[n] = spike;
                        spikes[layer.Name][(t * batch + sample) * layer.Size + n] = (float)spike.Value;
                    }
                    fired[layer.Name][sample][t] = step;
                    if (layer == spec.Output)
                    {
                        membrane[sample][t] = (Scalar[])state.Clone();
                    }
                }
            }
        }

        var scores = new float[batch * classes];
        Scalar total = zero;
        for (int sample = 0; sample < batch; sample++)
        {
            var score = new Scalar[classes];
            for (int c = 0; c < classes; c++)
            {
                Scalar count = zero;
                for (int t = 0; t < spec.Steps; t++)
                {
                    count = tape.Add(count, fired[spec.Output.Name][sample][t][c]);
                }
                score[c] = spec.Readout switch
                {
                    Readout.SpikeCount => count,
                    Readout.FinalMembrane => tape.Copy(membrane[sample][^1][c]),
                    _ => tape.Copy(membrane[sample][EarliestPeak(membrane[sample].Select(m => m[c].Value).ToArray())][c]),
                };
                scores[sample * classes + c] = (float)score[c].Value;
            }
            total = tape.Add(total, spec.CrossEntropy ? CrossEntropy(tape, score, labels[sample]) : SquaredError(tape, score, labels[sample], spec));
        }
        var loss = tape.Scale(total, spec.CrossEntropy ? 1.0 / batch : 1.0 / (batch * classes));

        var adjoints = tape.Backward(loss);
        var gradients = parameters.ToDictionary(p => p.Key, p => p.Value.Select(l => adjoints[l.Node]).ToArray());
        foreach (var layer in spec.Layers)
        {
            gradients[layer.Name + ".beta"] = new[] { adjoints[beta[layer.Name].Node] };
            gradients[layer.Name + ".theta"] = new[] { adjoints[theta[layer.Name].Node] };
        }
        return new ReferenceResult(loss.Value, scores, spikes, gradients);
    }

    private static string Name(ReferenceConnection connection) => $"{connection.Source}_to_{connection.Target}";

    /// <summary>
    /// A batch-normalized convolution's output y[sample][step][n] = γ_o·(z − μ_o)/√(σ_o² + ε) + β_o, with z the convolution
    /// without bias and μ_o, σ_o² the mean and biased variance of output channel o over every sample, delivered step
    /// and position (in double: the statistics are the reference's own, not the trainer's summation order).
    /// </summary>
    private static Scalar[][][] Normalized(ReferenceTape tape, ReferenceConnection connection, Func<int, int, Scalar[]> from,
        IReadOnlyDictionary<string, Scalar[]> parameters, int batch, int steps)
    {
        var conv = connection.Convolution!;
        string name = Name(connection);
        var kernel = parameters[name + ".bn.kernel"];
        var scale = parameters[name + ".bn.weight"];
        var shift = parameters[name + ".bn.bias"];
        int first = connection.SameStep ? 0 : 1;
        int size = conv.OutC * conv.OutH * conv.OutW, positions = conv.OutH * conv.OutW;
        var z = new Scalar[batch][][];
        for (int sample = 0; sample < batch; sample++)
        {
            z[sample] = new Scalar[steps][];
            for (int t = first; t < steps; t++)
            {
                var window = from(sample, t);
                z[sample][t] = Enumerable.Range(0, size).Select(n => Window(tape, tape.Leaf(0), window, conv, n, kernel, null)).ToArray();
            }
        }
        double count = (double)batch * (steps - first) * positions;
        var y = Enumerable.Range(0, batch).Select(_ => new Scalar[steps][]).ToArray();
        for (int sample = 0; sample < batch; sample++)
        {
            for (int t = first; t < steps; t++)
            {
                y[sample][t] = new Scalar[size];
            }
        }
        for (int o = 0; o < conv.OutC; o++)
        {
            var values = new List<(int Sample, int Step, int N)>();
            for (int sample = 0; sample < batch; sample++)
            {
                for (int t = first; t < steps; t++)
                {
                    for (int n = o * positions; n < (o + 1) * positions; n++)
                    {
                        values.Add((sample, t, n));
                    }
                }
            }
            Scalar sum = tape.Leaf(0);
            foreach (var (sample, t, n) in values)
            {
                sum = tape.Add(sum, z[sample][t][n]);
            }
            var mean = tape.Scale(sum, 1 / count);
            Scalar squares = tape.Leaf(0);
            foreach (var (sample, t, n) in values)
            {
                var d = tape.Sub(z[sample][t][n], mean);
                squares = tape.Add(squares, tape.Mul(d, d));
            }
            var inverse = tape.InverseSqrt(tape.Scale(squares, 1 / count), connection.BatchNormEpsilon!.Value);
            foreach (var (sample, t, n) in values)
            {
                y[sample][t][n] = tape.Add(tape.Mul(tape.Mul(tape.Sub(z[sample][t][n], mean), inverse), scale[o]), shift[o]);
            }
        }
        return y;
    }

    /// <summary>A dense connection's input to target n: Σ_k s[k]·w[n, k], then the bias.</summary>
    private static Scalar Row(ReferenceTape tape, Scalar drive, Scalar[] from, int n, Scalar[] weights, Scalar[] bias)
    {
        for (int k = 0; k < from.Length; k++)
        {
            drive = tape.AddF(drive, tape.MulF(from[k], weights[n * from.Length + k]));
        }
        return tape.AddF(drive, bias[n]);
    }

    /// <summary>
    /// A convolution's input to output n = (o, oy, ox): the sources of its window, (c, oy·s − p + ky, ox·s − p + kx) in
    /// ascending order, each times its kernel weight (a pooling's fixed weight, channel c = o only), then the bias.
    /// </summary>
    private static Scalar Window(ReferenceTape tape, Scalar drive, Scalar[] from, ReferenceConvolution conv, int n, Scalar[]? weights, Scalar[]? bias)
    {
        int o = n / (conv.OutH * conv.OutW), oy = n / conv.OutW % conv.OutH, ox = n % conv.OutW;
        if (conv.Max)
        {
            Scalar? largest = null;
            for (int ky = 0; ky < conv.Kernel; ky++)
            {
                for (int kx = 0; kx < conv.Kernel; kx++)
                {
                    int y = oy * conv.Stride - conv.Padding + ky, x = ox * conv.Stride - conv.Padding + kx;
                    if (y >= 0 && y < conv.InH && x >= 0 && x < conv.InW && (largest is null || from[(o * conv.InH + y) * conv.InW + x].Value > largest.Value.Value))
                    {
                        largest = from[(o * conv.InH + y) * conv.InW + x];
                    }
                }
            }
            return tape.AddF(drive, largest!.Value);
        }
        for (int c = 0; c < conv.InC; c++)
        {
            if (conv.Pool is not null && c != o)
            {
                continue;
            }
            for (int ky = 0; ky < conv.Kernel; ky++)
            {
                for (int kx = 0; kx < conv.Kernel; kx++)
                {
                    int y = oy * conv.Stride - conv.Padding + ky, x = ox * conv.Stride - conv.Padding + kx;
                    if (y < 0 || y >= conv.InH || x < 0 || x >= conv.InW)
                    {
                        continue;
                    }
                    var source = from[(c * conv.InH + y) * conv.InW + x];
                    var weight = conv.Pool is { } pool ? tape.Leaf(pool) : weights![((o * conv.InC + c) * conv.Kernel + ky) * conv.Kernel + kx];
                    drive = tape.AddF(drive, tape.MulF(source, weight));
                }
            }
        }
        return bias is null ? drive : tape.AddF(drive, bias[o]);
    }

    private static float[] Tensor(WeightSet weights, string name) =>
        weights.Find(name)?.Values ?? throw new ArgumentException($"The weight set has no tensor '{name}'.", nameof(weights));

    /// <summary>The step of the largest value; ties go to the earliest step.</summary>
    private static int EarliestPeak(double[] values)
    {
        int peak = 0;
        for (int t = 1; t < values.Length; t++)
        {
            if (values[t] > values[peak])
            {
                peak = t;
            }
        }
        return peak;
    }

    /// <summary>−log softmax(score)[label], with the largest score subtracted first (a constant, so no gradient).</summary>
    private static Scalar CrossEntropy(ReferenceTape tape, Scalar[] score, int label)
    {
        var shift = tape.Leaf(score.Max(s => s.Value));
        Scalar sum = tape.Leaf(0);
        foreach (var s in score)
        {
            sum = tape.Add(sum, tape.Exp(tape.Sub(s, shift)));
        }
        return tape.Sub(tape.Add(tape.Log(sum), shift), score[label]);
    }

    /// <summary>Σ_c (score_c − target_c)² with targets correct_rate·Steps for the label and incorrect_rate·Steps elsewhere.</summary>
    private static Scalar SquaredError(ReferenceTape tape, Scalar[] score, int label, ReferenceSpec spec)
    {
        Scalar sum = tape.Leaf(0);
        for (int c = 0; c < score.Length; c++)
        {
            var error = tape.Sub(score[c], tape.Leaf((c == label ? spec.CorrectRate : spec.IncorrectRate) * spec.Steps));
            sum = tape.Add(sum, tape.Mul(error, error));
        }
        return sum;
    }
}
