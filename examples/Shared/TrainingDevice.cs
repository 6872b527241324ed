using System;
using System.Linq;

namespace Examples.Shared;

/// <summary>Where the example trains: <c>--device cpu</c> (the default; the generated CPU trainer) or <c>--device gpu</c> (the generated GPU trainer on CUDA).</summary>
internal enum TrainingDevice
{
    Cpu,
    Gpu,
}

internal static class TrainingDeviceOption
{
    public const string Usage = "  --device cpu|gpu    train with the generated CPU trainer (default) or the GPU trainer on the first CUDA device";

    /// <summary>Takes <c>--device X</c> out of <paramref name="args"/>; the rest goes to the shared options.</summary>
    /// <exception cref="FormatException">The value is missing or neither cpu nor gpu.</exception>
    public static (TrainingDevice Device, string[] Remaining) Take(string[] args)
    {
        int at = Array.IndexOf(args, "--device");
        if (at < 0)
        {
            return (TrainingDevice.Cpu, args);
        }
        var device = (at + 1 < args.Length ? args[at + 1] : null) switch
        {
            "cpu" => TrainingDevice.Cpu,
            "gpu" => TrainingDevice.Gpu,
            var other => throw new FormatException($"--device takes cpu or gpu, not '{other ?? "(nothing)"}'."),
        };
        return (device, args.Take(at).Concat(args.Skip(at + 2)).ToArray());
    }
}
