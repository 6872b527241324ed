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
public sealed unsafe class Sgd
{
    // Elements per block of a parallel update: 32 KiB of each operand.
    private const int ElementBlock = 8192;

    private readonly BlockScheduler _scheduler = new();
    private readonly Action<int, int> _applyBlock;

    // The operands and settings of the parallel update in progress, pinned by it.
    private float* _p;
    private float* _g;
    private float* _velocity;
    private float _negativeRate;
    private bool _useMomentum;

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
        _applyBlock = ApplyBlock;
    }

    /// <summary>lr; may be changed between steps (a schedule).</summary>
    public double LearningRate { get; set; }

    /// <summary>μ.</summary>
    public double Momentum { get; }

    /// <summary>Steps begun so far.</summary>
    public int Step { get; private set; }

    /// <summary>Starts a step. Call once per optimizer step, before the <c>Update</c> calls of all parameter tensors.</summary>
    public void BeginStep() => Step++;

    /// <summary>Updates one parameter tensor in place.</summary>
    /// <param name="parameters">p, updated in place.</param>
    /// <param name="gradients">g, same length.</param>
    /// <param name="velocity">The momentum buffer, same length (its content before the first step is ignored); may be empty when momentum is 0.</param>
    public void Update(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> velocity)
    {
        bool useMomentum = Check(parameters.Length, gradients.Length, velocity.Length);
        Apply(ref MemoryMarshal.GetReference(parameters), ref MemoryMarshal.GetReference(gradients), ref MemoryMarshal.GetReference(velocity),
            parameters.Length, (float)-LearningRate, (float)Momentum, useMomentum, Step == 1);
    }

    /// <summary>
    /// <see cref="Update(Span{float}, ReadOnlySpan{float}, Span{float})"/> with the elements shared out over
    /// <paramref name="pool"/> in blocks of 8192. Every element is updated on its own by the same
    /// operations, so the result is the same bits as on one thread.
    /// </summary>
    /// <param name="parameters">p, updated in place.</param>
    /// <param name="gradients">g, same length.</param>
    /// <param name="velocity">The momentum buffer, same length; may be empty when momentum is 0.</param>
    /// <param name="pool">Threads to use.</param>
    public void Update(Span<float> parameters, ReadOnlySpan<float> gradients, Span<float> velocity, WorkerPool pool)
    {
        ArgumentNullException.ThrowIfNull(pool);
        bool useMomentum = Check(parameters.Length, gradients.Length, velocity.Length);
        fixed (float* p = parameters, g = gradients, buffer = velocity)
        {
            _p = p;
            _g = g;
            _velocity = buffer;
            _negativeRate = (float)-LearningRate;
            _useMomentum = useMomentum;
            try
            {
                _scheduler.Run(pool, parameters.Length, ElementBlock, _applyBlock);
            }
            finally
            {
                // The fixed block ends on return: forget its addresses.
                _p = _g = _velocity = null;
            }
        }
    }

    // Without momentum the velocity buffer may be empty (a null address): it is then never read.
    private void ApplyBlock(int start, int end) =>
        Apply(ref _p[start], ref _g[start], ref _velocity[_useMomentum ? start : 0], end - start, _negativeRate, (float)Momentum, _useMomentum, Step == 1);

    // Returns whether the momentum buffer is used.
    private bool Check(int n, int gradients, int velocity)
    {
        if (Step == 0)
        {
            throw new InvalidOperationException("Sgd.Update was called before the first BeginStep(); call BeginStep() once at the start of every optimizer step.");
        }

        bool useMomentum = Momentum != 0;
        if (gradients != n || (useMomentum && velocity != n))
        {
            throw new ArgumentException($"Sgd.Update needs spans of one length: parameters {n}, gradients {gradients}, velocity {velocity}.");
        }

        return useMomentum;
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
