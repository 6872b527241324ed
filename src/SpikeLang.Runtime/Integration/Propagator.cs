using System;

namespace SpikeLang.Runtime;

/// <summary>
/// Exact integration of linear ODE systems dx/dt = A·x + b with b constant over a step:
/// x(t + dt) = P·x(t) + Q·b with P = exp(A·dt) and Q = ∫₀^dt exp(A·s) ds.
/// </summary>
/// <remarks>
/// Runs once per model at construction, so it favours robustness over speed: the matrix
/// exponential is Higham's (2005) scaling and squaring with Padé approximants of degree 3, 5, 7,
/// 9 or 13 chosen from the 1-norm, and Q comes out of the same exponential of an augmented
/// matrix instead of A⁻¹(P − I), which fails when A is singular (non-leaky or constant-drive
/// variables) and loses accuracy when time constants coincide.
/// </remarks>
public static class Propagator
{
    // Largest 1-norms for which each Padé degree meets double precision (Higham 2005, table 2.3).
    private const double Theta3 = 1.495585217958292e-2;
    private const double Theta5 = 2.539398330063230e-1;
    private const double Theta7 = 9.504178996162932e-1;
    private const double Theta9 = 2.097847961257068e0;
    private const double Theta13 = 5.371920351148152e0;

    private static readonly double[] B3 = [120, 60, 12, 1];
    private static readonly double[] B5 = [30240, 15120, 3360, 420, 30, 1];
    private static readonly double[] B7 = [17297280, 8648640, 1995840, 277200, 25200, 1512, 56, 1];
    private static readonly double[] B9 = [17643225600, 8821612800, 2075673600, 302702400, 30270240, 2162160, 110880, 3960, 90, 1];

    private static readonly double[] B13 =
    [
        64764752532480000, 32382376266240000, 7771770303897600, 1187353796428800, 129060195264000,
        10559470521600, 670442572800, 33522128640, 1323241920, 40840800, 960960, 16380, 182, 1,
    ];

    /// <summary>exp(<paramref name="matrix"/>) for a square matrix with finite entries.</summary>
    public static double[,] Exponential(double[,] matrix)
    {
        int n = SquareSize(matrix, nameof(matrix));
        if (n == 0)
        {
            return new double[0, 0];
        }

        double norm = Norm1(matrix);
        if (!double.IsFinite(norm))
        {
            throw new ArgumentException("The matrix has non-finite entries.", nameof(matrix));
        }

        if (norm <= Theta3)
        {
            return PadeLow(matrix, B3);
        }

        if (norm <= Theta5)
        {
            return PadeLow(matrix, B5);
        }

        if (norm <= Theta7)
        {
            return PadeLow(matrix, B7);
        }

        if (norm <= Theta9)
        {
            return PadeLow(matrix, B9);
        }

        // Halving by exact powers of two keeps the scaling itself free of rounding.
        int s = 0;
        while (norm > Theta13)
        {
            norm *= 0.5;
            s++;
        }

        double[,] scaled = Scale(matrix, Math.ScaleB(1.0, -s));
        double[,] result = Pade13(scaled);
        for (int k = 0; k < s; k++)
        {
            result = Multiply(result, result);
        }

        return result;
    }

    /// <summary>
    /// The propagators of dx/dt = A·x + b over one step: <paramref name="p"/> = exp(A·dt) and
    /// <paramref name="q"/> = ∫₀^dt exp(A·s) ds, so that x(t + dt) = p·x(t) + q·b.
    /// </summary>
    /// <remarks>
    /// Both are blocks of exp(M·dt) with M = [[A, I], [0, 0]]: the top-left block is P and the
    /// top-right block is Q. This holds for singular A (Q = dt·I when A = 0) and for repeated
    /// eigenvalues, where closed forms built from A⁻¹ or from differences of exponentials break down.
    /// </remarks>
    public static void Compute(double[,] a, double dt, out double[,] p, out double[,] q)
    {
        int n = SquareSize(a, nameof(a));
        if (!double.IsFinite(dt))
        {
            throw new ArgumentOutOfRangeException(nameof(dt), dt, "The step must be finite.");
        }

        double[,] augmented = new double[2 * n, 2 * n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                augmented[i, j] = a[i, j] * dt;
            }

            augmented[i, n + i] = dt;
        }

        double[,] e = Exponential(augmented);
        p = new double[n, n];
        q = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                p[i, j] = e[i, j];
                q[i, j] = e[i, n + j];
            }
        }
    }

    private static double[,] PadeLow(double[,] a, double[] b)
    {
        int n = a.GetLength(0);
        double[,] a2 = Multiply(a, a);
        // Even powers A⁰, A², A⁴, …; U = A·Σ b[2k+1]·A²ᵏ, V = Σ b[2k]·A²ᵏ.
        double[,] power = Identity(n);
        double[,] u = new double[n, n];
        double[,] v = new double[n, n];
        for (int k = 0; 2 * k < b.Length; k++)
        {
            if (k > 0)
            {
                power = Multiply(power, a2);
            }

            AddScaled(v, power, b[2 * k]);
            AddScaled(u, power, b[2 * k + 1]);
        }

        return Solve(Multiply(a, u), v);
    }

    private static double[,] Pade13(double[,] a)
    {
        int n = a.GetLength(0);
        double[] b = B13;
        double[,] identity = Identity(n);
        double[,] a2 = Multiply(a, a);
        double[,] a4 = Multiply(a2, a2);
        double[,] a6 = Multiply(a4, a2);

        double[,] inner = new double[n, n];
        AddScaled(inner, a6, b[13]);
        AddScaled(inner, a4, b[11]);
        AddScaled(inner, a2, b[9]);
        double[,] uSum = Multiply(a6, inner);
        AddScaled(uSum, a6, b[7]);
        AddScaled(uSum, a4, b[5]);
        AddScaled(uSum, a2, b[3]);
        AddScaled(uSum, identity, b[1]);
        double[,] u = Multiply(a, uSum);

        inner = new double[n, n];
        AddScaled(inner, a6, b[12]);
        AddScaled(inner, a4, b[10]);
        AddScaled(inner, a2, b[8]);
        double[,] v = Multiply(a6, inner);
        AddScaled(v, a6, b[6]);
        AddScaled(v, a4, b[4]);
        AddScaled(v, a2, b[2]);
        AddScaled(v, identity, b[0]);

        return Solve(u, v);
    }

    // Solves (V − U)·X = V + U by Gaussian elimination with partial pivoting.
    private static double[,] Solve(double[,] u, double[,] v)
    {
        int n = u.GetLength(0);
        double[,] lhs = new double[n, n];
        double[,] rhs = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                lhs[i, j] = v[i, j] - u[i, j];
                rhs[i, j] = v[i, j] + u[i, j];
            }
        }

        for (int col = 0; col < n; col++)
        {
            int pivot = col;
            double best = Math.Abs(lhs[col, col]);
            for (int r = col + 1; r < n; r++)
            {
                double candidate = Math.Abs(lhs[r, col]);
                if (candidate > best)
                {
                    best = candidate;
                    pivot = r;
                }
            }

            if (best == 0.0)
            {
                throw new ArithmeticException("The Padé denominator is singular; the matrix is too badly scaled for exp().");
            }

            if (pivot != col)
            {
                SwapRows(lhs, pivot, col);
                SwapRows(rhs, pivot, col);
            }

            double diagonal = lhs[col, col];
            for (int r = col + 1; r < n; r++)
            {
                double factor = lhs[r, col] / diagonal;
                if (factor == 0.0)
                {
                    continue;
                }

                for (int c = col; c < n; c++)
                {
                    lhs[r, c] -= factor * lhs[col, c];
                }

                for (int c = 0; c < n; c++)
                {
                    rhs[r, c] -= factor * rhs[col, c];
                }
            }
        }

        double[,] x = new double[n, n];
        for (int c = 0; c < n; c++)
        {
            for (int r = n - 1; r >= 0; r--)
            {
                double sum = rhs[r, c];
                for (int k = r + 1; k < n; k++)
                {
                    sum -= lhs[r, k] * x[k, c];
                }

                x[r, c] = sum / lhs[r, r];
            }
        }

        return x;
    }

    private static void SwapRows(double[,] m, int r1, int r2)
    {
        int n = m.GetLength(1);
        for (int c = 0; c < n; c++)
        {
            (m[r1, c], m[r2, c]) = (m[r2, c], m[r1, c]);
        }
    }

    private static double[,] Multiply(double[,] x, double[,] y)
    {
        int n = x.GetLength(0);
        double[,] result = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int k = 0; k < n; k++)
            {
                double xik = x[i, k];
                if (xik == 0.0)
                {
                    continue;
                }

                for (int j = 0; j < n; j++)
                {
                    result[i, j] += xik * y[k, j];
                }
            }
        }

        return result;
    }

    private static void AddScaled(double[,] target, double[,] source, double factor)
    {
        int n = target.GetLength(0);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                target[i, j] += factor * source[i, j];
            }
        }
    }

    private static double[,] Scale(double[,] m, double factor)
    {
        int n = m.GetLength(0);
        double[,] result = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                result[i, j] = m[i, j] * factor;
            }
        }

        return result;
    }

    private static double[,] Identity(int n)
    {
        double[,] result = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            result[i, i] = 1.0;
        }

        return result;
    }

    private static double Norm1(double[,] m)
    {
        int n = m.GetLength(0);
        double max = 0.0;
        for (int j = 0; j < n; j++)
        {
            double sum = 0.0;
            for (int i = 0; i < n; i++)
            {
                sum += Math.Abs(m[i, j]);
            }

            if (double.IsNaN(sum))
            {
                return sum;
            }

            max = Math.Max(max, sum);
        }

        return max;
    }

    private static int SquareSize(double[,] m, string name)
    {
        ArgumentNullException.ThrowIfNull(m, name);
        int n = m.GetLength(0);
        if (m.GetLength(1) != n)
        {
            throw new ArgumentException($"Expected a square matrix, got {n}×{m.GetLength(1)}.", name);
        }

        return n;
    }
}
