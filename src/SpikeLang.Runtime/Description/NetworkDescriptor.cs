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
    /// <summary>External Poisson drives, in declaration order.</summary>
    public IReadOnlyList<DriveDescriptor> Drives { get; init; } = Array.Empty<DriveDescriptor>();

    /// <summary>The <c>run_regularly</c> statements as written, which tools that map the network elsewhere must refuse.</summary>
    public IReadOnlyList<string> RunRegularly { get; init; } = Array.Empty<string>();

    /// <summary>
    /// The convolution and pooling connections, in declaration order, which <see cref="Connections"/> does not
    /// hold (their kernels are shared, not synapses).
    /// </summary>
    public IReadOnlyList<ConvolutionDescriptor> Convolutions { get; init; } = Array.Empty<ConvolutionDescriptor>();

    /// <summary>
    /// An indented JSON summary of the structure: every name, size, homogeneous parameter and
    /// equation, the neuron dynamics and spike effects, but for per-neuron values, connectivity and
    /// per-synapse values only counts and min/max/mean, so the text stays small for networks with
    /// millions of synapses.
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
            writer.WriteStartArray("drives");
            foreach (DriveDescriptor drive in Drives)
            {
                writer.WriteStartObject();
                writer.WriteString("target", drive.Target);
                writer.WriteNumber("targetStart", drive.TargetStart);
                writer.WriteNumber("targetEnd", drive.TargetEnd);
                writer.WriteString("variable", drive.Variable);
                writer.WriteNumber("inputs", drive.Inputs);
                WriteNumber(writer, "rate", drive.Rate);
                WriteNumber(writer, "weight", drive.Weight);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteStartArray("convolutions");
            foreach (ConvolutionDescriptor convolution in Convolutions)
            {
                WriteConvolution(writer, convolution);
            }

            writer.WriteEndArray();
            writer.WriteStartArray("runRegularly");
            foreach (string statement in RunRegularly)
            {
                writer.WriteStringValue(statement);
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
        if (population.Dynamics is { } dynamics)
        {
            writer.WritePropertyName("dynamics");
            WriteDynamics(writer, dynamics);
        }
        else
        {
            writer.WriteNull("dynamics");
        }

        if (population.DynamicsUnavailable is { } reason)
        {
            writer.WriteString("dynamicsUnavailable", reason);
        }

        writer.WriteEndObject();
    }

    private static void WriteDynamics(Utf8JsonWriter writer, NeuronDynamics dynamics)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", dynamics.Kind == DynamicsKind.Continuous ? "continuous" : "discrete");
        writer.WriteStartArray("stateVariables");
        foreach (string variable in dynamics.StateVariables)
        {
            writer.WriteStringValue(variable);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("matrix");
        for (int r = 0; r < dynamics.Order; r++)
        {
            writer.WriteStartArray();
            for (int c = 0; c < dynamics.Order; c++)
            {
                WriteValue(writer, dynamics.A(r, c));
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        WriteValues(writer, "constant", dynamics.Constant);
        WriteValues(writer, "input", dynamics.Input);
        writer.WriteStartArray("heldWhileRefractory");
        foreach (string variable in dynamics.HeldWhileRefractory)
        {
            writer.WriteStringValue(variable);
        }

        writer.WriteEndArray();
        writer.WritePropertyName("refractoryPeriod");
        WriteValue(writer, dynamics.RefractoryPeriod);
        if (dynamics.Threshold is { } threshold)
        {
            writer.WriteStartObject("threshold");
            writer.WriteString("variable", threshold.Variable);
            writer.WriteString("comparison", threshold.Comparison == ThresholdComparison.Greater ? ">" : ">=");
            writer.WritePropertyName("value");
            WriteValue(writer, threshold.Value);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("threshold");
        }

        if (dynamics.Reset is { } reset)
        {
            writer.WriteStartArray("reset");
            foreach (ResetOperation operation in reset)
            {
                writer.WriteStartObject();
                writer.WriteString("variable", operation.Variable);
                writer.WriteString("kind", operation.Kind == ResetKind.Set ? "set" : "add");
                writer.WritePropertyName("value");
                WriteValue(writer, operation.Value);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }
        else
        {
            writer.WriteNull("reset");
        }

        writer.WriteEndObject();
    }

    private static void WriteValues(Utf8JsonWriter writer, string name, IReadOnlyList<NeuronValue> values)
    {
        writer.WriteStartArray(name);
        foreach (NeuronValue value in values)
        {
            WriteValue(writer, value);
        }

        writer.WriteEndArray();
    }

    /// <summary>A homogeneous value as a number, a per-neuron one as count and min/max/mean.</summary>
    private static void WriteValue(Utf8JsonWriter writer, NeuronValue value)
    {
        if (value.IsHomogeneous)
        {
            WriteNumberValue(writer, value.Value);
            return;
        }

        var values = new double[value.Values.Count];
        for (int k = 0; k < values.Length; k++)
        {
            values[k] = value.Values[k];
        }

        writer.WriteStartObject();
        WriteSummary(writer, values);
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

        if (connection.Bias is { } bias)
        {
            writer.WriteStartObject("bias");
            var values = new double[bias.Length];
            for (int k = 0; k < bias.Length; k++)
            {
                values[k] = bias[k];
            }

            WriteSummary(writer, values);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("bias");
        }

        if (connection.Effect is { } effect)
        {
            writer.WriteStartObject("effect");
            writer.WriteString("targetVariable", effect.TargetVariable);
            writer.WriteString("synapseVariable", effect.SynapseVariable);
            if (effect.Constant is { } constant)
            {
                WriteNumber(writer, "constant", constant);
            }
            else
            {
                writer.WriteNull("constant");
            }

            writer.WriteBoolean("plastic", effect.Plastic);
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteNull("effect");
        }

        writer.WriteEndObject();
    }

    private static void WriteConvolution(Utf8JsonWriter writer, ConvolutionDescriptor convolution)
    {
        writer.WriteStartObject();
        writer.WriteString("kind", convolution.Kind);
        writer.WriteString("source", convolution.Source);
        writer.WriteString("target", convolution.Target);
        foreach (var (name, values) in new[] { ("inputShape", convolution.InputShape), ("outputShape", convolution.OutputShape), ("kernel", convolution.Kernel), ("stride", convolution.Stride), ("padding", convolution.Padding) })
        {
            writer.WriteStartArray(name);
            foreach (int value in values)
            {
                writer.WriteNumberValue(value);
            }

            writer.WriteEndArray();
        }

        foreach (var (name, values) in new[] { ("weights", convolution.Weights), ("bias", convolution.Bias) })
        {
            if (values is null)
            {
                writer.WriteNull(name);
                continue;
            }

            writer.WriteStartObject(name);
            WriteSummary(writer, Array.ConvertAll(values, v => (double)v));
            writer.WriteEndObject();
        }

        writer.WriteBoolean("sameStep", convolution.SameStep);
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

    private static void WriteNumberValue(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
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
