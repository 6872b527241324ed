using System;
using Xunit;

namespace SpikeLang.Runtime.Tests;

public class PropagatorTests
{
    [Theory]
    [InlineData(0.1e-3, 20e-3)]
    [InlineData(1e-3, 5e-3)]
    [InlineData(10e-3, 1e-3)]
    public void ScalarDecayIsExact(double dt, double tau)
    {
        Propagator.Compute(new[,] { { -1.0 / tau } }, dt, out double[,] p, out double[,] q);
        AssertRelative(Math.Exp(-dt / tau), p[0, 0]);
        // ∫₀^dt e^{−s/τ} ds = τ(1 − e^{−dt/τ})
        AssertRelative(-tau * ExpM1(-dt / tau), q[0, 0]);
    }

    [Theory]
    [InlineData(20e-3, 5e-3)]
    [InlineData(10e-3, 20e-3)]
    public void CubaCoupledPairMatchesItsClosedForm(double tauM, double tauE)
    {
        // dv/dt = (ge − v)/τm, dge/dt = −ge/τe
        const double dt = 0.1e-3;
        var a = new[,] { { -1.0 / tauM, 1.0 / tauM }, { 0.0, -1.0 / tauE } };
        Propagator.Compute(a, dt, out double[,] p, out _);
        double em = Math.Exp(-dt / tauM), ee = Math.Exp(-dt / tauE);
        AssertRelative(em, p[0, 0]);
        AssertRelative(ee, p[1, 1]);
        Assert.Equal(0.0, p[1, 0]);
        AssertRelative(tauE / (tauM - tauE) * (em - ee), p[0, 1], 1e-12);
    }

    [Fact]
    public void CubaCoupledPairWithEqualTimeConstantsMatchesTheLimit()
    {
        const double dt = 0.1e-3, tau = 10e-3;
        var a = new[,] { { -1.0 / tau, 1.0 / tau }, { 0.0, -1.0 / tau } };
        Propagator.Compute(a, dt, out double[,] p, out double[,] q);
        AssertRelative(dt / tau * Math.Exp(-dt / tau), p[0, 1]);
        AssertRelative(Math.Exp(-dt / tau), p[0, 0]);
        // q[0,1] = ∫₀^dt (s/τ)e^{−s/τ} ds = τ(1 − e^{−x}(1 + x)), x = dt/τ
        double x = dt / tau;
        AssertRelative(tau * (1 - Math.Exp(-x) * (1 + x)), q[0, 1], 1e-10);
    }

    [Fact]
    public void SingularSystemsGiveIdentityAndDt()
    {
        const double dt = 0.25e-3;
        Propagator.Compute(new double[3, 3], dt, out double[,] p, out double[,] q);
        for (int i = 0; i < 3; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                Assert.Equal(i == j ? 1.0 : 0.0, p[i, j], 15);
                AssertAbsolute(i == j ? dt : 0.0, q[i, j], 1e-18);
            }
        }

        // A leak-free integrator driven by a decaying current: dv/dt = I, dI/dt = −I/τ.
        const double tau = 5e-3;
        Propagator.Compute(new[,] { { 0.0, 1.0 }, { 0.0, -1.0 / tau } }, dt, out p, out q);
        AssertRelative(1.0, p[0, 0]);
        AssertRelative(-tau * ExpM1(-dt / tau), p[0, 1]);
        AssertRelative(dt, q[0, 0]);
    }

    [Fact]
    public void RandomMatricesMatchATaylorSeries()
    {
        var rng = new RandomStream(50);
        for (int trial = 0; trial < 60; trial++)
        {
            int n = 1 + rng.NextInt(6);
            // Norms from 0.01 to ~40 exercise every Padé degree and the squaring phase.
            double scale = Math.Pow(10, rng.Uniform(-2, 1.3)) / n;
            var a = new double[n, n];
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    a[i, j] = rng.Uniform(-1, 1) * scale;
                }
            }

            double[,] expected = TaylorExponential(a);
            double[,] actual = Propagator.Exponential(a);
            double error = 0, size = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    error = Math.Max(error, Math.Abs(expected[i, j] - actual[i, j]));
                    size = Math.Max(size, Math.Abs(expected[i, j]));
                }
            }

            Assert.True(error <= 1e-13 * size, $"trial {trial}: n = {n}, scale = {scale}, relative error {error / size}");
        }
    }

    [Fact]
    public void QIsTheIntegralOfP()
    {
        // For invertible A, Q = A⁻¹(P − I); check it on a 2×2 with distinct eigenvalues.
        var a = new[,] { { -50.0, 20.0 }, { 10.0, -200.0 } };
        const double dt = 1e-3;
        Propagator.Compute(a, dt, out double[,] p, out double[,] q);
        // A·Q must equal P − I.
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 2; j++)
            {
                double aq = a[i, 0] * q[0, j] + a[i, 1] * q[1, j];
                AssertAbsolute(p[i, j] - (i == j ? 1 : 0), aq, 1e-14);
            }
        }
    }

    [Fact]
    public void RejectsNonSquareAndNonFiniteInput()
    {
        Assert.Throws<ArgumentException>(() => Propagator.Exponential(new double[2, 3]));
        Assert.Throws<ArgumentException>(() => Propagator.Exponential(new[,] { { double.NaN } }));
        Assert.Throws<ArgumentException>(() => Propagator.Exponential(new[,] { { double.PositiveInfinity } }));
        Assert.Empty(Propagator.Exponential(new double[0, 0]));
    }

    // Taylor series of A/2^s (‖A/2^s‖ ≤ 1/2, 40 terms, so the truncation is far below double
    // precision), then s squarings: independent of the Padé code under test.
    private static double[,] TaylorExponential(double[,] a)
    {
        int n = a.GetLength(0);
        double norm = 0;
        for (int j = 0; j < n; j++)
        {
            double sum = 0;
            for (int i = 0; i < n; i++)
            {
                sum += Math.Abs(a[i, j]);
            }

            norm = Math.Max(norm, sum);
        }

        int s = 0;
        while (norm > 0.5)
        {
            norm /= 2;
            s++;
        }

        var x = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                x[i, j] = a[i, j] / Math.Pow(2, s);
            }
        }

        var result = new double[n, n];
        var term = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            result[i, i] = 1;
            term[i, i] = 1;
        }

        for (int k = 1; k <= 40; k++)
        {
            term = Multiply(term, x);
            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < n; j++)
                {
                    term[i, j] /= k;
                    result[i, j] += term[i, j];
                }
            }
        }

        for (int k = 0; k < s; k++)
        {
            result = Multiply(result, result);
        }

        return result;
    }

    private static double[,] Multiply(double[,] x, double[,] y)
    {
        int n = x.GetLength(0);
        var r = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int k = 0; k < n; k++)
                {
                    sum += x[i, k] * y[k, j];
                }

                r[i, j] = sum;
            }
        }

        return r;
    }

    // double.ExpM1 is Math.Exp(x) − 1 in .NET, which loses the digits these tests need.
    private static double ExpM1(double x)
    {
        if (Math.Abs(x) > 0.1)
        {
            return Math.Exp(x) - 1;
        }

        double term = x, sum = x;
        for (int k = 2; k < 25; k++)
        {
            term *= x / k;
            sum += term;
        }

        return sum;
    }

    private static void AssertRelative(double expected, double actual, double tolerance = 1e-14)
    {
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Abs(expected), $"expected {expected:R}, got {actual:R} (relative {Math.Abs(expected - actual) / Math.Abs(expected):E2})");
    }

    private static void AssertAbsolute(double expected, double actual, double tolerance)
    {
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected:R}, got {actual:R}");
    }
}
