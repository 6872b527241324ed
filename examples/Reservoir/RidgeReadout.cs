// The reservoir example's linear readout: ridge regression solved by Cholesky.
//
// Shared by Program.cs and by tests/SpikeLang.Simulation.Tests (linked there).
using System;
using System.Collections.Generic;

namespace Examples.Reservoir;

/// <summary>
/// A linear readout trained by ridge regression on one-hot targets: W minimises |X W - Y|² + λ|W|²
/// on centred features and targets, the class is the largest output. Solved by the normal equations
/// (XᵀX + λI) W = XᵀY, or in the dual form W = Xᵀ (XXᵀ + λI)⁻¹ Y when there are fewer samples than
/// features; either way by a Cholesky factorization of the symmetric positive definite matrix.
/// </summary>
public sealed class RidgeReadout
{
    private readonly double[,] _w; // features × classes
    private readonly double[] _bias;
    private readonly double[] _mean;

    private RidgeReadout(double[,] w, double[] bias, double[] mean, double lambda)
    {
        _w = w;
        _bias = bias;
        _mean = mean;
        Lambda = lambda;
    }

    /// <summary>The regularization λ, relative to the mean squared norm of the centred feature vectors.</summary>
    public double Lambda { get; }

    /// <summary>Fits with each λ of <paramref name="lambdas"/> on the first three quarters of the training set, keeps
    /// the one that classifies the last quarter best, and refits with it on the whole training set.</summary>
    public static RidgeReadout FitValidated(IReadOnlyList<double[]> x, IReadOnlyList<int> labels, int classes, IReadOnlyList<double> lambdas)
    {
        int split = x.Count * 3 / 4;
        var fitX = Slice(x, 0, split);
        var fitY = Slice(labels, 0, split);
        var checkX = Slice(x, split, x.Count);
        var checkY = Slice(labels, split, x.Count);
        double best = lambdas[0], bestAccuracy = -1;
        foreach (double lambda in lambdas)
        {
            double accuracy = Fit(fitX, fitY, classes, lambda).Accuracy(checkX, checkY);
            if (accuracy > bestAccuracy)
            {
                (best, bestAccuracy) = (lambda, accuracy);
            }
        }
        return Fit(x, labels, classes, best);
    }

    public static RidgeReadout Fit(IReadOnlyList<double[]> x, IReadOnlyList<int> labels, int classes, double lambda)
    {
        int n = x.Count, d = x[0].Length;
        var mean = new double[d];
        foreach (var row in x)
        {
            for (int f = 0; f < d; f++)
            {
                mean[f] += row[f] / n;
            }
        }
        var xc = new double[n][];
        double norm = 0;
        for (int s = 0; s < n; s++)
        {
            xc[s] = new double[d];
            for (int f = 0; f < d; f++)
            {
                xc[s][f] = x[s][f] - mean[f];
                norm += xc[s][f] * xc[s][f];
            }
        }
        var yMean = new double[classes];
        foreach (int label in labels)
        {
            yMean[label] += 1.0 / n;
        }
        var yc = new double[n, classes];
        for (int s = 0; s < n; s++)
        {
            for (int c = 0; c < classes; c++)
            {
                yc[s, c] = (labels[s] == c ? 1 : 0) - yMean[c];
            }
        }
        // λ in units of the mean squared norm of a centred sample, so that one value suits any scale.
        double ridge = lambda * Math.Max(norm / n, 1e-12);
        var w = new double[d, classes];
        if (d <= n)
        {
            // Primal: (XᵀX + λI) W = XᵀY.
            var a = new double[d, d];
            var b = new double[d, classes];
            for (int s = 0; s < n; s++)
            {
                var row = xc[s];
                for (int f = 0; f < d; f++)
                {
                    double rf = row[f];
                    if (rf == 0)
                    {
                        continue;
                    }
                    for (int g = 0; g <= f; g++)
                    {
                        a[f, g] += rf * row[g];
                    }
                    for (int c = 0; c < classes; c++)
                    {
                        b[f, c] += rf * yc[s, c];
                    }
                }
            }
            for (int f = 0; f < d; f++)
            {
                a[f, f] += ridge;
            }
            CholeskySolve(a, b);
            w = b;
        }
        else
        {
            // Dual: (XXᵀ + λI) A = Y, W = XᵀA.
            var k = new double[n, n];
            for (int s = 0; s < n; s++)
            {
                for (int r = 0; r <= s; r++)
                {
                    k[s, r] = Dot(xc[s], xc[r]);
                }
                k[s, s] += ridge;
            }
            var alpha = (double[,])yc.Clone();
            CholeskySolve(k, alpha);
            for (int s = 0; s < n; s++)
            {
                for (int f = 0; f < d; f++)
                {
                    for (int c = 0; c < classes; c++)
                    {
                        w[f, c] += xc[s][f] * alpha[s, c];
                    }
                }
            }
        }
        var bias = new double[classes];
        for (int c = 0; c < classes; c++)
        {
            bias[c] = yMean[c];
            for (int f = 0; f < d; f++)
            {
                bias[c] -= mean[f] * w[f, c];
            }
        }
        return new RidgeReadout(w, bias, mean, lambda);
    }

    public int Predict(double[] x)
    {
        int classes = _bias.Length, best = 0;
        double bestScore = double.NegativeInfinity;
        for (int c = 0; c < classes; c++)
        {
            double score = _bias[c];
            for (int f = 0; f < x.Length; f++)
            {
                score += x[f] * _w[f, c];
            }
            if (score > bestScore)
            {
                (best, bestScore) = (c, score);
            }
        }
        return best;
    }

    public double Accuracy(IReadOnlyList<double[]> x, IReadOnlyList<int> labels)
    {
        int correct = 0;
        for (int s = 0; s < x.Count; s++)
        {
            if (Predict(x[s]) == labels[s])
            {
                correct++;
            }
        }
        return correct / (double)x.Count;
    }

    /// <summary>
    /// Solves A X = B in place (X overwrites B) for symmetric positive definite A, of which only the lower
    /// triangle is read: A = L Lᵀ (L overwrites that triangle), then L Z = B and Lᵀ X = Z.
    /// </summary>
    public static void CholeskySolve(double[,] a, double[,] b)
    {
        int n = a.GetLength(0), m = b.GetLength(1);
        for (int j = 0; j < n; j++)
        {
            double diagonal = a[j, j];
            for (int k = 0; k < j; k++)
            {
                diagonal -= a[j, k] * a[j, k];
            }
            if (!(diagonal > 0))
            {
                throw new InvalidOperationException("matrix is not positive definite");
            }
            double l = Math.Sqrt(diagonal);
            a[j, j] = l;
            for (int i = j + 1; i < n; i++)
            {
                double sum = a[i, j];
                for (int k = 0; k < j; k++)
                {
                    sum -= a[i, k] * a[j, k];
                }
                a[i, j] = sum / l;
            }
        }
        for (int c = 0; c < m; c++)
        {
            for (int i = 0; i < n; i++)
            {
                double sum = b[i, c];
                for (int k = 0; k < i; k++)
                {
                    sum -= a[i, k] * b[k, c];
                }
                b[i, c] = sum / a[i, i];
            }
            for (int i = n - 1; i >= 0; i--)
            {
                double sum = b[i, c];
                for (int k = i + 1; k < n; k++)
                {
                    sum -= a[k, i] * b[k, c];
                }
                b[i, c] = sum / a[i, i];
            }
        }
    }

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int f = 0; f < a.Length; f++)
        {
            sum += a[f] * b[f];
        }
        return sum;
    }

    private static List<T> Slice<T>(IReadOnlyList<T> list, int start, int end)
    {
        var result = new List<T>(end - start);
        for (int k = start; k < end; k++)
        {
            result.Add(list[k]);
        }
        return result;
    }
}
