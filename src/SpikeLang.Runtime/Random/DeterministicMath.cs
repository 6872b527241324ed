using System;

namespace SpikeLang.Runtime;

/// <summary>
/// Natural logarithm built only from IEEE-754 basic operations (+, −, ×, ÷), a port of
/// fdlibm's <c>__ieee754_log</c> (error below 1 ulp).
/// </summary>
/// <remarks>
/// <see cref="Math.Log(double)"/> forwards to the platform C library, whose last-bit results
/// differ between glibc, the Windows CRT and Apple's libm. Random draws that pass through a
/// logarithm (geometric gaps, Gaussian deviates) would then differ between machines once in
/// a while, so everything that must be reproducible bit for bit uses this instead. .NET never
/// contracts a*b+c into a fused multiply-add on its own, so the result is the same everywhere.
/// </remarks>
internal static class DeterministicMath
{
    private const double Ln2Hi = 6.93147180369123816490e-01;
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double Two54 = 1.80143985094819840000e+16;
    private const double Lg1 = 6.666666666666735130e-01;
    private const double Lg2 = 3.999999999940941908e-01;
    private const double Lg3 = 2.857142874366239149e-01;
    private const double Lg4 = 2.222219843214978396e-01;
    private const double Lg5 = 1.818357216161805012e-01;
    private const double Lg6 = 1.531383769920937332e-01;
    private const double Lg7 = 1.479819860511658591e-01;

    /// <summary>ln(x), reproducible bit for bit on every platform.</summary>
    public static double Log(double x)
    {
        long bits = BitConverter.DoubleToInt64Bits(x);
        int hx = (int)(bits >> 32);
        uint lx = (uint)bits;
        int k = 0;
        if (hx < 0x00100000)
        {
            if (((hx & 0x7fffffff) | (int)lx) == 0)
            {
                return double.NegativeInfinity;
            }

            if (hx < 0)
            {
                return double.NaN;
            }

            // Subnormal: scale into the normal range first.
            k -= 54;
            x *= Two54;
            bits = BitConverter.DoubleToInt64Bits(x);
            hx = (int)(bits >> 32);
        }

        if (hx >= 0x7ff00000)
        {
            return x + x;
        }

        k += (hx >> 20) - 1023;
        hx &= 0x000fffff;
        // Pick x or x/2 so that the reduced argument lies in [sqrt(2)/2, sqrt(2)).
        int i = (hx + 0x95f64) & 0x100000;
        bits = ((long)(hx | (i ^ 0x3ff00000)) << 32) | (bits & 0xffffffffL);
        x = BitConverter.Int64BitsToDouble(bits);
        k += i >> 20;
        double f = x - 1.0;
        double dk;
        if ((0x000fffff & (2 + hx)) < 3)
        {
            // |f| < 2^-20: the series needs only two terms.
            if (f == 0.0)
            {
                if (k == 0)
                {
                    return 0.0;
                }

                dk = k;
                return dk * Ln2Hi + dk * Ln2Lo;
            }

            double r0 = f * f * (0.5 - 0.33333333333333333 * f);
            if (k == 0)
            {
                return f - r0;
            }

            dk = k;
            return dk * Ln2Hi - ((r0 - dk * Ln2Lo) - f);
        }

        double s = f / (2.0 + f);
        dk = k;
        double z = s * s;
        int ii = hx - 0x6147a;
        double w = z * z;
        int j = 0x6b851 - hx;
        double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
        double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
        ii |= j;
        double r = t2 + t1;
        if (ii > 0)
        {
            double hfsq = 0.5 * f * f;
            if (k == 0)
            {
                return f - (hfsq - s * (hfsq + r));
            }

            return dk * Ln2Hi - ((hfsq - (s * (hfsq + r) + dk * Ln2Lo)) - f);
        }

        if (k == 0)
        {
            return f - s * (f - r);
        }

        return dk * Ln2Hi - ((s * (f - r) - dk * Ln2Lo) - f);
    }

    /// <summary>ln(1 + x), accurate for small |x| where forming 1 + x would lose the digits of x.</summary>
    public static double Log1P(double x)
    {
        // Inside this range 1 + x lies in [sqrt(2)/2, sqrt(2)), where fdlibm's kernel applies
        // with k = 0 and f = x, so 1 + x never has to be rounded.
        if (x > -0.2928932188134524 && x < 0.41421356237309503)
        {
            if (x == 0.0)
            {
                return x;
            }

            double s = x / (2.0 + x);
            double z = s * s;
            double w = z * z;
            double t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
            double t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
            double r = t2 + t1;
            double hfsq = 0.5 * x * x;
            return x - (hfsq - s * (hfsq + r));
        }

        return Log(1.0 + x);
    }
}
