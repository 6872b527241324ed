using System;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using Xunit;

namespace SpikeLang.Cli.Tests;

/// <summary>
/// bench/mpi/ExchangeBench under <c>mpirun -np 2</c> with --check: both exchanges (RankGroup.AllGather and
/// RankGroup.AllToAll over Open MPI) must give every rank exactly what they should, on a network sparse enough that
/// the all-to-all leaves some spikes out.
/// </summary>
public class ExchangeBenchTests
{
    [MpirunFact]
    public void Both_exchanges_give_each_of_two_ranks_exactly_the_spikes_they_should()
    {
        // Three targets per neuron: an eighth of the neurons have none on a given rank, so the ranks' lists differ.
        var outcome = CliRunner.RunUnderMpirun(ExchangeBenchDll, 2,
            "--neurons", "4000", "--out-degree", "3", "--rate", "20", "--window", "10", "--steps", "1000", "--check");

        Assert.True(outcome.ExitCode == 0, outcome.Stdout + outcome.Stderr);
        Assert.Contains("check=passed", outcome.Stdout);
        Assert.Equal("2", Value(outcome.Stdout, "ranks"));
        double spikes = double.Parse(Value(outcome.Stdout, "spikes_per_window"), CultureInfo.InvariantCulture);
        Assert.InRange(spikes, 60, 100);
        double allGather = double.Parse(Value(outcome.Stdout, "allgather_ints_per_rank"), CultureInfo.InvariantCulture);
        double allToAll = double.Parse(Value(outcome.Stdout, "alltoall_ints_per_rank"), CultureInfo.InvariantCulture);
        // The all-gather brings every spike and a count per step from each rank (both printed to 0.1); the all-to-all
        // the same counts and about 7/8 of the spikes.
        Assert.InRange(allGather, spikes + 2 * 10 - 0.15, spikes + 2 * 10 + 0.15);
        Assert.InRange(allToAll, allGather - spikes / 4, allGather - spikes / 16);
        Assert.True(double.Parse(Value(outcome.Stdout, "allgather_us"), CultureInfo.InvariantCulture) > 0);
        Assert.True(double.Parse(Value(outcome.Stdout, "alltoall_us"), CultureInfo.InvariantCulture) > 0);
    }

    /// <summary>The benchmark as built beside this project (its ProjectReference builds it first), same configuration.</summary>
    private static string ExchangeBenchDll
    {
        get
        {
            var root = new DirectoryInfo(AppContext.BaseDirectory);
            while (!File.Exists(Path.Combine(root.FullName, "SpikeLang.sln")))
            {
                root = root.Parent ?? throw new InvalidOperationException($"No SpikeLang.sln above {AppContext.BaseDirectory}.");
            }
            // bin/<configuration>/<framework> below this project, and the same below the benchmark's.
            string output = Path.GetRelativePath(Path.Combine(root.FullName, "tests", "SpikeLang.Cli.Tests"), AppContext.BaseDirectory);
            return Path.Combine(root.FullName, "bench", "mpi", "ExchangeBench", output, "ExchangeBench.dll");
        }
    }

    private static string Value(string output, string key) =>
        Regex.Match(output, $@"\b{key}=(\S+)") is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException($"no {key}= in:\n{output}");
}
