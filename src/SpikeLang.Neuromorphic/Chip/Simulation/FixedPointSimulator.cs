using System;
using System.Collections.Generic;
using System.Linq;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// Runs a <see cref="QuantizedNetwork"/> step by step in the target's integer arithmetic, working
/// from populations and connections only (no cores, no tables). Its spikes must equal those of
/// <see cref="TableSimulator"/> over the emitted tables: that equality is what proves the tables.
/// </summary>
/// <remarks>
/// A step: every compartment updates its current from the input summed for this step, every soma
/// its voltage from its current plus its dendrites' currents plus bias; then the spikes of the step
/// (neurons and host inputs) add their weights to the input of step t + 1 + delay.
/// </remarks>
public sealed class FixedPointSimulator
{
    private readonly QuantizedNetwork _network;
    private readonly IExternalSpikes? _external;
    private readonly PopulationState[] _states;
    private readonly ConnectionRows[] _connections;
    private readonly int _slots;
    private readonly List<int>[] _spiking;
    private int _step;

    /// <summary>Prepares the initial state; <paramref name="external"/> supplies host spikes (none when null).</summary>
    public FixedPointSimulator(QuantizedNetwork network, IExternalSpikes? external = null)
    {
        _network = network;
        _external = external;
        int maxDelay = 0;
        foreach (QuantizedConnection connection in network.Connections)
        {
            foreach (byte delay in connection.Delay)
            {
                maxDelay = Math.Max(maxDelay, delay);
            }
        }

        _slots = maxDelay + 2;
        _states = new PopulationState[network.Populations.Count];
        _spiking = new List<int>[network.Populations.Count];
        var indexOf = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int p = 0; p < _states.Length; p++)
        {
            _states[p] = new PopulationState(network.Populations[p], _slots);
            _spiking[p] = [];
            indexOf[network.Populations[p].Name] = p;
        }

        _connections = new ConnectionRows[network.Connections.Count];
        for (int c = 0; c < _connections.Length; c++)
        {
            QuantizedConnection connection = network.Connections[c];
            _connections[c] = new ConnectionRows(connection, indexOf[connection.Source], indexOf[connection.Target], network.PopulationsByName[connection.Source].Size);
        }
    }

    /// <summary>Steps run so far.</summary>
    public int Step => _step;

    /// <summary>
    /// Sets a per-neuron drive the host adds to the somas of <paramref name="population"/> every step
    /// from now on (on the chip: the compartments' bias, rewritten by the host), e.g. from
    /// <see cref="HostCurrent.Drive"/> for a current-encoded input layer; null removes it.
    /// </summary>
    public void SetHostDrive(string population, long[]? drive)
    {
        int p = _network.Populations.ToList().FindIndex(q => q.Name == population);
        if (p < 0 || _network.Populations[p].IsExternal)
        {
            throw new ArgumentException($"'{population}' is not a neuron population of network '{_network.Name}'.", nameof(population));
        }

        if (drive is not null && drive.Length != _network.Populations[p].Size)
        {
            throw new ArgumentException($"{drive.Length} drive values for the {_network.Populations[p].Size} neurons of '{population}'.", nameof(drive));
        }

        _states[p].HostDrive = drive;
    }

    /// <summary>Runs <paramref name="steps"/> steps and returns the spikes of every neuron population.</summary>
    public SpikeRecord Run(int steps)
    {
        var record = new SpikeRecord();
        foreach (QuantizedPopulation population in _network.Populations)
        {
            if (!population.IsExternal)
            {
                record.AddPopulation(population.Name);
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
        for (int p = 0; p < _states.Length; p++)
        {
            _spiking[p].Clear();
            QuantizedPopulation population = _network.Populations[p];
            if (population.IsExternal)
            {
                _external?.Collect(_step, population.Name, population.Size, _spiking[p]);
            }
            else
            {
                _states[p].Update(slot, _spiking[p]);
                record.AddStep(population.Name, _step, _spiking[p]);
            }
        }

        foreach (ConnectionRows connection in _connections)
        {
            long[][] input = _states[connection.Target].Input;
            int k = _network.Populations[connection.Target].CompartmentsPerNeuron;
            foreach (int pre in _spiking[connection.Source])
            {
                for (int s = connection.RowStart[pre]; s < connection.RowStart[pre + 1]; s++)
                {
                    int synapse = connection.Order[s];
                    QuantizedConnection q = connection.Connection;
                    int arrival = (_step + 1 + q.Delay[synapse]) % _slots;
                    input[arrival][q.Post[synapse] * k + q.Channel] += (long)q.WeightMantissa[synapse] << q.WeightExponent;
                }
            }
        }

        _step++;
    }

    /// <summary>State of one neuron population: currents per compartment, soma voltage and refractory counter, and the input ring.</summary>
    private sealed class PopulationState
    {
        private readonly QuantizedPopulation _population;
        private readonly int[] _current;
        private readonly int[] _voltage;
        private readonly int[] _refractory;

        public PopulationState(QuantizedPopulation population, int slots)
        {
            _population = population;
            _current = (int[])population.InitialCurrent.Clone();
            _voltage = (int[])population.InitialVoltage.Clone();
            _refractory = new int[population.Size];
            Input = new long[slots][];
            for (int s = 0; s < slots; s++)
            {
                Input[s] = new long[population.Compartments.Length];
            }
        }

        /// <summary>Summed synaptic input per ring slot and compartment.</summary>
        public long[][] Input { get; }

        /// <summary>Extra drive per neuron written by the host, or null.</summary>
        public long[]? HostDrive { get; set; }

        public void Update(int slot, List<int> spiking)
        {
            int k = _population.CompartmentsPerNeuron;
            long[] input = Input[slot];
            for (int i = 0; i < _population.Size; i++)
            {
                long drive = 0;
                for (int c = 0; c < k; c++)
                {
                    int compartment = i * k + c;
                    _current[compartment] = LoihiArithmetic.NextCurrent(_current[compartment], _population.Compartments[compartment].CurrentDecay, input[compartment]);
                    input[compartment] = 0;
                    drive += _current[compartment];
                }

                CompartmentParameters soma = _population.Compartments[i * k + k - 1];
                drive += LoihiArithmetic.Bias(soma.BiasMantissa, soma.BiasExponent) + (HostDrive is null ? 0 : HostDrive[i]);
                if (LoihiArithmetic.StepSoma(ref _voltage[i], ref _refractory[i], drive, soma.VoltageDecay, soma.ThresholdMantissa, soma.RefractoryDelay))
                {
                    spiking.Add(i);
                }
            }
        }
    }

    /// <summary>A connection's synapses ordered by presynaptic neuron, for delivery.</summary>
    private sealed class ConnectionRows
    {
        public ConnectionRows(QuantizedConnection connection, int source, int target, int sourceSize)
        {
            Connection = connection;
            Source = source;
            Target = target;
            RowStart = new int[sourceSize + 1];
            foreach (int pre in connection.Pre)
            {
                RowStart[pre + 1]++;
            }

            for (int i = 0; i < sourceSize; i++)
            {
                RowStart[i + 1] += RowStart[i];
            }

            Order = new int[connection.SynapseCount];
            int[] next = (int[])RowStart.Clone();
            for (int s = 0; s < connection.SynapseCount; s++)
            {
                Order[next[connection.Pre[s]]++] = s;
            }
        }

        public QuantizedConnection Connection { get; }

        public int Source { get; }

        public int Target { get; }

        public int[] RowStart { get; }

        public int[] Order { get; }
    }
}
