using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace SpikeLang.Runtime.Tests;

/// <summary>Stimulus files (docs/stimuli.md): spike times and values, CSV and NPY, checked before a run.</summary>
public class StimulusTests : IDisposable
{
    private const double Dt = 1e-4;
    private readonly string _directory = Directory.CreateTempSubdirectory("spikelang-stimulus-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, string text)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Plays a stimulus for some steps and keeps what the input population was given.</summary>
    private static List<(long Step, int[]? Spikes, double[]? Values)> Play(IStimulus stimulus, long steps)
    {
        var input = new FakeInput();
        var given = new List<(long, int[]?, double[]?)>();
        for (long step = 0; step < steps; step++)
        {
            input.Spikes = null;
            input.Values = null;
            stimulus.Apply(step, input);
            if (input.Spikes is not null || input.Values is not null)
            {
                given.Add((step, input.Spikes, input.Values));
            }
        }
        return given;
    }

    [Fact]
    public void Spike_times_fall_in_the_step_Brian2_puts_them_in()
    {
        // 0.0003 is 2.9999999999999997 steps of 0.1 ms in double: Brian2's 10⁻³·dt of slack puts it in step 3.
        string path = Write("spikes.csv", "time_s,index\n0,1\n0.0003,0\n0.0003,2\n0.00035,1\n0.001,4\n");
        var loaded = StimulusFile.Load(path, Dt, sources: 5);
        Assert.Equal((StimulusKind.Spikes, 5L, 10L), (loaded.Kind, loaded.Events, loaded.LastStep));
        var given = Play(loaded.Stimulus, 12);
        Assert.Equal(new long[] { 0, 3, 10 }, given.Select(g => g.Step).ToArray());
        Assert.Equal(new[] { 0, 2, 1 }, given[1].Spikes);
    }

    [Fact]
    public void Values_hold_from_their_step_until_the_next_change()
    {
        string path = Write("currents.csv", "time_s,index,i_ext\n0,0,1e-9\n0.0002,1,2e-9\n0.0002,0,0\n");
        var loaded = StimulusFile.Load(path, Dt, sources: 2);
        Assert.Equal(StimulusKind.Values, loaded.Kind);
        var given = Play(loaded.Stimulus, 5);
        Assert.Equal(new long[] { 0, 2 }, given.Select(g => g.Step).ToArray());
        Assert.Equal(new[] { 1e-9, 0 }, given[0].Values);
        Assert.Equal(new[] { 0, 2e-9 }, given[1].Values);
    }

    [Fact]
    public void A_recorded_spike_file_in_npy_drives_an_input()
    {
        string path = Path.Combine(_directory, "spikes_P.npy");
        using (var writer = new NpyWriter(path, [new("t", "<f8"), new("i", "<i4")]))
        {
            foreach (var (step, index) in new[] { (2L, 1), (2L, 3), (7L, 0) })
            {
                writer.Write(step * Dt);
                writer.Write(index);
            }
            writer.Complete();
        }
        var given = Play(StimulusFile.Load(path, Dt, sources: 4).Stimulus, 10);
        Assert.Equal(new long[] { 2, 7 }, given.Select(g => g.Step).ToArray());
        Assert.Equal(new[] { 1, 3 }, given[0].Spikes);
        Assert.Equal(new[] { 0 }, given[1].Spikes);
    }

    [Fact]
    public void A_recorded_state_file_in_npy_drives_values()
    {
        string path = Path.Combine(_directory, "state_P_v.npy");
        using (var writer = new NpyWriter(path, [new("t", "<f8"), new("v", "<f4", 2)]))
        {
            writer.Write(0.0);
            writer.Write<float>([1, 2]);
            writer.Write(3 * Dt);
            writer.Write<float>([5, 6]);
            writer.Complete();
        }
        var loaded = StimulusFile.Load(path, Dt, sources: 2);
        Assert.Equal((StimulusKind.Values, 4L), (loaded.Kind, loaded.Events));
        var given = Play(loaded.Stimulus, 5);
        Assert.Equal(new long[] { 0, 3 }, given.Select(g => g.Step).ToArray());
        Assert.Equal(new double[] { 1, 2 }, given[0].Values);
        Assert.Equal(new double[] { 5, 6 }, given[1].Values);
    }

    [Theory]
    [InlineData("time_s,index\n0,5\n", "line 2: index 5 is not a source of this input, which has 5")]
    [InlineData("time_s,index\n0.001,1\n0.0005,2\n", "line 3: time 0.0005 s comes after a later one; sort the file by time")]
    [InlineData("time_s,index\n0.001,1\n0.00101,1\n", "line 3: source 1 spikes twice in the step of 0.00101 s")]
    [InlineData("time_s,index\n-1,1\n", "line 2: time -1 s is not a time of the run")]
    [InlineData("time_s,index\nsoon,1\n", "line 2: 'soon' is not a number")]
    [InlineData("when,who\n0,1\n", "the first line must name the columns, 'time_s,index' for spike times")]
    [InlineData("time_s,index,value\n0,1,NaN\n", "line 2: the value NaN is not a finite number")]
    public void A_bad_file_is_refused_before_the_run_naming_the_line(string text, string message)
    {
        string path = Write("bad.csv", text);
        var error = Assert.Throws<InvalidDataException>(() => StimulusFile.Load(path, Dt, sources: 5));
        Assert.Contains(message, error.Message);
        Assert.StartsWith(path, error.Message);
    }

    [Fact]
    public void Events_from_before_the_stimulus_was_attached_are_dropped()
    {
        var stimulus = new SpikeStimulus(new[] { (1L, 0), (5L, 1) });
        var input = new FakeInput();
        stimulus.Apply(3, input);
        Assert.Null(input.Spikes);
        stimulus.Apply(5, input);
        Assert.Equal(new[] { 1 }, input.Spikes);
    }

    private sealed class FakeInput : IInputPopulation
    {
        public int[]? Spikes { get; set; }
        public double[]? Values { get; set; }
        public IStimulus? Stimulus { get; set; }
        public string Name => "in";
        public int Count => 5;
        public long SpikeCount => 0;
        ReadOnlySpan<int> IPopulation.Spikes => default;
        public SpikeMonitor? SpikeMonitor => null;
        public RateMonitor? RateMonitor => null;
        public IReadOnlyList<IStateMonitor> StateMonitors => [];
        public IReadOnlyList<string> StateVariables => [];
        public double[] ReadState(string variable) => throw new ArgumentException(variable);
        public void SetSpikes(ReadOnlySpan<int> indices) => Spikes = indices.ToArray();
        public void SetValues(ReadOnlySpan<double> values) => Values = values.ToArray();
        public void ClearValues() => Values = null;
    }
}
