using System;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// The integer compartment update of a Loihi-1-class CUBA LIF core, bit for bit as Lava's
/// bit-accurate LIF model computes it. Both chip simulators (the one over the emitted tables and
/// the one over the quantized network) use these primitives, so they are the single place that
/// states the arithmetic; the unit tests check them against hand-computed sequences.
/// </summary>
public static class LoihiArithmetic
{
    /// <summary>Decay constants are 12-bit: a decay of d keeps (4096 − d)/4096 of the value.</summary>
    public const int DecayUnity = 4096;

    /// <summary>Largest decay constant (du, dv).</summary>
    public const int MaxDecay = 4095;

    /// <summary>The current u wraps at this many bits (two's complement).</summary>
    public const int CurrentBits = 24;

    /// <summary>The voltage v saturates at ±<see cref="MaxVoltage"/>.</summary>
    public const int MaxVoltage = (1 << 23) - 1;

    /// <summary>Summed synaptic input and thresholds are shifted left by this many bits before use.</summary>
    public const int InputShift = 6;

    /// <summary>
    /// <c>sign(x) · ((|x| · (4096 − d)) &gt;&gt; 12)</c> with a 64-bit product, so the result is
    /// truncated toward zero whatever the sign of x.
    /// </summary>
    public static long Decay(long x, int d)
    {
        long magnitude = (Math.Abs(x) * (DecayUnity - d)) >> 12;
        return x < 0 ? -magnitude : magnitude;
    }

    /// <summary>Two's-complement wrap-around to <see cref="CurrentBits"/> bits.</summary>
    public static int WrapCurrent(long u) => (int)((u << (64 - CurrentBits)) >> (64 - CurrentBits));

    /// <summary>Saturation to ±<see cref="MaxVoltage"/>.</summary>
    public static int SaturateVoltage(long v) => (int)Math.Clamp(v, -MaxVoltage, MaxVoltage);

    /// <summary>
    /// <c>u = decay(u, du + 1) + (a_in &lt;&lt; 6)</c>, wrapped at 24 bits. The <c>+ 1</c> is
    /// Lava's offset for the current decay: du = 4095 empties u in one step.
    /// </summary>
    public static int NextCurrent(int u, int du, long input) =>
        WrapCurrent(Decay(u, du + 1) + (input << InputShift));

    /// <summary>The per-step bias current <c>bias_mant &lt;&lt; bias_exp</c>.</summary>
    public static long Bias(int mantissa, int exponent) => (long)mantissa << exponent;

    /// <summary>The voltage a compartment must exceed to spike: <c>vth &lt;&lt; 6</c>.</summary>
    public static long Threshold(int mantissa) => (long)mantissa << InputShift;

    /// <summary>
    /// One soma step after its current has been updated. While the refractory counter is positive
    /// the voltage is held at 0 and the counter counts down (as nengo-loihi's emulator does);
    /// otherwise <c>v = decay(v, dv) + drive</c>, saturated, where drive is the soma's current,
    /// the currents joined from its dendrites and the bias. A spike (<c>v &gt; vth &lt;&lt; 6</c>)
    /// sets v to 0 and starts the refractory counter.
    /// </summary>
    /// <returns>Whether the compartment spiked.</returns>
    public static bool StepSoma(ref int v, ref int refractoryCounter, long drive, int dv, int thresholdMantissa, int refractoryDelay)
    {
        if (refractoryCounter > 0)
        {
            refractoryCounter--;
            v = 0;
            return false;
        }

        v = SaturateVoltage(Decay(v, dv) + drive);
        if (v > Threshold(thresholdMantissa))
        {
            v = 0;
            refractoryCounter = refractoryDelay;
            return true;
        }

        return false;
    }
}
