using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using SpikeLang.Cli.Commands;
using SpikeLang.Cli.Simulation;
using SpikeLang.Compiler;

namespace SpikeLang.Cli.Tests.Nir;

/// <summary>
/// Runs an imported .snn in process, with its .slw weights loaded and its inputs driven by values,
/// and returns the recorded spikes. A small driver class is compiled together with the generated
/// simulator, because the inputs take spans, which reflection cannot pass.
/// </summary>
internal static class NirEngineRun
{
    /// <param name="snn">The imported .snn file.</param>
    /// <param name="slw">Its weights.</param>
    /// <param name="inputName">The input population to drive.</param>
    /// <param name="inputValues">Its values per step ([step][source]).</param>
    /// <param name="recorded">Populations whose spikes to return.</param>
    /// <returns>Per recorded population, (step, neuron) of every spike.</returns>
    public static Dictionary<string, List<(long Step, int Neuron)>> Run(string snn, string slw, string inputName, float[][] inputValues, IReadOnlyList<string> recorded)
    {
        var stderr = new StringWriter();
        var network = GeneratedNetworks.Generate(snn, stderr, out _)?.Single() ?? throw new InvalidOperationException(stderr.ToString());
        string record = string.Join(", ", recorded.Select(p => $"[\"{p}\"] = Spikes(net.@{p}.SpikeMonitor)"));
        string driver = $$"""
            using System;
            using System.Collections.Generic;
            public static class NirTestDriver
            {
                public static Dictionary<string, List<(long, int)>> Run(string weights, float[][] values)
                {
                    var net = new global::{{network.FullName}}(0);
                    net.LoadWeights(weights);
                    foreach (float[] step in values)
                    {
                        net.@{{inputName}}.SetValues(step);
                        net.Step();
                    }
                    return new Dictionary<string, List<(long, int)>> { {{record}} };
                }

                private static List<(long, int)> Spikes(SpikeLang.Runtime.SpikeMonitor monitor)
                {
                    var spikes = new List<(long, int)>();
                    for (int k = 0; k < monitor.Count; k++) spikes.Add((monitor.Steps[k], monitor.Indices[k]));
                    return spikes;
                }
            }
            """;
        using var loaded = InMemoryCompiler.Compile("NirTest." + Guid.NewGuid().ToString("N"), [network.Source, new GeneratedSource("NirTestDriver.cs", driver)], null, out var errors)
            ?? throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        MethodInfo run = loaded.Assembly.GetType("NirTestDriver")!.GetMethod("Run")!;
        var spikes = (Dictionary<string, List<(long, int)>>)run.Invoke(null, [slw, inputValues])!;
        return spikes.ToDictionary(p => p.Key, p => p.Value.Select(s => (s.Item1, s.Item2)).ToList());
    }
}
