using Brian2Features;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2;

/// <summary>A Poisson rate of t or a timed array is evaluated every step, at the time the step starts (probability rate·dt).</summary>
public class TimeVaryingRateTests
{
    [Fact]
    public void A_rate_of_time_switches_at_the_step_its_expression_says()
    {
        var net = new TimeVaryingRates(seed: 2);
        var late = new long[30];
        var gated = new int[30];
        for (int step = 0; step < 30; step++)
        {
            net.Step();
            late[step] = net.Late.Spikes.Length;
            gated[step] = net.Gated.Spikes.Length;
        }
        for (int step = 0; step < 30; step++)
        {
            // rate 1/dt from t = 0.5 ms: every source spikes in every step from step 5.
            Assert.Equal(step >= 5 ? 4 : 0, late[step]);
            // 10 kHz (probability 1) during the second millisecond, for sources 0 and 1 only.
            Assert.Equal(step is >= 10 and < 20 ? 2 : 0, gated[step]);
        }
    }
}
