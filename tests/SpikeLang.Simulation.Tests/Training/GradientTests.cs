using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace SpikeLang.Simulation.Tests.Training;

/// <summary>
/// The generated backward pass against <see cref="ReferenceNetwork"/> (issue 6): for every network of
/// Networks/Training.snn, on seeded random weights and inputs, the forward pass spikes exactly as the
/// reference and every gradient tensor agrees within 1e-4 of the tensor's largest reference gradient.
/// </summary>
public class GradientTests
{
    private readonly ITestOutputHelper _output;

    public GradientTests(ITestOutputHelper output)
    {
        _output = output;
    }

    private const int Batch = 4;
    private const double Tolerance = 1e-4;

    private static double FastSigmoid(double h, double slope) => 1 / Math.Pow(slope * Math.Abs(h) + 1, 2);

    private static double Arctan(double h, double alpha) => alpha / 2 / (1 + Math.Pow(Math.PI / 2 * alpha * h, 2));

    private static double Sigmoid(double h, double slope) => slope * Math.Exp(-slope * h) / Math.Pow(Math.Exp(-slope * h) + 1, 2);

    private static double Triangle(double h, double width) => Math.Max(0, 1 - Math.Abs(h) / width) / width;

    private static TrainerProbe Probe(GradFeedForwardTrainer t) => new(
        (x, n) => t.Forward(x, n), l => t.ComputeLoss(l), t.Backward, t.GetWeights, t.GetGradients, t.SetWeights,
        () => t.Scores.ToArray(), new Dictionary<string, Func<float[]>> { ["h"] = () => t.Spikes_h.ToArray(), ["out"] = () => t.Spikes_out.ToArray() });

    private static TrainerProbe Probe(GradRecurrentTrainer t) => new(
        (x, n) => t.Forward(x, n), l => t.ComputeLoss(l), t.Backward, t.GetWeights, t.GetGradients, t.SetWeights,
        () => t.Scores.ToArray(), new Dictionary<string, Func<float[]>> { ["h"] = () => t.Spikes_h.ToArray(), ["out"] = () => t.Spikes_out.ToArray() });

    private static TrainerProbe Probe(GradSigmoidMseTrainer t) => new(
        (x, n) => t.Forward(x, n), l => t.ComputeLoss(l), t.Backward, t.GetWeights, t.GetGradients, t.SetWeights,
        () => t.Scores.ToArray(), new Dictionary<string, Func<float[]>> { ["h"] = () => t.Spikes_h.ToArray(), ["out"] = () => t.Spikes_out.ToArray() });

    private static TrainerProbe Probe(GradSteepSigmoidTrainer t) => new(
        (x, n) => t.Forward(x, n), l => t.ComputeLoss(l), t.Backward, t.GetWeights, t.GetGradients, t.SetWeights,
        () => t.Scores.ToArray(), new Dictionary<string, Func<float[]>> { ["h"] = () => t.Spikes_h.ToArray(), ["out"] = () => t.Spikes_out.ToArray() });

    private static TrainerProbe Probe(GradTriangleMaxMembraneTrainer t) => new(
        (x, n) => t.Forward(x, n), l => t.ComputeLoss(l), t.Backward, t.GetWeights, t.GetGradients, t.SetWeights,
        () => t.Scores.ToArray(), new Dictionary<string, Func<float[]>> { ["h"] = () => t.Spikes_h.ToArray() });

    private static TrainerProbe Probe(GradStraightThroughFinalTrainer t) => new(
        (x, n) => t.Forward(x, n), l => t.ComputeLoss(l), t.Backward, t.GetWeights, t.GetGradients, t.SetWeights,
        () => t.Scores.ToArray(), new Dictionary<string, Func<float[]>> { ["h"] = () => t.Spikes_h.ToArray() });

    private static TrainerProbe Probe(GradConvSameStepTrainer t) => new(
        (x, n) => t.Forward(x, n), l => t.ComputeLoss(l), t.Backward, t.GetWeights, t.GetGradients, t.SetWeights,
        () => t.Scores.ToArray(), new Dictionary<string, Func<float[]>> { ["h"] = () => t.Spikes_h.ToArray(), ["p"] = () => t.Spikes_p.ToArray(), ["out"] = () => t.Spikes_out.ToArray() });

    private static TrainerProbe Probe(GradConvOneStepTrainer t) => new(
        (x, n) => t.Forward(x, n), l => t.ComputeLoss(l), t.Backward, t.GetWeights, t.GetGradients, t.SetWeights,
        () => t.Scores.ToArray(), new Dictionary<string, Func<float[]>> { ["h"] = () => t.Spikes_h.ToArray(), ["c"] = () => t.Spikes_c.ToArray(), ["q"] = () => t.Spikes_q.ToArray() });

    private static TrainerProbe Probe(GradConvBatchNormTrainer t) => new(
        (x, n) => t.Forward(x, n), l => t.ComputeLoss(l), t.Backward, t.GetWeights, t.GetGradients, t.SetWeights,
        () => t.Scores.ToArray(), new Dictionary<string, Func<float[]>> { ["h"] = () => t.Spikes_h.ToArray(), ["c"] = () => t.Spikes_c.ToArray(), ["out"] = () => t.Spikes_out.ToArray() });

    private static TrainerProbe Probe(GradConvMaxPoolTrainer t) => new(
        (x, n) => t.Forward(x, n), l => t.ComputeLoss(l), t.Backward, t.GetWeights, t.GetGradients, t.SetWeights,
        () => t.Scores.ToArray(), new Dictionary<string, Func<float[]>> { ["h"] = () => t.Spikes_h.ToArray(), ["p"] = () => t.Spikes_p.ToArray(), ["q"] = () => t.Spikes_q.ToArray(), ["out"] = () => t.Spikes_out.ToArray() });

    private static readonly ReferenceSpec FeedForward = new(
        "x", 6,
        new[] { new ReferenceLayer("h", 5, 0.8f, 1.0f, ResetKind.Subtract), new ReferenceLayer("out", 3, 0.8f, 1.0f, ResetKind.Subtract) },
        new ReferenceConnection[] { ("x", "h"), ("h", "out"), ("x", "out") },
        Steps: 6, h => FastSigmoid(h, 5), DetachReset: true, CrossEntropy: true, Readout.SpikeCount);

    private static readonly ReferenceSpec Recurrent = new(
        "x", 5,
        new[] { new ReferenceLayer("h", 6, 0.7f, 0.9f, ResetKind.Zero), new ReferenceLayer("out", 3, 0.8f, 1.0f, ResetKind.Subtract) },
        new ReferenceConnection[] { ("x", "h"), ("h", "h"), ("h", "out") },
        Steps: 7, h => Arctan(h, 2), DetachReset: false, CrossEntropy: true, Readout.SpikeCount);

    private static readonly ReferenceSpec SigmoidMse = new(
        "x", 7,
        new[] { new ReferenceLayer("h", 4, 0.8f, 1.0f, ResetKind.Subtract), new ReferenceLayer("out", 3, 0.8f, 1.0f, ResetKind.Subtract) },
        new ReferenceConnection[] { ("x", "h"), ("h", "out") },
        Steps: 8, h => Sigmoid(h, 4), DetachReset: true, CrossEntropy: false, Readout.SpikeCount, CorrectRate: 0.8, IncorrectRate: 0.2);

    private static readonly ReferenceSpec SteepSigmoid = SigmoidMse with
    {
        Inputs = 6,
        Layers = new[] { new ReferenceLayer("h", 5, 0.8f, 1.0f, ResetKind.Subtract), new ReferenceLayer("out", 3, 0.8f, 1.0f, ResetKind.Subtract) },
        Steps = 6,
        Surrogate = h => Sigmoid(h, 25),
        CrossEntropy = true,
    };

    private static readonly ReferenceSpec TriangleMaxMembrane = new(
        "x", 6,
        new[] { new ReferenceLayer("h", 5, 0.7f, 0.9f, ResetKind.Zero), new ReferenceLayer("out", 3, 0.9f, 0, ResetKind.None) },
        new ReferenceConnection[] { ("x", "h"), ("h", "out") },
        Steps: 5, h => Triangle(h, 0.8), DetachReset: true, CrossEntropy: true, Readout.MaxMembrane);

    private static readonly ReferenceSpec StraightThroughFinal = new(
        "x", 8,
        new[] { new ReferenceLayer("h", 6, 0.8f, 1.0f, ResetKind.Subtract), new ReferenceLayer("out", 3, 0.9f, 0, ResetKind.None) },
        new ReferenceConnection[] { ("x", "h"), ("h", "out") },
        Steps: 6, _ => 1, DetachReset: false, CrossEntropy: false, Readout.FinalMembrane, CorrectRate: 0.5, IncorrectRate: 0.1);

    /// <summary>Networks/Training.snn's GradConvSameStep: 'out' takes the one-step skip from 'x' first, then 'p' of the same step.</summary>
    private static readonly ReferenceSpec ConvSameStep = new(
        "x", 36,
        new[]
        {
            new ReferenceLayer("h", 72, 0.8f, 1.0f, ResetKind.Subtract),
            new ReferenceLayer("p", 18, 0.7f, 0.9f, ResetKind.Zero),
            new ReferenceLayer("out", 3, 0.8f, 1.0f, ResetKind.Subtract),
        },
        new ReferenceConnection[]
        {
            ("x", "out"),
            new("x", "h", SameStep: true, new ReferenceConvolution(1, 6, 6, 2, 6, 6, Kernel: 3, Stride: 1, Padding: 1)),
            new("h", "p", SameStep: true, new ReferenceConvolution(2, 6, 6, 2, 3, 3, Kernel: 2, Stride: 2, Padding: 0, Pool: 0.25f)),
            new("p", "out", SameStep: true),
        },
        Steps: 6, h => FastSigmoid(h, 5), DetachReset: true, CrossEntropy: true, Readout.SpikeCount);

    private static readonly ReferenceSpec ConvOneStep = new(
        "x", 50,
        new[]
        {
            new ReferenceLayer("h", 75, 0.7f, 0.9f, ResetKind.Zero),
            new ReferenceLayer("c", 8, 0.8f, 1.0f, ResetKind.Subtract),
            new ReferenceLayer("q", 12, 0.8f, 1.0f, ResetKind.Subtract),
            new ReferenceLayer("out", 3, 0.9f, 0, ResetKind.None),
        },
        new ReferenceConnection[]
        {
            ("c", "out"),
            ("q", "out"),
            new("x", "h", Convolution: new ReferenceConvolution(2, 5, 5, 3, 5, 5, Kernel: 3, Stride: 1, Padding: 1)),
            new("h", "c", Convolution: new ReferenceConvolution(3, 5, 5, 2, 2, 2, Kernel: 3, Stride: 2, Padding: 0)),
            new("h", "q", Convolution: new ReferenceConvolution(3, 5, 5, 3, 2, 2, Kernel: 2, Stride: 2, Padding: 0, Pool: 1f)),
        },
        Steps: 7, h => Arctan(h, 2), DetachReset: false, CrossEntropy: true, Readout.MaxMembrane);

    [Theory]
    [InlineData(1ul)]
    [InlineData(2ul)]
    [InlineData(3ul)]
    public void SameStepConvolutionAveragePoolingAndOneStepSkip(ulong seed) =>
        AssertGradientsMatch(Probe(new GradConvSameStepTrainer(Batch, seed)), ConvSameStep, seed, weights =>
        {
            // 54 mostly excitatory inputs would make 'out' spike at every step.
            Scale(weights, "x_to_out.w", 0.15f);
            Scale(weights, "p_to_out.w", 0.3f);
        });

    /// <summary>Networks/Training.snn's GradConvBatchNorm: statistics over the samples (constant input) and over the delivered steps and samples.</summary>
    private static readonly ReferenceSpec ConvBatchNorm = new(
        "x", 36,
        new[]
        {
            new ReferenceLayer("h", 72, 0.8f, 1.0f, ResetKind.Subtract),
            new ReferenceLayer("c", 27, 0.7f, 0.9f, ResetKind.Zero),
            new ReferenceLayer("out", 3, 0.8f, 1.0f, ResetKind.Subtract),
        },
        new ReferenceConnection[]
        {
            new("x", "h", SameStep: true, new ReferenceConvolution(1, 6, 6, 2, 6, 6, Kernel: 3, Stride: 1, Padding: 1), BatchNormEpsilon: 1e-5),
            new("h", "c", Convolution: new ReferenceConvolution(2, 6, 6, 3, 3, 3, Kernel: 2, Stride: 2, Padding: 0), BatchNormEpsilon: 1e-3),
            new("c", "out", SameStep: true),
        },
        Steps: 6, h => FastSigmoid(h, 5), DetachReset: true, CrossEntropy: true, Readout.SpikeCount);

    /// <summary>Networks/Training.snn's GradConvMaxPool: 'out' takes the one-step pooling's layer 'q' first, then 'p' of the same step.</summary>
    private static readonly ReferenceSpec ConvMaxPool = new(
        "x", 36,
        new[]
        {
            new ReferenceLayer("h", 72, 0.8f, 1.0f, ResetKind.Subtract),
            new ReferenceLayer("p", 18, 0.7f, 0.9f, ResetKind.Zero),
            new ReferenceLayer("q", 18, 0.8f, 1.0f, ResetKind.Subtract),
            new ReferenceLayer("out", 3, 0.8f, 1.0f, ResetKind.Subtract),
        },
        new ReferenceConnection[]
        {
            new("x", "h", SameStep: true, new ReferenceConvolution(1, 6, 6, 2, 6, 6, Kernel: 3, Stride: 1, Padding: 1)),
            new("h", "p", SameStep: true, new ReferenceConvolution(2, 6, 6, 2, 3, 3, Kernel: 2, Stride: 2, Padding: 0, Max: true)),
            new("h", "q", Convolution: new ReferenceConvolution(2, 6, 6, 2, 3, 3, Kernel: 3, Stride: 2, Padding: 1, Max: true)),
            ("q", "out"),
            new("p", "out", SameStep: true),
        },
        Steps: 6, h => FastSigmoid(h, 5), DetachReset: true, CrossEntropy: true, Readout.SpikeCount);

    [Theory]
    [InlineData(1ul)]
    [InlineData(2ul)]
    [InlineData(3ul)]
    public void MaxPoolingSameStepAndOneStepRoutesEachGradientToItsWindowsLargestSource(ulong seed) =>
        AssertGradientsMatch(Probe(new GradConvMaxPoolTrainer(Batch, seed)), ConvMaxPool, seed, weights =>
        {
            // Weaker kernels, so that 'h' does not spike everywhere (every window's maximum would be 1).
            Scale(weights, "x_to_h.w", 0.3f);
            Scale(weights, "p_to_out.w", 0.4f);
            Scale(weights, "q_to_out.w", 0.4f);
        });

    [Theory]
    [InlineData(1ul)]
    [InlineData(2ul)]
    [InlineData(3ul)]
    public void BatchNormalizedConvolutionsFromCurrentAndFromSpikes(ulong seed) =>
        AssertGradientsMatch(Probe(new GradConvBatchNormTrainer(Batch, seed)), ConvBatchNorm, seed, weights =>
        {
            // γ and β away from their initial 1 and 0, so that their gradients and the scale's path are tested.
            var random = new RandomStream(seed, 11);
            foreach (string name in new[] { "x_to_h", "h_to_c" })
            {
                var scale = weights.Find(name + ".bn.weight")!.Values;
                var shift = weights.Find(name + ".bn.bias")!.Values;
                for (int o = 0; o < scale.Length; o++)
                {
                    scale[o] = (float)random.Uniform(0.6, 1.4);
                    shift[o] = (float)random.Uniform(0.1, 0.5);
                }
            }
            Scale(weights, "c_to_out.w", 0.5f);
        });

    [Theory]
    [InlineData(1ul)]
    [InlineData(2ul)]
    [InlineData(3ul)]
    public void OneStepConvolutionsStridedAndSumPoolingWithMembraneReadout(ulong seed) =>
        AssertGradientsMatch(Probe(new GradConvOneStepTrainer(Batch, seed)), ConvOneStep, seed, weights =>
        {
            // Weaker kernels, so that 'h', and the layers it drives, do not spike at every step.
            Scale(weights, "x_to_h.w", 0.4f);
            Scale(weights, "h_to_c.w", 0.3f);
        });

    private static void Scale(WeightSet weights, string name, float factor)
    {
        var values = weights.Find(name)!.Values;
        for (int k = 0; k < values.Length; k++)
        {
            values[k] *= factor;
        }
    }

    [Theory]
    [InlineData(1ul)]
    [InlineData(2ul)]
    [InlineData(3ul)]
    public void FeedForwardWithSubtractResetAndFastSigmoid(ulong seed) =>
        AssertGradientsMatch(Probe(new GradFeedForwardTrainer(Batch, seed)), FeedForward, seed);

    [Theory]
    [InlineData(1ul)]
    [InlineData(2ul)]
    [InlineData(3ul)]
    public void RecurrentZeroResetAttachedWithArctan(ulong seed) =>
        AssertGradientsMatch(Probe(new GradRecurrentTrainer(Batch, seed)), Recurrent, seed);

    [Theory]
    [InlineData(1ul)]
    [InlineData(2ul)]
    [InlineData(3ul)]
    public void SigmoidSurrogateMseLossAndLearnedTheta(ulong seed) =>
        AssertGradientsMatch(Probe(new GradSigmoidMseTrainer(Batch, seed)), SigmoidMse, seed);

    /// <summary>A neuron of 'h' held far below threshold by its bias: e^(−25·h) is beyond float32 there, its surrogate ≈ 0.</summary>
    [Theory]
    [InlineData(1ul)]
    [InlineData(2ul)]
    public void SteepSigmoidSurrogateFarBelowThreshold(ulong seed) =>
        AssertGradientsMatch(Probe(new GradSteepSigmoidTrainer(Batch, seed)), SteepSigmoid, seed, weights => weights.Find("x_to_h.b")!.Values[0] = -6f);

    [Theory]
    [InlineData(1ul)]
    [InlineData(2ul)]
    [InlineData(3ul)]
    public void TriangleSurrogateMaxMembraneReadoutAndLearnedBeta(ulong seed) =>
        AssertGradientsMatch(Probe(new GradTriangleMaxMembraneTrainer(Batch, seed)), TriangleMaxMembrane, seed);

    [Theory]
    [InlineData(1ul)]
    [InlineData(2ul)]
    [InlineData(3ul)]
    public void StraightThroughFinalMembraneAttachedSubtractAndLearnedBetaTheta(ulong seed) =>
        AssertGradientsMatch(Probe(new GradStraightThroughFinalTrainer(Batch, seed)), StraightThroughFinal, seed);

    /// <summary>
    /// Random weights and inputs from <paramref name="seed"/>; the trainer's spikes and readout must equal the
    /// reference's exactly (else the comparison would be between different graphs), spiking layers must have
    /// both spikes and silences, and every gradient tensor must agree.
    /// </summary>
    private void AssertGradientsMatch(TrainerProbe trainer, ReferenceSpec spec, ulong seed, Action<WeightSet>? adjust = null)
    {
        var (weights, inputs, labels) = TrainingProblem.Random(trainer.GetWeights(), spec.Inputs, spec.Output.Size, Batch, seed);
        adjust?.Invoke(weights);
        trainer.SetWeights(weights);
        trainer.Forward(inputs, labels.Length);
        var result = trainer.ComputeLoss(labels);
        trainer.Backward();
        var reference = ReferenceNetwork.Evaluate(spec, weights, inputs, labels);

        foreach (var layer in spec.Layers.Where(l => l.Reset != ResetKind.None))
        {
            var spikes = trainer.Spikes[layer.Name]();
            Assert.Equal(reference.Spikes[layer.Name], spikes);
            double rate = spikes.Average();
            _output.WriteLine($"{layer.Name}: spike rate {rate:F3}");
            Assert.True(rate > 0.05 && rate < 0.95, $"Layer '{layer.Name}' spikes at rate {rate:F3}: the test needs both spikes and silences to prove anything.");
        }
        Assert.Equal(reference.Scores, trainer.Scores());
        Assert.Equal(reference.Loss, result.Loss, 1e-5 * Math.Max(1, Math.Abs(reference.Loss)));

        var gradients = trainer.GetGradients();
        Assert.NotEmpty(gradients);
        foreach (var tensor in gradients)
        {
            Assert.True(reference.Gradients.TryGetValue(tensor.Name, out var expected), $"The reference has no gradient '{tensor.Name}'.");
            Assert.Equal(expected!.Length, tensor.Values.Length);
            Assert.True(tensor.Values.All(float.IsFinite), $"'{tensor.Name}' has a gradient that is not finite.");
            double scale = expected.Max(Math.Abs);
            Assert.True(scale > 1e-6, $"The reference gradient of '{tensor.Name}' is zero: the test proves nothing for it (choose other weights).");
            double error = expected.Zip(tensor.Values, (e, g) => Math.Abs(e - g)).Max();
            _output.WriteLine($"{tensor.Name}: max |g_ref| = {scale:E3}, relative error {error / scale:E3}");
            Assert.True(error / scale <= Tolerance, $"'{tensor.Name}': max |g − g_ref| = {error:E3}, max |g_ref| = {scale:E3}, relative {error / scale:E3} > {Tolerance:E0}.");
        }
    }
}
