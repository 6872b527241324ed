using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SpikeLang.Runtime;

/// <summary>
/// The Adam optimizer exactly as <c>torch.optim.Adam</c> (PyTorch 1.13, no weight decay, no
/// AMSGrad) computes it in float32, operation for operation, so that a step matches PyTorch to the
/// last bit or so.
/// </summary>
/// <remarks>
/// Per step t (counted by <see cref="BeginStep"/>), for every parameter p with gradient g and
/// moments m, v (both start at 0):
/// <code>
/// m = fma(g, 1 − β1, m·β1)                 // exp_avg.mul_(β1).add_(g, alpha = 1 − β1)
/// v = v·β2 + ((1 − β2)·g)·g                // exp_avg_sq.mul_(β2).addcmul_(g, g, value = 1 − β2)
/// denom = sqrt(v) / sqrt(1 − β2^t) + eps
/// p = p + ((−lr / (1 − β1^t))·m) / denom    // param.addcdiv_(exp_avg, denom, value = −step_size)
/// </code>
/// The bias corrections and the step size are computed in double, as Python does, and rounded to
/// float where PyTorch hands them to its float kernels. The first line is fused because PyTorch's
/// vectorized <c>add</c> with <c>alpha</c> uses <c>fmadd</c>.
/// </remarks>
public sealed unsafe class Adam
{
    // Elements per block of a parallel update: 32 KiB of each operand.
    private const int ElementBlock = 8192;

    private readonly BlockScheduler _scheduler = new();
    private readonly Action<int, int> _applyBlock;

    // The operands of the parallel update in progress, pinned by it.
    private float* _p;
    private float* _g;
    private float* _m;
    private float* _v;
    private Constants _constants;

    /// <summary>Creates the optimizer; the defaults are PyTorch's.</summary>
    /// <param name="learningRate">lr (PyTorch's default 1e-3).</param>
    /// <param name="beta1">Decay of the first moment.</param>
    /// <param name="beta2">Decay of the second moment.</param>
    /// <param name="epsilon">Added to the denominator.</param>
    public Adam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        if (!(learningRate >= 0) || double.IsInfinity(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a finite number ≥ 0.");
        }

        CheckBeta(beta1, nameof(beta1));
        CheckBeta(beta2, nameof(beta2));
        if (!(epsilon >= 0) || double.IsInfinity(epsilon))
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "Epsilon must be a finite number ≥ 0.");
        }

        LearningRate = learningRate;
        _applyBlock = ApplyBlock;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>lr; may be changed between steps (a schedule).</summary>
    public double LearningRate { get; set; }

    /// <summary>β1, the decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>β2, the decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>eps, added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>Steps begun so far (t of the current step).</summary>
    public int Step { get; private set; }

    /// <summary>Starts a step: t = t + 1. Call once per optimizer step, before the <c>Update</c> calls of all parameter tensors.</summary>
    public void BeginStep() => Step++;

    /// <summary>Updates one parameter tensor in place, with its gradient and its moment buffers (which the caller keeps, zeroed before the first step).</summary>
    /// <param name="parameters">p, updated in place.</param>
    /// <param name="gradients">g, same length.</param>
    /// <param name="m">First-moment buffer, same length, updated in place.</param>
    /// <param name="v">Second-moment buffer, same length, updated in place.</param>
    public void Update(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> m, Span<float> v)
    {
        var constants = Prepare(parameters.Length, gradients.Length, m.Length, v.Length);
        Apply(ref MemoryMarshal.GetReference(parameters), ref MemoryMarshal.GetReference(gradients),
            ref MemoryMarshal.GetReference(m), ref MemoryMarshal.GetReference(v), parameters.Length, constants);
    }

    /// <summary>
    /// <see cref="Update(Span{float}, ReadOnlySpan{float}, Span{float}, Span{float})"/> with the elements
    /// shared out over <paramref name="pool"/> in blocks of 8192. Every element is updated on its own by the
    /// same operations, so the result is the same bits as on one thread.
    /// </summary>
    /// <param name="parameters">p, updated in place.</param>
    /// <param name="gradients">g, same length.</param>
    /// <param name="m">First-moment buffer, same length, updated in place.</param>
    /// <param name="v">Second-moment buffer, same length, updated in place.</param>
    /// <param name="pool">Threads to use.</param>
    public void Update(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> m, Span<float> v, WorkerPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var constants = Prepare(parameters.Length, gradients.Length, m.Length, v.Length);
        fixed (float* p = parameters, g = gradients, pm = m, pv = v)
        {
            _p = p;
            _g = g;
            _m = pm;
            _v = pv;
            _constants = constants;
            try
            {
                _scheduler.Run(pool, parameters.Length, ElementBlock, _applyBlock);
            }
            finally
            {
                // The fixed block ends on return: forget its addresses.
                _p = _g = _m = _v = null;
            }
        }
    }

    private void ApplyBlock(int start, int end) => Apply(ref _p[start], ref _g[start], ref _m[start], ref _v[start], end - start, _constants);

    private Constants Prepare(int n, int gradients, int m, int v)
    {
        if (Step == 0)
        {
            throw new InvalidOperationException("Adam.Update was called before the first BeginStep(); call BeginStep() once at the start of every optimizer step.");
        }

        if (gradients != n || m != n || v != n)
        {
            throw new ArgumentException($"Adam.Update needs spans of one length: parameters {n}, gradients {gradients}, m {m}, v {v}.");
        }

        double biasCorrection1 = 1 - Math.Pow(Beta1, Step);
        double biasCorrection2 = 1 - Math.Pow(Beta2, Step);
        return new Constants(
            beta1: (float)Beta1,
            oneMinusBeta1: (float)(1 - Beta1),
            beta2: (float)Beta2,
            oneMinusBeta2: (float)(1 - Beta2),
            biasCorrection2Sqrt: (float)Math.Sqrt(biasCorrection2),
            epsilon: (float)Epsilon,
            negativeStepSize: (float)-(LearningRate / biasCorrection1));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Apply(ref float p, ref float g, ref float m, ref float v, int n, in Constants k)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var beta1 = Vector256.Create(k.Beta1);
            var oneMinusBeta1 = Vector256.Create(k.OneMinusBeta1);
            var beta2 = Vector256.Create(k.Beta2);
            var oneMinusBeta2 = Vector256.Create(k.OneMinusBeta2);
            var correction = Vector256.Create(k.BiasCorrection2Sqrt);
            var epsilon = Vector256.Create(k.Epsilon);
            var step = Vector256.Create(k.NegativeStepSize);
            for (; i <= n - 8; i += 8)
            {
                Vector256<float> gi = Vector256.LoadUnsafe(ref g, (nuint)i);
                Vector256<float> mi = FusedMath.MultiplyAdd(gi, oneMinusBeta1, Vector256.LoadUnsafe(ref m, (nuint)i) * beta1);
                Vector256<float> vi = Vector256.LoadUnsafe(ref v, (nuint)i) * beta2 + oneMinusBeta2 * gi * gi;
                Vector256<float> denominator = Vector256.Sqrt(vi) / correction + epsilon;
                Vector256<float> pi = Vector256.LoadUnsafe(ref p, (nuint)i) + step * mi / denominator;
                mi.StoreUnsafe(ref m, (nuint)i);
                vi.StoreUnsafe(ref v, (nuint)i);
                pi.StoreUnsafe(ref p, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float gi = Unsafe.Add(ref g, i);
            float mi = MathF.FusedMultiplyAdd(gi, k.OneMinusBeta1, Unsafe.Add(ref m, i) * k.Beta1);
            float vi = Unsafe.Add(ref v, i) * k.Beta2 + k.OneMinusBeta2 * gi * gi;
            float denominator = MathF.Sqrt(vi) / k.BiasCorrection2Sqrt + k.Epsilon;
            Unsafe.Add(ref m, i) = mi;
            Unsafe.Add(ref v, i) = vi;
            Unsafe.Add(ref p, i) += k.NegativeStepSize * mi / denominator;
        }
    }

    private static void CheckBeta(double beta, string name)
    {
        if (!(beta >= 0 && beta < 1))
        {
            throw new ArgumentOutOfRangeException(name, beta, "A moment decay must lie in [0, 1).");
        }
    }

    private readonly struct Constants(float beta1, float oneMinusBeta1, float beta2, float oneMinusBeta2, float biasCorrection2Sqrt, float epsilon, float negativeStepSize)
    {
        public readonly float Beta1 = beta1;
        public readonly float OneMinusBeta1 = oneMinusBeta1;
        public readonly float Beta2 = beta2;
        public readonly float OneMinusBeta2 = oneMinusBeta2;
        public readonly float BiasCorrection2Sqrt = biasCorrection2Sqrt;
        public readonly float Epsilon = epsilon;
        public readonly float NegativeStepSize = negativeStepSize;
    }
}
