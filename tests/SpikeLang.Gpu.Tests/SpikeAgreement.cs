using System.Linq;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>The step-for-step comparison of a GPU simulator's populations with the CPU simulator's.</summary>
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
}
