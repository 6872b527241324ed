using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit;

namespace SpikeLang.Neuromorphic.Tests.Nir;

/// <summary>NIR files written by other frameworks, in ../shared/fixtures/nir beside the repository root.</summary>
internal static class NirFixtures
{
    /// <summary>The fixture folder, or null when this checkout has none.</summary>
    public static string? Directory { get; } = Locate();

    public static string File(string name) => Path.Combine(Directory ?? throw new InvalidOperationException("No NIR fixture folder."), name);

    /// <summary>
    /// Looks up from this source file (the repository as compiled) and from the test binaries (which
    /// may be built into an artifacts folder elsewhere) for the repository root.
    /// </summary>
    private static string? Locate([CallerFilePath] string sourceFile = "")
    {
        foreach (string start in new[] { Path.GetDirectoryName(sourceFile) ?? "", AppContext.BaseDirectory })
        {
            for (var dir = start.Length > 0 ? new DirectoryInfo(start) : null; dir is not null; dir = dir.Parent)
            {
                if (System.IO.File.Exists(Path.Combine(dir.FullName, "SpikeLang.sln")))
                {
                    string fixtures = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", "nir"));
                    if (System.IO.Directory.Exists(fixtures))
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

/// <summary>A fact that is skipped, saying why, when the NIR fixture folder is absent.</summary>
public sealed class NirFixtureFactAttribute : FactAttribute
{
    public NirFixtureFactAttribute()
    {
        if (NirFixtures.Directory is null)
        {
            Skip = "../shared/fixtures/nir is absent beside the repository root";
        }
    }
}
