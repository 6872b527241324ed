using System;

namespace SpikeLang.Runtime;

/// <summary>PyTorch's default initialization of <c>torch.nn.Linear</c>, drawn from a <see cref="RandomStream"/>.</summary>
public static class LinearInit
{
    /// <summary>
    /// Fills weights with <c>kaiming_uniform_(a = √5)</c>, which is U(−1/√fanIn, 1/√fanIn)
    /// (gain √(2/(1+a²)) = √(1/3), bound = gain·√3/√fanIn), and biases with the same U(−1/√fanIn,
    /// 1/√fanIn), as <c>nn.Linear.reset_parameters</c>. Weights are drawn first, in memory order,
    /// then biases, each as <c>(float)random.Uniform(−bound, bound)</c>.
    /// </summary>
    /// <param name="weight">The [targets, sources] weight matrix, row-major.</param>
    /// <param name="bias">The [targets] bias vector; may be empty for a connection without bias.</param>
    /// <param name="fanIn">Inputs per target (sources).</param>
    /// <param name="random">Stream to draw from.</param>
    public static void Fill(Span<float> weight, Span<float> bias, int fanIn, RandomStream random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (fanIn < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(fanIn), fanIn, "A dense connection needs at least one input per target (fanIn ≥ 1).");
        }

        double bound = 1.0 / Math.Sqrt(fanIn);
        for (int i = 0; i < weight.Length; i++)
        {
            weight[i] = (float)random.Uniform(-bound, bound);
        }

        for (int i = 0; i < bias.Length; i++)
        {
            bias[i] = (float)random.Uniform(-bound, bound);
        }
    }
}
