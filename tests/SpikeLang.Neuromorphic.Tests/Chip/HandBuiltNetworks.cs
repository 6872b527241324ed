using System.Linq;
using SpikeLang.Neuromorphic.Chip;

namespace SpikeLang.Neuromorphic.Tests.Chip;

/// <summary>Quantized networks built by hand, to test mapping and simulation without the quantizer.</summary>
internal static class HandBuiltNetworks
{
    /// <summary>A population of <paramref name="size"/> neurons with one compartment each, driven by bias only when <paramref name="bias"/> &gt; 0.</summary>
    public static QuantizedPopulation Simple(string name, int size, int bias = 0, int dv = 256, int threshold = 100, int refractory = 0) =>
        new(name, size, ["v"],
            Enumerable.Repeat(new CompartmentParameters(4095, dv, bias, 3, threshold, refractory), size).ToArray(),
            new int[size], new int[size], quality: null);

    /// <summary>One-to-one synapses from <paramref name="source"/> to <paramref name="target"/> for the first <paramref name="count"/> neurons.</summary>
    public static QuantizedConnection OneToOne(string source, string target, int count, sbyte weight = 50, int exponent = 3, byte delay = 0, int channel = 0) =>
        new(source, target, channel, exponent,
            Enumerable.Range(0, count).ToArray(), Enumerable.Range(0, count).ToArray(),
            Enumerable.Repeat(weight, count).ToArray(), Enumerable.Repeat(delay, count).ToArray(), quality: null);

    /// <summary>
    /// A small recurrent network that exercises everything the tables hold: host input, two-compartment
    /// neurons (a dendrite current joined into the soma), excitatory and inhibitory channels,
    /// delays, heterogeneous decays and thresholds, refractoriness, and initial state.
    /// </summary>
    public static QuantizedNetwork Recurrent(int size, ulong seed)
    {
        var random = new SpikeLang.Runtime.RandomStream(seed);
        var compartments = new CompartmentParameters[size * 2];
        var voltage = new int[size];
        for (int i = 0; i < size; i++)
        {
            compartments[2 * i] = CompartmentParameters.Dendrite(200 + random.NextInt(3) * 50);
            compartments[2 * i + 1] = new CompartmentParameters(80, 20 + random.NextInt(4), 40, 4, 900 + 10 * random.NextInt(3), random.NextInt(4));
            voltage[i] = random.NextInt(57000);
        }

        var neurons = new QuantizedPopulation("n", size, ["gi", "ge"], compartments, voltage, new int[size * 2], quality: null);
        var input = QuantizedPopulation.External("in", 20);
        var pre = new System.Collections.Generic.List<int>();
        var post = new System.Collections.Generic.List<int>();
        var inhibitoryPre = new System.Collections.Generic.List<int>();
        var inhibitoryPost = new System.Collections.Generic.List<int>();
        for (int i = 0; i < size; i++)
        {
            for (int j = 0; j < size; j++)
            {
                if (i != j && random.NextDouble() < 0.1)
                {
                    (i < size * 4 / 5 ? pre : inhibitoryPre).Add(i);
                    (i < size * 4 / 5 ? post : inhibitoryPost).Add(j);
                }
            }
        }

        QuantizedConnection Connection(string source, string target, int channel, int exponent, System.Collections.Generic.List<int> from, System.Collections.Generic.List<int> to, int sign) =>
            new(source, target, channel, exponent, from.ToArray(), to.ToArray(),
                from.Select(_ => (sbyte)(sign * (20 + random.NextInt(100)))).ToArray(),
                from.Select(_ => (byte)random.NextInt(5)).ToArray(), quality: null);

        var inputPre = new System.Collections.Generic.List<int>();
        var inputPost = new System.Collections.Generic.List<int>();
        for (int i = 0; i < 20; i++)
        {
            for (int j = 0; j < size; j++)
            {
                if (random.NextDouble() < 0.2)
                {
                    inputPre.Add(i);
                    inputPost.Add(j);
                }
            }
        }

        return new QuantizedNetwork("Recurrent", 1e-4, [input, neurons],
        [
            Connection("in", "n", 1, 6, inputPre, inputPost, 1),
            Connection("n", "n", 1, 5, pre, post, 1),
            Connection("n", "n", 0, 6, inhibitoryPre, inhibitoryPost, -1),
        ]);
    }
}
