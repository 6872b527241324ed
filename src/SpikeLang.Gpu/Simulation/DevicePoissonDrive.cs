using System;
using ILGPU;
using ILGPU.Runtime;
using SpikeLang.Runtime;

namespace SpikeLang.Gpu.Simulation;

/// <summary>
/// An external Poisson drive (Brian2's PoissonInput, <see cref="PoissonDrive"/> on the CPU) on the device: each step,
/// each target neuron receives Binomial(n, p = rate·dt) input spikes and its variable grows by their number times the
/// weight. The counts are drawn as the CPU simulator draws them (inversion of the same binomial table, or the normal
/// approximation where n·p &gt; 5 and n·(1 − p) &gt; 5, as Brian2), but from counter-based random numbers
/// (<see cref="CounterRandom"/> of seed, stream, target and step): deterministic per seed, not the CPU's numbers.
/// </summary>
public sealed class DevicePoissonDrive : IDisposable
{
    private readonly SimulatorKernels _kernels;
    private readonly MemoryBuffer1D<double, Stride1D.Dense> _cumulative;
    private readonly DriveMethod _method;
    private readonly double _mean;
    private readonly double _deviation;
    private readonly int _stream;

    /// <param name="device">The accelerator, whose kernels draw and add the counts.</param>
    /// <param name="targets">The neurons driven.</param>
    /// <param name="inputs">n, the sources behind each target (a whole number of at least 1).</param>
    /// <param name="rate">The rate of each source, in Hz.</param>
    /// <param name="dt">The time step, in seconds.</param>
    /// <param name="weight">What each input spike adds, in SI units.</param>
    /// <param name="stream">The drive's random stream (the plan's), apart from every other stream of the network.</param>
    /// <exception cref="ArgumentException">As <see cref="PoissonDrive"/>: n is not a whole number of at least 1, or rate·dt lies outside [0, 1].</exception>
    public DevicePoissonDrive(GpuDevice device, int targets, double inputs, double rate, double dt, double weight, int stream)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfNegative(targets);
        // The CPU simulator's drive checks n and p and decides how to draw; its table is copied to the device.
        var host = new PoissonDrive(inputs, rate, dt, new RandomStream(0));
        double p = rate * dt;
        _kernels = device.SimulatorKernels;
        Targets = targets;
        Inputs = host.Inputs;
        Rate = rate;
        Weight = weight;
        _stream = stream;
        _mean = Inputs * p;
        var table = host.CumulativeProbabilities;
        _method = !host.Exact ? DriveMethod.Normal : table.Length > 0 ? DriveMethod.Inversion : DriveMethod.Constant;
        _deviation = _method == DriveMethod.Normal ? Math.Sqrt(Inputs * p * (1 - p)) : 0;
        _cumulative = device.Accelerator.Allocate1D<double>(Math.Max(1, table.Length));
        if (table.Length > 0)
        {
            _cumulative.View.SubView(0, table.Length).CopyFromCPU(table.ToArray());
        }
    }

    /// <summary>The neurons driven.</summary>
    public int Targets { get; }

    /// <summary>n: the Poisson inputs behind each target neuron.</summary>
    public int Inputs { get; }

    /// <summary>The rate of each input, in Hz.</summary>
    public double Rate { get; }

    /// <summary>What each input spike adds, in SI units.</summary>
    public double Weight { get; }

    /// <summary>True when the counts are whole numbers (drawn exactly, or n·p when p is 0 or 1), false for the normal approximation.</summary>
    public bool Exact => _method != DriveMethod.Normal;

    /// <summary>targets[k] += count·weight for each target k of step <paramref name="step"/> (single precision).</summary>
    public void Deliver(ArrayView<float> targets, ulong seed, long step)
    {
        if (Targets > 0)
        {
            _kernels.DriveSingle(Targets, targets, _cumulative.View, Step(seed, step));
        }
    }

    /// <summary>targets[k] += count·weight for each target k of step <paramref name="step"/> (double precision).</summary>
    public void Deliver(ArrayView<double> targets, ulong seed, long step)
    {
        if (Targets > 0)
        {
            _kernels.DriveDouble(Targets, targets, _cumulative.View, Step(seed, step));
        }
    }

    private DriveStep Step(ulong seed, long step) => new(seed, _stream, step, _method, _mean, _deviation, Weight);

    /// <summary>Releases the table on the device.</summary>
    public void Dispose() => _cumulative.Dispose();

    /// <summary>The count of target <paramref name="k"/> in step <paramref name="s"/>: a device function of the drive kernels.</summary>
    internal static double Count(ArrayView<double> cumulative, DriveStep s, int k)
    {
        if (s.Method == DriveMethod.Inversion)
        {
            // The number of cumulative probabilities at or below a uniform draw; the table ends with 1 > u, so the search ends.
            double u = CounterRandom.Uniform53(s.Seed, s.Stream, k, s.Step);
            int count = 0;
            while (u >= cumulative[count])
            {
                count++;
            }
            return count;
        }
        if (s.Method == DriveMethod.Normal)
        {
            // Unrounded, as Brian2 and the CPU simulator use it.
            return s.Mean + s.Deviation * CounterRandom.Gaussian(s.Seed, s.Stream, k, s.Step);
        }
        return s.Mean;
    }
}

/// <summary>How a drive draws its counts.</summary>
internal enum DriveMethod
{
    /// <summary>p is 0 or 1: every count is n·p.</summary>
    Constant,

    /// <summary>Exactly, by inverting the binomial distribution's cumulative table.</summary>
    Inversion,

    /// <summary>n·p + √(n·p·(1 − p))·z for a standard normal z.</summary>
    Normal,
}

/// <summary>One step of a Poisson drive: the counters of its random numbers and how it draws.</summary>
internal readonly record struct DriveStep(ulong Seed, int Stream, long Step, DriveMethod Method, double Mean, double Deviation, double Weight);
