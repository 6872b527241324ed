using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>The comparisons of a GPU simulator's populations, recordings and weights with the CPU simulator's.</summary>
internal static class SpikeAgreement
{
    /// <summary>
    /// Every pair spiked often enough that an error anywhere upstream would show, in the same steps at the same
    /// indices; with <paramref name="state"/>, every state variable is also equal to the bit.
    /// </summary>
    public static void AssertSame(ITestOutputHelper output, bool state, params (string Name, IPopulation Cpu, IPopulation Gpu)[] pairs)
    {
        foreach (var (name, c, g) in pairs)
        {
            output.WriteLine($"{name}: {c.SpikeCount} spikes on the CPU, {g.SpikeCount} on the GPU");
            Assert.True(c.SpikeCount > 20, $"{name} spiked {c.SpikeCount} times");
            Assert.Equal(c.SpikeMonitor!.Steps.ToArray(), g.SpikeMonitor!.Steps.ToArray());
            Assert.Equal(c.SpikeMonitor.Indices.ToArray(), g.SpikeMonitor.Indices.ToArray());
            if (state)
            {
                foreach (var variable in c.StateVariables)
                {
                    Assert.Equal(c.ReadState(variable), g.ReadState(variable));
                }
            }
        }
    }

    /// <summary>Each of the GPU monitor's samples equals the CPU monitor's, sample for sample, to the bit.</summary>
    public static void AssertSameSamples<T>(StateMonitor<T> cpu, StateMonitor<T> gpu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int k = 0; k < cpu.Samples; k++)
        {
            Assert.Equal(cpu.Sample(k).ToArray(), gpu.Sample(k).ToArray());
        }
    }

    /// <summary>
    /// The GPU simulator's weight tensors equal the CPU simulator's, name for name and value for value; returns, per
    /// tensor, how many of its weights moved from <paramref name="initial"/> (a comparison of unmoved weights proves little).
    /// </summary>
    public static IReadOnlyList<int> AssertSameWeights(ITestOutputHelper output, WeightSet initial, WeightSet cpu, WeightSet gpu)
    {
        Assert.Equal(cpu.Select(t => t.Name), gpu.Select(t => t.Name));
        var moved = new List<int>();
        for (int t = 0; t < cpu.Count; t++)
        {
            moved.Add(cpu[t].Values.Zip(initial[t].Values).Count(p => p.First != p.Second));
            output.WriteLine($"{cpu[t].Name}: {moved[t]} of {cpu[t].Values.Length} weights moved");
            Assert.Equal(cpu[t].Values, gpu[t].Values);
        }
        return moved;
    }
}
