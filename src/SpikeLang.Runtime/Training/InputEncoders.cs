using System;

namespace SpikeLang.Runtime;

/// <summary>Turn static input intensities (pixels in [0, 1]) into spikes for a spiking network.</summary>
public static class InputEncoders
{
    /// <summary>
    /// Poisson (Bernoulli per step) rate coding: input i spikes this step with probability
    /// clamp(x_i, 0, 1)·<paramref name="maxRate"/>·<paramref name="dt"/>, capped at 1.
    /// </summary>
    /// <remarks>
    /// snnTorch's <c>spikegen.rate</c> spikes with probability clamp(x, 0, 1) per step, without a
    /// time scale; it is this encoder with maxRate·dt = 1. Expressing the rate in Hz keeps the
    /// encoding independent of the time step. The uniforms come from
    /// <see cref="RandomStream.FillUniform(Span{float})"/> (drawn into <paramref name="spikes"/>
    /// itself, so nothing is allocated); input i spikes when u_i &lt; p_i.
    /// </remarks>
    /// <param name="intensities">x, one per input.</param>
    /// <param name="spikes">Receives 1 (spike) or 0, same length.</param>
    /// <param name="maxRate">Rate of an input of intensity 1, in Hz.</param>
    /// <param name="dt">Time step in seconds.</param>
    /// <param name="random">Stream to draw from.</param>
    public static void Poisson(ReadOnlySpan<float> intensities, Span<float> spikes, float maxRate, double dt, RandomStream random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (spikes.Length != intensities.Length)
        {
            throw new ArgumentException($"Poisson encoding writes one spike per input: {intensities.Length} intensities but {spikes.Length} spike slots.", nameof(spikes));
        }

        if (!(maxRate >= 0) || !(dt > 0) || float.IsInfinity(maxRate) || double.IsInfinity(dt))
        {
            throw new ArgumentOutOfRangeException(nameof(maxRate), $"Poisson encoding needs a finite maxRate ≥ 0 Hz and dt > 0 s; got {maxRate} Hz and {dt} s.");
        }

        float scale = (float)(maxRate * dt);
        random.FillUniform(spikes);
        for (int i = 0; i < spikes.Length; i++)
        {
            float probability = Math.Clamp(intensities[i], 0f, 1f) * scale;
            spikes[i] = spikes[i] < probability ? 1f : 0f;
        }
    }

    /// <summary>
    /// Latency coding after snnTorch's <c>spikegen.latency</c> (its default logarithmic RC model):
    /// an input x charges an RC circuit of time constant <paramref name="tau"/> that fires on
    /// reaching <paramref name="threshold"/>, at t = tau·ln(x / (x − threshold)); the input spikes
    /// once, at step round(t / dt) (ties to even, as <c>torch.round</c>). Returns that step, or −1
    /// when it never spikes inside the window.
    /// </summary>
    /// <remarks>
    /// Follows snnTorch in the formula and the rounding. Differs in three places: tau is a time
    /// (seconds) divided by dt here, where snnTorch's tau is in steps (the same for dt = 1);
    /// x ≤ threshold never spikes (snnTorch clamps x to threshold + 1e−7 and lets the spike fall
    /// past the window, or drops it with <c>clip=True</c>); and a spike beyond the last step is
    /// dropped alone, where snnTorch, once any spike of the tensor falls outside, clears the whole
    /// last step. Its <c>normalize</c>, <c>linear</c> and <c>first_spike_time</c> options are not offered.
    /// </remarks>
    /// <param name="x">Intensity.</param>
    /// <param name="tau">RC time constant in seconds.</param>
    /// <param name="threshold">Firing threshold, in (0, 1) as snnTorch requires.</param>
    /// <param name="dt">Time step in seconds.</param>
    /// <param name="steps">Steps in the presentation window.</param>
    /// <returns>The spike step in [0, steps), or −1.</returns>
    public static int LatencyStep(float x, float tau, float threshold, double dt, int steps)
    {
        if (!(tau > 0) || !(threshold > 0 && threshold < 1) || !(dt > 0) || steps < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(tau), $"Latency encoding needs tau > 0, 0 < threshold < 1, dt > 0 and steps ≥ 1; got tau {tau}, threshold {threshold}, dt {dt}, steps {steps}.");
        }

        if (!(x > threshold))
        {
            return -1;
        }

        double time = tau * Math.Log((double)x / ((double)x - threshold));
        double step = Math.Round(time / dt, MidpointRounding.ToEven);
        return step < steps ? (int)step : -1;
    }
}
