using BenchmarkDotNet.Attributes;
using Examples.Cuba;

namespace SpikeLang.Benchmarks;

/// <summary>
/// Neuron updates per second: 100 000 CUBA neurons, 100 steps per operation, so one operation is
/// 10^7 neuron updates (exact propagation, threshold, refractoriness).
/// </summary>
[MemoryDiagnoser]
public class NeuronUpdateBenchmarks
{
    private NeuronUpdates _net = null!;

    [GlobalSetup]
    public void Setup() => _net = new NeuronUpdates(seed: 1);

    [Benchmark(Description = "100 steps x 100k CubaLif neurons", OperationsPerInvoke = 100)]
    public void Step100() => _net.Run(100);
}

/// <summary>
/// The neuron update of CUBA's CubaLif (no connections) at 16 000 and 1 000 000 neurons, one step: the part of
/// <see cref="CubaBenchmarks"/>' per-neuron cost that is streaming the state (v, ge, gi and the last spike step:
/// 28 bytes per neuron per step) rather than delivering spikes, which out of cache is bound by memory bandwidth.
/// </summary>
[MemoryDiagnoser]
public class NeuronUpdateScaleBenchmarks
{
    private NeuronUpdates _net = null!;

    [Params(16_000, 1_000_000)]
    public int Neurons { get; set; }

    [GlobalSetup]
    public void Setup() => _net = new NeuronUpdates(seed: 1, n: Neurons);

    [GlobalCleanup]
    public void Cleanup() => _net.Dispose();

    [Benchmark(Description = "CubaLif update, 100 steps", OperationsPerInvoke = 100)]
    public void Step100() => _net.Run(100);
}

/// <summary>
/// Synaptic events per second: 2000 Poisson sources at 100 Hz onto 2000 targets with p = 0.1, so
/// about 4000 events per 0.1 ms step (delivered through CSR rows with the 'on pre' code inlined).
/// </summary>
[MemoryDiagnoser]
public class SynapticEventBenchmarks
{
    private SynapticEvents _net = null!;

    [GlobalSetup]
    public void Setup() => _net = new SynapticEvents(seed: 1);

    [Benchmark(Description = "1000 steps, ~4000 events each", OperationsPerInvoke = 1000)]
    public void Step1000() => _net.Run(1000);
}

/// <summary>
/// The traffic of <see cref="SynapticEventBenchmarks"/> through an STDP synapse (event-driven traces,
/// weight update on every pre and post spike): the cost of plasticity per event, beside the static case.
/// </summary>
[MemoryDiagnoser]
public class PlasticEventBenchmarks
{
    private PlasticEvents _net = null!;

    [GlobalSetup]
    public void Setup() => _net = new PlasticEvents(seed: 1);

    [Benchmark(Description = "1000 steps, ~4000 STDP events each", OperationsPerInvoke = 1000)]
    public void Step1000() => _net.Run(1000);
}

/// <summary>
/// CUBA (Brette et al. 2007) with 80 synapses per neuron at every size: cost per simulated second
/// (10 000 steps), from 4000 to 1 000 000 neurons, to check that it grows linearly, on one and two threads.
/// </summary>
[MemoryDiagnoser]
public class CubaBenchmarks
{
    private Cuba _net = null!;

    [Params(4000, 16000, 64000, 256000, 1_000_000)]
    public int Neurons { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _net = new Cuba(seed: 1, n: Neurons, threads: Threads);
        // About 6 spikes per neuron per second: room for every spike of an operation.
        _net.P.SpikeMonitor.EnsureCapacity(Neurons * 10);
    }

    [GlobalCleanup]
    public void Cleanup() => _net.Dispose();

    [IterationSetup]
    public void ClearRecording() => _net.P.SpikeMonitor.Clear();

    [Benchmark(Description = "CUBA, 1 s simulated")]
    public void OneSecond() => _net.Run(10_000);
}

/// <summary>
/// What the check for non-finite state costs CUBA (4000 neurons): one step, against one check of the
/// three state variables, which a network makes every <see cref="SpikeLang.Runtime.NonFiniteState.FiniteCheckInterval"/> steps.
/// </summary>
[MemoryDiagnoser]
public class FiniteCheckBenchmarks
{
    private Cuba _net = null!;

    [GlobalSetup]
    public void Setup()
    {
        _net = new Cuba(seed: 1);
        _net.P.SpikeMonitor.EnsureCapacity(1 << 22);
        _net.Run(1000);
    }

    [Benchmark(Baseline = true, Description = "CUBA 4000, one step (checks included)", OperationsPerInvoke = 1000)]
    public void Step1000()
    {
        _net.P.SpikeMonitor.Clear();
        _net.Run(1000);
    }

    [Benchmark(Description = "one check of v, ge, gi (4000 neurons)")]
    public int Check() =>
        SpikeLang.Runtime.FiniteCheck.FirstNonFinite(_net.P.v) + SpikeLang.Runtime.FiniteCheck.FirstNonFinite(_net.P.ge) + SpikeLang.Runtime.FiniteCheck.FirstNonFinite(_net.P.gi);
}
