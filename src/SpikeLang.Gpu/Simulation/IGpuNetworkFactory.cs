using System.Collections.Generic;
using SpikeLang.Runtime;

namespace SpikeLang.Gpu.Simulation;

/// <summary>
/// Builds a generated GPU simulator (<c>NetworkGpu</c>) for tools that cannot name it: <c>spikelang run --backend gpu</c>
/// finds the implementation nested in the simulator class of an assembly it compiled at run time.
/// </summary>
public interface IGpuNetworkFactory
{
    /// <summary>The network's name in the .snn file.</summary>
    string NetworkName { get; }

    /// <summary>Builds the network on <paramref name="device"/>: the CPU simulator's network for the same seed and parameters, copied there.</summary>
    /// <exception cref="System.ArgumentException">A parameter the network does not have, or a value it refuses.</exception>
    INetwork Create(GpuDevice device, ulong seed, IReadOnlyDictionary<string, double>? parameters = null);
}
