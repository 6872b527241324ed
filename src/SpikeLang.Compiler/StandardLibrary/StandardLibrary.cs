using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.StandardLibrary;

/// <summary>
/// The models that ship with the compiler, written in .snn and embedded in this assembly. A user
/// declaration with the same name takes precedence over a standard one.
/// </summary>
internal static class StandardModels
{
    private const string Prefix = "SpikeLang.StandardLibrary.";

    private static readonly Lazy<IReadOnlyList<SourceText>> LazySources = new(Load);

    private const string PathPrefix = "<stdlib>/";

    /// <summary>One source per model file, reported under the path <c>&lt;stdlib&gt;/Name.snn</c>.</summary>
    public static IReadOnlyList<SourceText> Sources => LazySources.Value;

    /// <summary>True for the path of a standard model's file, which users cannot open.</summary>
    public static bool IsStandard(string path) => path.StartsWith(PathPrefix, StringComparison.Ordinal);

    private static IReadOnlyList<SourceText> Load()
    {
        var assembly = typeof(StandardModels).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(Prefix, StringComparison.Ordinal))
            .OrderBy(name => name, StringComparer.Ordinal)
            .Select(name =>
            {
                using var stream = assembly.GetManifestResourceStream(name)!;
                using var reader = new StreamReader(stream);
                return new SourceText(PathPrefix + name.Substring(Prefix.Length), reader.ReadToEnd());
            })
            .ToList();
    }
}
