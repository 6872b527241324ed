using System;

namespace SpikeLang.Bench.Gpu;

/// <summary>Runs one of the examples that bench/gpu times, by its first argument, with the rest as the example's own options (or the dense products' benchmark).</summary>
public static class GpuBench
{
    public static int Main(string[] args)
    {
        string[] options = args.Length > 0 ? args[1..] : Array.Empty<string>();
        switch (args.Length > 0 ? args[0] : null)
        {
            case "fashion":
                return Examples.FashionMnist.Program.Main(options);
            case "fashion-conv":
                return Examples.FashionMnistConv.Program.Main(options);
            case "cuba":
                return Examples.Cuba.Program.Main(options);
            case "brunel":
                return Examples.Brunel2000.Program.Main(options);
            case "products":
                return ProductsBench.Main(options);
            default:
                Console.Error.WriteLine("usage: GpuBench fashion|fashion-conv|cuba|brunel [the example's options]  (examples/FashionMnist, FashionMnistConv, Cuba, Brunel2000), or GpuBench products [--batch B] [--repeat R] (the dense products, plain against tiled)");
                return 2;
        }
    }
}
