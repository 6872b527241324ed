using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// Reads the tables <see cref="ChipTableWriter"/> wrote, checking everything the chip relies on:
/// format and version, field types, index ranges, and each CSV's header and row count. A problem
/// is an <see cref="InvalidDataException"/> naming the file, the field or line, and what is wrong.
/// </summary>
public static class ChipTableReader
{
    /// <summary>Reads the tables in <paramref name="directory"/>.</summary>
    public static ChipTables Read(string directory)
    {
        string headerPath = Path.Combine(directory, ChipTableWriter.HeaderFile);
        if (!File.Exists(headerPath))
        {
            throw new InvalidDataException($"{headerPath}: not found; point at the folder 'spikelang chip --out' wrote.");
        }

        using JsonDocument document = Parse(headerPath);
        var root = new Field(headerPath, "", document.RootElement);
        string format = root.String("format");
        if (format != ChipTables.FormatName)
        {
            throw new InvalidDataException($"{headerPath}: format is '{format}', expected '{ChipTables.FormatName}'.");
        }

        int version = root.Int("version");
        if (version != ChipTables.FormatVersion)
        {
            throw new InvalidDataException($"{headerPath}: table format version {version} is not supported; this reader reads version {ChipTables.FormatVersion}. Re-emit the tables with this version of spikelang.");
        }

        var cores = new List<CoreTable>();
        foreach (Field core in root.Array("cores"))
        {
            cores.Add(ReadCore(directory, core));
        }

        var coreSizes = new Dictionary<(int, int), CoreTable>();
        foreach (CoreTable core in cores)
        {
            if (!coreSizes.TryAdd((core.Chip, core.Core), core))
            {
                throw new InvalidDataException($"{headerPath}: chip {core.Chip} core {core.Core} appears twice in 'cores'.");
            }
        }

        var populations = new List<PopulationPlacement>();
        foreach (Field population in root.Array("populations"))
        {
            var slices = new List<PlacementSlice>();
            int k = population.Int("compartmentsPerNeuron", min: 1);
            foreach (Field slice in population.Array("slices"))
            {
                var s = new PlacementSlice(slice.Int("firstNeuron"), slice.Int("neuronCount"), slice.Int("chip"), slice.Int("core"), slice.Int("firstCompartment"));
                if (!coreSizes.TryGetValue((s.Chip, s.Core), out CoreTable? core) || s.FirstCompartment + s.NeuronCount * k > core.Compartments.Count)
                {
                    throw new InvalidDataException($"{headerPath}: {slice.Path} places neurons on chip {s.Chip} core {s.Core} outside its compartments.");
                }

                slices.Add(s);
            }

            populations.Add(new PopulationPlacement(population.String("name"), population.Int("size"), k, population.Bool("probed"), slices));
        }

        var inputs = new List<InputBinding>();
        foreach (Field input in root.Array("inputs"))
        {
            inputs.Add(ReadInput(directory, input, coreSizes));
        }

        foreach (CoreTable core in cores)
        {
            foreach (OutputRoute route in core.Routes)
            {
                CheckAxon(headerPath, $"route of chip {core.Chip} core {core.Core}", new AxonAddress(route.DestinationChip, route.DestinationCore, route.DestinationAxon), coreSizes);
            }
        }

        return new ChipTables(root.String("target"), root.String("network"), root.Double("dt"), root.Int("chips"), cores, populations, inputs);
    }

    private static CoreTable ReadCore(string directory, Field core)
    {
        var profiles = new List<CompartmentProfile>();
        foreach (Field p in core.Array("compartmentProfiles"))
        {
            profiles.Add(new CompartmentProfile(
                p.Int("du", 0, LoihiArithmetic.MaxDecay),
                p.Int("dv", 0, LoihiArithmetic.MaxDecay),
                p.Int("refractoryDelay"),
                p.Bool("pushesCurrent"),
                p.Int("joins")));
        }

        var thresholds = new List<int>();
        foreach (Field t in core.Array("thresholdProfiles"))
        {
            thresholds.Add(t.IntValue(0, ChipLimits.MaxThresholdMantissa));
        }

        var formats = new List<SynapseFormat>();
        foreach (Field f in core.Array("synapseFormats"))
        {
            formats.Add(new SynapseFormat(f.Int("weightExponent", 0, ChipLimits.MaxWeightExponent), f.Int("indexBits"), f.Int("weightBits"), f.Int("delayBits")));
        }

        var compartments = new List<CompartmentEntry>();
        Csv(directory, core.Object("compartments"), "profile,threshold_profile,bias_mantissa,bias_exponent,initial_v,initial_u", (row, at) => compartments.Add(new CompartmentEntry(
            row.Index(0, profiles.Count, at),
            row.Index(1, Math.Max(thresholds.Count, 1), at),
            row.Int(2, at, -ChipLimits.MaxBiasMantissa - 1, ChipLimits.MaxBiasMantissa),
            row.Int(3, at, 0, ChipLimits.MaxBiasExponent),
            row.Int(4, at, -LoihiArithmetic.MaxVoltage, LoihiArithmetic.MaxVoltage),
            row.Int(5, at))));
        var synapses = new List<SynapseEntry>();
        Csv(directory, core.Object("synapses"), "compartment,format,weight_mantissa,delay", (row, at) => synapses.Add(new SynapseEntry(
            row.Index(0, compartments.Count, at), row.Index(1, formats.Count, at), row.Int(2, at, -ChipLimits.MaxWeightMantissa - 1, ChipLimits.MaxWeightMantissa), row.Int(3, at, 0, (1 << ChipLimits.DelayBits) - 2))));
        var axons = new List<InputAxon>();
        Csv(directory, core.Object("inputAxons"), "first_synapse,count", (row, at) =>
        {
            var axon = new InputAxon(row.Int(0, at, 0, synapses.Count), row.Int(1, at, 0, synapses.Count));
            if (axon.FirstSynapse + axon.Count > synapses.Count)
            {
                throw new InvalidDataException($"{at}: synapses [{axon.FirstSynapse}, {axon.FirstSynapse + axon.Count}) run past the {synapses.Count} synapse entries.");
            }

            axons.Add(axon);
        });
        var routes = new List<OutputRoute>();
        Csv(directory, core.Object("routes"), "compartment,chip,core,axon", (row, at) =>
        {
            var route = new OutputRoute(row.Index(0, compartments.Count, at), row.Int(1, at), row.Int(2, at), row.Int(3, at));
            if (routes.Count > 0 && routes[^1].Compartment > route.Compartment)
            {
                throw new InvalidDataException($"{at}: routes must be grouped by compartment in ascending order.");
            }

            routes.Add(route);
        });
        CheckJoins(core, profiles, compartments);
        return new CoreTable(core.Int("chip"), core.Int("core"), profiles, thresholds, formats, compartments, axons, synapses, routes);
    }

    /// <summary>Every soma joins only currents pushed before it on its core, and none is left over.</summary>
    private static void CheckJoins(Field core, List<CompartmentProfile> profiles, List<CompartmentEntry> compartments)
    {
        int pushed = 0;
        for (int i = 0; i < compartments.Count; i++)
        {
            CompartmentProfile profile = profiles[compartments[i].Profile];
            if (profile.PushesCurrent)
            {
                pushed++;
            }
            else if (profile.Joins > pushed)
            {
                throw new InvalidDataException($"{core.File}: {core.Path}: compartment {i} joins {profile.Joins} currents, but only {pushed} were pushed before it.");
            }
            else
            {
                pushed -= profile.Joins;
            }
        }

        if (pushed != 0)
        {
            throw new InvalidDataException($"{core.File}: {core.Path}: {pushed} pushed current(s) at the end of the core are joined by no soma.");
        }
    }

    private static InputBinding ReadInput(string directory, Field input, Dictionary<(int, int), CoreTable> cores)
    {
        int size = input.Int("size");
        var targets = new List<AxonAddress>[size];
        for (int n = 0; n < size; n++)
        {
            targets[n] = [];
        }

        Csv(directory, input, "neuron,chip,core,axon", (row, at) =>
        {
            var address = new AxonAddress(row.Int(1, at), row.Int(2, at), row.Int(3, at));
            CheckAxon(at, "input binding", address, cores);
            targets[row.Index(0, size, at)].Add(address);
        });
        return new InputBinding(input.String("population"), size, targets);
    }

    private static void CheckAxon(string at, string what, AxonAddress address, Dictionary<(int, int), CoreTable> cores)
    {
        if (!cores.TryGetValue((address.Chip, address.Core), out CoreTable? core) || address.Axon >= core.InputAxons.Count || address.Axon < 0)
        {
            throw new InvalidDataException($"{at}: {what} points at chip {address.Chip} core {address.Core} axon {address.Axon}, which does not exist.");
        }
    }

    private static void Csv(string directory, Field table, string header, Action<CsvRow, string> read)
    {
        string relative = table.String("file");
        int rows = table.Int("rows");
        string path = Path.Combine(directory, relative);
        if (!File.Exists(path))
        {
            throw new InvalidDataException($"{path}: not found ({table.Path}.file names it).");
        }

        using var reader = new StreamReader(path);
        string? first = reader.ReadLine();
        if (first != header)
        {
            throw new InvalidDataException($"{path}:1: header is '{first}', expected '{header}'.");
        }

        int line = 1;
        int count = 0;
        string[] names = header.Split(',');
        int columns = names.Length;
        while (reader.ReadLine() is { } text)
        {
            line++;
            string at = $"{path}:{line}";
            string[] cells = text.Split(',');
            if (cells.Length != columns)
            {
                throw new InvalidDataException($"{at}: {cells.Length} values, expected {columns} ({header}).");
            }

            read(new CsvRow(cells, names), at);
            count++;
        }

        if (count != rows)
        {
            throw new InvalidDataException($"{path}: {count} rows, but {table.Path}.rows says {rows}.");
        }
    }

    private static JsonDocument Parse(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({ex.Message}).");
        }
    }

    private readonly record struct CsvRow(string[] Cells, string[] Names)
    {
        public int Int(int column, string at, int min = int.MinValue, int max = int.MaxValue)
        {
            string name = Names[column];
            if (!int.TryParse(Cells[column], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value))
            {
                throw new InvalidDataException($"{at}: {name} '{Cells[column]}' is not an integer.");
            }

            if (value < min || value > max)
            {
                throw new InvalidDataException($"{at}: {name} {value} is outside [{min}, {max}].");
            }

            return value;
        }

        public int Index(int column, int count, string at) => Int(column, at, 0, count - 1);
    }

    /// <summary>A JSON value with its file and path, so every error can say where it is.</summary>
    private readonly record struct Field(string File, string Path, JsonElement Element)
    {
        public Field Object(string name)
        {
            string path = Path.Length == 0 ? name : $"{Path}.{name}";
            if (Element.ValueKind != JsonValueKind.Object || !Element.TryGetProperty(name, out JsonElement value))
            {
                throw new InvalidDataException($"{File}: missing field '{path}'.");
            }

            return new Field(File, path, value);
        }

        public IEnumerable<Field> Array(string name)
        {
            Field array = Object(name);
            if (array.Element.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{File}: '{array.Path}' must be an array.");
            }

            int i = 0;
            foreach (JsonElement item in array.Element.EnumerateArray())
            {
                yield return new Field(File, $"{array.Path}[{i++}]", item);
            }
        }

        public string String(string name)
        {
            Field field = Object(name);
            return field.Element.ValueKind == JsonValueKind.String
                ? field.Element.GetString()!
                : throw new InvalidDataException($"{File}: '{field.Path}' must be a string.");
        }

        public bool Bool(string name)
        {
            Field field = Object(name);
            return field.Element.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw new InvalidDataException($"{File}: '{field.Path}' must be true or false."),
            };
        }

        public double Double(string name)
        {
            Field field = Object(name);
            return field.Element.ValueKind == JsonValueKind.Number
                ? field.Element.GetDouble()
                : throw new InvalidDataException($"{File}: '{field.Path}' must be a number.");
        }

        public int Int(string name, int min = 0, int max = int.MaxValue) => Object(name).IntValue(min, max);

        public int IntValue(int min, int max)
        {
            if (Element.ValueKind != JsonValueKind.Number || !Element.TryGetInt32(out int value))
            {
                throw new InvalidDataException($"{File}: '{Path}' must be an integer.");
            }

            if (value < min || value > max)
            {
                throw new InvalidDataException($"{File}: '{Path}' is {value}, outside [{min}, {max}].");
            }

            return value;
        }
    }
}
