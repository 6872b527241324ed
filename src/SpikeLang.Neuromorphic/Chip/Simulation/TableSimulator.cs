using System;
using System.Collections.Generic;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// The reference chip: runs <see cref="ChipTables"/> (as read back from the emitted files) the way
/// the cores would, with nothing but the tables — compartment and threshold profiles, synapse
/// formats and entries, input-axon maps, output routes, input bindings and provenance.
/// </summary>
/// <remarks>
/// Each step, every core walks its compartments in index order: the current is updated from the
/// dendritic accumulator slot of this step; a compartment that pushes hands its current to the join
/// stack; a soma pops the currents it joins, adds them and its bias to its own current and updates
/// v. Then every spike follows its routes to input axons, whose synapses add
/// <c>mantissa &lt;&lt; exponent</c> to the accumulator slot of step t + 1 + delay.
/// </remarks>
public sealed class TableSimulator
{
    private readonly ChipTables _tables;
    private readonly IExternalSpikes? _external;
    private readonly CoreState[] _cores;
    private readonly Dictionary<(int Chip, int Core), int> _coreIndex = [];
    private readonly int _slots;
    private readonly List<(int Core, int Compartment)> _spikes = [];
    private readonly List<int> _hostSpikes = [];
    private readonly Dictionary<string, List<int>> _populationSpikes = new(StringComparer.Ordinal);
    private readonly (string Population, int Neuron)[][] _owner;
    private int _step;

    /// <summary>Prepares every core's state from the tables; <paramref name="external"/> supplies host spikes.</summary>
    public TableSimulator(ChipTables tables, IExternalSpikes? external = null)
    {
        _tables = tables;
        _external = external;
        int maxDelay = 0;
        _cores = new CoreState[tables.Cores.Count];
        _owner = new (string, int)[tables.Cores.Count][];
        for (int c = 0; c < _cores.Length; c++)
        {
            CoreTable core = tables.Cores[c];
            _coreIndex[(core.Chip, core.Core)] = c;
            foreach (SynapseEntry synapse in core.Synapses)
            {
                maxDelay = Math.Max(maxDelay, synapse.Delay);
            }

            _owner[c] = new (string, int)[core.Compartments.Count];
        }

        _slots = maxDelay + 2;
        for (int c = 0; c < _cores.Length; c++)
        {
            _cores[c] = new CoreState(tables.Cores[c], _slots);
        }

        foreach (PopulationPlacement placement in tables.Populations)
        {
            _populationSpikes[placement.Population] = [];
            foreach (PlacementSlice slice in placement.Slices)
            {
                int core = _coreIndex[(slice.Chip, slice.Core)];
                for (int n = 0; n < slice.NeuronCount; n++)
                {
                    int soma = slice.FirstCompartment + (n + 1) * placement.CompartmentsPerNeuron - 1;
                    _owner[core][soma] = (placement.Population, slice.FirstNeuron + n);
                }
            }
        }
    }

    /// <summary>Runs <paramref name="steps"/> steps and returns the spikes of the probed populations.</summary>
    public SpikeRecord Run(int steps)
    {
        var record = new SpikeRecord();
        foreach (PopulationPlacement placement in _tables.Populations)
        {
            if (placement.Probed)
            {
                record.AddPopulation(placement.Population);
            }
        }

        for (int s = 0; s < steps; s++)
        {
            Advance(record);
        }

        return record;
    }

    private void Advance(SpikeRecord record)
    {
        int slot = _step % _slots;
        _spikes.Clear();
        for (int c = 0; c < _cores.Length; c++)
        {
            _cores[c].Update(slot, c, _spikes);
        }

        foreach ((int core, int compartment) in _spikes)
        {
            CoreState source = _cores[core];
            for (int r = source.RouteStart[compartment]; r < source.RouteStart[compartment + 1]; r++)
            {
                OutputRoute route = source.Table.Routes[r];
                Deliver(new AxonAddress(route.DestinationChip, route.DestinationCore, route.DestinationAxon));
            }
        }

        foreach (InputBinding input in _tables.Inputs)
        {
            if (_external is null)
            {
                break;
            }

            _hostSpikes.Clear();
            _external.Collect(_step, input.Population, input.Size, _hostSpikes);
            foreach (int neuron in _hostSpikes)
            {
                foreach (AxonAddress axon in input.Targets[neuron])
                {
                    Deliver(axon);
                }
            }
        }

        Record(record);
        _step++;
    }

    private void Deliver(AxonAddress address)
    {
        CoreState core = _cores[_coreIndex[(address.Chip, address.Core)]];
        InputAxon axon = core.Table.InputAxons[address.Axon];
        for (int s = axon.FirstSynapse; s < axon.FirstSynapse + axon.Count; s++)
        {
            SynapseEntry synapse = core.Table.Synapses[s];
            int exponent = core.Table.SynapseFormats[synapse.Format].WeightExponent;
            core.Accumulator[(_step + 1 + synapse.Delay) % _slots][synapse.Compartment] += (long)synapse.WeightMantissa << exponent;
        }
    }

    private void Record(SpikeRecord record)
    {
        foreach (List<int> list in _populationSpikes.Values)
        {
            list.Clear();
        }

        foreach ((int core, int compartment) in _spikes)
        {
            (string population, int neuron) = _owner[core][compartment];
            _populationSpikes[population].Add(neuron);
        }

        foreach (PopulationPlacement placement in _tables.Populations)
        {
            if (placement.Probed)
            {
                record.AddStep(placement.Population, _step, _populationSpikes[placement.Population]);
            }
        }
    }

    /// <summary>One core's registers: u, v, refractory counters and the dendritic accumulator ring.</summary>
    private sealed class CoreState
    {
        private readonly int[] _current;
        private readonly int[] _voltage;
        private readonly int[] _refractory;
        private readonly Stack<long> _join = new();

        public CoreState(CoreTable table, int slots)
        {
            Table = table;
            int n = table.Compartments.Count;
            _current = new int[n];
            _voltage = new int[n];
            _refractory = new int[n];
            for (int i = 0; i < n; i++)
            {
                _current[i] = table.Compartments[i].InitialCurrent;
                _voltage[i] = table.Compartments[i].InitialVoltage;
            }

            Accumulator = new long[slots][];
            for (int s = 0; s < slots; s++)
            {
                Accumulator[s] = new long[n];
            }

            RouteStart = new int[n + 1];
            foreach (OutputRoute route in table.Routes)
            {
                RouteStart[route.Compartment + 1]++;
            }

            for (int i = 0; i < n; i++)
            {
                RouteStart[i + 1] += RouteStart[i];
            }
        }

        public CoreTable Table { get; }

        public long[][] Accumulator { get; }

        /// <summary>Routes of compartment i are [RouteStart[i], RouteStart[i + 1]) (the table groups them by compartment).</summary>
        public int[] RouteStart { get; }

        public void Update(int slot, int coreIndex, List<(int Core, int Compartment)> spikes)
        {
            long[] input = Accumulator[slot];
            for (int i = 0; i < _current.Length; i++)
            {
                CompartmentEntry entry = Table.Compartments[i];
                CompartmentProfile profile = Table.CompartmentProfiles[entry.Profile];
                _current[i] = LoihiArithmetic.NextCurrent(_current[i], profile.CurrentDecay, input[i]);
                input[i] = 0;
                if (profile.PushesCurrent)
                {
                    _join.Push(_current[i]);
                    continue;
                }

                long drive = _current[i] + LoihiArithmetic.Bias(entry.BiasMantissa, entry.BiasExponent);
                for (int j = 0; j < profile.Joins; j++)
                {
                    drive += _join.Pop();
                }

                int threshold = Table.ThresholdProfiles[entry.ThresholdProfile];
                if (LoihiArithmetic.StepSoma(ref _voltage[i], ref _refractory[i], drive, profile.VoltageDecay, threshold, profile.RefractoryDelay))
                {
                    spikes.Add((coreIndex, i));
                }
            }
        }
    }
}
