using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace SpikeLang.Compiler.Text;

/// <summary>
/// The data files .snn code names in quotes (<c>file("I.csv")</c>, <c>spikes(file = "in.csv")</c>), read when the
/// network is compiled so that their values are built into the program and checked by <c>spikelang check</c>.
/// The CLI and the tests read them from disk; the source generator can only see the project's additional files,
/// and only as text, so every caller says where files come from and how a missing one is made visible.
/// </summary>
public abstract class DataFiles
{
    /// <summary>No data files: a network that names one gets a located error.</summary>
    public static DataFiles None { get; } = new InMemory(new Dictionary<string, string>(), "is not available to this compilation");

    /// <summary>Files read from disk, as the CLI and the tests compile.</summary>
    public static DataFiles Disk { get; } = new FromDisk();

    /// <summary>Files given by full path, as the source generator gets them from the project's additional files.</summary>
    /// <param name="missing">Ends "'{file}' ..." for a file that is not among them: how to make it visible.</param>
    public static DataFiles From(IEnumerable<KeyValuePair<string, string>> texts, string missing) =>
        new InMemory(texts.ToDictionary(t => Normalize(t.Key), t => t.Value, PathComparer), missing);

    /// <summary>The text of the file at <paramref name="path"/> (a full path), or null when there is none.</summary>
    public abstract string? ReadText(string path);

    /// <summary>Ends "... reads 'x.csv', which ..." when <see cref="ReadText"/> found nothing.</summary>
    public abstract string Missing { get; }

    /// <summary>
    /// Where a file named in <paramref name="sourcePath"/> as <paramref name="written"/> is: relative names start at the
    /// .snn file's folder. Null when <paramref name="written"/> cannot name a file at all (a character no path may hold).
    /// </summary>
    public static string? Resolve(string sourcePath, string written)
    {
        if (written.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            return null;
        string folder = Path.GetDirectoryName(sourcePath) ?? "";
        try
        {
            return Normalize(Path.IsPathRooted(written) ? written : Path.Combine(folder, written));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            // What the platform refuses as a path (Windows refuses more than Linux) is the name's mistake, not a crash.
            return null;
        }
    }

    private static string Normalize(string path) => Path.GetFullPath(path);

    private static StringComparer PathComparer => Path.DirectorySeparatorChar == '\\' ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

    private sealed class FromDisk : DataFiles
    {
        public override string? ReadText(string path)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllText(path) : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A file the user cannot read is their mistake to fix, reported at the name like a missing one.
                return null;
            }
        }

        public override string Missing => "does not exist or cannot be read";
    }

    private sealed class InMemory(Dictionary<string, string> texts, string missing) : DataFiles
    {
        public override string? ReadText(string path) => texts.TryGetValue(path, out string? text) ? text : null;

        public override string Missing => missing;
    }
}
