using System;

namespace SpikeLang.Runtime;

/// <summary>Simulated time in whole steps, rounded the one way every network and tool rounds it.</summary>
public static class SimulationTime
{
    /// <summary>The number of steps of <paramref name="dt"/> seconds in <paramref name="duration"/>, rounded to the nearest whole step.</summary>
    public static long Steps(TimeSpan duration, double dt) => (long)Math.Round(duration.TotalSeconds / dt);
}
