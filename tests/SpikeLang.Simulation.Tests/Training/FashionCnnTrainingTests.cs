using System;
using System.IO;
using System.Linq;
using Examples.FashionMnistConv;
using SpikeLang.Runtime;
using SpikeLang.Simulation.Tests.Networks;
using Xunit;

namespace SpikeLang.Simulation.Tests.Training;

/// <summary>Skips when Debian's dataset-fashion-mnist is not installed (CI installs it).</summary>
public sealed class FashionMnistDataFactAttribute : FactAttribute
{
    public FashionMnistDataFactAttribute()
    {
        if (!File.Exists(Path.Combine(FashionMnist.DefaultDirectory, "train-images-idx3-ubyte.gz")))
        {
            Skip = $"Fashion-MNIST is not in {FashionMnist.DefaultDirectory} (apt-get install dataset-fashion-mnist)";
        }
    }
}

/// <summary>
/// examples/FashionMnistConv's spiking CNN, as CI can afford it: three epochs on the first 640 training images
/// (the full run is in the README). It must learn, and the simulator, given the folded batch normalization,
/// must spike as the trainer evaluates.
/// </summary>
public sealed class FashionCnnTrainingTests
{
    // Batch normalization starts slowly (as in PyTorch): three passes over the subset, thirty optimizer steps.
    private const int Epochs = 3;

    [FashionMnistDataFact]
    public void Three_epochs_on_a_subset_learn_and_the_deployed_network_spikes_as_in_training()
    {
        const int batch = 64;
        LabeledImages train = FashionMnist.Load(FashionMnist.DefaultDirectory, train: true, 640);
        var trainer = new FashionCnnTrainer(batch, seed: 1);
        // Judged with the batch's statistics, as training sees it: ten batches do not yet make the running statistics.
        BatchResult FirstBatch()
        {
            trainer.Forward(train.Pixels.AsSpan(0, batch * trainer.N_img), batch, training: true);
            return trainer.ComputeLoss(train.Labels.AsSpan(0, batch));
        }
        var first = FirstBatch();
        for (int epoch = 0; epoch < Epochs; epoch++)
        {
            for (int start = 0; start < train.Count; start += batch)
            {
                trainer.TrainBatch(train.Pixels.AsSpan(start * trainer.N_img, batch * trainer.N_img), train.Labels.AsSpan(start, batch));
            }
        }
        var after = FirstBatch();
        Assert.True(after.Loss < 0.9 * first.Loss, $"loss {first.Loss:F3} before, {after.Loss:F3} after {Epochs} epochs of 640 images");
        Assert.True(after.Correct >= batch / 4, $"{after.Correct}/{batch} correct after {Epochs} epochs of 640 images (chance: a tenth)");

        var weights = trainer.GetWeights();
        for (int k = 0; k < 3; k++)
        {
            trainer.Evaluate(train.Sample(k), train.Labels.AsSpan(k, 1));
            var net = new FashionCnn();
            net.SetWeights(weights);
            net.img.SetValues(train.Sample(k));
            var counts = new float[trainer.Classes];
            for (int t = 0; t < trainer.Steps; t++)
            {
                net.Step();
                foreach (int neuron in net.@out.Spikes) counts[neuron]++;
            }
            Assert.Equal(trainer.Scores.ToArray(), counts);
        }
    }

    /// <summary>Every connection is same_step, so a single step already carries an image to the readout.</summary>
    [FashionMnistDataFact]
    public void A_network_of_same_step_connections_trains_on_a_single_step()
    {
        LabeledImages train = FashionMnist.Load(FashionMnist.DefaultDirectory, train: true, 8);
        var trainer = new FashionCnnTrainer(8, seed: 1, steps: 1);
        var result = trainer.TrainBatch(train.Pixels, train.Labels);
        Assert.True(float.IsFinite(result.Loss));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FashionCnnTrainer(8, seed: 1, steps: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DeployConvolutionTrainer(8, seed: 1, steps: 1));
    }
}
