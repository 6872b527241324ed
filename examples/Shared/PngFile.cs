using System;
using System.IO;

namespace Examples;

/// <summary>
/// Writes the examples' figures atomically: rendered into a temporary file beside the target, then
/// moved over it, so an interrupted run never leaves half a PNG. Linked into each example project.
/// </summary>
internal static class PngFile
{
    /// <returns>The full path of the written file.</returns>
    public static string Save(ScottPlot.Image image, string outDir, string fileName)
    {
        Directory.CreateDirectory(outDir);
        string target = Path.GetFullPath(Path.Combine(outDir, fileName));
        string temporary = Path.Combine(Path.GetDirectoryName(target)!, $".{fileName}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllBytes(temporary, image.GetImageBytes());
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
        return target;
    }
}
