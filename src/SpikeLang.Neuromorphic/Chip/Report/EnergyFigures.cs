namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// Energy per event used for the estimate in the resource report, in joules, with where each figure
/// comes from. The figures are those attributed to Davies et al., "Loihi: A Neuromorphic Manycore
/// Processor with On-Chip Learning", IEEE Micro 38(1):82–99, 2018 (the chip characteristics table);
/// they were taken from secondary sources that cite that table and have not been checked against
/// the paper's text here, which the report says.
/// </summary>
/// <param name="SynapticSpikeOperation">One synapse processing one incoming spike.</param>
/// <param name="NeuronUpdate">One compartment update in one step (active compartment).</param>
/// <param name="SpikeWithinTile">Sending one spike message to a core.</param>
/// <param name="Source">Citation printed beside the figures.</param>
public sealed record EnergyFigures(double SynapticSpikeOperation, double NeuronUpdate, double SpikeWithinTile, string Source)
{
    /// <summary>Loihi 1 figures: 23.6 pJ per synaptic spike op, 52 pJ per compartment update, 1.7 pJ per spike message.</summary>
    public static EnergyFigures Loihi1 { get; } = new(
        SynapticSpikeOperation: 23.6e-12,
        NeuronUpdate: 52e-12,
        SpikeWithinTile: 1.7e-12,
        Source: "Davies et al., Loihi: A Neuromorphic Manycore Processor with On-Chip Learning, IEEE Micro 38(1):82-99, 2018, chip characteristics table "
            + "(figures as cited by secondary sources; not verified against the paper's text)");
}
