using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace SpikeLang.Cli.Tests.Nir;

/// <summary>NIR files written by other frameworks, in ../shared/fixtures/nir beside the repository root.</summary>
internal static class NirFixtureDirectory
{
    /// <summary>The fixture folder, or null when this checkout has none.</summary>
    public static string? Path { get; } = Locate();

    /// <summary>Looks up from this source file and from the test binaries (possibly in an artifacts folder) for the repository root.</summary>
    private static string? Locate([CallerFilePath] string sourceFile = "")
    {
        foreach (string start in new[] { System.IO.Path.GetDirectoryName(sourceFile) ?? "", AppContext.BaseDirectory })
        {
            for (var dir = start.Length > 0 ? new DirectoryInfo(start) : null; dir is not null; dir = dir.Parent)
            {
                if (File.Exists(System.IO.Path.Combine(dir.FullName, "SpikeLang.sln")))
                {
                    string fixtures = System.IO.Path.GetFullPath(System.IO.Path.Combine(dir.FullName, "..", "shared", "fixtures", "nir"));
                    if (Directory.Exists(fixtures))
                    {
                        return fixtures;
                    }

                    break;
                }
            }
        }

        return null;
    }
}

/// <summary>A theory that is skipped, saying why, when the NIR fixture folder is absent.</summary>
public sealed class NirFixtureTheoryAttribute : TheoryAttribute
{
    public NirFixtureTheoryAttribute()
    {
        if (NirFixtureDirectory.Path is null)
        {
            Skip = "../shared/fixtures/nir is absent beside the repository root";
        }
    }
}
