using System.Linq;
using Brian2Features;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2;

/// <summary>run_regularly: on its slice only, at the start of the steps its interval divides, with the slice's own i.</summary>
public class RunRegularlyTests
{
    [Fact]
    public void Code_runs_on_its_slice_at_the_start_of_every_interval()
    {
        var net = new Regular();
        net.Run(12); // steps 0..11: every 5 steps runs at 0, 5, 10; every 3 at 0, 3, 6, 9
        Assert.Equal(new float[] { 0, 0, 3, 3, 3, 3, 8, 8 }, net.P.runs.ToArray());
        Assert.Equal(new float[] { -1, -1, 0, 1, 2, 3, -1, -1 }, net.P.index.ToArray());
        Assert.All(net.P.last.ToArray().Skip(2).Take(4), t => Assert.Equal(10 * Regular.Dt, t, 6));
        // Set to 1 at the start of step 10, then decayed through steps 10 and 11 by exp(-dt/tau) each.
        double decayed = System.Math.Exp(-2 * Regular.Dt / 10e-3);
        Assert.All(net.P.v.ToArray().Skip(2).Take(4), v => Assert.Equal(decayed, v, 5));
        Assert.All(net.P.v.ToArray().Take(2).Concat(net.P.v.ToArray().Skip(6)), v => Assert.Equal(0f, v));
    }
}
