using System;
using ILGPU;
using ILGPU.Runtime;

namespace SpikeLang.Gpu;

/// <summary>
/// Adam on the device: the step's constants are computed on the host exactly as <see cref="SpikeLang.Runtime.Adam"/>
/// computes them (in double, rounded where PyTorch rounds), and the element update is that class's scalar loop.
/// </summary>
public sealed class DeviceAdam
{
    private readonly DenseKernels _kernels;

    /// <summary>Adam with PyTorch's meaning of each hyper-parameter, checked as the CPU optimizer checks them.</summary>
    public DeviceAdam(GpuDevice device, double learningRate, double beta1, double beta2, double epsilon)
    {
        ArgumentNullException.ThrowIfNull(device);
        // The CPU optimizer validates the hyper-parameters; one set of rules.
        _ = new SpikeLang.Runtime.Adam(learningRate, beta1, beta2, epsilon);
        _kernels = device.Kernels;
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    /// <summary>lr; may be changed between steps.</summary>
    public double LearningRate { get; set; }

    /// <summary>β1, the decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>β2, the decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>eps, added to the denominator.</summary>
    public double Epsilon { get; }

    /// <summary>Steps begun so far.</summary>
    public int Step { get; private set; }

    /// <summary>Starts an optimizer step: call once before the step's <see cref="Update"/> calls.</summary>
    public void BeginStep() => Step++;

    /// <summary>One Adam step of <paramref name="parameters"/> with their gradients and moments (all of one length).</summary>
    public void Update(ArrayView<float> parameters, ArrayView<float> gradients, ArrayView<float> m, ArrayView<float> v)
    {
        if (Step == 0)
        {
            throw new InvalidOperationException("DeviceAdam.Update was called before the first BeginStep().");
        }
        if (gradients.Length != parameters.Length || m.Length != parameters.Length || v.Length != parameters.Length)
        {
            throw new ArgumentException($"DeviceAdam.Update needs views of one length: parameters {parameters.Length}, gradients {gradients.Length}, m {m.Length}, v {v.Length}.");
        }
        double biasCorrection1 = 1 - Math.Pow(Beta1, Step);
        double biasCorrection2 = 1 - Math.Pow(Beta2, Step);
        _kernels.Adam(parameters, gradients, m, v, new AdamStep(
            (float)Beta1, (float)(1 - Beta1), (float)Beta2, (float)(1 - Beta2), (float)Math.Sqrt(biasCorrection2), (float)Epsilon,
            (float)-(LearningRate / biasCorrection1)));
    }
}

/// <summary>SGD with optional momentum on the device, as <see cref="SpikeLang.Runtime.Sgd"/> (the velocity starts as the first gradient).</summary>
public sealed class DeviceSgd
{
    private readonly DenseKernels _kernels;

    /// <summary>SGD with the CPU optimizer's checks of its hyper-parameters.</summary>
    public DeviceSgd(GpuDevice device, double learningRate, double momentum)
    {
        ArgumentNullException.ThrowIfNull(device);
        _ = new SpikeLang.Runtime.Sgd(learningRate, momentum);
        _kernels = device.Kernels;
        LearningRate = learningRate;
        Momentum = momentum;
    }

    /// <summary>lr; may be changed between steps.</summary>
    public double LearningRate { get; set; }

    /// <summary>The momentum (0: plain SGD).</summary>
    public double Momentum { get; }

    /// <summary>Steps begun so far.</summary>
    public int Step { get; private set; }

    /// <summary>Starts an optimizer step.</summary>
    public void BeginStep() => Step++;

    /// <summary>One step of <paramref name="parameters"/>; <paramref name="velocity"/> is read only with momentum.</summary>
    public void Update(ArrayView<float> parameters, ArrayView<float> gradients, ArrayView<float> velocity)
    {
        if (Step == 0)
        {
            throw new InvalidOperationException("DeviceSgd.Update was called before the first BeginStep().");
        }
        bool momentum = Momentum != 0;
        if (gradients.Length != parameters.Length || (momentum && velocity.Length != parameters.Length))
        {
            throw new ArgumentException($"DeviceSgd.Update needs views of one length: parameters {parameters.Length}, gradients {gradients.Length}, velocity {velocity.Length}.");
        }
        _kernels.Sgd(parameters, gradients, momentum ? velocity : gradients, new SgdStep((float)-LearningRate, (float)Momentum, momentum ? 1 : 0, Step == 1 ? 1 : 0));
    }
}

/// <summary>One Adam step's constants, as a kernel argument.</summary>
internal readonly record struct AdamStep(float Beta1, float OneMinusBeta1, float Beta2, float OneMinusBeta2, float BiasCorrection2Sqrt, float Epsilon, float NegativeStepSize);

/// <summary>One SGD step's constants (flags as ints: kernel arguments are blittable).</summary>
internal readonly record struct SgdStep(float NegativeRate, float Momentum, int UseMomentum, int FirstStep);
