using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Runtime;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// Splits neuron populations across cores under every per-core limit and orders them so that
/// populations that exchange many synapses sit on neighbouring cores (and chips).
/// </summary>
/// <remarks>
/// Each core holds a consecutive slice of one population. Populations are placed in an order that
/// starts with the first declared one and then always takes the unplaced population with the most
/// synapses to the placed ones, so strongly connected populations share a chip; cores are numbered
/// consecutively and every <see cref="ChipLimits.CoresPerChip"/> cores start a new chip.
/// A slice grows neuron by neuron while compartments, input axons, synapse memory, compartment
/// profiles, threshold profiles and synapse formats fit. Output axons (one per soma and destination
/// core) depend on where the targets end up, so they are checked after placement; a population whose
/// cores exceed the limit is given fewer neurons per core and the placement is redone.
/// </remarks>
internal static class CoreMapper
{
    public static CorePlacement Place(QuantizedNetwork network, ChipLimits limits, IncomingSynapses incoming)
    {
        List<QuantizedPopulation> order = PlacementOrder(network);
        SynapseFormat[] formats = network.Connections.Select(c => SynapseFormats.Of(c, limits)).ToArray();
        var caps = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (QuantizedPopulation population in order)
        {
            caps[population.Name] = int.MaxValue;
        }

        while (true)
        {
            var slices = new Dictionary<string, List<PlacementSlice>>(StringComparer.Ordinal);
            int core = 0;
            foreach (QuantizedPopulation population in order)
            {
                slices[population.Name] = Split(network, formats, population, limits, incoming, caps[population.Name], ref core);
            }

            var placement = new CorePlacement(slices, core);
            if (!TightenForOutputAxons(network, placement, limits, caps))
            {
                return placement;
            }
        }
    }

    /// <summary>Declaration order of the first population, then by synapses shared with those already placed.</summary>
    private static List<QuantizedPopulation> PlacementOrder(QuantizedNetwork network)
    {
        List<QuantizedPopulation> remaining = network.Populations.Where(p => !p.IsExternal).ToList();
        var order = new List<QuantizedPopulation>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (remaining.Count > 0)
        {
            QuantizedPopulation best = remaining[0];
            long bestShared = -1;
            foreach (QuantizedPopulation candidate in remaining)
            {
                long shared = 0;
                foreach (QuantizedConnection connection in network.Connections)
                {
                    bool touches = (connection.Source == candidate.Name && placed.Contains(connection.Target))
                        || (connection.Target == candidate.Name && placed.Contains(connection.Source));
                    shared += touches ? connection.SynapseCount : 0;
                }

                if (shared > bestShared)
                {
                    best = candidate;
                    bestShared = shared;
                }
            }

            order.Add(best);
            placed.Add(best.Name);
            remaining.Remove(best);
        }

        return order;
    }

    /// <summary>The population's slices, one per core, cut where the cores' limits (and the population's cap) fall: the same module, <see cref="Partition"/>, that cuts populations among a simulator's threads and ranks.</summary>
    private static List<PlacementSlice> Split(QuantizedNetwork network, SynapseFormat[] formats, QuantizedPopulation population, ChipLimits limits, IncomingSynapses incoming, int cap, ref int core)
    {
        var usage = new CoreUsage(network, formats, limits);
        int[] starts = Partition.ByCapacity(population.Size,
            (first, i) => i - first < cap && usage.TryAdd(population, i, incoming.Of(population.Name, i)),
            () => usage = new CoreUsage(network, formats, limits),
            i => usage.DoesNotFit(population, i, incoming.Of(population.Name, i)));
        var slices = new List<PlacementSlice>(starts.Length - 1);
        for (int range = 0; range + 1 < starts.Length; range++)
        {
            slices.Add(Slice(limits, starts[range], starts[range + 1] - starts[range], core++));
        }

        return slices;
    }

    private static PlacementSlice Slice(ChipLimits limits, int first, int count, int globalCore) =>
        new(first, count, globalCore / limits.CoresPerChip, globalCore % limits.CoresPerChip, FirstCompartment: 0);

    /// <summary>Lowers the per-core neuron cap of populations whose cores need too many output axons; true when anything changed.</summary>
    private static bool TightenForOutputAxons(QuantizedNetwork network, CorePlacement placement, ChipLimits limits, Dictionary<string, int> caps)
    {
        var destinations = OutputAxons.DestinationCores(network, placement, limits);
        bool changed = false;
        foreach ((string population, List<PlacementSlice> slices) in placement.Slices)
        {
            int[][] perNeuron = destinations[population];
            foreach (PlacementSlice slice in slices)
            {
                long axons = 0;
                int widest = 0;
                for (int n = slice.FirstNeuron; n < slice.FirstNeuron + slice.NeuronCount; n++)
                {
                    axons += perNeuron[n].Length;
                    widest = Math.Max(widest, perNeuron[n].Length);
                }

                if (axons <= limits.OutputAxonsPerCore)
                {
                    continue;
                }

                if (widest > limits.OutputAxonsPerCore)
                {
                    throw new ChipCompilationException(
                        $"Population '{population}': one neuron sends spikes to {widest} cores, but a core has {limits.OutputAxonsPerCore} output axons (resource 'output axons', needed {widest}, limit {limits.OutputAxonsPerCore}). Reduce the neuron's fan-out.");
                }

                int cap = Math.Max(1, Math.Min(caps[population], slice.NeuronCount) * limits.OutputAxonsPerCore / (int)Math.Min(axons, int.MaxValue));
                cap = Math.Min(cap, Math.Max(1, limits.OutputAxonsPerCore / widest));
                if (cap < caps[population])
                {
                    caps[population] = cap;
                    changed = true;
                }
            }
        }

        return changed;
    }

    /// <summary>What a core filled so far uses, with an all-or-nothing <see cref="TryAdd"/>.</summary>
    private sealed class CoreUsage
    {
        private readonly QuantizedNetwork _network;
        private readonly SynapseFormat[] _connectionFormats;
        private readonly ChipLimits _limits;
        private readonly Dictionary<long, long> _bitsPerSource = [];
        private readonly HashSet<CompartmentProfile> _profiles = [];
        private readonly HashSet<int> _thresholds = [];
        private readonly HashSet<SynapseFormat> _formats = [];
        private readonly Dictionary<long, long> _added = [];
        private readonly Dictionary<string, int> _populationIndex;
        private int _compartments;
        private long _words;

        public CoreUsage(QuantizedNetwork network, SynapseFormat[] connectionFormats, ChipLimits limits)
        {
            _network = network;
            _connectionFormats = connectionFormats;
            _limits = limits;
            _populationIndex = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int p = 0; p < network.Populations.Count; p++)
            {
                _populationIndex[network.Populations[p].Name] = p;
            }
        }

        public bool TryAdd(QuantizedPopulation population, int neuron, ReadOnlySpan<(int Connection, int Synapse)> synapses) =>
            Check(population, neuron, synapses, commit: true) is null;

        public ChipCompilationException DoesNotFit(QuantizedPopulation population, int neuron, ReadOnlySpan<(int Connection, int Synapse)> synapses)
        {
            var empty = new CoreUsage(_network, _connectionFormats, _limits);
            (string resource, long needed, long limit) = empty.Check(population, neuron, synapses, commit: false)!.Value;
            return new ChipCompilationException(
                $"Population '{population.Name}': neuron {neuron} alone does not fit a {_limits.Name} core: resource '{resource}' needs {needed}, the limit is {limit}. "
                + "Reduce its fan-in (fewer presynaptic neurons or synapses) or its number of distinct synapse formats.");
        }

        private (string Resource, long Needed, long Limit)? Check(QuantizedPopulation population, int neuron, ReadOnlySpan<(int Connection, int Synapse)> synapses, bool commit)
        {
            int k = population.CompartmentsPerNeuron;
            int compartments = _compartments + k;
            if (compartments > _limits.CompartmentsPerCore)
            {
                return ("compartments", compartments, _limits.CompartmentsPerCore);
            }

            _added.Clear();
            var newFormats = new HashSet<SynapseFormat>(_formats);
            foreach ((int c, int s) in synapses)
            {
                QuantizedConnection connection = _network.Connections[c];
                SynapseFormat format = _connectionFormats[c];
                newFormats.Add(format);
                long source = ((long)_populationIndex[connection.Source] << 32) | (uint)connection.Pre[s];
                _added[source] = _added.GetValueOrDefault(source) + format.BitsPerSynapse;
            }

            long axons = _bitsPerSource.Count;
            long words = _words;
            foreach ((long source, long bits) in _added)
            {
                long before = _bitsPerSource.GetValueOrDefault(source);
                axons += before == 0 ? 1 : 0;
                words += SynapseFormats.Words(before + bits) - (before == 0 ? 0 : SynapseFormats.Words(before));
            }

            if (axons > _limits.InputAxonsPerCore)
            {
                return ("input axons", axons, _limits.InputAxonsPerCore);
            }

            if (words > _limits.SynapseWordsPerCore)
            {
                return ("synapse memory words", words, _limits.SynapseWordsPerCore);
            }

            if (newFormats.Count > _limits.SynapseFormatsPerCore)
            {
                return ("synapse formats", newFormats.Count, _limits.SynapseFormatsPerCore);
            }

            var newProfiles = new HashSet<CompartmentProfile>(_profiles);
            for (int c = 0; c < k; c++)
            {
                newProfiles.Add(CompartmentProfile.Of(population.Compartments[neuron * k + c], soma: c == k - 1, k));
            }

            if (newProfiles.Count > _limits.CompartmentProfilesPerCore)
            {
                return ("compartment profiles", newProfiles.Count, _limits.CompartmentProfilesPerCore);
            }

            int threshold = population.Compartments[neuron * k + k - 1].ThresholdMantissa;
            int thresholds = _thresholds.Count + (_thresholds.Contains(threshold) ? 0 : 1);
            if (thresholds > _limits.ThresholdProfilesPerCore)
            {
                return ("threshold profiles", thresholds, _limits.ThresholdProfilesPerCore);
            }

            if (commit)
            {
                _compartments = compartments;
                _words = words;
                foreach ((long source, long bits) in _added)
                {
                    _bitsPerSource[source] = _bitsPerSource.GetValueOrDefault(source) + bits;
                }

                _formats.UnionWith(newFormats);
                _profiles.UnionWith(newProfiles);
                _thresholds.Add(threshold);
            }

            return null;
        }
    }
}
