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

    /// <summary>The delay of a Delay node in whole steps of <paramref name="dt"/>; one value for all its elements.</summary>
    /// <exception cref="NirFormatException">A negative delay, one that is not a whole number of steps, or different delays per element.</exception>
    public static int Steps(NirNode delay, double dt)
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

        if (!values.IsUniform)
        {
            throw new NirFormatException(delay.Name, "delay",
                $"has different delays per element ({string.Join(", ", values.Values.Distinct().Take(4).Select(Text))}…); SpikeLang imports a Delay with one value for all its elements — split the path into Delay nodes of one value each");
        }

        return values.Count == 0 ? 0 : (int)Math.Round(values.Values[0] / dt);
    }

    /// <summary>
    /// The SpikeLang timing of a connection whose NIR path holds Delay nodes of <paramref name="nirSteps"/> steps in all:
    /// <c>same_step</c> when it arrives in the spike's own step, else the <c>delay</c> in steps (arrival − 1).
    /// </summary>
    /// <param name="nirSteps">The Delay nodes' steps on the path, 0 for none.</param>
    /// <param name="withinStep">The import evaluates this edge within the step (same-step timing, on no cycle).</param>
    public static (bool SameStep, int DelaySteps) ToSpikeLang(int nirSteps, bool withinStep)
    {
        int arrival = nirSteps + (withinStep ? 0 : 1);
        return arrival == 0 ? (true, 0) : (false, arrival - 1);
    }

    /// <summary>
    /// The NIR Delay, in steps, that gives back a connection of <paramref name="delaySteps"/> (not <c>same_step</c>) when
    /// the file is imported with the timing under which this edge is evaluated within the step or not; the inverse of
    /// <see cref="ToSpikeLang"/>.
    /// </summary>
    public static int ToNir(int delaySteps, bool withinStep) => delaySteps + (withinStep ? 1 : 0);

    private static string Text(double value) => value.ToString("G6", CultureInfo.InvariantCulture);
}
