using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Runtime;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// Turns a <see cref="NetworkDescriptor"/> (structure, dynamics and current weights) into the
/// Loihi-1 integer model, or explains which population or connection has no integer equivalent.
/// </summary>
/// <remarks>
/// <para>
/// A population maps when its dynamics are affine with one threshold variable V (the voltage) and
/// any number of current variables X that decay on their own (dX/dt = a_X·X) and feed V
/// (dV/dt = a·V + Σ α_X·X + c). Each current that a connection drives becomes one compartment
/// (the first … the last but one are dendrites whose current the soma joins, the last is the soma's
/// own current); connections that jump V itself, or add to the summed <c>input</c> that enters V,
/// share a compartment whose current empties every step (du = 4095).
/// </para>
/// <para>
/// V is shifted so that the reset value maps to 0 (the chip resets to 0); the constant drive,
/// including the shift, becomes the bias. Decays come from the one-step propagator
/// (dv = 4096·(1 − e^{a·dt}), du + 1 = 4096·(1 − e^{a_X·dt}); for discrete updates the map's
/// diagonal). A current X becomes u = κ·X with κ chosen so that u's contribution to the next V equals
/// the float model's, which makes the weight of a spike the change of V it causes one step later.
/// One scale per population (integer units per SI unit of V) puts the largest threshold at 2^22,
/// half of v's range, and is lowered when a weight or the bias would overflow its field.
/// Convolutions and poolings are expanded into synapses first (<see cref="ConvolutionExpansion"/>) and then
/// quantized as dense connections are, their bias becoming the compartments' bias.
/// Details and every approximation are in docs/chip.md.
/// </para>
/// </remarks>
public static class Quantizer
{
    private const double ThresholdTarget = 1 << 22;

    /// <summary>Quantizes <paramref name="descriptor"/>; throws <see cref="ChipCompilationException"/> for parts with no integer equivalent.</summary>
    public static QuantizedNetwork Quantize(NetworkDescriptor descriptor, QuantizerOptions? options = null)
    {
        options ??= QuantizerOptions.Default;
        if (descriptor.Drives.Count > 0)
        {
            DriveDescriptor drive = descriptor.Drives[0];
            throw new ChipCompilationException(
                $"The Poisson drive of {drive.Target}.{drive.Variable}: a chip receives external input only as spikes of host-driven populations; " +
                $"write the drive as a 'poisson' population of {drive.Inputs} sources per neuron connected to {drive.Target} instead.");
        }
        if (descriptor.RunRegularly.Count > 0)
        {
            throw new ChipCompilationException(
                $"'{descriptor.RunRegularly[0]}': a chip runs no host code on its neurons during a run; set the values from the host between runs instead.");
        }
        if (descriptor.Convolutions.FirstOrDefault(c => c.Kind == "max_pool2d") is { } maxPool)
        {
            throw new ChipCompilationException(
                $"{maxPool.Statement}: max pooling is not a sum of weighted spikes, so no synapses can express it; pool with sum_pool2d into threshold neurons that spike when any input did (update {{ v = input }}, threshold v > 0.5), which is max pooling of spikes.");
        }
        // Dense and sparse connections first, then the convolutions expanded into synapses (a core stores no shared kernels).
        var incoming = descriptor.Connections.Select(c => new IncomingConnection(c, null))
            .Concat(descriptor.Convolutions.Select(c => new IncomingConnection(ConvolutionExpansion.Expand(c), ConvolutionExpansion.Origin(c))))
            .ToList();
        var notes = new List<string>();
        var plans = new Dictionary<string, PopulationPlan>(StringComparer.Ordinal);
        foreach (PopulationDescriptor population in descriptor.Populations)
        {
            if (population.Kind != "neurons")
            {
                continue;
            }

            var into = incoming.Where(c => c.Connection.Target == population.Name).ToList();
            plans[population.Name] = PopulationPlan.Create(population, into, descriptor.Dt, notes);
        }

        var connections = new List<(IncomingConnection Incoming, PopulationPlan Plan, int Channel, double[] Drive)>();
        foreach (IncomingConnection entry in incoming)
        {
            ConnectionDescriptor connection = entry.Connection;
            if (!plans.TryGetValue(connection.Target, out PopulationPlan? plan))
            {
                throw new ChipCompilationException($"{entry.Name}: the target is not a neuron population, so it cannot receive spikes on the chip.");
            }

            if (connection.SameStep)
            {
                // A core's spike reaches its targets' compartments in the next time step at the earliest.
                throw new ChipCompilationException($"{entry.Name}: it is same_step, but a chip delivers a spike to its targets in the next step at the earliest; remove 'same_step' to map the network (its spikes then arrive one step later, as on the chip).");
            }

            (int channel, double[] drive) = plan.Drive(entry, notes);
            connections.Add((entry, plan, channel, drive));
        }

        foreach (PopulationPlan plan in plans.Values)
        {
            double largestDrive = connections.Where(c => c.Plan == plan).Select(c => MaxAbs(c.Drive)).DefaultIfEmpty(0).Max();
            double largestHostDrive = connections
                .Where(c => c.Plan == plan && options.CurrentInputs?.Contains(c.Incoming.Connection.Source) == true)
                .Select(c => LargestRowSum(c.Incoming.Connection, c.Drive))
                .DefaultIfEmpty(0)
                .Max();
            plan.ChooseScale(largestDrive, largestHostDrive);
        }

        var populations = new List<QuantizedPopulation>();
        foreach (PopulationDescriptor population in descriptor.Populations)
        {
            populations.Add(plans.TryGetValue(population.Name, out PopulationPlan? plan)
                ? plan.Build(options.InitialVoltages?.GetValueOrDefault(population.Name))
                : QuantizedPopulation.External(population.Name, population.Size));
        }

        var quantized = connections.Select(c => QuantizeConnection(c.Incoming, c.Channel, c.Drive, c.Plan.Scale)).ToList();
        return new QuantizedNetwork(descriptor.Name, descriptor.Dt, populations, quantized, notes);
    }

    private static QuantizedConnection QuantizeConnection(IncomingConnection entry, int channel, double[] drive, double scale)
    {
        ConnectionDescriptor connection = entry.Connection;
        // drive[s] is the change of V (SI) that synapse s causes one step after delivery; the chip
        // adds (mantissa << exponent) << 6 to u, so that product must approximate drive · scale.
        double largest = MaxAbs(drive) * scale / (1 << LoihiArithmetic.InputShift);
        int exponent = 0;
        while (exponent < ChipLimits.MaxWeightExponent && largest / (1 << exponent) > ChipLimits.MaxWeightMantissa + 0.5)
        {
            exponent++;
        }

        int[] pre = connection.Connectivity.BuildRowIndex();
        int[] post = new int[pre.Length];
        var mantissa = new sbyte[pre.Length];
        var delay = new byte[pre.Length];
        double maxError = 0, sumError = 0, reference = MaxAbs(drive);
        int zeroed = 0;
        for (int s = 0; s < pre.Length; s++)
        {
            pre[s] += connection.SourceStart;
            post[s] = connection.Connectivity.Columns[s] + connection.TargetStart;
            double exact = drive[s] * scale / (1 << LoihiArithmetic.InputShift) / (1 << exponent);
            int m = (int)Math.Clamp(Math.Round(exact, MidpointRounding.AwayFromZero), -ChipLimits.MaxWeightMantissa - 1, ChipLimits.MaxWeightMantissa);
            mantissa[s] = (sbyte)m;
            zeroed += m == 0 && drive[s] != 0 ? 1 : 0;
            double realized = (double)m * (1 << exponent) * (1 << LoihiArithmetic.InputShift) / scale;
            double error = reference == 0 ? 0 : Math.Abs(realized - drive[s]) / reference;
            maxError = Math.Max(maxError, error);
            sumError += error;
            int d = connection.DelaySteps >= 0 ? connection.DelaySteps : connection.SynapseDelaySteps![s];
            if (d > ChipLimits.Loihi1.MaxSynapseDelay)
            {
                throw new ChipCompilationException(
                    $"{entry.Name}: a synapse has a delay of {d} steps, but a synapse's delay field holds at most {ChipLimits.Loihi1.MaxSynapseDelay}. Shorten the delay or use a larger dt.");
            }

            delay[s] = (byte)d;
        }

        var quality = new WeightQuantization(maxError, pre.Length == 0 ? 0 : sumError / pre.Length, zeroed);
        return new QuantizedConnection(connection.Source, connection.Target, channel, exponent, pre, post, mantissa, delay, quality, entry.Convolution);
    }

    private static double MaxAbs(double[] values) => values.Length == 0 ? 0 : values.Max(Math.Abs);

    /// <summary>The largest Σ |drive| over the synapses that end on one target neuron.</summary>
    private static double LargestRowSum(ConnectionDescriptor connection, double[] drive)
    {
        var sums = new double[connection.Connectivity.ColumnCount];
        for (int s = 0; s < drive.Length; s++)
        {
            sums[connection.Connectivity.Columns[s]] += Math.Abs(drive[s]);
        }

        return sums.Length == 0 ? 0 : sums.Max();
    }
}
