using System;
using System.Globalization;

namespace SpikeLang.Compiler.Emit;

/// <summary>C# literals for generated code, round-trippable.</summary>
internal static class CSharpLiteral
{
    /// <summary>A float literal, parenthesised when negative: 0.02f, (-0.049f).</summary>
    public static string Single(double value) => Parenthesized(((float)value).ToString("R", CultureInfo.InvariantCulture) + "f");

    /// <summary>A double literal, parenthesised when negative: 5E-04d, (-0.07d).</summary>
    public static string Double(double value) => Parenthesized(value.ToString("R", CultureInfo.InvariantCulture) + "d");

    /// <summary>A string literal.</summary>
    public static string String(string text) =>
        "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "") + "\"";

    private static string Parenthesized(string literal) => literal.StartsWith("-", StringComparison.Ordinal) ? "(" + literal + ")" : literal;
}
