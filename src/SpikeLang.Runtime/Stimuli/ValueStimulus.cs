using System;
using System.Collections.Generic;

namespace SpikeLang.Runtime;

/// <summary>
/// Values for an <see cref="IInputPopulation"/> (currents, in SI units), held from the step they are given
/// for until the next change, as Brian2's <c>TimedArray</c> holds a value for its whole bin. Changes come in
/// step order and are read as the run reaches them.
/// </summary>
public sealed class ValueStimulus : IStimulus
{
    private readonly IEnumerator<(long Step, int Index, double Value)> _changes;
    private readonly double[] _values;
    private bool _pending;
    private bool _ended;

    /// <param name="sources">Sources of the input population.</param>
    /// <param name="changes">(step, source, value) in non-decreasing step order; sources not yet given a value hold 0.</param>
    public ValueStimulus(int sources, IEnumerable<(long Step, int Index, double Value)> changes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sources);
        ArgumentNullException.ThrowIfNull(changes);
        _values = new double[sources];
        _changes = changes.GetEnumerator();
    }

    /// <inheritdoc/>
    public void Apply(long step, IInputPopulation input)
    {
        bool changed = false;
        while (true)
        {
            if (!_pending)
            {
                if (_ended || !_changes.MoveNext())
                {
                    _ended = true;
                    break;
                }
                _pending = true;
            }
            var (at, index, value) = _changes.Current;
            if (at > step)
            {
                break;
            }
            _values[index] = value;
            changed = true;
            _pending = false;
        }
        if (changed)
        {
            input.SetValues(_values);
        }
    }
}
