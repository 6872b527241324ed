using System;
using System.Collections.Generic;
using SpikeLang.Runtime;

namespace SpikeLang.Gpu.Simulation;

/// <summary>
/// An <c>input</c> population of a generated GPU simulator: the host decides its spikes, as for the CPU simulator,
/// through the host network's input population (<see cref="SetSpikes"/>, its schedule, a <see cref="Stimulus"/>),
/// whose step runs on the host; the generated step then uploads that step's spikes into its slot on the device
/// (<see cref="Simulation.DeviceSpikes.Upload"/>) before the deliveries that read them.
/// </summary>
public sealed class GpuInputPopulation : GpuPopulation, IInputPopulation
{
    private readonly IInputPopulation _host;

    /// <param name="device">The accelerator, whose kernels count the spikes.</param>
    /// <param name="host">The host network's input population, which takes the host's spikes and values.</param>
    /// <param name="spikes">Its spikes on the device (owned: disposed with the population).</param>
    /// <param name="monitor">The monitor of 'record spikes', or null when the population's spikes are not recorded.</param>
    /// <param name="rateMonitor">The monitor of 'record rate', or null when its rate is not recorded.</param>
    public GpuInputPopulation(GpuDevice device, IInputPopulation host, DeviceSpikes spikes, SpikeMonitor? monitor, RateMonitor? rateMonitor)
        : base(device, (host ?? throw new ArgumentNullException(nameof(host))).Name, spikes, monitor, rateMonitor, Array.Empty<IStateMonitor>(), Array.Empty<string>(),
            variable => throw new ArgumentException($"Population '{host.Name}' has no state variable '{variable}'.", nameof(variable)))
    {
        _host = host;
    }

    /// <summary>Sets the sources that spike in the next step (indices in [0, Count), each at most once); a later call before that step replaces it.</summary>
    public void SetSpikes(ReadOnlySpan<int> indices) => _host.SetSpikes(indices);

    /// <summary>
    /// Drives the sources with values from the next step on. As on the CPU, dense connections and convolutions add value ×
    /// weight (the values are uploaded each step, see <see cref="DeviceSourceValues"/>); other connections see only spikes.
    /// </summary>
    public void SetValues(ReadOnlySpan<double> values) => _host.SetValues(values);

    /// <summary>Stops driving the sources with values.</summary>
    public void ClearValues() => _host.ClearValues();

    /// <summary>Asked at the start of each step for that step's spikes or values (on the host); null for none.</summary>
    public IStimulus? Stimulus
    {
        get => _host.Stimulus;
        set => _host.Stimulus = value;
    }
}
