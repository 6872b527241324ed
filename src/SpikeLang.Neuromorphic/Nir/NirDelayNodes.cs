using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Runtime;

namespace SpikeLang.Neuromorphic.Nir;

/// <summary>
/// The NIR Delay node of a connection with a <c>delay</c>: NIR's Delay delays each element of a vector, so a delay that
/// is the same for every synapse, or that follows the synapse's target (the node goes after the Affine, one value per
/// target element) or its source (before the Affine, one per source element), is written; other per-synapse delays are
/// refused. Each value is the steps that import gives back under the timing the network shows (<see cref="NirDelays.ToNir"/>).
/// </summary>
public static class NirDelayNodes
{
    /// <summary>The Delay node <c>&lt;connection&gt;_delay</c>, and whether it goes before the Affine; null when the connection has no delay.</summary>
    /// <param name="name">The connection's Affine node.</param>
    /// <param name="connection">The connection.</param>
    /// <param name="withinStep">Import evaluates this edge within the step (a same-step network, the edge on no cycle).</param>
    /// <param name="sources">Size of the source population.</param>
    /// <param name="targets">Size of the target population.</param>
    /// <param name="dt">The network's step in seconds.</param>
    /// <exception cref="NirFormatException">Per-synapse delays that follow neither the target nor the source.</exception>
    public static (NirNode Node, bool BeforeAffine)? For(string name, ConnectionDescriptor connection, bool withinStep, int sources, int targets, double dt)
    {
        NirNode Node(IEnumerable<int> steps) => new(name + "_delay", "Delay", new Dictionary<string, NirTensor>
        {
            ["delay"] = NirTensor.Vector(steps.Select(s => NirDelays.ToNir(s, withinStep) * dt).ToArray()),
        });

        if (connection.SynapseDelaySteps is not { } perSynapse)
        {
            return connection.DelaySteps > 0 ? (Node(Enumerable.Repeat(connection.DelaySteps, targets)), false) : null;
        }

        Csr csr = connection.Connectivity;
        var pairs = Enumerable.Range(0, csr.Rows)
            .SelectMany(row => Enumerable.Range(csr.RowStart[row], csr.RowStart[row + 1] - csr.RowStart[row])
                .Select(k => (Source: connection.SourceStart + row, Target: connection.TargetStart + csr.Columns[k], Steps: perSynapse[k])))
            .ToList();
        if (pairs.Count == 0)
        {
            return null;
        }

        // An element without synapses may take any delay: the smallest keeps every value one import accepts.
        int smallest = pairs.Min(p => p.Steps);
        if (PerElement(pairs.Select(p => (p.Target, p.Steps)), targets, smallest) is { } byTarget)
        {
            return (Node(byTarget), false);
        }

        if (PerElement(pairs.Select(p => (p.Source, p.Steps)), sources, smallest) is { } bySource)
        {
            return (Node(bySource), true);
        }

        throw new NirFormatException(name, "delay",
            "has a delay per synapse that follows neither its target nor its source neuron; NIR's Delay node delays each element of a layer, so the export writes delays that depend on j alone (after the Affine) or on i alone (before it) — write the delay as a function of one of them");
    }

    /// <summary>One delay per element when every synapse of an element has the same (<paramref name="fill"/> for one without synapses), else null.</summary>
    private static int[]? PerElement(IEnumerable<(int Element, int Steps)> synapses, int size, int fill)
    {
        int?[] found = new int?[size];
        foreach (var (element, steps) in synapses)
        {
            if (found[element] is { } other && other != steps)
            {
                return null;
            }

            found[element] = steps;
        }

        return Array.ConvertAll(found, steps => steps ?? fill);
    }
}
