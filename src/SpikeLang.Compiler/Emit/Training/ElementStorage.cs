using System;

namespace SpikeLang.Compiler.Emit.Training;

/// <summary>
/// Where a trained layer's element step reads and writes its values, by role (<c>prev_STATE</c>, <c>u_STATE</c>,
/// <c>x_STATE</c>, <c>g_STATE</c>, <c>input</c>, <c>s</c>, <c>gs</c>, <c>gin</c>): the one thing in which the CPU
/// trainer's element loops and the GPU trainer's kernels differ, so both run the same generated arithmetic.
/// </summary>
internal sealed class ElementStorage
{
    private readonly Func<string, string> _load;
    private readonly Func<string, string, string> _store;

    public ElementStorage(Func<string, string> load, Func<string, string, string> store)
    {
        _load = load;
        _store = store;
    }

    /// <summary>The expression that reads role <paramref name="role"/>.</summary>
    public string Load(string role) => _load(role);

    /// <summary>The statement(s) that write <paramref name="value"/> to role <paramref name="role"/>.</summary>
    public string Store(string value, string role) => _store(role, value);

    /// <summary>The CPU trainer's: element i through the references <c>r_ROLE</c> hoisted before the loop, a lane or a Vector256 at a time.</summary>
    public static ElementStorage Hoisted(bool vector) =>
        new(role => ElementAccess.Load("r_" + role, vector), (role, value) => ElementAccess.Store(value, "r_" + role, vector));
}
