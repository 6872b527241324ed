using System;
using System.Collections.Generic;

namespace SpikeLang.Runtime;

/// <summary>
/// What every generated network is, whatever its populations are called: the contract through which
/// tools (the <c>spikelang</c> command, chip mapping, NIR export) drive a simulator they cannot name.
/// A generated class implements it explicitly, so its own members keep the names the .snn file gives.
/// Disposing it stops the threads it runs on, if it was built with more than one.
/// </summary>
public interface INetwork : IDisposable
{
    /// <summary>The network's name in the .snn file.</summary>
    string Name { get; }

    /// <summary>The time step, in seconds.</summary>
    double Dt { get; }

    /// <summary>Steps taken so far.</summary>
    long StepIndex { get; }

    /// <summary>Simulated time in seconds.</summary>
    double Time { get; }

    /// <summary>
    /// The phases of the network's protocol, in order from step 0 (empty without one): each phase's settings
    /// apply at its first step, however the network is run.
    /// </summary>
    IReadOnlyList<ProtocolPhase> Phases { get; }

    /// <summary>Every population, in declaration order.</summary>
    IReadOnlyList<IPopulation> Populations { get; }

    /// <summary>Every subgroup (a named slice of a population, with its own spikes and recordings), in declaration order.</summary>
    IReadOnlyList<IPopulation> Subgroups { get; }

    /// <summary>
    /// One monitor per connection of <c>record weights A -> B</c>, in declaration order: its synapses' <c>w</c>,
    /// synapse k being synapse k of the connection's <see cref="ConnectionDescriptor.Connectivity"/>;
    /// <see cref="IStateMonitor.Source"/> is <c>"A -> B"</c>.
    /// </summary>
    IReadOnlyList<IStateMonitor> SynapseMonitors { get; }

    /// <summary>The first state value found not finite (NaN or ±∞) since construction, or null while all are finite.</summary>
    NonFiniteState? NonFinite { get; }

    /// <summary>The name and shape of every weight tensor of <see cref="GetWeights"/> (docs/weights.md).</summary>
    IReadOnlyList<(string Name, int[] Shape)> WeightShapes { get; }

    /// <summary>Advances the network by one time step.</summary>
    void Step();

    /// <summary>Runs <paramref name="steps"/> steps.</summary>
    void Run(long steps);

    /// <summary>The structure, parameters, dynamics and current weights.</summary>
    NetworkDescriptor Describe();

    /// <summary>A copy of the current weights.</summary>
    WeightSet GetWeights();

    /// <summary>Replaces the weights; names and shapes must match <see cref="WeightShapes"/>.</summary>
    /// <exception cref="WeightMismatchException">A tensor is missing, unknown, or has another shape.</exception>
    void SetWeights(WeightSet weights);
}

/// <summary>One population of a generated network, seen through <see cref="INetwork"/>.</summary>
public interface IPopulation
{
    /// <summary>The population's name in the .snn file.</summary>
    string Name { get; }

    /// <summary>Number of neurons or sources.</summary>
    int Count { get; }

    /// <summary>Spikes since construction.</summary>
    long SpikeCount { get; }

    /// <summary>The neurons that spiked in the last step, ascending.</summary>
    ReadOnlySpan<int> Spikes { get; }

    /// <summary>Every spike, when the .snn file says <c>record spikes</c> for this population; else null.</summary>
    SpikeMonitor? SpikeMonitor { get; }

    /// <summary>One monitor per <c>record state</c> variable, in the order recorded.</summary>
    IReadOnlyList<IStateMonitor> StateMonitors { get; }

    /// <summary>The population rate, when the .snn file says <c>record rate</c> for this population; else null.</summary>
    RateMonitor? RateMonitor { get; }

    /// <summary>The state variables, in the order of the model's <c>state</c> block (empty for sources).</summary>
    IReadOnlyList<string> StateVariables { get; }

    /// <summary>
    /// A copy of one state variable of every neuron this process holds, in SI units, as double: every neuron in one
    /// process; on several ranks a rank's own range (every neuron for the target of a dense connection or convolution).
    /// </summary>
    /// <exception cref="ArgumentException">The population has no state variable of that name.</exception>
    double[] ReadState(string variable);
}

/// <summary>
/// An <c>input</c> population: sources the host drives, step by step through <see cref="SetSpikes"/> and
/// <see cref="SetValues"/>, or from a <see cref="Stimulus"/> (spike times or values from a file) that the
/// population asks for each step's input.
/// </summary>
public interface IInputPopulation : IPopulation
{
    /// <summary>Sets the sources that spike in the next step (indices in [0, Count), each at most once).</summary>
    void SetSpikes(ReadOnlySpan<int> indices);

    /// <summary>Drives the sources with values (one per source, in SI units) from the next step on; dense connections add value × weight.</summary>
    void SetValues(ReadOnlySpan<double> values);

    /// <summary>Stops driving the sources with values.</summary>
    void ClearValues();

    /// <summary>Asked at the start of each step's threshold for that step's spikes or values; null for none.</summary>
    IStimulus? Stimulus { get; set; }
}

/// <summary>Input for an <see cref="IInputPopulation"/>, step by step: spike times or values, from a file or from code.</summary>
public interface IStimulus
{
    /// <summary>Sets the input of step <paramref name="step"/> (steps come in increasing order) through <paramref name="input"/>'s SetSpikes or SetValues.</summary>
    void Apply(long step, IInputPopulation input);
}

/// <summary>Builds one generated network class from a seed and network parameters by name.</summary>
public interface INetworkFactory
{
    /// <summary>The network's name in the .snn file.</summary>
    string NetworkName { get; }

    /// <summary>The time step, in seconds.</summary>
    double Dt { get; }

    /// <summary>The network parameters, in declaration order.</summary>
    IReadOnlyList<NetworkParameterInfo> Parameters { get; }

    /// <summary>Builds the network; parameters left out keep their default.</summary>
    /// <param name="seed">Seeds every random draw.</param>
    /// <param name="parameters">Network parameters by name, in SI units.</param>
    /// <param name="threads">Threads that share each step (0: one per core); the spikes do not depend on it.</param>
    /// <param name="ranks">The processes that share the network (see <see cref="RankGroup"/>), or null for this process alone.</param>
    /// <exception cref="ArgumentException">An unknown parameter name, or values the network rejects (the message says which).</exception>
    /// <exception cref="NotSupportedException">Several ranks, for a network that cannot be shared (the message says why).</exception>
    /// <exception cref="RankMismatchException">The ranks built different networks.</exception>
    INetwork Create(ulong seed, IReadOnlyDictionary<string, double>? parameters = null, int threads = 1, RankGroup? ranks = null);
}

/// <summary>A network parameter: its name, the SI unit of its dimension ("1" when dimensionless) and its default value in that unit.</summary>
public sealed record NetworkParameterInfo(string Name, string Unit, double Default);

/// <summary>Names a generated network's factory, so a tool that loads an assembly finds its networks without knowing their names.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class SpikeLangNetworkAttribute : Attribute
{
    /// <param name="factory">A type with a public parameterless constructor that implements <see cref="INetworkFactory"/>.</param>
    public SpikeLangNetworkAttribute(Type factory) => Factory = factory;

    /// <summary>The factory type.</summary>
    public Type Factory { get; }
}

/// <summary>One phase of a protocol (Brian2's successive run() calls): its name, first step and length in steps.</summary>
public sealed record ProtocolPhase(string Name, long FirstStep, long Steps)
{
    /// <summary>One past the last step of the phase.</summary>
    public long EndStep => FirstStep + Steps;
}
