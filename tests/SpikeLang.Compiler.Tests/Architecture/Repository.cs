using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;

namespace SpikeLang.Compiler.Tests.Architecture;

/// <summary>The repository's source files, for tests that hold the code to its architecture.</summary>
internal static class Repository
{
    public static string Root { get; } = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .First(a => a.Key == "SpikeLangRepositoryRoot").Value!;

    /// <summary>The C# files below <paramref name="folder"/> (repository-relative, '/'-separated), build output excluded.</summary>
    public static IEnumerable<string> CSharpFiles(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Select(f => Path.GetRelativePath(Root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .OrderBy(f => f, StringComparer.Ordinal);

    public static string Read(string relativePath) => File.ReadAllText(Path.Combine(Root, relativePath));
}
