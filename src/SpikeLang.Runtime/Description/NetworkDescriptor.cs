using System;
using System.Buffers;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace SpikeLang.Runtime;

/// <summary>
/// Structure and weights of a built network, produced by a generated simulator's
/// <c>Describe()</c> for runtime tools: chip mapping, NIR export, plots and reports.
/// </summary>
/// <param name="Name">Network name.</param>
/// <param name="Dt">Time step in seconds.</param>
/// <param name="Populations">Populations in declaration order.</param>
/// <param name="Connections">Projections in declaration order.</param>
public sealed record NetworkDescriptor(
    string Name,
    double Dt,
    IReadOnlyList<PopulationDescriptor> Populations,
    IReadOnlyList<ConnectionDescriptor> Connections)
{
    /// <summary>
    /// An indented JSON summary of the structure: every name, size, homogeneous parameter and
    /// equation, but for per-neuron parameters, connectivity and per-synapse values only counts
    /// and min/max/mean, so the text stays small for networks with millions of synapses.
    /// </summary>
    /// <remarks>
    /// Written with <see cref="Utf8JsonWriter"/> rather than a serializer, so it needs no
    /// reflection and is NativeAOT-safe. Non-finite numbers are written as the strings "NaN",
    /// "Infinity" and "-Infinity", which JSON itself cannot express.
    /// </remarks>
    public string ToJson()
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("name", Name);
            WriteNumber(writer, "dt", Dt);
            writer.WriteStartArray("populations");
            foreach (PopulationDescriptor population in Populations)
            {
                WritePopulation(writer, population);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("connections");
            foreach (ConnectionDescriptor connection in Connections)
            {
                WriteConnection(writer, connection);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WritePopulation(Utf8JsonWriter writer, PopulationDescriptor population)
    {
        writer.WriteStartObject();
        writer.WriteString("name", population.Name);
        writer.WriteString("kind", population.Kind);
        writer.WriteString("model", population.Model);
        writer.WriteNumber("size", population.Size);
        writer.WriteStartObject("parameters");
        foreach (KeyValuePair<string, double[]> parameter in population.Parameters)
        {
            double[] values = parameter.Value;
            if (values.Length == 1)
            {
                WriteNumber(writer, parameter.Key, values[0]);
            }
            else
            {
                writer.WriteStartObject(parameter.Key);
                WriteSummary(writer, values);
                writer.WriteEndObject();
            }
        }

        writer.WriteEndObject();
        writer.WriteStartArray("stateVariables");
        foreach (string variable in population.StateVariables)
        {
            writer.WriteStringValue(variable);
        }

        writer.WriteEndArray();
        writer.WriteString("equations", population.Equations);
        writer.WriteString("discretization", population.Discretization);
        writer.WriteEndObject();
    }

    private static void WriteConnection(Utf8JsonWriter writer, ConnectionDescriptor connection)
    {
        writer.WriteStartObject();
        writer.WriteString("source", connection.Source);
        writer.WriteNumber("sourceStart", connection.SourceStart);
        writer.WriteNumber("sourceEnd", connection.SourceEnd);
        writer.WriteString("target", connection.Target);
        writer.WriteNumber("targetStart", connection.TargetStart);
        writer.WriteNumber("targetEnd", connection.TargetEnd);
        writer.WriteString("synapse", connection.Synapse);
        writer.WriteStartObject("connectivity");
        writer.WriteNumber("rows", connection.Connectivity.Rows);
        writer.WriteNumber("columns", connection.Connectivity.ColumnCount);
        writer.WriteNumber("synapses", connection.Connectivity.SynapseCount);
        writer.WriteEndObject();
        writer.WriteStartObject("synapseState");
        foreach (KeyValuePair<string, float[]> state in connection.SynapseState)
        {
            writer.WriteStartObject(state.Key);
            float[] values = state.Value;
            writer.WriteNumber("count", values.Length);
            if (values.Length > 0)
            {
                double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0.0;
                foreach (float v in values)
                {
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                    sum += v;
                }

                WriteNumber(writer, "min", min);
                WriteNumber(writer, "max", max);
                WriteNumber(writer, "mean", sum / values.Length);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteNumber("delaySteps", connection.DelaySteps);
        if (connection.SynapseDelaySteps is { } delays)
        {
            writer.WriteStartObject("synapseDelaySteps");
            writer.WriteNumber("count", delays.Length);
            if (delays.Length > 0)
            {
                int min = int.MaxValue, max = int.MinValue;
                foreach (int d in delays)
                {
                    min = Math.Min(min, d);
                    max = Math.Max(max, d);
                }

                writer.WriteNumber("min", min);
                writer.WriteNumber("max", max);
            }

            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("synapseDelaySteps");
        }

        writer.WriteEndObject();
    }

    private static void WriteSummary(Utf8JsonWriter writer, double[] values)
    {
        writer.WriteNumber("count", values.Length);
        if (values.Length == 0)
        {
            return;
        }

        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0.0;
        foreach (double v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            sum += v;
        }

        WriteNumber(writer, "min", min);
        WriteNumber(writer, "max", max);
        WriteNumber(writer, "mean", sum / values.Length);
    }

    private static void WriteNumber(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumber(name, value);
        }
        else
        {
            writer.WriteString(name, double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }
}
