using System;

namespace SpikeLang.Runtime;

/// <summary>
/// The neurons whose values a process holds. A neuron population's per-neuron arrays (state, last spikes, inputs,
/// per-neuron propagators; not its per-neuron parameters, which connections read as they are built) hold a contiguous
/// range [start, end) of its neurons, element k being neuron start + k: every neuron in one process, and on several
/// ranks the rank's own range (<see cref="RankGroup.Owned"/>), so that a rank's memory for neurons shrinks with the
/// number of ranks.
/// </summary>
public static class HeldNeurons
{
    /// <summary>
    /// Neurons [<paramref name="start"/>, <paramref name="end"/>) of values computed for every neuron: the same array
    /// when that is all of them, otherwise a copy of the range. Construction computes initial values for every neuron, in
    /// neuron order from one stream, so each rank keeps exactly what one process computes for its neurons.
    /// </summary>
    public static T[] Keep<T>(T[] all, int start, int end) =>
        start == 0 && end == all.Length ? all : all.AsSpan(start, end - start).ToArray();

    /// <summary>
    /// The elements of <paramref name="held"/> (which holds neurons from <paramref name="heldStart"/> on) among neurons
    /// [<paramref name="first"/>, <paramref name="first"/> + <paramref name="count"/>): a slice, empty when it holds none of them.
    /// </summary>
    public static Span<T> Within<T>(T[] held, int heldStart, int first, int count)
    {
        int from = Math.Clamp(first - heldStart, 0, held.Length), to = Math.Clamp(first + count - heldStart, 0, held.Length);
        return held.AsSpan(from, to - from);
    }
}
