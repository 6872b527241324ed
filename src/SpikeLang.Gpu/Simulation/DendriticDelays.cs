using System;
using ILGPU;
using ILGPU.Runtime;

namespace SpikeLang.Gpu.Simulation;

/// <summary>
/// The synaptic input still on its way to the targets of a connection whose synapses have their own delays (GeNN's
/// dendritic delay): a ring of <see cref="Depth"/> slots, the longest delay plus one, each holding a value per
/// variable the connection adds to and per target of its slice. A spike of step s adds each synapse's value into the
/// slot of step s + its delay (an atomic addition); in step s the slot of s is added to the targets and cleared
/// (<see cref="SimulatorKernels.Arrive(ArrayView{float}, ArrayView{float})"/>). This is when the CPU simulator's
/// event queue delivers: a delay of d steps in step s + d, one of 0 in the step of the spike.
/// </summary>
/// <typeparam name="T">The network's precision.</typeparam>
public sealed class DendriticDelays<T> : IDisposable
    where T : unmanaged
{
    private readonly MemoryBuffer1D<T, Stride1D.Dense> _ring;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> _delaySteps;

    /// <param name="accelerator">The device the ring lives on.</param>
    /// <param name="targets">The neurons of the connection's target slice.</param>
    /// <param name="variables">The target variables the connection's 'on pre' code adds to, one row each per slot.</param>
    /// <param name="delaySteps">Each synapse's delay in steps, in the order of the connectivity's columns (the host network's).</param>
    public DendriticDelays(Accelerator accelerator, int targets, int variables, ReadOnlySpan<int> delaySteps)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        ArgumentOutOfRangeException.ThrowIfNegative(targets);
        ArgumentOutOfRangeException.ThrowIfLessThan(variables, 1);
        int longest = 0;
        foreach (int d in delaySteps)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(d, nameof(delaySteps));
            longest = Math.Max(longest, d);
        }
        Targets = targets;
        Variables = variables;
        Depth = longest + 1;
        _ring = accelerator.Allocate1D<T>(Math.Max(1L, (long)Depth * variables * targets));
        _ring.MemSetToZero();
        _delaySteps = accelerator.Allocate1D(delaySteps.Length > 0 ? delaySteps.ToArray() : new int[1]);
    }

    /// <summary>The neurons of the target slice.</summary>
    public int Targets { get; }

    /// <summary>The target variables, one row of <see cref="Targets"/> each per slot.</summary>
    public int Variables { get; }

    /// <summary>The slots: the longest delay plus one.</summary>
    public int Depth { get; }

    /// <summary>The ring, [slot, variable, target].</summary>
    public ArrayView<T> Ring => _ring.View;

    /// <summary>Each synapse's delay in steps.</summary>
    public ArrayView<int> DelaySteps => _delaySteps.View;

    /// <summary>What a delivery kernel of step <paramref name="step"/> needs to place a synapse's value in the ring.</summary>
    public DelayRingStep At(long step) => new((int)(step % Depth), Depth, Variables, Targets);

    /// <summary>The values of <paramref name="variable"/> that arrive in step <paramref name="step"/>, one per target.</summary>
    public ArrayView<T> Due(long step, int variable) => Ring.SubView(((step % Depth) * Variables + variable) * Targets, Targets);

    /// <summary>Releases the ring and the delays.</summary>
    public void Dispose()
    {
        _ring.Dispose();
        _delaySteps.Dispose();
    }
}

/// <summary>Where a delivery kernel adds a synapse's value in a <see cref="DendriticDelays{T}"/> ring.</summary>
/// <param name="Slot">The slot of the step whose spikes are delivered.</param>
/// <param name="Depth">The ring's slots.</param>
/// <param name="Variables">The target variables per slot.</param>
/// <param name="Targets">The neurons of the target slice.</param>
public readonly record struct DelayRingStep(int Slot, int Depth, int Variables, int Targets)
{
    /// <summary>The ring's element of <paramref name="variable"/> of target <paramref name="target"/> (of the slice), <paramref name="delaySteps"/> steps from now.</summary>
    public long At(int delaySteps, int variable, int target) => ((long)((Slot + delaySteps) % Depth) * Variables + variable) * Targets + target;
}
