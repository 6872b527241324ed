using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Tests.Nir;

/// <summary>Runs a built network step by step on given input spikes and collects every population's spikes.</summary>
internal static class NetworkDriver
{
    /// <summary>Runs <paramref name="steps"/> steps, setting the input's spikes before each; every neuron population's spikes by step.</summary>
    public static Dictionary<string, List<(long Step, int Index)>> Drive(INetwork network, string inputName, int steps, Func<int, int[]> inputSpikes)
    {
        var source = (IInputPopulation)network.Populations.Single(p => p.Name == inputName);
        var spikes = network.Populations.Where(p => p != source).ToDictionary(p => p.Name, _ => new List<(long, int)>());
        for (int step = 0; step < steps; step++)
        {
            source.SetSpikes(inputSpikes(step));
            network.Run(1);
            foreach (IPopulation population in network.Populations.Where(p => p != source))
            {
                foreach (int index in population.Spikes)
                {
                    spikes[population.Name].Add((step, index));
                }
            }
        }

        return spikes;
    }
}
