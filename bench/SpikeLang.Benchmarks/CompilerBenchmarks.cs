using System;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Attributes;
using SpikeLang.Compiler;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Benchmarks;

/// <summary>
/// The compiler front half (parse, bind, analyse) on every example program at once: what
/// `spikelang check examples` and each build with the source generator pay after start-up.
/// </summary>
[MemoryDiagnoser]
public class CompilerBenchmarks
{
    private SourceText[] _examples = Array.Empty<SourceText>();

    [GlobalSetup]
    public void Setup()
    {
        _examples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "examples"), "*.snn", SearchOption.AllDirectories)
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new SourceText(f, File.ReadAllText(f)))
            .ToArray();
        if (SnnCompiler.Compile(_examples).HasErrors)
        {
            throw new InvalidOperationException("The examples must compile cleanly to be a fair benchmark.");
        }
    }

    [Benchmark(Description = "Check all examples")]
    public int CheckAllExamples() => SnnCompiler.Compile(_examples).Diagnostics.Count;
}
