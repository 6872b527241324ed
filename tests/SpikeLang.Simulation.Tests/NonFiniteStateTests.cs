using System;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Simulation.Tests;

/// <summary>A run whose state stops being finite says where and when, instead of going on with NaN.</summary>
public class NonFiniteStateTests
{
    [Fact]
    public void A_diverging_population_is_reported_with_variable_neuron_and_step()
    {
        var net = new Diverging();
        // (−9)^k mV overflows float32 after about 40 steps; neuron 1 starts at 0 and stays there.
        long firstBad = -1;
        for (long step = 0; step < 200 && net.NonFinite is null; step++)
        {
            net.Step();
            if (firstBad < 0 && !float.IsFinite(net.stiff.v[0]))
            {
                firstBad = step;
            }
        }

        var bad = Assert.IsType<NonFiniteState>(net.NonFinite);
        Assert.Equal(("stiff", "v", 0), (bad.Population, bad.Variable, bad.Neuron));
        Assert.False(double.IsFinite(bad.Value));
        Assert.InRange(bad.Step, firstBad, firstBad + NonFiniteState.FiniteCheckInterval - 1);
        Assert.Same(bad, ((INetwork)net).NonFinite);
        Assert.Contains("use a smaller dt", bad.ToString());
    }

    [Fact]
    public void Run_checks_its_last_steps_and_a_finite_network_reports_nothing()
    {
        var net = new Diverging();
        net.Run(45);
        Assert.NotNull(net.NonFinite);

        var finite = new Diverging();
        finite.stiff.v.Clear();
        finite.Run(1000);
        Assert.Null(finite.NonFinite);
    }

    [Fact]
    public void The_check_finds_every_kind_of_non_finite_value_in_the_vector_loop_and_the_tail()
    {
        foreach (float bad in new[] { float.NaN, float.PositiveInfinity, float.NegativeInfinity })
        {
            for (int at = 0; at < 21; at++)
            {
                var values = new float[21];
                values[at] = bad;
                Assert.Equal(at, FiniteCheck.FirstNonFinite(values));
                var doubles = new double[21];
                doubles[at] = bad;
                Assert.Equal(at, FiniteCheck.FirstNonFinite(doubles));
            }
        }
        Assert.Equal(-1, FiniteCheck.FirstNonFinite(new[] { float.MaxValue, -float.MaxValue, float.Epsilon, 0f }));
    }
}
