using System;
using System.IO;

namespace SpikeLang.Runtime;

/// <summary>
/// A file written over time that readers see only once it is whole: the bytes go to a hidden temporary
/// file beside the target, which <see cref="Complete"/> moves into place; <see cref="Dispose"/> without
/// <see cref="Complete"/> deletes it, so an interrupted run leaves nothing behind.
/// </summary>
public sealed class PartialFile : IDisposable
{
    private FileStream? _stream;

    /// <summary>Starts writing what will become <paramref name="path"/>.</summary>
    public PartialFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Path = System.IO.Path.GetFullPath(path);
        TemporaryPath = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, $".{System.IO.Path.GetFileName(Path)}.{Guid.NewGuid():N}.partial");
        _stream = new FileStream(TemporaryPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 1 << 16);
    }

    /// <summary>Where the file will be once complete.</summary>
    public string Path { get; }

    /// <summary>Where the bytes go until then.</summary>
    public string TemporaryPath { get; }

    /// <summary>The stream to write to (seekable, so a header can be rewritten before <see cref="Complete"/>).</summary>
    public Stream Stream => _stream ?? throw new ObjectDisposedException(System.IO.Path.GetFileName(Path), "The file is complete or abandoned.");

    /// <summary>Flushes to disk and moves the file into place, replacing one of the same name.</summary>
    public void Complete()
    {
        FileStream stream = _stream ?? throw new ObjectDisposedException(System.IO.Path.GetFileName(Path), "The file is complete or abandoned.");
        stream.Flush(flushToDisk: true);
        stream.Dispose();
        _stream = null;
        File.Move(TemporaryPath, Path, overwrite: true);
    }

    /// <summary>Closes the file; unless it was completed, deletes what was written.</summary>
    public void Dispose()
    {
        if (_stream is { } stream)
        {
            _stream = null;
            stream.Dispose();
            try
            {
                File.Delete(TemporaryPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort: a failure to clean up must not hide the error that led here.
            }
        }
    }
}
