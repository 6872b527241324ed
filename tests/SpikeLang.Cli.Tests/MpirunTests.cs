using System;
using System.IO;
using System.Linq;
using Xunit;

namespace SpikeLang.Cli.Tests;

/// <summary>
/// <c>mpirun -np N spikelang run FILE.snn</c>: the ranks share the network, rank 0 prints and writes the files, and
/// the spikes are the ones a single process records.
/// </summary>
public class MpirunTests
{
    [MpirunFact]
    public void Two_ranks_record_the_spikes_of_one_process_and_report_once() =>
        AssertTwoRanksRecordTheSpikesOfOneProcess(CliRunner.Example("Cuba", "Cuba.snn"), "spikes_P.npy", "--duration", "0.2");

    [MpirunFact]
    public void Two_ranks_that_exchange_once_per_delay_record_the_spikes_of_one_process() =>
        // Brunel's connections all wait 1.5 ms, so the ranks exchange spikes once per 15 steps.
        AssertTwoRanksRecordTheSpikesOfOneProcess(CliRunner.Example("Brunel2000", "Brunel2000.snn"), "spikes_shown.npy", "--duration", "0.1", "--param", "n_e=2000");

    [MpirunFact]
    public void Two_ranks_write_every_rank_s_final_weights_as_one_process_does()
    {
        using var folder = new TempDirectory();
        // Each of two ranks holds the synapses onto its own 32 neurons.
        string file = WritePlasticNetwork(folder.Path, "probability 0.5");
        using var one = new TempDirectory();
        using var two = new TempDirectory();
        string[] run = ["run", file, "--duration", "0.5", "--seed", "3", "--no-plots", "--threads", "1", "--out"];

        var single = CliRunner.RunProcess(null, [.. run, one.Path]);
        var shared = CliRunner.RunUnderMpirun(2, [.. run, two.Path]);

        Assert.True(single.ExitCode == 0, single.Stderr);
        Assert.True(shared.ExitCode == 0, shared.Stdout + shared.Stderr);
        byte[] expected = File.ReadAllBytes(Path.Combine(one.Path, "synapses_a_n.npy"));
        Assert.True(expected.Length > 30_000, "about 3 840 synapses of 12 bytes each");
        Assert.Equal(expected, File.ReadAllBytes(Path.Combine(two.Path, "synapses_a_n.npy")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(one.Path, "spikes_n.npy")), File.ReadAllBytes(Path.Combine(two.Path, "spikes_n.npy")));
    }

    [MpirunFact]
    public void Two_ranks_load_a_weight_file_as_one_process_does()
    {
        using var folder = new TempDirectory();
        // Every source onto each neuron: 7 680 synapses in a file whose order is one process's; each rank takes its own.
        string file = WritePlasticNetwork(folder.Path, "all");
        var weights = new SpikeLang.Runtime.WeightSet();
        weights.Add("a_to_n.w", [7680], Enumerable.Range(0, 7680).Select(k => k % 7 * 0.007f).ToArray());
        string weightFile = Path.Combine(folder.Path, "w.slw");
        SpikeLang.Runtime.WeightFile.Save(weightFile, weights);
        using var one = new TempDirectory();
        using var two = new TempDirectory();
        using var none = new TempDirectory();
        string[] run = ["run", file, "--duration", "0.3", "--seed", "3", "--no-plots", "--threads", "1", "--out"];

        var single = CliRunner.RunProcess(null, [.. run, one.Path, "--weights", weightFile]);
        var shared = CliRunner.RunUnderMpirun(2, [.. run, two.Path, "--weights", weightFile]);
        var unloaded = CliRunner.RunProcess(null, [.. run, none.Path]);

        Assert.True(single.ExitCode == 0, single.Stderr);
        Assert.True(shared.ExitCode == 0, shared.Stdout + shared.Stderr);
        Assert.True(unloaded.ExitCode == 0, unloaded.Stderr);
        byte[] expected = File.ReadAllBytes(Path.Combine(one.Path, "synapses_a_n.npy"));
        Assert.Equal(expected, File.ReadAllBytes(Path.Combine(two.Path, "synapses_a_n.npy")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(one.Path, "spikes_n.npy")), File.ReadAllBytes(Path.Combine(two.Path, "spikes_n.npy")));
        Assert.NotEqual(expected, File.ReadAllBytes(Path.Combine(none.Path, "synapses_a_n.npy")));
    }

    /// <summary>Brian2's STDP synapse from 120 Poisson sources onto 64 neurons, connected by <paramref name="rule"/>; returns the file.</summary>
    private static string WritePlasticNetwork(string folder, string rule)
    {
        string file = Path.Combine(folder, "plastic.snn");
        File.WriteAllText(file, RunSynapseFilesTests.StdpModels + "\n" + $$"""
            network Plastic {
                dt = 0.1 ms
                population a = poisson(rate = 40 Hz)[120]
                population n = StdpNeuron[64]
                connect a -> n {{rule}} synapse Stdp
                record spikes n
            }
            """);
        return file;
    }

    private static void AssertTwoRanksRecordTheSpikesOfOneProcess(string file, string spikes, params string[] options)
    {
        using var one = new TempDirectory();
        using var two = new TempDirectory();
        string[] run = ["run", file, .. options, "--seed", "3", "--no-plots", "--threads", "1", "--out"];

        var single = CliRunner.RunProcess(null, [.. run, one.Path]);
        var shared = CliRunner.RunUnderMpirun(2, [.. run, two.Path]);

        Assert.True(single.ExitCode == 0, single.Stderr);
        Assert.True(shared.ExitCode == 0, shared.Stdout + shared.Stderr);
        Assert.Single(shared.Stdout.Split('\n'), line => line.StartsWith("wrote ", StringComparison.Ordinal));
        byte[] expected = File.ReadAllBytes(Path.Combine(one.Path, spikes));
        Assert.True(expected.Length > 2_000, $"{file} should spike");
        Assert.Equal(expected, File.ReadAllBytes(Path.Combine(two.Path, spikes)));
    }

    [MpirunFact]
    public void A_network_that_ranks_cannot_share_is_refused_by_name_without_a_stack_trace()
    {
        using var folder = new TempDirectory();
        string file = Path.Combine(folder.Path, "presynaptic.snn");
        File.WriteAllText(file, """
            neuron Lif {
                parameters { tau = 10 ms }
                state { v = 0 mV }
                equations { dv/dt = (20 mV - v) / tau }
                threshold v > 15 mV
                reset { v = 0 mV }
            }
            network Presynaptic {
                population a = Lif[20]
                population b = Lif[20]
                connect a -> b probability 0.5 on pre { v += 0.1 * v_pre }
                record spikes b
            }
            """);

        var outcome = CliRunner.RunUnderMpirun(2, "run", file, "--duration", "10ms");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("cannot run on several ranks: connection a_to_b (presynaptic.snn line 11) reads v_pre", outcome.Stderr);
        Assert.DoesNotContain("   at ", outcome.Stderr);
    }

    [MpirunFact]
    public void A_command_that_would_repeat_its_work_on_every_rank_is_refused_under_mpirun()
    {
        using var folder = new TempDirectory();
        var outcome = CliRunner.RunUnderMpirun(2, "sweep", CliRunner.Example("Cuba", "Cuba.snn"), "--param", "n=100,200", "--duration", "1ms", "--out", folder.Path);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("'sweep' runs in one process, and under mpirun each of the 2 ranks would do all of it", outcome.Stderr);
        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [MpirunFact]
    public void A_gpu_backend_under_mpirun_is_refused_with_the_cpu_backend_named()
    {
        var outcome = CliRunner.RunUnderMpirun(2, "run", CliRunner.Example("Cuba", "Cuba.snn"), "--duration", "1ms", "--backend", "gpu-emulator");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--backend gpu-emulator runs in one process; under mpirun the ranks share the CPU simulator (--backend cpu)", outcome.Stderr);
        Assert.DoesNotContain("   at ", outcome.Stderr);
    }
}

/// <summary>A fact that is skipped when Open MPI's mpirun (Debian openmpi-bin, which .ci/run installs) is not installed.</summary>
public sealed class MpirunFactAttribute : FactAttribute
{
    public static string? Path { get; } = new[] { "/usr/bin/mpirun", "/usr/local/bin/mpirun" }.FirstOrDefault(File.Exists);

    public MpirunFactAttribute()
    {
        if (Path is null)
        {
            Skip = "mpirun (openmpi-bin) is not installed";
        }
    }
}
