using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SpikeLang.Runtime;
using SpikeLang.Simulation.Tests.Networks;
using Xunit;

namespace SpikeLang.Simulation.Tests.Deployment;

/// <summary>
/// A trained network runs in the plain generated simulator with exactly the spikes of the training
/// forward pass (issue 6, item 6): same statements, same dense row sums, same step order.
/// </summary>
public sealed class TrainedDeploymentTests
{
    private static float[] RandomInputs(int count, float scale, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => (float)random.NextDouble() * scale).ToArray();
    }

    private static int[] RandomLabels(int count, int classes, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count).Select(_ => random.Next(classes)).ToArray();
    }

    /// <summary>Spikes of one sample, [step, neuron], from the trainer's [step, sample, neuron] buffer.</summary>
    private static float[] SampleSpikes(ReadOnlySpan<float> all, int steps, int batch, int sample, int size)
    {
        var result = new float[steps * size];
        for (int t = 0; t < steps; t++)
        {
            all.Slice((t * batch + sample) * size, size).CopyTo(result.AsSpan(t * size));
        }
        return result;
    }

    private static void Mark(ReadOnlySpan<int> spikes, float[] into, int step, int size)
    {
        foreach (int neuron in spikes)
        {
            into[step * size + neuron] = 1f;
        }
    }

    [Fact]
    public void Continuous_feed_forward_network_spikes_in_the_simulator_as_in_training()
    {
        var trainer = new DeployContinuousTrainer(batchCapacity: 8, seed: 3);
        int batch = 8;
        for (int k = 0; k < 5; k++)
        {
            trainer.TrainBatch(RandomInputs(batch * trainer.N_x, 4f, k), RandomLabels(batch, trainer.Classes, k));
        }
        float[] inputs = RandomInputs(batch * trainer.N_x, 4f, 99);
        trainer.Forward(inputs, batch);
        WeightSet weights = trainer.GetWeights();

        int hiddenSpikes = 0;
        for (int b = 0; b < batch; b++)
        {
            var net = new DeployContinuous();
            net.SetWeights(weights);
            net.x.SetValues(inputs.AsSpan(b * trainer.N_x, trainer.N_x));
            var h = new float[trainer.Steps * trainer.N_h];
            var o = new float[trainer.Steps * trainer.N_out];
            for (int t = 0; t < trainer.Steps; t++)
            {
                net.Step();
                Mark(net.h.Spikes, h, t, trainer.N_h);
                Mark(net.@out.Spikes, o, t, trainer.N_out);
            }
            Assert.Equal(SampleSpikes(trainer.Spikes_h, trainer.Steps, batch, b, trainer.N_h), h);
            Assert.Equal(SampleSpikes(trainer.Spikes_out, trainer.Steps, batch, b, trainer.N_out), o);
            hiddenSpikes += (int)h.Sum();
        }
        // Spikes and silences both occur, so the comparison above has something to compare.
        Assert.InRange(hiddenSpikes, 1, batch * trainer.Steps * trainer.N_h - 1);
    }

    [Fact]
    public void Recurrent_network_with_poisson_input_and_learned_decay_spikes_as_in_training()
    {
        var trainer = new DeployRecurrentTrainer(batchCapacity: 8, seed: 11);
        int batch = 8;
        for (int k = 0; k < 5; k++)
        {
            trainer.TrainBatch(RandomInputs(batch * trainer.N_x, 1f, k), RandomLabels(batch, trainer.Classes, k));
        }
        trainer.Forward(RandomInputs(batch * trainer.N_x, 1f, 42), batch);
        WeightSet weights = trainer.GetWeights();
        Assert.NotEqual(0.95f, weights.Find("h.beta")!.Values[0]);

        float[] encoded = trainer.Encoded_x.ToArray();
        int hiddenSpikes = 0;
        for (int b = 0; b < batch; b++)
        {
            var net = new DeployRecurrent();
            net.SetWeights(weights);
            Assert.Equal(weights.Find("h.beta")!.Values[0], net.h.beta);
            var h = new float[trainer.Steps * trainer.N_h];
            var o = new float[trainer.Steps * trainer.N_out];
            for (int t = 0; t < trainer.Steps; t++)
            {
                var input = SampleSpikes(encoded, trainer.Steps, batch, b, trainer.N_x).AsSpan(t * trainer.N_x, trainer.N_x);
                var indices = new List<int>();
                for (int k = 0; k < input.Length; k++)
                {
                    if (input[k] != 0) indices.Add(k);
                }
                net.x.SetSpikes(indices.ToArray());
                net.Step();
                Mark(net.h.Spikes, h, t, trainer.N_h);
                Mark(net.@out.Spikes, o, t, trainer.N_out);
            }
            Assert.Equal(SampleSpikes(trainer.Spikes_h, trainer.Steps, batch, b, trainer.N_h), h);
            Assert.Equal(SampleSpikes(trainer.Spikes_out, trainer.Steps, batch, b, trainer.N_out), o);
            hiddenSpikes += (int)h.Sum();
        }
        Assert.InRange(hiddenSpikes, 1, batch * trainer.Steps * trainer.N_h - 1);
    }

    [Fact]
    public void Convolutional_network_with_both_timings_spikes_in_the_simulator_as_in_training()
    {
        var trainer = new DeployConvolutionTrainer(batchCapacity: 8, seed: 5);
        int batch = 8;
        for (int k = 0; k < 5; k++)
        {
            trainer.TrainBatch(RandomInputs(batch * trainer.N_x, 2f, k), RandomLabels(batch, trainer.Classes, k));
        }
        float[] inputs = RandomInputs(batch * trainer.N_x, 2f, 77);
        trainer.Forward(inputs, batch);
        WeightSet weights = trainer.GetWeights();
        Assert.Equal(new[] { 4, 1, 3, 3 }, weights.Find("x_to_c1.w")!.Shape);
        Assert.Equal(new[] { 4 }, weights.Find("x_to_c1.b")!.Shape);

        AssertSimulatorSpikesAsTrainer(weights, inputs, batch, trainer.Steps, trainer.N_x, () => new DeployConvolution(), (net, values) => net.x.SetValues(values),
            ("c1", trainer.N_c1, n => n.c1.Spikes, trainer.Spikes_c1.ToArray()),
            ("p1", trainer.N_p1, n => n.p1.Spikes, trainer.Spikes_p1.ToArray()),
            ("c2", trainer.N_c2, n => n.c2.Spikes, trainer.Spikes_c2.ToArray()),
            ("out", trainer.N_out, n => n.@out.Spikes, trainer.Spikes_out.ToArray()));
    }

    [Fact]
    public void Batch_normalized_and_max_pooled_network_spikes_in_the_simulator_as_evaluated()
    {
        var trainer = new DeployNormalizedTrainer(batchCapacity: 8, seed: 3);
        int batch = 8;
        for (int k = 0; k < 5; k++)
        {
            trainer.TrainBatch(RandomInputs(batch * trainer.N_x, 2f, k), RandomLabels(batch, trainer.Classes, k));
        }
        float[] inputs = RandomInputs(batch * trainer.N_x, 2f, 78);
        trainer.Evaluate(inputs, RandomLabels(batch, trainer.Classes, 78));

        // Through a weight file: the simulator reads the folded kernels and reads past the trainer's .bn. state.
        string path = Path.Combine(Path.GetTempPath(), $"deploy-{Guid.NewGuid():N}.slw");
        try
        {
            trainer.SaveWeights(path);
            var saved = WeightFile.Load(path);
            Assert.Equal(new[] { 4 }, saved.Find("x_to_c1.bn.running_var")!.Shape);
            Assert.NotEqual(saved.Find("x_to_c1.bn.kernel")!.Values, saved.Find("x_to_c1.w")!.Values);
            AssertSimulatorSpikesAsTrainer(saved, inputs, batch, trainer.Steps, trainer.N_x, () => new DeployNormalized(), (net, values) => net.x.SetValues(values),
                ("c1", trainer.N_c1, n => n.c1.Spikes, trainer.Spikes_c1.ToArray()),
                ("p1", trainer.N_p1, n => n.p1.Spikes, trainer.Spikes_p1.ToArray()),
                ("c2", trainer.N_c2, n => n.c2.Spikes, trainer.Spikes_c2.ToArray()),
                ("out", trainer.N_out, n => n.@out.Spikes, trainer.Spikes_out.ToArray()));

            // Another trainer continues from the file with the same state: it evaluates to the same spikes.
            var resumed = new DeployNormalizedTrainer(batchCapacity: 8, seed: 99);
            resumed.LoadWeights(path);
            resumed.Evaluate(inputs, RandomLabels(batch, trainer.Classes, 78));
            Assert.Equal(trainer.Spikes_out.ToArray(), resumed.Spikes_out.ToArray());
            Assert.Equal(trainer.Spikes_c2.ToArray(), resumed.Spikes_c2.ToArray());
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Throws<InvalidOperationException>(trainer.Backward);
    }

    /// <summary>Runs every sample of <paramref name="inputs"/> in a fresh simulator with <paramref name="weights"/>: each layer must spike as the trainer did, and every layer must both spike and stay silent somewhere.</summary>
    private static void AssertSimulatorSpikesAsTrainer<TNet>(WeightSet weights, float[] inputs, int batch, int steps, int inputSize,
        Func<TNet> create, Action<TNet, float[]> setInput, params (string Name, int Size, Func<TNet, ReadOnlySpan<int>> Spikes, float[] Trained)[] layers)
        where TNet : INetwork
    {
        var counts = new int[layers.Length];
        for (int b = 0; b < batch; b++)
        {
            var net = create();
            net.SetWeights(weights);
            setInput(net, inputs.AsSpan(b * inputSize, inputSize).ToArray());
            var recorded = layers.Select(l => new float[steps * l.Size]).ToArray();
            for (int t = 0; t < steps; t++)
            {
                net.Step();
                for (int l = 0; l < layers.Length; l++)
                {
                    Mark(layers[l].Spikes(net), recorded[l], t, layers[l].Size);
                }
            }
            for (int l = 0; l < layers.Length; l++)
            {
                Assert.Equal(SampleSpikes(layers[l].Trained, steps, batch, b, layers[l].Size), recorded[l]);
                counts[l] += (int)recorded[l].Sum();
            }
        }
        for (int l = 0; l < layers.Length; l++)
        {
            Assert.True(counts[l] > 0 && counts[l] < batch * steps * layers[l].Size, $"{layers[l].Name}: {string.Join(", ", counts)} spikes");
        }
    }

    [Fact]
    public void Weights_round_trip_through_a_file_and_mismatches_are_named()
    {
        var trainer = new DeployRecurrentTrainer(batchCapacity: 2, seed: 1);
        string path = Path.Combine(Path.GetTempPath(), $"deploy-{Guid.NewGuid():N}.slw");
        try
        {
            trainer.SaveWeights(path);
            var net = new DeployRecurrent();
            net.LoadWeights(path);
            Assert.Equal(trainer.GetWeights().Find("h_to_h.w")!.Values, net.GetWeights().Find("h_to_h.w")!.Values);

            var other = new DeployContinuous();
            var error = Assert.Throws<WeightMismatchException>(() => other.LoadWeights(path));
            Assert.Contains("'x_to_h.w' has shape [7, 10], but the network needs [9, 12]", error.Message);
            Assert.Contains("'h_to_h.w' [7, 7] is not a parameter of this network", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
