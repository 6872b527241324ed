using System;

namespace SpikeLang.Runtime;

/// <summary>
/// The functions of .snn code that .NET's Math has not in the form Brian2 defines them: accurate near
/// zero where Brian2 uses them to avoid 0/0 (exprel in Hodgkin-Huxley rate functions), and NaN-safe
/// where Math throws (Math.Sign(NaN)). Used by generated code in float and in double, and by the
/// compiler, which links this file, to fold constants with the same results.
/// </summary>
#if SPIKELANG_COMPILER
internal
#else
public
#endif
static partial class SnnMath
{
    /// <summary>eˣ − 1, accurate for small x (Kahan: the rounding of eˣ cancels in (u − 1)·x / ln u).</summary>
    public static double Expm1(double x)
    {
        double u = Math.Exp(x);
        if (u == 1.0)
        {
            return x;
        }
        double um1 = u - 1.0;
        return um1 == -1.0 || double.IsInfinity(u) ? um1 : um1 * x / Math.Log(u);
    }

    /// <summary>(eˣ − 1) / x, and 1 at x = 0: Brian2's exprel.</summary>
    public static double Exprel(double x) => x == 0 ? 1.0 : Expm1(x) / x;

    /// <summary>ln(1 + x), accurate for small x.</summary>
    public static double Log1p(double x)
    {
        double u = 1.0 + x;
        return u == 1.0 ? x : Math.Log(u) * x / (u - 1.0);
    }

    /// <summary>−1, 0 or 1 by the sign of x; NaN for NaN (Math.Sign throws).</summary>
    public static double Sign(double x) => double.IsNaN(x) ? x : Math.Sign(x);

    /// <summary>
    /// Brian2's timestep(t, dt): the step time t falls in, int((t + 10⁻³·dt) / dt), the binning of spike generators,
    /// so that a time written as a multiple of dt is that step despite rounding.
    /// </summary>
    public static double Timestep(double t, double dt) => Math.Floor((t + 1e-3 * dt) / dt);

    /// <summary>
    /// Python's x % y: x − y·floor(x/y), the sign of y, so (j − i) % N is a ring index 0..N−1 for any i, j
    /// (C#'s % keeps the sign of x). NaN for y = 0, as numpy gives it for floats.
    /// </summary>
    public static double Mod(double x, double y)
    {
        double r = x - y * Math.Floor(x / y);
        // Rounding can leave r at y itself (x = −1e-17, y = 1): the result stays within [0, y) or (y, 0].
        return r == y ? 0.0 : r;
    }
}
