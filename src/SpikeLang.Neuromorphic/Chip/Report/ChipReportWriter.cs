using System.IO;
using System.Text.Json;
using SpikeLang.Runtime;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// Writes <c>report.json</c> beside the tables: resources per core and their peak utilization,
/// quantization error per population and connection (for a convolution, the synapses it expanded
/// into beside its shared kernel's size), the quantizer's notes, and the traffic and
/// energy estimate with the per-event figures and their source. Deterministic and atomic.
/// </summary>
public static class ChipReportWriter
{
    /// <summary>The report's file name inside the output folder.</summary>
    public const string ReportFile = "report.json";

    /// <summary>Writes the report for <paramref name="network"/> mapped as <paramref name="report"/> into <paramref name="directory"/>.</summary>
    public static void Write(string directory, QuantizedNetwork network, ResourceReport report)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("target", report.Limits.Name);
            json.WriteString("network", network.Name);
            json.WriteNumber("chips", report.Chips);
            json.WriteNumber("cores", report.Cores.Count);
            json.WriteStartObject("peakUtilization");
            foreach ((string resource, double value) in report.PeakUtilization())
            {
                json.WriteNumber(resource, value);
            }

            json.WriteEndObject();
            json.WriteStartArray("perCore");
            foreach (CoreUsage core in report.Cores)
            {
                json.WriteStartObject();
                json.WriteNumber("chip", core.Chip);
                json.WriteNumber("core", core.Core);
                json.WriteString("population", core.Population);
                json.WriteNumber("compartments", core.Compartments);
                json.WriteNumber("inputAxons", core.InputAxons);
                json.WriteNumber("outputAxons", core.OutputAxons);
                json.WriteNumber("synapseWords", core.SynapseWords);
                json.WriteNumber("compartmentProfiles", core.CompartmentProfiles);
                json.WriteNumber("thresholdProfiles", core.ThresholdProfiles);
                json.WriteNumber("synapseFormats", core.SynapseFormats);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            WriteQuantization(json, network);
            if (report.Traffic is { } traffic)
            {
                json.WriteStartObject("traffic");
                json.WriteNumber("steps", traffic.Steps);
                json.WriteNumber("spikesPerStep", traffic.SpikesPerStep);
                json.WriteNumber("synapticOperationsPerStep", traffic.SynapticOperationsPerStep);
                json.WriteNumber("messagesPerStep", traffic.MessagesPerStep);
                json.WriteNumber("messagesBetweenChipsPerStep", traffic.MessagesBetweenChipsPerStep);
                json.WriteNumber("energyPerStepJoules", traffic.EnergyPerStep);
                json.WriteNumber("powerAtRealTimeWatts", traffic.EnergyPerStep / network.Dt);
                json.WriteStartObject("energyPerEventJoules");
                json.WriteNumber("synapticSpikeOperation", traffic.Figures.SynapticSpikeOperation);
                json.WriteNumber("compartmentUpdate", traffic.Figures.NeuronUpdate);
                json.WriteNumber("spikeMessage", traffic.Figures.SpikeWithinTile);
                json.WriteString("source", traffic.Figures.Source);
                json.WriteEndObject();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        byte[] bytes = buffer.ToArray();
        AtomicFile.Write(Path.Combine(directory, ReportFile), stream =>
        {
            stream.Write(bytes);
            stream.WriteByte((byte)'\n');
        });
    }

    private static void WriteQuantization(Utf8JsonWriter json, QuantizedNetwork network)
    {
        json.WriteStartArray("populations");
        foreach (QuantizedPopulation population in network.Populations)
        {
            if (population.IsExternal)
            {
                continue;
            }

            json.WriteStartObject();
            json.WriteString("name", population.Name);
            json.WriteNumber("neurons", population.Size);
            json.WriteStartArray("compartmentsPerNeuron");
            foreach (string channel in population.Channels)
            {
                json.WriteStringValue(channel);
            }

            json.WriteEndArray();
            if (population.Quality is { } quality)
            {
                json.WriteNumber("scale", quality.Scale);
                json.WriteStartArray("quantities");
                foreach (QuantizedQuantity quantity in quality.Quantities)
                {
                    json.WriteStartObject();
                    json.WriteString("name", quantity.Name);
                    json.WriteNumber("float", quantity.Float);
                    json.WriteNumber("quantized", quantity.Quantized);
                    json.WriteNumber("relativeError", quantity.RelativeError);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("connections");
        foreach (QuantizedConnection connection in network.Connections)
        {
            json.WriteStartObject();
            json.WriteString("source", connection.Source);
            json.WriteString("target", connection.Target);
            json.WriteString("channel", network.PopulationsByName[connection.Target].Channels[connection.Channel]);
            json.WriteNumber("synapses", connection.SynapseCount);
            json.WriteNumber("weightExponent", connection.WeightExponent);
            if (connection.Quality is { } quality)
            {
                json.WriteNumber("maxWeightError", quality.MaxRelativeError);
                json.WriteNumber("meanWeightError", quality.MeanRelativeError);
                json.WriteNumber("zeroedSynapses", quality.ZeroedSynapses);
            }

            if (connection.Convolution is { } convolution)
            {
                // The cost of the expansion: these synapses stand for this many shared values in the float network.
                json.WriteStartObject("expandedFrom");
                json.WriteString("statement", convolution.Statement);
                json.WriteString("kind", convolution.Kind);
                json.WriteNumber("sharedWeights", convolution.SharedWeights);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("notes");
        foreach (string note in network.Notes)
        {
            json.WriteStringValue(note);
        }

        json.WriteEndArray();
    }
}
