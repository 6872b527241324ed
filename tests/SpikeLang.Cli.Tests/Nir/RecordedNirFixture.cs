using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using SpikeLang.Cli.Simulation;
using SpikeLang.Tests;
using Xunit;

namespace SpikeLang.Cli.Tests.Nir;

/// <summary>
/// A NIR file of tests/fixtures/nir that comes with the spikes a reference gave for it: <c>NAME.json</c> holds
/// <c>steps</c>, the <c>input</c> spikes and, under <c>spikes</c>, each layer's spikes by the name its population
/// gets on import, every spike as [step, flat C-order index].
/// </summary>
internal static class RecordedNirFixture
{
    /// <summary>Imports <c>nir/NAME.nir</c> into <paramref name="directory"/> with the given <c>nir import</c> options; the .snn text.</summary>
    public static string Import(string directory, string name, params string[] options)
    {
        var import = CliRunner.Run(new[] { "nir", "import", TestFixtures.Path($"nir/{name}.nir"), "-o", directory }.Concat(options).ToArray());
        Assert.True(import.ExitCode == 0, import.Stderr);
        return File.ReadAllText(Path.Combine(directory, name + ".snn"));
    }

    /// <summary>
    /// Builds the network <see cref="Import"/> wrote into <paramref name="directory"/>, drives its input with the
    /// recorded input spikes and asserts that every recorded layer spikes exactly as recorded.
    /// </summary>
    public static void AssertSpikesAsRecorded(string directory, string name, string inputName)
    {
        using var expected = JsonDocument.Parse(File.ReadAllText(TestFixtures.Path($"nir/{name}.json")));
        int steps = expected.RootElement.GetProperty("steps").GetInt32();
        var input = Pairs(expected.RootElement.GetProperty("input"));
        using var built = BuiltNetwork.Build(Path.Combine(directory, name + ".snn"), null, "NirRecorded", 0,
            Path.Combine(directory, name + ".slw"), TextWriter.Null, out int exitCode);
        Assert.True(built is not null, $"exit {exitCode}");
        var spikes = NetworkDriver.Drive(built!.Network, inputName, steps, step => input.Where(s => s.Step == step).Select(s => s.Index).ToArray());

        foreach (JsonProperty layer in expected.RootElement.GetProperty("spikes").EnumerateObject())
        {
            var reference = Pairs(layer.Value);
            Assert.True(reference.Count > 10, $"{layer.Name} spikes {reference.Count} times in the reference: the test would show little");
            Assert.Equal(reference, spikes[layer.Name]);
        }
    }

    private static List<(long Step, int Index)> Pairs(JsonElement array) =>
        array.EnumerateArray().Select(p => (p[0].GetInt64(), p[1].GetInt32())).ToList();
}
