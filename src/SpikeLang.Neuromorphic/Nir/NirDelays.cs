using System;
using System.Globalization;
using System.Linq;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>
/// Converts between NIR Delay nodes (output[i](t) = input[i](t − delay[i]), delay in seconds) and SpikeLang's
/// <c>delay</c>. A connection's spike reaches its target's update a number of steps after it happens, its
/// <em>arrival</em>: in SpikeLang 0 for <c>same_step</c>, otherwise 1 + the connection's <c>delay</c> in steps. On
/// the NIR side a Delay of d steps adds d to what the edge takes without it under the import's timing
/// (<see cref="NirTiming"/>): 0 for an edge evaluated within the step (same-step, on no cycle), 1 otherwise.
/// </summary>
public static class NirDelays
{
    /// <summary>How far from a whole number of steps a delay may be and still count as one (float32 storage rounds it).</summary>
    public const double Tolerance = 1e-4;

    /// <summary>The delay of each element of a Delay node in whole steps of <paramref name="dt"/>.</summary>
    /// <exception cref="NirFormatException">A negative delay, or one that is not a whole number of steps.</exception>
    public static int[] Steps(NirNode delay, double dt)
    {
        NirTensor values = delay["delay"];
        foreach (double seconds in values.Values)
        {
            if (!(seconds >= 0) || double.IsInfinity(seconds))
            {
                throw new NirFormatException(delay.Name, "delay", $"is {Text(seconds)} s; a delay must be a number of seconds, 0 or more");
            }

            double steps = seconds / dt;
            if (Math.Abs(steps - Math.Round(steps)) > Tolerance || Math.Round(steps) > int.MaxValue)
            {
                throw new NirFormatException(delay.Name, "delay",
                    $"is {Text(seconds)} s, {Text(steps)} steps of {Text(dt)} s; SpikeLang delays by whole steps — import with a --dt that divides the delay, or round the delay in the NIR file");
            }
        }

        return values.Values.Select(seconds => (int)Math.Round(seconds / dt)).ToArray();
    }

    /// <summary>
    /// The SpikeLang timing of a connection whose NIR path holds the Delay nodes <paramref name="nir"/>: <c>same_step</c>
    /// when it arrives in the spike's own step, else the <c>delay</c> in steps (arrival − 1, per synapse).
    /// </summary>
    /// <param name="nir">The Delay nodes' steps on the path.</param>
    /// <param name="withinStep">The import evaluates this edge within the step (same-step timing, on no cycle).</param>
    /// <exception cref="NirFormatException">Per-element delays where some elements arrive within the step and others later.</exception>
    public static (bool SameStep, NirConnectionDelay Delay) ToSpikeLang(NirConnectionDelay nir, bool withinStep)
    {
        NirConnectionDelay arrival = nir.Plus(withinStep ? 0 : 1);
        if (arrival.IsNone)
        {
            return (true, NirConnectionDelay.None);
        }

        if (arrival.Smallest == 0)
        {
            throw new NirFormatException(nir.Node, "delay",
                "is 0 steps for some elements and more for others, on an edge evaluated within the step (same-step timing, on no cycle); a SpikeLang connection delivers within the step (same_step) or with a delay, not both — give every element a delay of at least one step, or import with --timing one-step");
        }

        return (false, arrival.Plus(-1));
    }

    /// <summary>
    /// The NIR Delay, in steps, that gives back a connection of <paramref name="delaySteps"/> (not <c>same_step</c>) when
    /// the file is imported with the timing under which this edge is evaluated within the step or not; the inverse of
    /// <see cref="ToSpikeLang"/>.
    /// </summary>
    public static int ToNir(int delaySteps, bool withinStep) => delaySteps + (withinStep ? 1 : 0);

    private static string Text(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
