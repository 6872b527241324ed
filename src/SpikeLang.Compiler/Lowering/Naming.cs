using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace SpikeLang.Compiler.Lowering;

/// <summary>The generated members' names: .snn names kept as written, escaped with @ where they are C# keywords.</summary>
internal static class Naming
{
    private static readonly HashSet<string> Keywords = new()
    {
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const",
        "continue", "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern",
        "false", "finally", "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface",
        "internal", "is", "lock", "long", "namespace", "new", "null", "object", "operator", "out", "override",
        "params", "private", "protected", "public", "readonly", "ref", "return", "sbyte", "sealed", "short",
        "sizeof", "stackalloc", "static", "string", "struct", "switch", "this", "throw", "true", "try", "typeof",
        "uint", "ulong", "unchecked", "unsafe", "ushort", "using", "virtual", "void", "volatile", "while",
    };

    /// <summary>A public member name: the .snn name, @-escaped if it is a C# keyword.</summary>
    public static string Member(string name) => Keywords.Contains(name) ? "@" + name : name;

    /// <summary>A C# namespace: each part of the .snn namespace, @-escaped if it is a C# keyword.</summary>
    public static string Namespace(string name) => string.Join(".", name.Split('.').Select(Member));

    /// <summary>A type name derived from a .snn name: "out" → "OutPopulation".</summary>
    public static string Type(string name, string suffix)
    {
        var text = new StringBuilder();
        bool upper = true;
        foreach (char c in name)
        {
            if (c == '_')
            {
                upper = true;
                continue;
            }
            text.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        return text.Append(suffix).ToString();
    }
}
