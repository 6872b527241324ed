using System;
using System.Linq;
using SpikeLang.Runtime;

namespace SpikeLang.Simulation.Tests.Training;

/// <summary>Seeded random weights, inputs and labels for the tiny test networks of Networks/Training.snn.</summary>
internal static class TrainingProblem
{
    /// <summary>
    /// Weights uniform in [−0.4, 0.9] (mostly excitatory, so the layers spike), biases in [−0.2, 0.3],
    /// inputs uniform in [0, 1], labels uniform; learned parameters keep the values in <paramref name="initial"/>.
    /// </summary>
    public static (WeightSet Weights, float[] Inputs, int[] Labels) Random(WeightSet initial, int inputs, int classes, int batch, ulong seed)
    {
        var random = new RandomStream(seed, 7);
        var weights = new WeightSet();
        foreach (var tensor in initial)
        {
            var values = tensor.Name.EndsWith(".w", StringComparison.Ordinal) ? Uniform(random, tensor.Values.Length, -0.4, 0.9)
                : tensor.Name.EndsWith(".b", StringComparison.Ordinal) ? Uniform(random, tensor.Values.Length, -0.2, 0.3)
                : tensor.Values;
            weights.Add(tensor.Name, tensor.Shape, values);
        }
        var samples = Uniform(random, batch * inputs, 0, 1);
        var labels = Enumerable.Range(0, batch).Select(_ => random.NextInt(classes)).ToArray();
        return (weights, samples, labels);
    }

    private static float[] Uniform(RandomStream random, int count, double low, double high) =>
        Enumerable.Range(0, count).Select(_ => (float)random.Uniform(low, high)).ToArray();
}
