using System;
using System.Collections.Generic;
using System.Linq;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// Turns a quantized network and its core placement into the chip tables: per core the profiles,
/// compartments, input axons with their synapse lists and the output routes, plus input bindings
/// and provenance. Every list is built in a fixed order, so the same network gives the same tables.
/// </summary>
internal static class TableBuilder
{
    public static ChipTables Build(QuantizedNetwork network, CorePlacement placement, ChipLimits limits, IncomingSynapses incoming)
    {
        var cores = new CoreBuilder[placement.CoreCount];
        var placements = new List<PopulationPlacement>();
        var populationIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int p = 0; p < network.Populations.Count; p++)
        {
            populationIndex[network.Populations[p].Name] = p;
        }

        // Compartments and profiles, core by core.
        foreach (QuantizedPopulation population in network.Populations.Where(p => !p.IsExternal))
        {
            var slices = new List<PlacementSlice>();
            foreach (PlacementSlice slice in placement.Slices[population.Name])
            {
                int global = slice.Chip * limits.CoresPerChip + slice.Core;
                CoreBuilder core = cores[global] = new CoreBuilder(slice.Chip, slice.Core);
                slices.Add(slice with { FirstCompartment = core.Compartments.Count });
                core.AddNeurons(population, slice.FirstNeuron, slice.NeuronCount);
            }

            placements.Add(new PopulationPlacement(population.Name, population.Size, population.CompartmentsPerNeuron, Probed: true, slices));
        }

        // Input axons: every (source population, neuron) with synapses into a core, in source order.
        SynapseFormat[] formats = network.Connections.Select(c => SynapseFormats.Of(c, limits)).ToArray();
        foreach (PopulationPlacement target in placements)
        {
            foreach (PlacementSlice slice in target.Slices)
            {
                CoreBuilder core = cores[slice.Chip * limits.CoresPerChip + slice.Core];
                var bySource = new SortedDictionary<(int Population, int Neuron), List<SynapseEntryDraft>>();
                for (int n = 0; n < slice.NeuronCount; n++)
                {
                    foreach ((int c, int s) in incoming.Of(target.Population, slice.FirstNeuron + n))
                    {
                        QuantizedConnection connection = network.Connections[c];
                        var key = (populationIndex[connection.Source], connection.Pre[s]);
                        if (!bySource.TryGetValue(key, out List<SynapseEntryDraft>? list))
                        {
                            bySource[key] = list = [];
                        }

                        int compartment = slice.FirstCompartment + n * target.CompartmentsPerNeuron + connection.Channel;
                        list.Add(new SynapseEntryDraft(compartment, core.FormatIndex(formats[c]), connection.WeightMantissa[s], connection.Delay[s]));
                    }
                }

                foreach (((int p, int neuron), List<SynapseEntryDraft> synapses) in bySource)
                {
                    core.AddAxon(network.Populations[p].Name, neuron, synapses);
                }
            }
        }

        // Output routes of somas, and the host's input bindings, from the axons just numbered.
        Dictionary<string, int[][]> destinations = OutputAxons.DestinationCores(network, placement, limits);
        foreach (PopulationPlacement source in placements)
        {
            foreach (PlacementSlice slice in source.Slices)
            {
                CoreBuilder core = cores[slice.Chip * limits.CoresPerChip + slice.Core];
                for (int n = 0; n < slice.NeuronCount; n++)
                {
                    int soma = slice.FirstCompartment + (n + 1) * source.CompartmentsPerNeuron - 1;
                    foreach (int destination in destinations[source.Population][slice.FirstNeuron + n])
                    {
                        CoreBuilder target = cores[destination];
                        core.Routes.Add(new OutputRoute(soma, target.Chip, target.Core, target.AxonOf(source.Population, slice.FirstNeuron + n)));
                    }
                }
            }
        }

        var inputs = new List<InputBinding>();
        foreach (QuantizedPopulation population in network.Populations.Where(p => p.IsExternal))
        {
            var targets = new IReadOnlyList<AxonAddress>[population.Size];
            for (int n = 0; n < population.Size; n++)
            {
                targets[n] = destinations[population.Name][n]
                    .Select(d => new AxonAddress(cores[d].Chip, cores[d].Core, cores[d].AxonOf(population.Name, n)))
                    .ToArray();
            }

            inputs.Add(new InputBinding(population.Name, population.Size, targets));
        }

        int chips = placement.CoreCount == 0 ? 0 : (placement.CoreCount - 1) / limits.CoresPerChip + 1;
        return new ChipTables(limits.Name, network.Name, network.Dt, chips, cores.Select(c => c.ToTable()).ToArray(), placements, inputs);
    }

    private readonly record struct SynapseEntryDraft(int Compartment, int Format, int Mantissa, int Delay);

    private sealed class CoreBuilder(int chip, int core)
    {
        private readonly List<CompartmentProfile> _profiles = [];
        private readonly List<int> _thresholds = [];
        private readonly List<SynapseFormat> _formats = [];
        private readonly List<InputAxon> _axons = [];
        private readonly List<SynapseEntry> _synapses = [];
        private readonly Dictionary<(string Population, int Neuron), int> _axonOf = [];

        public int Chip { get; } = chip;

        public int Core { get; } = core;

        public List<CompartmentEntry> Compartments { get; } = [];

        public List<OutputRoute> Routes { get; } = [];

        public void AddNeurons(QuantizedPopulation population, int first, int count)
        {
            int k = population.CompartmentsPerNeuron;
            for (int n = first; n < first + count; n++)
            {
                CompartmentParameters somaParameters = population.Compartments[n * k + k - 1];
                int threshold = IndexOf(_thresholds, somaParameters.ThresholdMantissa);
                for (int c = 0; c < k; c++)
                {
                    CompartmentParameters parameters = population.Compartments[n * k + c];
                    bool soma = c == k - 1;
                    Compartments.Add(new CompartmentEntry(
                        IndexOf(_profiles, CompartmentProfile.Of(parameters, soma, k)),
                        soma ? threshold : 0,
                        parameters.BiasMantissa,
                        parameters.BiasExponent,
                        soma ? population.InitialVoltage[n] : 0,
                        population.InitialCurrent[n * k + c]));
                }
            }
        }

        public int FormatIndex(SynapseFormat format) => IndexOf(_formats, format);

        public void AddAxon(string population, int neuron, List<SynapseEntryDraft> synapses)
        {
            _axonOf[(population, neuron)] = _axons.Count;
            _axons.Add(new InputAxon(_synapses.Count, synapses.Count));
            foreach (SynapseEntryDraft draft in synapses.OrderBy(d => d.Compartment).ThenBy(d => d.Format).ThenBy(d => d.Delay).ThenBy(d => d.Mantissa))
            {
                _synapses.Add(new SynapseEntry(draft.Compartment, draft.Format, draft.Mantissa, draft.Delay));
            }
        }

        public int AxonOf(string population, int neuron) => _axonOf[(population, neuron)];

        public CoreTable ToTable() =>
            new(Chip, Core, _profiles.ToArray(), _thresholds.ToArray(), _formats.ToArray(), Compartments.ToArray(), _axons.ToArray(), _synapses.ToArray(), Routes.ToArray());

        private static int IndexOf<T>(List<T> list, T value)
        {
            int index = list.IndexOf(value);
            if (index < 0)
            {
                list.Add(value);
                index = list.Count - 1;
            }

            return index;
        }
    }
}
