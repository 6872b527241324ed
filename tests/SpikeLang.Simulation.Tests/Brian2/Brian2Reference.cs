using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace SpikeLang.Simulation.Tests.Brian2;

/// <summary>
/// Figures recorded from Brian2 2.5.1 by the scripts in bench/brian2 (tests/reference/brian2/*.json):
/// the reference that SpikeLang's "as in Brian2" claims are held to.
/// </summary>
internal static class Brian2Reference
{
    /// <summary>One case of semantics.json (refractory_gating, refractory_steps, delays, reset_order, pre_post_order).</summary>
    public static JsonElement SemanticsCase(string name) => Load("semantics.json").GetProperty("cases").GetProperty(name);

    /// <summary>The whole of a reference file.</summary>
    public static JsonElement Load(string file) =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", "reference", "brian2", file))).RootElement;

    public static int[] Ints(this JsonElement array) => array.EnumerateArray().Select(e => e.GetInt32()).ToArray();

    public static double[] Doubles(this JsonElement array) => array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    /// <summary>[[step, neuron], ...] as (step, neuron) pairs.</summary>
    public static List<(long Step, int Neuron)> Spikes(this JsonElement array) =>
        array.EnumerateArray().Select(p => ((long)p[0].GetInt32(), p[1].GetInt32())).ToList();

    private static string ThisFile([CallerFilePath] string path = "") => path;
}
