using System;
using System.Collections.Generic;

namespace SpikeLang.Runtime;

/// <summary>
/// Spike times for an <see cref="IInputPopulation"/>, as Brian2's <c>SpikeGeneratorGroup</c> gives them: each
/// (step, source) event makes that source spike in that step. Events come in step order and are read as the
/// run reaches them, so a stimulus of any length takes no memory beyond the step at hand.
/// </summary>
public sealed class SpikeStimulus : IStimulus
{
    private readonly IEnumerator<(long Step, int Index)> _events;
    private readonly List<int> _step = [];
    private bool _pending;
    private bool _ended;

    /// <param name="events">(step, source) pairs in non-decreasing step order, each source at most once per step.</param>
    public SpikeStimulus(IEnumerable<(long Step, int Index)> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        _events = events.GetEnumerator();
    }

    /// <summary>Spikes at <paramref name="times"/> (seconds) of <paramref name="indices"/>, each in the step Brian2 puts it in (<see cref="StepOf"/>).</summary>
    public static SpikeStimulus FromTimes(IReadOnlyList<double> times, IReadOnlyList<int> indices, double dt)
    {
        if (times.Count != indices.Count)
        {
            throw new ArgumentException($"{times.Count} times but {indices.Count} indices.", nameof(indices));
        }
        var events = new (long, int)[times.Count];
        for (int k = 0; k < events.Length; k++)
        {
            events[k] = (StepOf(times[k], dt), indices[k]);
        }
        Array.Sort(events);
        return new SpikeStimulus(events);
    }

    /// <summary>
    /// The step a time falls in, as Brian2's <c>SpikeGeneratorGroup</c> bins it: int((t + 10⁻³·dt) / dt), so
    /// a time written as step × dt (a recorded spike) comes back to its step despite rounding.
    /// </summary>
    public static long StepOf(double seconds, double dt) => StimulusRows.StepOf(seconds, dt);

    /// <inheritdoc/>
    public void Apply(long step, IInputPopulation input)
    {
        _step.Clear();
        while (true)
        {
            if (!_pending)
            {
                if (_ended || !_events.MoveNext())
                {
                    _ended = true;
                    break;
                }
                _pending = true;
            }
            var (at, index) = _events.Current;
            if (at > step)
            {
                break;
            }
            // Events before this step were due before the stimulus was attached: they are gone.
            if (at == step)
            {
                _step.Add(index);
            }
            _pending = false;
        }
        if (_step.Count > 0)
        {
            input.SetSpikes(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_step));
        }
    }
}
