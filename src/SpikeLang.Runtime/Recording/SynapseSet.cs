using System.Collections.Generic;
using System.Linq;

namespace SpikeLang.Runtime;

/// <summary>
/// The synapses of one connection as recordings name and index them: <c>A_B</c> (<c>A_B_2</c> for the second
/// connection from A to B), and the pre- and postsynaptic neuron of each synapse in the whole populations.
/// </summary>
internal sealed record SynapseSet(string Name, int[] Pre, int[] Post)
{
    /// <summary>Every connection with a per-synapse <c>w</c>, named in declaration order.</summary>
    public static List<(string Name, ConnectionDescriptor Connection)> Named(NetworkDescriptor descriptor)
    {
        var seen = new Dictionary<string, int>();
        var result = new List<(string, ConnectionDescriptor)>();
        foreach (var connection in descriptor.Connections.Where(c => c.SynapseState.ContainsKey("w")))
        {
            string name = $"{connection.Source}_{connection.Target}";
            int k = seen[name] = seen.GetValueOrDefault(name) + 1;
            result.Add((k == 1 ? name : $"{name}_{k}", connection));
        }
        return result;
    }

    /// <summary>Each synapse's neurons, with the slices' offsets added.</summary>
    public static SynapseSet Of(string name, ConnectionDescriptor connection)
    {
        Csr csr = connection.Connectivity;
        var pre = new int[csr.SynapseCount];
        var post = new int[csr.SynapseCount];
        for (int row = 0; row < csr.Rows; row++)
        {
            for (int s = csr.RowStart[row]; s < csr.RowStart[row + 1]; s++)
            {
                pre[s] = connection.SourceStart + row;
                post[s] = connection.TargetStart + csr.Columns[s];
            }
        }
        return new SynapseSet(name, pre, post);
    }
}
