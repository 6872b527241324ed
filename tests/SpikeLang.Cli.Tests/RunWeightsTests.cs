using System.IO;
using System.Text.Json;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Cli.Tests;

/// <summary><c>spikelang run --weights</c>: trained or imported weights drive the run; bad files are usage errors.</summary>
public class RunWeightsTests
{
    private const string Dense = """
        neuron Unit {
            parameters { beta = 0.5; theta = 1 }
            state { mem = 0 }
            update { mem = beta * mem + input }
            threshold mem > theta
            reset { mem = 0 }
        }

        network Layer {
            dt = 1 ms
            population drive = poisson(rate = 500 Hz)[4]
            population n = Unit[3]
            connect drive -> n dense
        }
        """;

    private static long Spikes(CliOutcome outcome, string population)
    {
        Assert.True(outcome.ExitCode == 0, outcome.Stderr);
        foreach (var p in JsonDocument.Parse(outcome.Stdout).RootElement.GetProperty("populations").EnumerateArray())
        {
            if (p.GetProperty("name").GetString() == population)
            {
                return p.GetProperty("spikes").GetInt64();
            }
        }
        throw new Xunit.Sdk.XunitException($"no population {population}");
    }

    [Fact]
    public void Loaded_weights_change_the_run_and_silence_it_when_zero()
    {
        using var dir = new TempDirectory();
        string snn = dir.Write("layer.snn", Dense);
        var zero = new WeightSet();
        zero.Add("drive_to_n.w", [3, 4], new float[12]);
        zero.Add("drive_to_n.b", [3], new float[3]);
        string zeroPath = Path.Combine(dir.Path, "zero.slw");
        WeightFile.Save(zeroPath, zero);
        var strong = new WeightSet();
        strong.Add("drive_to_n.w", [3, 4], [2f, 2f, 2f, 2f, 0f, 0f, 0f, 0f, 2f, 0f, 0f, 0f]);
        strong.Add("drive_to_n.b", [3], new float[3]);
        string strongPath = Path.Combine(dir.Path, "strong.slw");
        WeightFile.Save(strongPath, strong);

        long silent = Spikes(CliRunner.Run("run", snn, "--duration", "1s", "--json", "--weights", zeroPath), "n");
        long driven = Spikes(CliRunner.Run("run", snn, "--duration", "1s", "--json", "--weights", strongPath), "n");
        Assert.Equal(0, silent);
        Assert.True(driven > 100, $"{driven} spikes");
    }

    [Fact]
    public void Weights_that_do_not_fit_and_unreadable_files_are_usage_errors_naming_the_problem()
    {
        using var dir = new TempDirectory();
        string snn = dir.Write("layer.snn", Dense);
        var wrong = new WeightSet();
        wrong.Add("drive_to_n.w", [4, 3], new float[12]);
        string wrongPath = Path.Combine(dir.Path, "wrong.slw");
        WeightFile.Save(wrongPath, wrong);

        var mismatch = CliRunner.Run("run", snn, "--duration", "10ms", "--weights", wrongPath);
        Assert.Equal(CliApp.UsageError, mismatch.ExitCode);
        Assert.Contains("'drive_to_n.w' has shape [4, 3], but the network needs [3, 4]", mismatch.Stderr);
        Assert.Contains("'drive_to_n.b' is missing", mismatch.Stderr);

        string garbage = dir.Write("garbage.slw", "not weights");
        var unreadable = CliRunner.Run("run", snn, "--duration", "10ms", "--weights", garbage);
        Assert.Equal(CliApp.UsageError, unreadable.ExitCode);
        Assert.Contains("not a SpikeLang weight file", unreadable.Stderr);
        Assert.DoesNotContain("   at ", unreadable.Stderr);
    }
}
