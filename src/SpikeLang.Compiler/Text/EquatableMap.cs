using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;

namespace SpikeLang.Compiler.Text;

/// <summary>
/// An immutable string-keyed dictionary compared by its entries, so named values (optimizer
/// arguments, initial values) can sit in plans that an incremental generator compares.
/// </summary>
internal sealed class EquatableMap<TValue> : IReadOnlyDictionary<string, TValue>, IEquatable<EquatableMap<TValue>>
    where TValue : IEquatable<TValue>
{
    private readonly Dictionary<string, TValue> _items;

    public EquatableMap(IEnumerable<KeyValuePair<string, TValue>> items) =>
        _items = items.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    public TValue this[string key] => _items[key];

    public IEnumerable<string> Keys => _items.Keys;

    public IEnumerable<TValue> Values => _items.Values;

    public int Count => _items.Count;

    public bool ContainsKey(string key) => _items.ContainsKey(key);

    public bool TryGetValue(string key, out TValue value) => _items.TryGetValue(key, out value!);

    public IEnumerator<KeyValuePair<string, TValue>> GetEnumerator() => _items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public bool Equals(EquatableMap<TValue>? other) =>
        other is not null && other.Count == Count && _items.All(p => other._items.TryGetValue(p.Key, out var value) && p.Value.Equals(value));

    public override bool Equals(object? obj) => Equals(obj as EquatableMap<TValue>);

    public override int GetHashCode()
    {
        // Order-independent, as equality is.
        int hash = Count;
        foreach (var pair in _items)
        {
            hash ^= StringComparer.Ordinal.GetHashCode(pair.Key) * 31 + pair.Value.GetHashCode();
        }
        return hash;
    }
}
