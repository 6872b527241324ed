using System;
using Xunit;

namespace SpikeLang.Runtime.Tests.Distributed;

public class HeldNeuronsTests
{
    [Fact]
    public void Keep_gives_the_array_itself_when_it_is_held_whole_and_a_copy_of_the_range_otherwise()
    {
        int[] all = [10, 11, 12, 13, 14, 15];
        Assert.Same(all, HeldNeurons.Keep(all, 0, 6));
        int[] kept = HeldNeurons.Keep(all, 2, 5);
        Assert.Equal([12, 13, 14], kept);
        kept[0] = -1;
        Assert.Equal(12, all[2]);
        Assert.Empty(HeldNeurons.Keep(all, 6, 6));
    }

    [Theory]
    // held holds neurons 100..109; the window asks for [first, first + count).
    [InlineData(102, 3, 2, 3)]     // inside
    [InlineData(95, 10, 0, 5)]     // starts before the held range
    [InlineData(107, 10, 7, 3)]    // ends after it
    [InlineData(90, 40, 0, 10)]    // covers it
    [InlineData(80, 20, 0, 0)]     // wholly before
    [InlineData(110, 5, 10, 0)]    // wholly after
    public void Within_is_the_slice_of_the_held_elements_in_a_window_of_neurons(int first, int count, int start, int length)
    {
        float[] held = new float[10];
        for (int k = 0; k < held.Length; k++) held[k] = 100 + k;
        Span<float> window = HeldNeurons.Within(held, 100, first, count);
        Assert.Equal(held.AsSpan(start, length).ToArray(), window.ToArray());
        if (length > 0)
        {
            // A view, not a copy: a subgroup's values are its parent's.
            window[0] = -1;
            Assert.Equal(-1, held[start]);
        }
    }

    [Fact]
    public void A_monitor_takes_the_recorded_elements_from_an_array_that_starts_elsewhere()
    {
        // A subgroup [40, 60) of a population, recorded from its element 5 on for 3 elements: in one process the
        // population's array holds every neuron, so it starts at the subgroup's element -40.
        var monitor = new StateMonitor<float>("v", 20, new MonitorOptions { Start = 5, Count = 3 });
        float[] population = new float[100];
        for (int k = 0; k < population.Length; k++) population[k] = k;
        monitor.Record(0, population, -40, null, 0, 20);
        Assert.Equal([45f, 46f, 47f], monitor.Sample(0).ToArray());
    }
}
