using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Output;

/// <summary>What the plots show, chosen on the command line: the neurons whose traces are drawn, and the time window.</summary>
/// <param name="Neurons">Neurons (numbered in their population or subgroup) whose state is drawn; null for a handful spread over those recorded.</param>
/// <param name="FromStep">First step shown.</param>
/// <param name="ToStep">Step after the last one shown.</param>
internal sealed record PlotOptions(IReadOnlyList<int>? Neurons, long FromStep, long ToStep);

/// <summary>The traces of one state or synapse monitor, ready to draw.</summary>
internal sealed record TraceSet(string Source, string Variable, string Unit, int Recorded, bool Synapses, IReadOnlyList<(string Label, double[] Times, double[] Values)> Traces);

/// <summary>The spikes of one spike monitor in the window (the first neurons only when there are too many to draw), and the population rate in bins.</summary>
internal sealed record RasterData(string Source, int Start, int Neurons, int ShownNeurons, double[] Times, int[] Indices, double[] BinTimes, double[] BinRates, double BinSeconds);

/// <summary>The rate of one rate monitor in the window: the mean per bin, raw and smoothed.</summary>
internal sealed record RateData(string Source, int Window, double[] Times, double[] Rates, double[]? Smoothed);

/// <summary>
/// Collects, while a run is recorded, what its plots need and nothing more: a handful of traces per state
/// monitor inside the plot window (thinned to bounded size by <see cref="Decimator"/>), up to
/// <see cref="MaxRasterPoints"/> spikes per spike monitor (the first neurons', when there are more), and rates
/// in bins. So plotting a run of any length takes bounded memory, as the recording does.
/// </summary>
internal sealed class PlotData : IRecordingObserver
{
    /// <summary>Markers beyond this make a raster slow to draw and unreadable: fewer neurons are shown instead.</summary>
    public const int MaxRasterPoints = 200_000;

    /// <summary>Traces per panel when the command line names none.</summary>
    public const int DefaultTraces = 5;

    private const int RateBins = 200;

    private readonly double _dt;
    private readonly PlotOptions _options;
    private readonly long _windowSteps;
    private readonly Dictionary<object, Traces> _traces = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<SpikeMonitor, Raster> _rasters = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<RateMonitor, Rate> _rates = new(ReferenceEqualityComparer.Instance);
    private readonly List<object> _order = [];

    public PlotData(double dt, PlotOptions options)
    {
        _dt = dt;
        _options = options;
        _windowSteps = Math.Max(1, options.ToStep - options.FromStep);
        BinSteps = Math.Max(1, (_windowSteps + RateBins - 1) / RateBins);
    }

    /// <summary>Steps per bin of the rates: about a two-hundredth of the window.</summary>
    public long BinSteps { get; }

    public void OnState(IStateMonitor monitor)
    {
        if (!_traces.TryGetValue(monitor, out var traces))
        {
            traces = new Traces(monitor, Chosen(monitor), (_windowSteps + monitor.Interval - 1) / monitor.Interval);
            _traces[monitor] = traces;
            _order.Add(monitor);
        }
        ReadOnlySpan<long> steps = monitor.Steps;
        for (int k = 0; k < steps.Length; k++)
        {
            if (Inside(steps[k]))
            {
                traces.Add(steps[k] * _dt, monitor, k);
            }
        }
    }

    public void OnSpikes(SpikeMonitor monitor)
    {
        if (!_rasters.TryGetValue(monitor, out var raster))
        {
            raster = new Raster(monitor.Neurons, (int)((_windowSteps + BinSteps - 1) / BinSteps));
            _rasters[monitor] = raster;
            _order.Add(monitor);
        }
        ReadOnlySpan<long> steps = monitor.Steps;
        ReadOnlySpan<int> indices = monitor.Indices;
        for (int k = 0; k < steps.Length; k++)
        {
            if (Inside(steps[k]))
            {
                raster.Add(steps[k] * _dt, indices[k], (int)((steps[k] - _options.FromStep) / BinSteps));
            }
        }
    }

    public void OnRate(RateMonitor monitor)
    {
        if (!_rates.TryGetValue(monitor, out var rate))
        {
            rate = new Rate((int)((_windowSteps + BinSteps - 1) / BinSteps), monitor.Window > 1);
            _rates[monitor] = rate;
            _order.Add(monitor);
        }
        ReadOnlySpan<long> steps = monitor.Steps;
        for (int k = 0; k < steps.Length; k++)
        {
            if (Inside(steps[k]))
            {
                int bin = (int)((steps[k] - _options.FromStep) / BinSteps);
                rate.Add(bin, monitor.Rates[k], monitor.Window > 1 ? monitor.Smoothed[k] : 0);
            }
        }
    }

    /// <summary>The traces of every state monitor, in the order they were first seen.</summary>
    public IReadOnlyList<TraceSet> States => TraceSets(synapses: false);

    /// <summary>The traces of every synapse monitor.</summary>
    public IReadOnlyList<TraceSet> Weights => TraceSets(synapses: true);

    public IReadOnlyList<RasterData> Rasters => _order.OfType<SpikeMonitor>().Select(m =>
    {
        var raster = _rasters[m];
        var (times, indices) = raster.Points();
        double binSeconds = BinSteps * _dt;
        double[] binTimes = Enumerable.Range(0, raster.Counts.Length).Select(b => (_options.FromStep + (b + 0.5) * BinSteps) * _dt).ToArray();
        double[] binRates = raster.Counts.Select(c => (double)c / Math.Max(1, m.Neurons) / binSeconds).ToArray();
        return new RasterData(m.Source, m.Start, m.Neurons, raster.Limit, times, indices, binTimes, binRates, binSeconds);
    }).ToList();

    public IReadOnlyList<RateData> Rates => _order.OfType<RateMonitor>().Select(m =>
    {
        var rate = _rates[m];
        double[] times = Enumerable.Range(0, rate.Sums.Length).Select(b => (_options.FromStep + (b + 0.5) * BinSteps) * _dt).ToArray();
        return new RateData(m.Source, m.Window, times, rate.Mean(rate.Sums), rate.Smoothed is null ? null : rate.Mean(rate.Smoothed));
    }).ToList();

    private bool Inside(long step) => step >= _options.FromStep && step < _options.ToStep;

    private IReadOnlyList<TraceSet> TraceSets(bool synapses) =>
        _order.OfType<IStateMonitor>().Where(m => m.Source.Contains(" -> ", StringComparison.Ordinal) == synapses)
            .Select(m => _traces[m].ToSet(m, synapses)).ToList();

    /// <summary>Recorded elements to draw (counted from the monitor's start): those the command line names that are recorded, else a handful spread over them.</summary>
    private int[] Chosen(IStateMonitor monitor)
    {
        if (_options.Neurons is { } wanted && !monitor.Source.Contains(" -> ", StringComparison.Ordinal))
        {
            var inside = wanted.Where(n => n >= monitor.Start && n < monitor.Start + monitor.Neurons).Select(n => n - monitor.Start).Distinct().ToArray();
            if (inside.Length > 0)
            {
                return inside;
            }
        }
        int count = monitor.Neurons;
        return count <= DefaultTraces
            ? Enumerable.Range(0, count).ToArray()
            : Enumerable.Range(0, DefaultTraces).Select(k => (int)Math.Round(k * (count - 1) / (double)(DefaultTraces - 1))).Distinct().ToArray();
    }

    private sealed class Traces(IStateMonitor monitor, int[] chosen, long expected)
    {
        private readonly Decimator[] _traces = chosen.Select(_ => new Decimator(expected)).ToArray();
        private readonly Decimator? _mean = monitor.Source.Contains(" -> ", StringComparison.Ordinal) ? new Decimator(expected) : null;

        public void Add(double time, IStateMonitor m, int sample)
        {
            for (int k = 0; k < chosen.Length; k++)
            {
                _traces[k].Add(time, m.ValueAt(sample, chosen[k]));
            }
            if (_mean is not null && m.Neurons > 0)
            {
                double sum = 0;
                for (int i = 0; i < m.Neurons; i++)
                {
                    sum += m.ValueAt(sample, i);
                }
                _mean.Add(time, sum / m.Neurons);
            }
        }

        public TraceSet ToSet(IStateMonitor m, bool synapses)
        {
            var traces = new List<(string, double[], double[])>();
            if (_mean is not null)
            {
                var (t, v) = _mean.Points();
                traces.Add(($"mean of {m.Neurons} synapses", t, v));
            }
            for (int k = 0; k < chosen.Length; k++)
            {
                var (t, v) = _traces[k].Points();
                traces.Add((synapses ? $"synapse {chosen[k]}" : $"{m.Source}[{m.Start + chosen[k]}]", t, v));
            }
            return new TraceSet(m.Source, m.Variable, m.Unit, m.Neurons, synapses, traces);
        }
    }

    /// <summary>Spikes of the first <see cref="Limit"/> neurons, halving the limit whenever they pass <see cref="MaxRasterPoints"/>; counts per bin of all.</summary>
    private sealed class Raster(int neurons, int bins)
    {
        private readonly List<(double Time, int Index)> _spikes = [];

        public int Limit { get; private set; } = neurons;

        public int[] Counts { get; } = new int[Math.Max(1, bins)];

        public void Add(double time, int index, int bin)
        {
            Counts[Math.Min(bin, Counts.Length - 1)]++;
            if (index >= Limit)
            {
                return;
            }
            _spikes.Add((time, index));
            while (_spikes.Count > MaxRasterPoints && Limit > 1)
            {
                Limit /= 2;
                _spikes.RemoveAll(s => s.Index >= Limit);
            }
        }

        public (double[] Times, int[] Indices) Points() => (_spikes.Select(s => s.Time).ToArray(), _spikes.Select(s => s.Index).ToArray());
    }

    private sealed class Rate(int bins, bool smoothed)
    {
        private readonly int[] _counts = new int[Math.Max(1, bins)];

        public double[] Sums { get; } = new double[Math.Max(1, bins)];

        public double[]? Smoothed { get; } = smoothed ? new double[Math.Max(1, bins)] : null;

        public void Add(int bin, double rate, double smooth)
        {
            bin = Math.Min(bin, _counts.Length - 1);
            _counts[bin]++;
            Sums[bin] += rate;
            if (Smoothed is not null)
            {
                Smoothed[bin] += smooth;
            }
        }

        public double[] Mean(double[] sums) => sums.Select((s, b) => _counts[b] == 0 ? double.NaN : s / _counts[b]).ToArray();
    }
}
