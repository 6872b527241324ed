using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using SpikeLang.Runtime;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// Writes <see cref="ChipTables"/> to a folder: <c>chip.json</c> (header, per-core profiles and
/// formats, provenance, input bindings) and CSV files for the large per-core tables and input
/// bindings. Output is deterministic (fixed order, invariant culture, no time stamps) and every file
/// is written atomically. The format is documented in docs/chip.md and docs/chip-tables.schema.json.
/// </summary>
public static class ChipTableWriter
{
    /// <summary>The header file's name inside the output folder.</summary>
    public const string HeaderFile = "chip.json";

    /// <summary>Writes the tables into <paramref name="directory"/> (created if needed), replacing the tables of an earlier run there.</summary>
    public static void Write(ChipTables tables, string directory)
    {
        Directory.CreateDirectory(directory);
        RemoveEarlierTables(directory);
        var files = new List<(string Path, System.Action<TextWriter> Write)>();
        var options = new JsonWriterOptions { Indented = true };
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, options))
        {
            json.WriteStartObject();
            json.WriteString("format", ChipTables.FormatName);
            json.WriteNumber("version", ChipTables.FormatVersion);
            json.WriteString("target", tables.Target);
            json.WriteString("network", tables.Network);
            json.WriteNumber("dt", tables.Dt);
            json.WriteNumber("chips", tables.ChipCount);
            json.WriteStartArray("cores");
            foreach (CoreTable core in tables.Cores)
            {
                WriteCore(json, core, files);
            }

            json.WriteEndArray();
            json.WriteStartArray("populations");
            foreach (PopulationPlacement population in tables.Populations)
            {
                json.WriteStartObject();
                json.WriteString("name", population.Population);
                json.WriteNumber("size", population.Size);
                json.WriteNumber("compartmentsPerNeuron", population.CompartmentsPerNeuron);
                json.WriteBoolean("probed", population.Probed);
                json.WriteStartArray("slices");
                foreach (PlacementSlice slice in population.Slices)
                {
                    json.WriteStartObject();
                    json.WriteNumber("firstNeuron", slice.FirstNeuron);
                    json.WriteNumber("neuronCount", slice.NeuronCount);
                    json.WriteNumber("chip", slice.Chip);
                    json.WriteNumber("core", slice.Core);
                    json.WriteNumber("firstCompartment", slice.FirstCompartment);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("inputs");
            foreach (InputBinding input in tables.Inputs)
            {
                string file = $"inputs/{input.Population}.csv";
                json.WriteStartObject();
                json.WriteString("population", input.Population);
                json.WriteNumber("size", input.Size);
                json.WriteString("file", file);
                json.WriteNumber("rows", input.Targets.Sum(t => t.Count));
                json.WriteEndObject();
                files.Add((file, writer =>
                {
                    writer.WriteLine("neuron,chip,core,axon");
                    for (int n = 0; n < input.Size; n++)
                    {
                        foreach (AxonAddress axon in input.Targets[n])
                        {
                            Line(writer, n, axon.Chip, axon.Core, axon.Axon);
                        }
                    }
                }));
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        foreach ((string path, System.Action<TextWriter> write) in files)
        {
            string full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            AtomicFile.WriteText(full, write);
        }

        // The header goes last: a folder with a chip.json always has all the files it names.
        byte[] header = buffer.ToArray();
        AtomicFile.Write(Path.Combine(directory, HeaderFile), stream =>
        {
            stream.Write(header);
            stream.WriteByte((byte)'\n');
        });
    }

    private static void WriteCore(Utf8JsonWriter json, CoreTable core, List<(string, System.Action<TextWriter>)> files)
    {
        string folder = $"cores/chip{core.Chip:D3}-core{core.Core:D3}";
        json.WriteStartObject();
        json.WriteNumber("chip", core.Chip);
        json.WriteNumber("core", core.Core);
        json.WriteStartArray("compartmentProfiles");
        foreach (CompartmentProfile profile in core.CompartmentProfiles)
        {
            json.WriteStartObject();
            json.WriteNumber("du", profile.CurrentDecay);
            json.WriteNumber("dv", profile.VoltageDecay);
            json.WriteNumber("refractoryDelay", profile.RefractoryDelay);
            json.WriteBoolean("pushesCurrent", profile.PushesCurrent);
            json.WriteNumber("joins", profile.Joins);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteStartArray("thresholdProfiles");
        foreach (int threshold in core.ThresholdProfiles)
        {
            json.WriteNumberValue(threshold);
        }

        json.WriteEndArray();
        json.WriteStartArray("synapseFormats");
        foreach (SynapseFormat format in core.SynapseFormats)
        {
            json.WriteStartObject();
            json.WriteNumber("weightExponent", format.WeightExponent);
            json.WriteNumber("indexBits", format.IndexBits);
            json.WriteNumber("weightBits", format.WeightBits);
            json.WriteNumber("delayBits", format.DelayBits);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        Table(json, files, "compartments", $"{folder}/compartments.csv", core.Compartments.Count, "profile,threshold_profile,bias_mantissa,bias_exponent,initial_v,initial_u", writer =>
        {
            foreach (CompartmentEntry c in core.Compartments)
            {
                Line(writer, c.Profile, c.ThresholdProfile, c.BiasMantissa, c.BiasExponent, c.InitialVoltage, c.InitialCurrent);
            }
        });
        Table(json, files, "inputAxons", $"{folder}/input_axons.csv", core.InputAxons.Count, "first_synapse,count", writer =>
        {
            foreach (InputAxon a in core.InputAxons)
            {
                Line(writer, a.FirstSynapse, a.Count);
            }
        });
        Table(json, files, "synapses", $"{folder}/synapses.csv", core.Synapses.Count, "compartment,format,weight_mantissa,delay", writer =>
        {
            foreach (SynapseEntry s in core.Synapses)
            {
                Line(writer, s.Compartment, s.Format, s.WeightMantissa, s.Delay);
            }
        });
        Table(json, files, "routes", $"{folder}/routes.csv", core.Routes.Count, "compartment,chip,core,axon", writer =>
        {
            foreach (OutputRoute r in core.Routes)
            {
                Line(writer, r.Compartment, r.DestinationChip, r.DestinationCore, r.DestinationAxon);
            }
        });
        json.WriteEndObject();
    }

    private static void Table(Utf8JsonWriter json, List<(string, System.Action<TextWriter>)> files, string name, string path, int rows, string header, System.Action<TextWriter> body)
    {
        json.WriteStartObject(name);
        json.WriteString("file", path);
        json.WriteNumber("rows", rows);
        json.WriteEndObject();
        files.Add((path, writer =>
        {
            writer.WriteLine(header);
            body(writer);
        }));
    }

    private static void Line(TextWriter writer, params int[] values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(',');
            }

            writer.Write(values[i].ToString(CultureInfo.InvariantCulture));
        }

        writer.Write('\n');
    }

    /// <summary>Deletes the table files of an earlier run, recognised by its chip.json, so no stale core is left behind.</summary>
    private static void RemoveEarlierTables(string directory)
    {
        if (!File.Exists(Path.Combine(directory, HeaderFile)))
        {
            return;
        }

        foreach (string folder in new[] { "cores", "inputs" })
        {
            string path = Path.Combine(directory, folder);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
    }
}
