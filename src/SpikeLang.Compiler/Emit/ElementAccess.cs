using SpikeLang.Compiler.Syntax;

namespace SpikeLang.Compiler.Emit;

/// <summary>
/// How element kernels (the simulator's and the trainer's) read and write element i of an array
/// through a hoisted reference, one lane or a Vector256 at a time, and write an assignment statement.
/// </summary>
internal static class ElementAccess
{
    public static string Load(string reference, bool vector) =>
        vector ? $"Vector256.LoadUnsafe(ref {reference}, (nuint)i)" : $"Unsafe.Add(ref {reference}, i)";

    public static string Store(string value, string reference, bool vector)
    {
        if (!vector)
        {
            return $"Unsafe.Add(ref {reference}, i) = {value};";
        }
        // A composite value needs parentheses before the member access.
        string operand = value.IndexOfAny(new[] { ' ', '?' }) >= 0 ? $"({value})" : value;
        return $"{operand}.StoreUnsafe(ref {reference}, (nuint)i);";
    }

    public static string Assignment(AssignmentOperator op) => op switch
    {
        AssignmentOperator.Assign => "=",
        AssignmentOperator.AddAssign => "+=",
        AssignmentOperator.SubtractAssign => "-=",
        AssignmentOperator.MultiplyAssign => "*=",
        _ => "/=",
    };
}
