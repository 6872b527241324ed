using System;
using System.IO;
using Xunit;

namespace SpikeLang.Neuromorphic.Tests.Nir;

/// <summary>NIR files written by other frameworks, in ../shared/fixtures/nir beside the repository root.</summary>
internal static class NirFixtures
{
    /// <summary>The fixture folder, or null when this checkout has none.</summary>
    public static string? Directory { get; } = Locate();

    public static string File(string name) => Path.Combine(Directory ?? throw new InvalidOperationException("No NIR fixture folder."), name);

    private static string? Locate()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (System.IO.File.Exists(Path.Combine(dir.FullName, "SpikeLang.sln")))
            {
                string fixtures = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures", "nir"));
                return System.IO.Directory.Exists(fixtures) ? fixtures : null;
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
