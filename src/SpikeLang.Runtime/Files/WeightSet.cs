using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.InteropServices;

namespace SpikeLang.Runtime;

/// <summary>One named array of weights (or biases, or any trained or learned parameter), row-major.</summary>
/// <param name="Name">Qualified name, for example <c>pixels_to_hidden.w</c> or <c>hidden.beta</c>.</param>
/// <param name="Shape">Dimensions, outermost first; a dense weight matrix is [targets, sources] as PyTorch's Linear.</param>
/// <param name="Values">The values; its length is the product of <paramref name="Shape"/>.</param>
public sealed record NamedTensor(string Name, int[] Shape, float[] Values)
{
    /// <summary>The shape as written in messages: <c>[1000, 784]</c>.</summary>
    public string ShapeText => FormatShape(Shape);

    internal static string FormatShape(IReadOnlyList<int> shape) => "[" + string.Join(", ", shape) + "]";
}

/// <summary>
/// The trained or learned parameters of a network by name, in a stable order: what generated
/// simulators and trainers export and import, and what <see cref="WeightFile"/> stores.
/// </summary>
public sealed class WeightSet : IReadOnlyList<NamedTensor>
{
    private readonly List<NamedTensor> _tensors = new();
    private readonly Dictionary<string, NamedTensor> _byName = new(StringComparer.Ordinal);

    /// <summary>Free-form provenance (network name, source file, epochs), kept by <see cref="WeightFile"/>.</summary>
    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds a tensor; its values are copied.</summary>
    /// <exception cref="ArgumentException">The name is taken, or the values do not fill the shape.</exception>
    public void Add(string name, ReadOnlySpan<int> shape, ReadOnlySpan<float> values)
    {
        if (_byName.ContainsKey(name))
        {
            throw new ArgumentException($"The weight set already has a tensor named '{name}'.", nameof(name));
        }
        long expected = 1;
        foreach (int dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"Tensor '{name}' has a negative dimension in {NamedTensor.FormatShape(shape.ToArray())}.", nameof(shape));
            }
            expected *= dimension;
        }
        if (expected != values.Length)
        {
            throw new ArgumentException($"Tensor '{name}' of shape {NamedTensor.FormatShape(shape.ToArray())} needs {expected} values, not {values.Length}.", nameof(values));
        }
        var tensor = new NamedTensor(name, shape.ToArray(), values.ToArray());
        _tensors.Add(tensor);
        _byName.Add(name, tensor);
    }

    /// <inheritdoc/>
    public int Count => _tensors.Count;

    /// <inheritdoc/>
    public NamedTensor this[int index] => _tensors[index];

    /// <summary>The tensor called <paramref name="name"/>, or null.</summary>
    public NamedTensor? Find(string name) => _byName.TryGetValue(name, out var tensor) ? tensor : null;

    /// <summary>
    /// A 64-bit hash of every tensor's name, shape and values, in order (not of the metadata): ranks compare it to make
    /// sure each was given the same weights. Each step is a bijection of the hash, so sets that differ in one word differ.
    /// </summary>
    public ulong Fingerprint()
    {
        ulong hash = 14695981039346656037ul;
        foreach (var tensor in _tensors)
        {
            foreach (char c in tensor.Name)
            {
                hash = Step(hash, c);
            }
            foreach (int dimension in tensor.Shape)
            {
                hash = Step(hash, (uint)dimension);
            }
            hash = Step(hash, (ulong)tensor.Values.Length);
            ReadOnlySpan<float> values = tensor.Values;
            foreach (ulong pair in MemoryMarshal.Cast<float, ulong>(values))
            {
                hash = Step(hash, pair);
            }
            if ((values.Length & 1) != 0)
            {
                hash = Step(hash, BitConverter.SingleToUInt32Bits(values[^1]));
            }
        }
        return hash;

        static ulong Step(ulong hash, ulong value) => (hash ^ value) * 1099511628211ul;
    }

    /// <summary>
    /// Every way this set differs from what a network expects: a missing tensor, a tensor the network
    /// does not have, a shape that differs. Empty when the set fits.
    /// </summary>
    public IReadOnlyList<string> Mismatches(IEnumerable<(string Name, int[] Shape)> expected)
    {
        var problems = new List<string>();
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, shape) in expected)
        {
            known.Add(name);
            if (Find(name) is not { } tensor)
            {
                problems.Add($"'{name}' is missing (expected shape {NamedTensor.FormatShape(shape)})");
            }
            else if (!tensor.Shape.AsSpan().SequenceEqual(shape))
            {
                problems.Add($"'{name}' has shape {tensor.ShapeText}, but the network needs {NamedTensor.FormatShape(shape)}");
            }
        }
        problems.AddRange(_tensors.Where(t => !known.Contains(t.Name) && !IsBatchNormState(t.Name, known))
            .Select(t => $"'{t.Name}' {t.ShapeText} is not a parameter of this network (it has {string.Join(", ", known.Select(k => "'" + k + "'"))})"));
        return problems;
    }

    /// <summary>
    /// <c>C.bn.…</c> beside an expected <c>C.w</c>: the trainer's batch-normalization state of connection C (its raw kernel,
    /// γ, β, running statistics). A network runs the folded <c>C.w</c> and <c>C.b</c> of the same file, so it reads past them.
    /// </summary>
    private static bool IsBatchNormState(string name, HashSet<string> known)
    {
        int at = name.IndexOf(".bn.", StringComparison.Ordinal);
        return at > 0 && known.Contains(string.Concat(name.AsSpan(0, at), ".w"));
    }

    /// <summary>Throws <see cref="WeightMismatchException"/> listing every mismatch with <paramref name="expected"/>, if any.</summary>
    /// <param name="expected">The network's parameters and shapes.</param>
    /// <param name="what">What is being loaded into, for the message: <c>network 'FashionMlp'</c>.</param>
    public void EnsureMatches(IEnumerable<(string Name, int[] Shape)> expected, string what)
    {
        var problems = Mismatches(expected);
        if (problems.Count > 0)
        {
            throw new WeightMismatchException($"The weights do not fit {what}: " + string.Join("; ", problems) + ".");
        }
    }

    /// <inheritdoc/>
    public IEnumerator<NamedTensor> GetEnumerator() => _tensors.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>A weight set whose names or shapes do not match the network it is loaded into.</summary>
public sealed class WeightMismatchException : Exception
{
    /// <summary>Creates the exception with the full list of mismatches in <paramref name="message"/>.</summary>
    public WeightMismatchException(string message) : base(message)
    {
    }
}
