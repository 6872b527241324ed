using System;
using ILGPU;
using ILGPU.Runtime;

namespace SpikeLang.Gpu;

/// <summary>
/// The generic kernels of a dense trainer, loaded once per accelerator: deliveries and their gradients over all
/// stacked steps or over one, for a recurrent layer (the products: <see cref="DenseProducts"/>), the readouts and the
/// optimizers' element updates. Every sum runs in ascending index order, so on the CPU accelerator every sum is the
/// CPU trainer's, term for term.
/// </summary>
public sealed class DenseKernels
{
    private readonly IDenseProducts _products;
    private readonly Action<Index1D, ArrayView<float>, DenseShape> _repeatFirstStep;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, DenseShape> _biasGradient;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, DenseShape> _sumDeliveredSteps;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, StepShape> _spikeCount;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, StepShape, int> _membrane;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, StepShape> _peakAdjoint;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, StepShape> _everyStep;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamStep> _adam;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, SgdStep> _sgd;

    /// <param name="accelerator">Where the kernels run.</param>
    /// <param name="products">How the products are computed; both give the same results to the bit.</param>
    public DenseKernels(Accelerator accelerator, DenseProducts products = DenseProducts.Tiled)
    {
        _products = products == DenseProducts.Tiled ? new TiledProducts(accelerator) : new PlainProducts(accelerator);
        _repeatFirstStep = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, DenseShape>(RepeatFirstStepKernel);
        _biasGradient = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, DenseShape>(BiasGradientKernel);
        _sumDeliveredSteps = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, DenseShape>(SumDeliveredStepsKernel);
        _spikeCount = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, StepShape>(SpikeCountKernel);
        _membrane = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<int>, ArrayView<float>, StepShape, int>(MembraneKernel);
        _peakAdjoint = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<int>, StepShape>(PeakAdjointKernel);
        _everyStep = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, StepShape>(EveryStepKernel);
        _adam = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamStep>(AdamKernel);
        _sgd = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, SgdStep>(SgdKernel);
    }

    /// <summary>drive[t] += source[t − lag] · W + b for every delivered step (W one row per source), as the simulator's Deliver sums.</summary>
    public void Deliver(ArrayView<float> drive, ArrayView<float> source, ArrayView<float> weights, ArrayView<float> bias, DenseShape shape) =>
        _products.Deliver(drive, source, weights, bias, shape);

    /// <summary>
    /// <see cref="Deliver"/> to step <paramref name="step"/> alone (nothing before the connection's lag): for a layer that
    /// runs one step at a time, a recurrent one, whose input at a step waits for its own spikes of the step before.
    /// </summary>
    public void DeliverStep(ArrayView<float> drive, ArrayView<float> source, ArrayView<float> weights, ArrayView<float> bias, DenseShape shape, int step)
    {
        if (step >= shape.Lag)
        {
            var (one, driveRows, sourceRows) = Step(shape, step, drive, source);
            _products.Deliver(driveRows, sourceRows, weights, bias, one);
        }
    }

    /// <summary><see cref="SourceAdjoint"/> from step <paramref name="step"/>'s drive adjoints alone, to the source's step <paramref name="step"/> − lag.</summary>
    public void SourceAdjointStep(ArrayView<float> sourceAdjoint, ArrayView<float> driveAdjoint, ArrayView<float> weights, DenseShape shape, int step)
    {
        if (step >= shape.Lag)
        {
            var (one, driveRows, sourceRows) = Step(shape, step, driveAdjoint, sourceAdjoint);
            _products.SourceAdjoint(sourceRows, driveRows, weights, one);
        }
    }

    /// <summary>
    /// The shape and views that make the kernels over all steps see one step: the target's rows from step − lag on and the
    /// source's row of step − lag as the first, and Lag + 1 steps, so that only the last, <paramref name="step"/>, is delivered.
    /// </summary>
    private static (DenseShape Shape, ArrayView<float> Target, ArrayView<float> Source) Step(DenseShape shape, int step, ArrayView<float> target, ArrayView<float> source)
    {
        if ((uint)step >= (uint)shape.Steps)
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, $"The shape has {shape.Steps} steps.");
        }
        long first = (long)(step - shape.Lag) * shape.Batch;
        return (shape with { Steps = shape.Lag + 1 },
            target.SubView(first * shape.Targets),
            source.SubView((long)(step - shape.Lag) * shape.SourceStepRows * shape.Sources));
    }

    /// <summary>
    /// A connection from an input that is the same every step (<see cref="DenseShape.SourceStepRows"/> = 0) and the first
    /// into its target: its delivery to the first delivered step, copied to the later ones. The CPU trainer caches it
    /// the same way, so the values are those of delivering at every step, for one step's products.
    /// </summary>
    public void DeliverOnceForAllSteps(ArrayView<float> drive, ArrayView<float> source, ArrayView<float> weights, ArrayView<float> bias, DenseShape shape)
    {
        if (shape.SourceStepRows != 0)
        {
            throw new ArgumentException("Only a source that is the same every step delivers once for all steps.", nameof(shape));
        }
        var first = shape with { Steps = shape.Lag + 1 };
        _products.Deliver(drive, source, weights, bias, first);
        int later = (shape.Steps - shape.Lag - 1) * shape.Batch * shape.Targets;
        if (later > 0)
        {
            _repeatFirstStep(later, drive, shape);
        }
    }

    /// <summary>∂L/∂W = Σ over delivered steps and samples of source[t − lag]ᵀ · ∂L/∂drive[t], written whole.</summary>
    public void WeightGradient(ArrayView<float> gradient, ArrayView<float> source, ArrayView<float> driveAdjoint, DenseShape shape) =>
        _products.WeightGradient(gradient, source, driveAdjoint, shape);

    /// <summary>∂L/∂b = Σ over delivered steps and samples of ∂L/∂drive[t], written whole.</summary>
    public void BiasGradient(ArrayView<float> gradient, ArrayView<float> driveAdjoint, DenseShape shape) =>
        _biasGradient(shape.Targets, gradient, driveAdjoint, shape);

    /// <summary>
    /// ∂L/∂W and ∂L/∂b of a connection whose source is the same every step (<see cref="DenseShape.SourceStepRows"/> = 0):
    /// the drive's adjoints summed over the delivered steps first (into <paramref name="stepSums"/>, batch × targets),
    /// then one step's products, as the CPU trainer does: a step count fewer multiplications.
    /// </summary>
    public void ConstantSourceGradients(ArrayView<float> weightGradient, ArrayView<float> biasGradient, ArrayView<float> stepSums,
        ArrayView<float> source, ArrayView<float> driveAdjoint, DenseShape shape)
    {
        if (shape.SourceStepRows != 0)
        {
            throw new ArgumentException("Only a source that is the same every step has its adjoints summed over the steps first.", nameof(shape));
        }
        _sumDeliveredSteps(shape.Batch * shape.Targets, stepSums, driveAdjoint, shape);
        var once = shape with { Steps = 1, Lag = 0 };
        _products.WeightGradient(weightGradient, source, stepSums, once);
        _biasGradient(shape.Targets, biasGradient, stepSums, once);
    }

    /// <summary>∂L/∂source[t − lag] += ∂L/∂drive[t] · Wᵀ: what a layer's spikes owe the layers they feed.</summary>
    public void SourceAdjoint(ArrayView<float> sourceAdjoint, ArrayView<float> driveAdjoint, ArrayView<float> weights, DenseShape shape) =>
        _products.SourceAdjoint(sourceAdjoint, driveAdjoint, weights, shape);

    /// <summary>scores = Σ_t spikes[t], summed from the first step on.</summary>
    public void SpikeCount(ArrayView<float> scores, ArrayView<float> spikes, StepShape shape) => _spikeCount(shape.Size, scores, spikes, shape);

    /// <summary>scores = the membrane at the last step, or its largest value over the steps (the latest of equal ones); peak = that step.</summary>
    public void Membrane(ArrayView<float> scores, ArrayView<int> peak, ArrayView<float> membrane, StepShape shape, bool maximum) =>
        _membrane(shape.Size, scores, peak, membrane, shape, maximum ? 1 : 0);

    /// <summary>adjoint[t] = ∂L/∂score where t is the score's peak step, else 0: the membrane readout's gradient per step.</summary>
    public void PeakAdjoint(ArrayView<float> adjoint, ArrayView<float> scoreGradient, ArrayView<int> peak, StepShape shape) =>
        _peakAdjoint(shape.Steps * shape.Size, adjoint, scoreGradient, peak, shape);

    /// <summary>destination[t] = values for every step: a spike count's gradient reaches each step's spikes whole.</summary>
    public void EveryStep(ArrayView<float> destination, ArrayView<float> values, StepShape shape) => _everyStep(shape.Steps * shape.Size, destination, values, shape);

    internal void Adam(ArrayView<float> parameters, ArrayView<float> gradients, ArrayView<float> m, ArrayView<float> v, AdamStep step) =>
        _adam(parameters.IntLength, parameters, gradients, m, v, step);

    internal void Sgd(ArrayView<float> parameters, ArrayView<float> gradients, ArrayView<float> velocity, SgdStep step) =>
        _sgd(parameters.IntLength, parameters, gradients, velocity, step);

    private static void RepeatFirstStepKernel(Index1D e, ArrayView<float> drive, DenseShape s)
    {
        int step = s.Batch * s.Targets;
        drive[(s.Lag + 1) * step + e] = drive[s.Lag * step + e % step];
    }

    private static void BiasGradientKernel(Index1D n, ArrayView<float> gradient, ArrayView<float> driveAdjoint, DenseShape s)
    {
        float sum = 0f;
        for (int row = s.Lag * s.Batch; row < s.Steps * s.Batch; row++)
        {
            sum += driveAdjoint[row * s.Targets + n];
        }
        gradient[n] = sum;
    }

    private static void SumDeliveredStepsKernel(Index1D e, ArrayView<float> sums, ArrayView<float> driveAdjoint, DenseShape s)
    {
        int step = s.Batch * s.Targets;
        float sum = 0f;
        for (int t = s.Lag; t < s.Steps; t++)
        {
            sum += driveAdjoint[t * step + e];
        }
        sums[e] = sum;
    }

    private static void SpikeCountKernel(Index1D e, ArrayView<float> scores, ArrayView<float> spikes, StepShape s)
    {
        float count = 0f;
        for (int t = 0; t < s.Steps; t++)
        {
            count += spikes[t * s.Size + e];
        }
        scores[e] = count;
    }

    private static void MembraneKernel(Index1D e, ArrayView<float> scores, ArrayView<int> peak, ArrayView<float> membrane, StepShape s, int maximum)
    {
        int best = s.Steps - 1;
        float score = membrane[best * s.Size + e];
        for (int t = s.Steps - 2; maximum != 0 && t >= 0; t--)
        {
            float value = membrane[t * s.Size + e];
            if (value >= score)
            {
                score = value;
                best = t;
            }
        }
        scores[e] = score;
        peak[e] = best;
    }

    private static void PeakAdjointKernel(Index1D e, ArrayView<float> adjoint, ArrayView<float> scoreGradient, ArrayView<int> peak, StepShape s)
    {
        int t = e / s.Size;
        int element = e - t * s.Size;
        adjoint[e] = peak[element] == t ? scoreGradient[element] : 0f;
    }

    private static void EveryStepKernel(Index1D e, ArrayView<float> destination, ArrayView<float> values, StepShape s) =>
        destination[e] = values[e % s.Size];

    // The CPU optimizers' scalar loops, operation for operation (Adam's first moment fused as there).
    private static void AdamKernel(Index1D i, ArrayView<float> p, ArrayView<float> g, ArrayView<float> m, ArrayView<float> v, AdamStep k)
    {
        float gi = g[i];
        float mi = MathF.FusedMultiplyAdd(gi, k.OneMinusBeta1, m[i] * k.Beta1);
        float vi = v[i] * k.Beta2 + k.OneMinusBeta2 * gi * gi;
        float denominator = MathF.Sqrt(vi) / k.BiasCorrection2Sqrt + k.Epsilon;
        m[i] = mi;
        v[i] = vi;
        p[i] += k.NegativeStepSize * mi / denominator;
    }

    private static void SgdKernel(Index1D i, ArrayView<float> p, ArrayView<float> g, ArrayView<float> velocity, SgdStep k)
    {
        float d = g[i];
        if (k.UseMomentum != 0)
        {
            d = k.FirstStep != 0 ? d : velocity[i] * k.Momentum + d;
            velocity[i] = d;
        }
        p[i] = MathF.FusedMultiplyAdd(d, k.NegativeRate, p[i]);
    }
}
