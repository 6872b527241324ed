using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Text;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Binding;

/// <summary>
/// The names visible to one piece of code, and the rule that resolves them. In neuron code that is the
/// neuron's own variables, then built-ins. In synapse code (Brian2's rule): the synapse's own variables,
/// then <c>x_pre</c> / <c>x_post</c> for the pre- and postsynaptic neurons' <c>x</c>, then unqualified
/// names of the postsynaptic neuron. Units and constants come last, so a variable may shadow them.
/// </summary>
internal sealed class Scope
{
    private readonly Dictionary<string, VariableSymbol> _self = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, VariableSymbol>? _pre;
    private readonly IReadOnlyDictionary<string, VariableSymbol>? _post;
    private readonly Dictionary<string, VariableSymbol> _builtIns = new(StringComparer.Ordinal);

    public Scope(
        string description,
        IEnumerable<VariableSymbol> builtIns,
        IReadOnlyDictionary<string, VariableSymbol>? pre = null,
        IReadOnlyDictionary<string, VariableSymbol>? post = null,
        bool neighboursUnknown = false,
        string? postModel = null)
    {
        Description = description;
        PostModel = postModel;
        _pre = pre;
        _post = post;
        NeighboursUnknown = neighboursUnknown;
        foreach (var symbol in builtIns.Concat(Constants))
        {
            _builtIns[symbol.Name] = symbol;
        }
    }

    /// <summary>The timed arrays code here may read by name (Brian2's TimedArray calls).</summary>
    public IReadOnlyDictionary<string, TimedArrayModel> TimedArrays { get; init; } = new Dictionary<string, TimedArrayModel>();

    /// <summary>The postsynaptic neuron model's name in synapse code, for messages.</summary>
    public string? PostModel { get; }

    /// <summary>"neuron 'CubaLif'", for messages.</summary>
    public string Description { get; }

    /// <summary>
    /// A synapse checked on its own, before a connection says which neurons it joins: names it does
    /// not declare may belong to those neurons, so they are not errors yet.
    /// </summary>
    public bool NeighboursUnknown { get; }

    public IReadOnlyDictionary<string, VariableSymbol> Self => _self;

    public static IReadOnlyList<VariableSymbol> Constants { get; } = new[]
    {
        new VariableSymbol("pi", VariableKind.Constant, Dimension.None, default),
        new VariableSymbol("e", VariableKind.Constant, Dimension.None, default),
        // Brian2's DEFAULT_CONSTANTS: clip(w, 0, inf) is how Brian2 writes a bound on one side only.
        new VariableSymbol("inf", VariableKind.Constant, Dimension.None, default),
    };

    public static double ConstantValue(string name) => name switch
    {
        "pi" => Math.PI,
        "inf" => double.PositiveInfinity,
        _ => Math.E,
    };

    public void Declare(VariableSymbol symbol) => _self[symbol.Name] = symbol;

    /// <summary>True for the names the engine supplies (t, dt, i, ...), which a model cannot redeclare; constants may be shadowed.</summary>
    public bool IsBuiltIn(string name) => _builtIns.TryGetValue(name, out var symbol) && symbol.Kind == VariableKind.Implicit;

    public bool TryResolve(string name, out VariableSymbol symbol, out VariableOwner owner)
    {
        owner = VariableOwner.Self;
        if (_self.TryGetValue(name, out symbol!))
        {
            return true;
        }
        if (_pre is not null || _post is not null || NeighboursUnknown)
        {
            if (TrySuffixed(name, "_pre", _pre, out symbol))
            {
                owner = VariableOwner.Pre;
                return true;
            }
            if (TrySuffixed(name, "_post", _post, out symbol))
            {
                owner = VariableOwner.Post;
                return true;
            }
            if (_post is not null && _post.TryGetValue(name, out symbol!))
            {
                owner = VariableOwner.Post;
                return true;
            }
        }
        if (_builtIns.TryGetValue(name, out symbol!))
        {
            return true;
        }
        if (NeighboursUnknown && !UnitTable.TryLookup(name, out _))
        {
            // Checked again, precisely, for every connection that uses this synapse.
            symbol = new VariableSymbol(name, VariableKind.State, null, default);
            owner = VariableOwner.Post;
            return true;
        }
        return false;
    }

    private bool TrySuffixed(string name, string suffix, IReadOnlyDictionary<string, VariableSymbol>? neuron, out VariableSymbol symbol)
    {
        symbol = null!;
        if (!name.EndsWith(suffix, StringComparison.Ordinal) || name.Length == suffix.Length)
        {
            return false;
        }
        string baseName = name.Substring(0, name.Length - suffix.Length);
        if (neuron is not null)
        {
            return neuron.TryGetValue(baseName, out symbol!);
        }
        if (NeighboursUnknown)
        {
            symbol = new VariableSymbol(baseName, VariableKind.State, null, default);
            return true;
        }
        return false;
    }

    /// <summary>The state variables of the postsynaptic neuron, for messages; empty outside synapse code.</summary>
    public IEnumerable<string> PostStateNames =>
        _post?.Values.Where(s => s.Kind == VariableKind.State || s.Builtin == Binding.Builtin.Input).Select(s => s.Name) ?? Enumerable.Empty<string>();

    public bool HasNeighbours => _pre is not null || _post is not null;

    /// <summary>Every name visible here, for "did you mean" suggestions.</summary>
    public IEnumerable<string> VisibleNames()
    {
        var names = _self.Keys.Concat(_builtIns.Keys);
        if (_post is not null)
        {
            names = names.Concat(_post.Keys).Concat(_post.Keys.Select(k => k + "_post"));
        }
        if (_pre is not null)
        {
            names = names.Concat(_pre.Keys.Select(k => k + "_pre"));
        }
        return names;
    }
}
