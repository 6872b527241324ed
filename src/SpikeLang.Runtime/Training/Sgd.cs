using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace SpikeLang.Runtime;

/// <summary>
/// Stochastic gradient descent with optional momentum, exactly as <c>torch.optim.SGD</c>
/// (PyTorch 1.13, no dampening, no Nesterov, no weight decay) computes it in float32.
/// </summary>
/// <remarks>
/// With momentum μ &gt; 0: on the first step buf = g, afterwards buf = buf·μ + g; then
/// p = fma(buf, −lr, p). With μ = 0: p = fma(g, −lr, p) and the velocity buffer is not used.
/// The update is fused because PyTorch's vectorized <c>add_(d_p, alpha = −lr)</c> uses <c>fmadd</c>.
/// </remarks>
public sealed class Sgd
{
    /// <summary>Creates the optimizer.</summary>
    /// <param name="learningRate">lr.</param>
    /// <param name="momentum">μ; 0 for plain gradient descent.</param>
    public Sgd(double learningRate, double momentum = 0)
    {
        if (!(learningRate >= 0) || double.IsInfinity(learningRate))
        {
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a finite number ≥ 0.");
        }

        if (!(momentum >= 0) || double.IsInfinity(momentum))
        {
            throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be a finite number ≥ 0.");
        }

        LearningRate = learningRate;
        Momentum = momentum;
    }

    /// <summary>lr; may be changed between steps (a schedule).</summary>
    public double LearningRate { get; set; }

    /// <summary>μ.</summary>
    public double Momentum { get; }

    /// <summary>Steps begun so far.</summary>
    public int Step { get; private set; }

    /// <summary>Starts a step. Call once per optimizer step, before the <see cref="Update"/> calls of all parameter tensors.</summary>
    public void BeginStep() => Step++;

    /// <summary>Updates one parameter tensor in place.</summary>
    /// <param name="parameters">p, updated in place.</param>
    /// <param name="gradients">g, same length.</param>
    /// <param name="velocity">The momentum buffer, same length (its content before the first step is ignored); may be empty when momentum is 0.</param>
    public void Update(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> velocity)
    {
        if (Step == 0)
        {
            throw new InvalidOperationException("Sgd.Update was called before the first BeginStep(); call BeginStep() once at the start of every optimizer step.");
        }

        int n = parameters.Length;
        bool useMomentum = Momentum != 0;
        if (gradients.Length != n || (useMomentum && velocity.Length != n))
        {
            throw new ArgumentException($"Sgd.Update needs spans of one length: parameters {n}, gradients {gradients.Length}, velocity {velocity.Length}.");
        }

        Apply(ref MemoryMarshal.GetReference(parameters), ref MemoryMarshal.GetReference(gradients), ref MemoryMarshal.GetReference(velocity),
            n, (float)-LearningRate, (float)Momentum, useMomentum, Step == 1);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Apply(ref float p, ref float g, ref float buffer, int n, float negativeRate, float momentum, bool useMomentum, bool firstStep)
    {
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var rate = Vector256.Create(negativeRate);
            var mu = Vector256.Create(momentum);
            for (; i <= n - 8; i += 8)
            {
                Vector256<float> d = Vector256.LoadUnsafe(ref g, (nuint)i);
                if (useMomentum)
                {
                    d = firstStep ? d : Vector256.LoadUnsafe(ref buffer, (nuint)i) * mu + d;
                    d.StoreUnsafe(ref buffer, (nuint)i);
                }

                FusedMath.MultiplyAdd(d, rate, Vector256.LoadUnsafe(ref p, (nuint)i)).StoreUnsafe(ref p, (nuint)i);
            }
        }

        for (; i < n; i++)
        {
            float d = Unsafe.Add(ref g, i);
            if (useMomentum)
            {
                d = firstStep ? d : Unsafe.Add(ref buffer, i) * momentum + d;
                Unsafe.Add(ref buffer, i) = d;
            }

            Unsafe.Add(ref p, i) = MathF.FusedMultiplyAdd(d, negativeRate, Unsafe.Add(ref p, i));
        }
    }
}
