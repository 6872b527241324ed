using System;

namespace SpikeLang.Runtime;

/// <summary>
/// Spikes exchanged among ranks once per window of steps, not every step (NEST's exchange once per minimum delay).
/// When every connection from a neuron population delays its spikes by at least <see cref="Steps"/> steps, a spike
/// found in one step of a window reaches its targets after the window's last step, so the ranks run the window on
/// their own spikes and then exchange all of its steps in one collective. Every rank then puts every rank's spikes,
/// in rank order (ascending neuron order), into the connections' delay histories in place of its own, before any
/// of them is delivered, and records them step by step: the same spikes, deliveries and float sums as one process.
/// </summary>
/// <remarks>
/// A rank's message holds, step by step and population by population, the spike count and then the spikes. The
/// buffers grow to the busiest window seen, then a window allocates nothing.
/// </remarks>
public sealed class SpikeWindow
{
    /// <summary>The window when no spike reaches a target of another rank at all (only the monitors need them).</summary>
    public const int LongestSteps = 1024;

    private readonly RankGroup _ranks;
    private readonly int _populations;
    private readonly int[] _starts;
    private readonly int[] _cursors;
    private int[] _message = new int[256];
    private int _length;
    private int _nextPopulation;
    private int[] _received = new int[256];

    /// <summary>A window of <paramref name="steps"/> steps of <paramref name="populations"/> populations' spikes.</summary>
    public SpikeWindow(RankGroup ranks, int populations, int steps)
    {
        ArgumentNullException.ThrowIfNull(ranks);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(populations);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        _ranks = ranks;
        _populations = populations;
        Steps = steps;
        _starts = new int[steps * populations + 1];
        _cursors = new int[ranks.Size];
    }

    /// <summary>The most steps between two exchanges.</summary>
    public int Steps { get; }

    /// <summary>The steps run since the last exchange.</summary>
    public int Pending { get; private set; }

    /// <summary>Adds this rank's spikes of the current step of population <paramref name="population"/>; every population in turn, each step.</summary>
    public void Send(int population, ReadOnlySpan<int> spikes)
    {
        if (population != _nextPopulation)
        {
            throw new InvalidOperationException($"Population {population} sent its spikes when population {_nextPopulation} was expected.");
        }
        _nextPopulation = population + 1 == _populations ? 0 : population + 1;
        if (_message.Length < _length + 1 + spikes.Length)
        {
            Array.Resize(ref _message, Math.Max(_length + 1 + spikes.Length, 2 * _message.Length));
        }
        _message[_length++] = spikes.Length;
        spikes.CopyTo(_message.AsSpan(_length));
        _length += spikes.Length;
    }

    /// <summary>Ends a step; true when the window is full and must be exchanged before the next step.</summary>
    public bool EndStep() => ++Pending == Steps;

    /// <summary>Exchanges the pending steps' spikes with every rank (one collective); returns how many steps they are.</summary>
    public int Exchange()
    {
        ReadOnlySpan<int> all = _ranks.AllGather(_message.AsSpan(0, _length));
        int lists = Pending * _populations;
        // Each rank's message holds the same number of lists, each its count then its spikes.
        for (int r = 0, at = 0; r < _cursors.Length; r++)
        {
            _cursors[r] = at;
            for (int i = 0; i < lists; i++)
            {
                at += 1 + all[at];
            }
        }
        if (_received.Length < all.Length)
        {
            _received = new int[Math.Max(all.Length, 2 * _received.Length)];
        }
        int length = 0;
        for (int i = 0; i < lists; i++)
        {
            _starts[i] = length;
            for (int r = 0; r < _cursors.Length; r++)
            {
                int count = all[_cursors[r]];
                all.Slice(_cursors[r] + 1, count).CopyTo(_received.AsSpan(length));
                length += count;
                _cursors[r] += 1 + count;
            }
        }
        _starts[lists] = length;
        int steps = Pending;
        Pending = 0;
        _length = 0;
        return steps;
    }

    /// <summary>Every rank's spikes of population <paramref name="population"/> in step <paramref name="step"/> of the last exchange (0: its first), ascending.</summary>
    public ReadOnlySpan<int> Received(int step, int population)
    {
        int i = step * _populations + population;
        return _received.AsSpan(_starts[i], _starts[i + 1] - _starts[i]);
    }
}
