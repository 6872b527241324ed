using System;
using System.Globalization;
using System.IO;

namespace SpikeLang.Cli.Simulation;

/// <summary>
/// The memory the process may use and the free space of the output folder, which a run's predicted needs are
/// compared with. Either may be set instead of measured (<see cref="Limits"/>), so tests can make a run too big
/// for a machine without needing that much.
/// </summary>
/// <param name="Memory">Bytes to assume the process may use; null to ask the GC.</param>
/// <param name="Disk">Free bytes to assume in the output folder; null to ask its drive.</param>
internal sealed record ResourceLimits(long? Memory, long? Disk)
{
    /// <summary>For testing: the bytes of memory to assume available, instead of the GC's figure.</summary>
    public const string MemoryVariable = "SPIKELANG_AVAILABLE_MEMORY";

    /// <summary>For testing: the free bytes to assume in the output folder, instead of the drive's.</summary>
    public const string DiskVariable = "SPIKELANG_AVAILABLE_DISK";

    /// <summary>The limits the environment sets (both null when neither variable is set), or null with the reason.</summary>
    public static ResourceLimits? FromEnvironment(out string? error)
    {
        long? memory = Read(MemoryVariable, out error);
        long? disk = error is null ? Read(DiskVariable, out error) : null;
        return error is null ? new ResourceLimits(memory, disk) : null;
    }

    /// <summary>
    /// What the GC lets the process hold: the machine's memory, or the container's limit, or a configured
    /// heap limit (<c>GCHeapHardLimit</c>), as <see cref="GCMemoryInfo.TotalAvailableMemoryBytes"/> reports it.
    /// </summary>
    public long AvailableMemory()
    {
        if (Memory is { } memory)
        {
            return memory;
        }
        long available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        if (available <= 0)
        {
            // The figure comes from the last collection; before the first there is none, and a young one is cheap.
            GC.Collect(0);
            available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        }
        return available;
    }

    /// <summary>Free bytes on the drive of <paramref name="directory"/> (for this user); null when the system cannot say.</summary>
    public long? AvailableDisk(string directory)
    {
        if (Disk is { } disk)
        {
            return disk;
        }
        try
        {
            return new DriveInfo(Path.GetFullPath(directory)).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            // A drive that does not say its free space (some network file systems): the write itself will tell.
            return null;
        }
    }

    private static long? Read(string variable, out string? error)
    {
        error = null;
        if (Environment.GetEnvironmentVariable(variable) is not { Length: > 0 } text)
        {
            return null;
        }
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long bytes))
        {
            return bytes;
        }
        error = $"{variable}='{text}' is not a number of bytes (it is for testing; unset it to use what the machine has)";
        return null;
    }
}
