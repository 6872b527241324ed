using System;
using System.Collections.Generic;
using System.Linq;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>What one core uses of each limited resource.</summary>
/// <param name="Chip">Chip index.</param>
/// <param name="Core">Core index within the chip.</param>
/// <param name="Population">Population whose slice the core holds.</param>
/// <param name="Compartments">Compartments used.</param>
/// <param name="InputAxons">Input axons used.</param>
/// <param name="OutputAxons">Output routes (axons) used.</param>
/// <param name="SynapseWords">Synapse memory words used.</param>
/// <param name="CompartmentProfiles">Compartment profiles used.</param>
/// <param name="ThresholdProfiles">Threshold profiles used.</param>
/// <param name="SynapseFormats">Synapse formats used.</param>
public sealed record CoreUsage(int Chip, int Core, string Population, int Compartments, int InputAxons, int OutputAxons, long SynapseWords, int CompartmentProfiles, int ThresholdProfiles, int SynapseFormats);

/// <summary>Spike traffic and energy per step, measured over a run of the tables.</summary>
/// <param name="Steps">Steps simulated to measure activity.</param>
/// <param name="SpikesPerStep">Mean spikes per step (neurons and host inputs).</param>
/// <param name="SynapticOperationsPerStep">Mean synapse events per step.</param>
/// <param name="MessagesPerStep">Mean spike messages per step (one per route taken).</param>
/// <param name="MessagesBetweenChipsPerStep">Of those, messages that leave their chip.</param>
/// <param name="EnergyPerStep">Estimated joules per step.</param>
/// <param name="Figures">The per-event energies used and their source.</param>
public sealed record TrafficEstimate(int Steps, double SpikesPerStep, double SynapticOperationsPerStep, double MessagesPerStep, double MessagesBetweenChipsPerStep, double EnergyPerStep, EnergyFigures Figures);

/// <summary>Cores and chips used, utilization of every per-core resource, and the traffic and energy estimate.</summary>
/// <param name="Limits">The target's limits.</param>
/// <param name="Chips">Chips used.</param>
/// <param name="Cores">Per-core usage.</param>
/// <param name="Traffic">Traffic and energy, when activity was measured.</param>
public sealed record ResourceReport(ChipLimits Limits, int Chips, IReadOnlyList<CoreUsage> Cores, TrafficEstimate? Traffic)
{
    /// <summary>Counts what every core of <paramref name="tables"/> uses.</summary>
    public static ResourceReport Of(ChipTables tables, ChipLimits limits, TrafficEstimate? traffic = null)
    {
        var owner = new Dictionary<(int, int), string>();
        foreach (PopulationPlacement population in tables.Populations)
        {
            foreach (PlacementSlice slice in population.Slices)
            {
                owner[(slice.Chip, slice.Core)] = population.Population;
            }
        }

        var cores = tables.Cores.Select(core => new CoreUsage(
            core.Chip,
            core.Core,
            owner.GetValueOrDefault((core.Chip, core.Core), ""),
            core.Compartments.Count,
            core.InputAxons.Count,
            core.Routes.Count,
            core.InputAxons.Sum(axon => SynapseWords(core, axon)),
            core.CompartmentProfiles.Count,
            core.ThresholdProfiles.Count,
            core.SynapseFormats.Count)).ToArray();
        return new ResourceReport(limits, tables.ChipCount, cores, traffic);
    }

    /// <summary>Synapse memory one input axon's list takes (see <see cref="SynapseFormats"/>).</summary>
    internal static long SynapseWords(CoreTable core, InputAxon axon)
    {
        long bits = 0;
        for (int s = axon.FirstSynapse; s < axon.FirstSynapse + axon.Count; s++)
        {
            bits += core.SynapseFormats[core.Synapses[s].Format].BitsPerSynapse;
        }

        return SynapseFormats.Words(bits);
    }

    /// <summary>Largest utilization (0…1) of each resource over all cores, by resource name.</summary>
    public IReadOnlyDictionary<string, double> PeakUtilization()
    {
        double Peak(Func<CoreUsage, double> used, double limit) => Cores.Count == 0 ? 0 : Cores.Max(used) / limit;
        return new Dictionary<string, double>
        {
            ["compartments"] = Peak(c => c.Compartments, Limits.CompartmentsPerCore),
            ["inputAxons"] = Peak(c => c.InputAxons, Limits.InputAxonsPerCore),
            ["outputAxons"] = Peak(c => c.OutputAxons, Limits.OutputAxonsPerCore),
            ["synapseWords"] = Peak(c => c.SynapseWords, Limits.SynapseWordsPerCore),
            ["compartmentProfiles"] = Peak(c => c.CompartmentProfiles, Limits.CompartmentProfilesPerCore),
            ["thresholdProfiles"] = Peak(c => c.ThresholdProfiles, Limits.ThresholdProfilesPerCore),
            ["synapseFormats"] = Peak(c => c.SynapseFormats, Limits.SynapseFormatsPerCore),
        };
    }
}
