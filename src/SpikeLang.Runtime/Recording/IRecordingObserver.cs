using System;
using System.Collections.Generic;

namespace SpikeLang.Runtime;

/// <summary>
/// Receives what a network's monitors record while it runs, one block at a time: a <see cref="Recorder"/>
/// calls these whenever a monitor's buffer is full and once more at the end. The monitor holds exactly
/// the block (its <c>Steps</c>, values or indices) during the call and drops it afterwards.
/// </summary>
public interface IRecordingObserver
{
    /// <summary>A block of samples of a state or synapse monitor.</summary>
    void OnState(IStateMonitor monitor);

    /// <summary>A block of spikes.</summary>
    void OnSpikes(SpikeMonitor monitor);

    /// <summary>A block of population-rate samples.</summary>
    void OnRate(RateMonitor monitor);
}

/// <summary>How a <see cref="Recorder"/> writes: NPY files (numpy's own format, binary), or CSV text.</summary>
public enum RecordingFormat
{
    /// <summary>One <c>.npy</c> file of records per recording: <c>np.load(path)['t']</c>.</summary>
    Npy,

    /// <summary>One <c>.csv</c> file per recording, long format, numbers that read back exactly.</summary>
    Csv,
}

/// <summary>
/// One file a <see cref="Recorder"/> wrote: what it holds, where, and how its rows read.
/// </summary>
/// <param name="Kind"><c>spikes</c>, <c>state</c>, <c>rate</c>, <c>weights</c> (a synapse variable over time) or <c>synapses</c> (every synapse's indices and final weight).</param>
/// <param name="Source">The population, subgroup or connection (<c>"A -> B"</c>).</param>
/// <param name="Variable">The recorded variable, or null for spikes and rates.</param>
/// <param name="Path">The file's full path.</param>
/// <param name="Unit">The SI unit of the values.</param>
/// <param name="Start">The source's index of recorded element 0.</param>
/// <param name="Count">Elements per sample (neurons or synapses); for spikes, the neurons recorded.</param>
/// <param name="Interval">Steps between samples (1 for spikes and rates).</param>
/// <param name="Window">Smoothing width in steps of a rate (1: none).</param>
/// <param name="Rows">Rows written: samples, spikes or synapses.</param>
/// <param name="Columns">The fields (NPY) or header columns (CSV), in order.</param>
public sealed record RecordedFile(
    string Kind,
    string Source,
    string? Variable,
    string Path,
    string Unit,
    int Start,
    int Count,
    int Interval,
    int Window,
    long Rows,
    IReadOnlyList<string> Columns);
