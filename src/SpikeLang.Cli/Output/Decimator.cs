using System;
using System.Collections.Generic;

namespace SpikeLang.Cli.Output;

/// <summary>
/// Keeps a trace drawable in bounded memory however long it is: up to <c>2 × buckets</c> points as they come,
/// and beyond that the smallest and largest value of each of <c>buckets</c> equal spans of the samples
/// (in time order), so a 20-second trace sampled every step draws as it looks, spikes included.
/// </summary>
internal sealed class Decimator
{
    /// <summary>Spans kept by default: a trace holds at most twice as many points.</summary>
    public const int DefaultBuckets = 2000;

    private readonly List<double> _times = [];
    private readonly List<double> _values = [];
    private readonly long _perBucket;
    private long _seen;
    private long _bucket = -1;
    private double _minT, _minV, _maxT, _maxV;

    /// <param name="expectedSamples">The samples the trace will have (an upper bound will do).</param>
    /// <param name="buckets">Spans kept beyond 2 × buckets samples.</param>
    public Decimator(long expectedSamples, int buckets = DefaultBuckets)
    {
        _perBucket = expectedSamples <= 2L * buckets ? 1 : (expectedSamples + buckets - 1) / buckets;
    }

    public void Add(double time, double value)
    {
        long bucket = _seen++ / _perBucket;
        if (_perBucket == 1)
        {
            _times.Add(time);
            _values.Add(value);
            return;
        }
        if (bucket != _bucket)
        {
            Flush();
            _bucket = bucket;
            (_minT, _minV, _maxT, _maxV) = (time, value, time, value);
            return;
        }
        if (value < _minV)
        {
            (_minT, _minV) = (time, value);
        }
        if (value > _maxV)
        {
            (_maxT, _maxV) = (time, value);
        }
    }

    /// <summary>The points kept, in time order.</summary>
    public (double[] Times, double[] Values) Points()
    {
        Flush();
        _bucket = -1;
        return (_times.ToArray(), _values.ToArray());
    }

    private void Flush()
    {
        if (_bucket < 0)
        {
            return;
        }
        bool minFirst = _minT <= _maxT;
        _times.Add(minFirst ? _minT : _maxT);
        _values.Add(minFirst ? _minV : _maxV);
        if (_minT != _maxT)
        {
            _times.Add(minFirst ? _maxT : _minT);
            _values.Add(minFirst ? _maxV : _minV);
        }
        _bucket = -1;
    }
}
