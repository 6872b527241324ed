using System.Collections.Generic;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// Everything a chip needs to run a network, as the emitted table files hold it (format described
/// in docs/chip.md and docs/chip-tables.schema.json). <see cref="ChipTableWriter"/> writes it,
/// <see cref="ChipTableReader"/> reads it back, <see cref="TableSimulator"/> runs it.
/// </summary>
/// <param name="Target">Target name, e.g. <c>loihi1</c>.</param>
/// <param name="Network">Network name.</param>
/// <param name="Dt">Seconds per chip step.</param>
/// <param name="ChipCount">Chips used.</param>
/// <param name="Cores">Used cores ordered by (chip, core).</param>
/// <param name="Populations">Where each neuron population lives (provenance) and whether its spikes are probed.</param>
/// <param name="Inputs">Where the host injects the spikes of each external population.</param>
public sealed record ChipTables(
    string Target,
    string Network,
    double Dt,
    int ChipCount,
    IReadOnlyList<CoreTable> Cores,
    IReadOnlyList<PopulationPlacement> Populations,
    IReadOnlyList<InputBinding> Inputs)
{
    /// <summary>Version of the table format written by this code.</summary>
    public const int FormatVersion = 1;

    /// <summary>The <c>format</c> field of chip.json.</summary>
    public const string FormatName = "spikelang-chip-tables";
}

/// <summary>The tables of one core.</summary>
/// <param name="Chip">Chip index.</param>
/// <param name="Core">Core index within the chip.</param>
/// <param name="CompartmentProfiles">Shared compartment parameter sets.</param>
/// <param name="ThresholdProfiles">Shared threshold mantissas (vth).</param>
/// <param name="SynapseFormats">Shared synapse encodings.</param>
/// <param name="Compartments">One entry per compartment, in update order.</param>
/// <param name="InputAxons">Per input axon, its range in <paramref name="Synapses"/>.</param>
/// <param name="Synapses">Synapse entries grouped by input axon.</param>
/// <param name="Routes">Output routes: where each compartment's spikes go, grouped by compartment.</param>
public sealed record CoreTable(
    int Chip,
    int Core,
    IReadOnlyList<CompartmentProfile> CompartmentProfiles,
    IReadOnlyList<int> ThresholdProfiles,
    IReadOnlyList<SynapseFormat> SynapseFormats,
    IReadOnlyList<CompartmentEntry> Compartments,
    IReadOnlyList<InputAxon> InputAxons,
    IReadOnlyList<SynapseEntry> Synapses,
    IReadOnlyList<OutputRoute> Routes);

/// <summary>
/// A compartment parameter set shared by the compartments of a core (as Loihi's compartment
/// profiles; the bias is per compartment). A compartment that <paramref name="PushesCurrent"/> hands
/// its current to the next compartment that joins; a compartment with <paramref name="Joins"/> = n
/// adds the last n pushed currents to its own (Loihi's multi-compartment ADD join) and is a soma:
/// it integrates v, spikes and routes spikes.
/// </summary>
public readonly record struct CompartmentProfile(
    int CurrentDecay,
    int VoltageDecay,
    int RefractoryDelay,
    bool PushesCurrent,
    int Joins)
{
    /// <summary>The profile of a compartment of a neuron with <paramref name="compartmentsPerNeuron"/> compartments; the soma is the last.</summary>
    public static CompartmentProfile Of(CompartmentParameters parameters, bool soma, int compartmentsPerNeuron) => soma
        ? new CompartmentProfile(parameters.CurrentDecay, parameters.VoltageDecay, parameters.RefractoryDelay, PushesCurrent: false, Joins: compartmentsPerNeuron - 1)
        : new CompartmentProfile(parameters.CurrentDecay, 0, 0, PushesCurrent: true, Joins: 0);
}

/// <summary>
/// A synapse encoding: the shared weight exponent and the field widths that fix how many
/// bits each synapse entry takes in synapse memory.
/// </summary>
public readonly record struct SynapseFormat(int WeightExponent, int IndexBits, int WeightBits, int DelayBits)
{
    /// <summary>Bits one synapse entry of this format occupies.</summary>
    public int BitsPerSynapse => IndexBits + WeightBits + DelayBits;
}

/// <summary>One compartment: its profiles, its bias (<c>mantissa &lt;&lt; exponent</c> per step) and initial state.</summary>
public readonly record struct CompartmentEntry(int Profile, int ThresholdProfile, int BiasMantissa, int BiasExponent, int InitialVoltage, int InitialCurrent);

/// <summary>An input axon: synapses [<paramref name="FirstSynapse"/>, +<paramref name="Count"/>) of its core.</summary>
public readonly record struct InputAxon(int FirstSynapse, int Count);

/// <summary>One synapse: the compartment it feeds, its format, mantissa and delay.</summary>
public readonly record struct SynapseEntry(int Compartment, int Format, int WeightMantissa, int Delay);

/// <summary>A spike route: compartment → (chip, core, input axon).</summary>
public readonly record struct OutputRoute(int Compartment, int DestinationChip, int DestinationCore, int DestinationAxon);

/// <summary>Provenance of a neuron population: the slices of it each core holds.</summary>
/// <param name="Population">Population name from the .snn file.</param>
/// <param name="Size">Neurons.</param>
/// <param name="CompartmentsPerNeuron">Compartments per neuron; the soma is the last of each neuron's group.</param>
/// <param name="Probed">Whether the host reads this population's spikes.</param>
/// <param name="Slices">Consecutive neuron ranges, each on one core.</param>
public sealed record PopulationPlacement(string Population, int Size, int CompartmentsPerNeuron, bool Probed, IReadOnlyList<PlacementSlice> Slices);

/// <summary>Neurons [<paramref name="FirstNeuron"/>, +<paramref name="NeuronCount"/>) on (chip, core) from compartment <paramref name="FirstCompartment"/>.</summary>
public readonly record struct PlacementSlice(int FirstNeuron, int NeuronCount, int Chip, int Core, int FirstCompartment);

/// <summary>Where the host sends the spikes of external population <paramref name="Population"/>.</summary>
/// <param name="Population">External (input or Poisson) population name.</param>
/// <param name="Size">Neurons.</param>
/// <param name="Targets">Per neuron, the input axons its spikes enter.</param>
public sealed record InputBinding(string Population, int Size, IReadOnlyList<IReadOnlyList<AxonAddress>> Targets);

/// <summary>An input axon of one core.</summary>
public readonly record struct AxonAddress(int Chip, int Core, int Axon);
