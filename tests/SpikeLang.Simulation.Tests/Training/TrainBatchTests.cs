using System.Linq;
using SpikeLang.Runtime;
using Xunit;
using Xunit.Abstractions;

namespace SpikeLang.Simulation.Tests.Training;

/// <summary>The generated trainers' optimizer loop: learning on a fixed batch, and runs reproducible from the seed.</summary>
public class TrainBatchTests
{
    private const int Batch = 4;
    private readonly ITestOutputHelper _output;

    public TrainBatchTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void AdamOnAFixedBatchLowersTheLoss()
    {
        var trainer = new GradFeedForwardTrainer(Batch, seed: 5);
        var (weights, inputs, labels) = TrainingProblem.Random(trainer.GetWeights(), inputs: 6, classes: 3, Batch, seed: 5);
        trainer.SetWeights(weights);
        var losses = Enumerable.Range(0, 20).Select(_ => trainer.TrainBatch(inputs, labels).Loss).ToList();
        float after = trainer.Evaluate(inputs, labels).Loss;
        _output.WriteLine($"loss {losses[0]} → {after}: {string.Join(", ", losses)}");
        Assert.True(after < 0.8f * losses[0], $"The loss went from {losses[0]} to {after} in 20 batches of Adam on one batch.");
    }

    [Fact]
    public void SgdWithMomentumOnAFixedBatchLowersTheLoss()
    {
        var trainer = new GradRecurrentTrainer(Batch, seed: 5);
        var (weights, inputs, labels) = TrainingProblem.Random(trainer.GetWeights(), inputs: 5, classes: 3, Batch, seed: 5);
        trainer.SetWeights(weights);
        var losses = Enumerable.Range(0, 20).Select(_ => trainer.TrainBatch(inputs, labels).Loss).ToList();
        float after = trainer.Evaluate(inputs, labels).Loss;
        _output.WriteLine($"loss {losses[0]} → {after}: {string.Join(", ", losses)}");
        Assert.True(after < 0.8f * losses[0], $"The loss went from {losses[0]} to {after} in 20 batches of SGD on one batch.");
    }

    [Fact]
    public void TheSameSeedGivesBitIdenticalWeightsAfterThreeBatches()
    {
        var first = Train(seed: 11);
        var second = Train(seed: 11);
        var other = Train(seed: 12);
        Assert.Equal(first.Select(t => t.Name), second.Select(t => t.Name));
        for (int k = 0; k < first.Count; k++)
        {
            Assert.Equal(first[k].Values, second[k].Values);
        }
        Assert.Contains(Enumerable.Range(0, first.Count), k => !first[k].Values.SequenceEqual(other[k].Values));
    }

    /// <summary>Three batches of the learned-parameter network from its seeded initial weights (PyTorch-style init).</summary>
    private static WeightSet Train(ulong seed)
    {
        var trainer = new GradStraightThroughFinalTrainer(Batch, seed);
        var initial = trainer.GetWeights();
        var (_, inputs, labels) = TrainingProblem.Random(initial, inputs: 8, classes: 3, Batch, seed: 3);
        for (int batch = 0; batch < 3; batch++)
        {
            trainer.TrainBatch(inputs, labels);
        }
        var trained = trainer.GetWeights();
        Assert.Contains(Enumerable.Range(0, trained.Count), k => !trained[k].Values.SequenceEqual(initial[k].Values));
        return trained;
    }
}
