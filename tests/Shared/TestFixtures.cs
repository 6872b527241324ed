using System.Runtime.CompilerServices;

namespace SpikeLang.Tests;

/// <summary>Files under tests/fixtures, found from this source file's place in the repository (linked into the test projects that need them).</summary>
internal static class TestFixtures
{
    /// <summary>The path of <paramref name="relativePath"/> under tests/fixtures, for example "nir/lif_norse.nir".</summary>
    public static string Path(string relativePath) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(ThisFile())!, "..", "fixtures", relativePath));

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
