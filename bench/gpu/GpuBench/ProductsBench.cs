using System;
using System.Diagnostics;
using System.Linq;
using ILGPU;
using ILGPU.Runtime;
using SpikeLang.Gpu;

namespace SpikeLang.Bench.Gpu;

/// <summary>
/// <c>GpuBench products [--batch B] [--repeat R] [--device gpu|gpu-emulator]</c>: the five matrix products of one
/// training batch of examples/FashionMnist (784-1000-10, 25 steps, the pixels a current input the same every step),
/// each run R times with the plain kernels (one thread per result element) and the tiled ones (shared-memory tiles),
/// the results compared to the bit; prints milliseconds per call and the products' multiply-adds per second.
/// </summary>
internal static class ProductsBench
{
    private const int Pixels = 784, Hidden = 1000, Classes = 10, Steps = 25;

    public static int Main(string[] args)
    {
        if (Option(args, "--batch", 128) is not int batch || Option(args, "--repeat", 20) is not int repeat)
        {
            Console.Error.WriteLine("usage: GpuBench products [--batch B] [--repeat R] [--device gpu|gpu-emulator] (B, R positive integers)");
            return 2;
        }
        string device = args.SkipWhile(a => a != "--device").Skip(1).FirstOrDefault() ?? "gpu";
        GpuDevice gpu;
        try
        {
            gpu = device == "gpu-emulator" ? GpuDevice.CpuEmulator() : GpuDevice.Cuda();
        }
        catch (GpuUnavailableException e)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        using (gpu)
        {
            var plain = new DenseKernels(gpu.Accelerator, DenseProducts.Plain);
            var tiled = new DenseKernels(gpu.Accelerator, DenseProducts.Tiled);
            var input = new DenseShape(batch, 1, 0, 0, Pixels, Hidden);
            var readout = new DenseShape(batch, Steps, 1, batch, Hidden, Classes);
            Console.WriteLine($"Dense products of one Fashion-MNIST batch (784-1000-10, {Steps} steps, batch {batch}) on {gpu.Name}, {repeat} calls each");
            Console.WriteLine($"{"product",-36} {"plain ms",10} {"tiled ms",10} {"plain GMAC/s",13} {"tiled GMAC/s",13} {"speed-up",9}");
            var rows = new (string Name, DenseShape Shape, string Product)[]
            {
                ("pixels -> hidden: delivery", input, nameof(DenseKernels.Deliver)),
                ("pixels -> hidden: weight gradient", input, nameof(DenseKernels.WeightGradient)),
                ("hidden -> out: delivery", readout, nameof(DenseKernels.Deliver)),
                ("hidden -> out: weight gradient", readout, nameof(DenseKernels.WeightGradient)),
                ("hidden -> out: adjoint of hidden", readout, nameof(DenseKernels.SourceAdjoint)),
            };
            bool same = true;
            foreach (var (name, shape, product) in rows)
            {
                var (plainSeconds, plainResult) = Time(gpu.Accelerator, plain, shape, product, repeat);
                var (tiledSeconds, tiledResult) = Time(gpu.Accelerator, tiled, shape, product, repeat);
                same &= plainResult.AsSpan().SequenceEqual(tiledResult);
                double macs = (double)shape.DeliveredRows * shape.Sources * shape.Targets;
                Console.WriteLine($"{name,-36} {plainSeconds * 1e3,10:F3} {tiledSeconds * 1e3,10:F3} {macs / plainSeconds / 1e9,13:F1} {macs / tiledSeconds / 1e9,13:F1} {plainSeconds / tiledSeconds,8:F2}×");
            }
            Console.WriteLine(same ? "tiled results equal the plain ones to the bit" : "TILED RESULTS DIFFER FROM THE PLAIN ONES");
            return same ? 0 : 1;
        }
    }

    /// <summary>Seconds per call of one product (after one call that compiles it), and its result.</summary>
    private static (double Seconds, float[] Result) Time(Accelerator accelerator, DenseKernels kernels, DenseShape shape, string product, int repeat)
    {
        var random = new Random(1);
        float[] Values(int count, bool spikes) =>
            Enumerable.Range(0, count).Select(_ => spikes ? (random.Next(5) == 0 ? 1f : 0f) : (float)(random.NextDouble() - 0.5)).ToArray();
        int sourceRows = shape.SourceStepRows == 0 ? shape.Batch : shape.Steps * shape.Batch;
        using var source = accelerator.Allocate1D(Values(sourceRows * shape.Sources, spikes: shape.SourceStepRows != 0));
        using var weights = accelerator.Allocate1D(Values(shape.Sources * shape.Targets, spikes: false));
        using var bias = accelerator.Allocate1D(Values(shape.Targets, spikes: false));
        using var adjoint = accelerator.Allocate1D(Values(shape.Steps * shape.Batch * shape.Targets, spikes: false));
        using var result = accelerator.Allocate1D<float>(product switch
        {
            nameof(DenseKernels.Deliver) => shape.Steps * shape.Batch * shape.Targets,
            nameof(DenseKernels.SourceAdjoint) => shape.DeliveredRows * shape.Sources,
            _ => shape.Sources * shape.Targets,
        });
        void Call()
        {
            switch (product)
            {
                case nameof(DenseKernels.Deliver):
                    kernels.Deliver(result.View, source.View, weights.View, bias.View, shape);
                    break;
                case nameof(DenseKernels.WeightGradient):
                    kernels.WeightGradient(result.View, source.View, adjoint.View, shape);
                    break;
                default:
                    kernels.SourceAdjoint(result.View, adjoint.View, weights.View, shape);
                    break;
            }
        }
        // Deliveries and adjoints add to their result: every run starts from zeros, so both kernels end equal.
        result.View.MemSetToZero();
        Call();
        accelerator.Synchronize();
        result.View.MemSetToZero();
        var watch = Stopwatch.StartNew();
        for (int k = 0; k < repeat; k++)
        {
            Call();
        }
        accelerator.Synchronize();
        double seconds = watch.Elapsed.TotalSeconds / repeat;
        return (seconds, result.GetAsArray1D());
    }

    /// <summary>The positive integer after <paramref name="name"/>, <paramref name="fallback"/> without it, null if it is not one.</summary>
    private static int? Option(string[] args, string name, int fallback)
    {
        int at = Array.IndexOf(args, name);
        if (at < 0)
        {
            return fallback;
        }
        return at + 1 < args.Length && int.TryParse(args[at + 1], out int value) && value > 0 ? value : null;
    }
}
