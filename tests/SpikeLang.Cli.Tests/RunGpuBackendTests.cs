using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using SpikeLang.Runtime;
using Xunit;

namespace SpikeLang.Cli.Tests;

/// <summary>
/// <c>spikelang run --backend</c>: the GPU simulator on ILGPU's CPU accelerator writes the CPU run's recordings (spikes, rates and state); without a
/// CUDA device <c>--backend gpu</c> says so in one line; a network the GPU simulator does not run is refused by construct.
/// </summary>
public class RunGpuBackendTests
{
    // Feed-forward, one synapse per target (each spike of src, 25 mV after 1 ms, makes dst spike): the GPU simulator's spikes,
    // rate and recorded state are the CPU simulator's.
    private const string Tiny = """
        network Tiny {
            dt = 0.1 ms
            population src = Lif(i_ext = 2.5 nA + 1 nA * i / N)[8]
            population dst = Lif[8]
            connect src -> dst one_to_one delay 1 ms synapse Static(w = 250)
            record spikes src
            record spikes dst
            record state dst[2:6].v every 0.5 ms
            record rate dst window 1 ms
        }
        """;

    [Fact]
    public void The_gpu_emulator_writes_the_spike_rate_and_state_files_of_the_cpu_run()
    {
        using var dir = new TempDirectory();
        string snn = dir.Write("tiny.snn", Tiny);
        string cpu = Path.Combine(dir.Path, "cpu"), gpu = Path.Combine(dir.Path, "gpu");

        var onCpu = CliRunner.Run("run", snn, "--duration", "100ms", "--seed", "4", "--out", cpu, "--no-plots");
        var onGpu = CliRunner.Run("run", snn, "--duration", "100ms", "--seed", "4", "--out", gpu, "--no-plots", "--backend", "gpu-emulator");

        Assert.True(onCpu.ExitCode == 0, onCpu.Stderr);
        Assert.True(onGpu.ExitCode == 0, onGpu.Stderr);
        var files = Directory.GetFiles(cpu, "*.npy").Select(path => Path.GetFileName(path)).Append("recording.json").ToList();
        Assert.Contains("state_dst_v.npy", files);
        Assert.Contains("rate_dst.npy", files);
        foreach (string file in files)
        {
            byte[] expected = File.ReadAllBytes(Path.Combine(cpu, file));
            Assert.True(expected.Length > 200, $"{file}: {expected.Length} bytes");
            Assert.Equal(expected, File.ReadAllBytes(Path.Combine(gpu, file)));
        }
    }

    /// <summary>
    /// <c>--input</c> on the GPU backend: the stimulus file's spikes drive the input population on the host, and each step
    /// uploads them to the device; every recording is the CPU run's.
    /// </summary>
    [Fact]
    public void On_the_gpu_emulator_an_input_population_is_driven_from_a_file_as_on_the_cpu()
    {
        using var dir = new TempDirectory();
        string snn = dir.Write("driven.snn", """
            network Driven {
                dt = 0.1 ms
                input stim[4]
                population dst = Lif[4]
                connect stim -> dst one_to_one delay 0.5 ms synapse Static(w = 250)
                record spikes stim
                record spikes dst
                record state dst.v every 0.5 ms
            }
            """);
        string spikes = dir.Write("spikes.csv", "time_s,index\n" + string.Join("\n", Enumerable.Range(0, 40).Select(k => $"{0.002 * k + 0.0003},{k % 4}")) + "\n");
        string cpu = Path.Combine(dir.Path, "cpu"), gpu = Path.Combine(dir.Path, "gpu");

        var onCpu = CliRunner.Run("run", snn, "--duration", "100ms", "--input", $"stim={spikes}", "--out", cpu, "--no-plots");
        var onGpu = CliRunner.Run("run", snn, "--duration", "100ms", "--input", $"stim={spikes}", "--out", gpu, "--no-plots", "--backend", "gpu-emulator");

        Assert.True(onCpu.ExitCode == 0, onCpu.Stderr);
        Assert.True(onGpu.ExitCode == 0, onGpu.Stderr);
        var files = Directory.GetFiles(cpu, "*.npy").Select(path => Path.GetFileName(path)).ToList();
        Assert.Contains("state_dst_v.npy", files);
        foreach (string file in files)
        {
            byte[] expected = File.ReadAllBytes(Path.Combine(cpu, file));
            Assert.True(expected.Length > 200, $"{file}: {expected.Length} bytes");
            Assert.Equal(expected, File.ReadAllBytes(Path.Combine(gpu, file)));
        }
    }

    /// <summary>
    /// Examples without sums onto one neuron nor Poisson draws, whose GPU spikes must be the CPU simulator's: exponential
    /// Euler on Hodgkin-Huxley, the exact propagator on Brian2's f-I curve, Euler on a phase-locked population driven by
    /// time; and recorded state, which must be too: Hindmarsh-Rose's membrane (Runge-Kutta), and the adaptation of Brette
    /// and Gerstner's AdEx neuron driven by a timed array (looked up on the device). Gap junctions' summed currents
    /// add over ten synapses per neuron, gathered on the device in the CPU simulator's order, so their spikes are the CPU's too;
    /// and Brian2's nonlinear synapses, whose clock-driven conductances are summed into their target's.
    /// </summary>
    [Theory]
    [InlineData("examples/brian2/if_curve_hodgkin_huxley.snn")]
    [InlineData("examples/brian2/if_curve_lif.snn")]
    [InlineData("examples/brian2/phase_locking.snn")]
    [InlineData("examples/brian2/hindmarsh_rose_1984.snn")]
    [InlineData("examples/brian2/brette_gerstner_2005.snn")]
    [InlineData("examples/brian2/gapjunctions.snn")]
    [InlineData("examples/brian2/nonlinear.snn")]
    public void On_the_gpu_emulator_an_example_spikes_as_on_the_cpu(string example)
    {
        using var dir = new TempDirectory();
        string snn = Path.Combine(Repository(), example);
        string cpu = Path.Combine(dir.Path, "cpu"), gpu = Path.Combine(dir.Path, "gpu");

        var onCpu = CliRunner.Run("run", snn, "--duration", "50ms", "--out", cpu, "--no-plots");
        var onGpu = CliRunner.Run("run", snn, "--duration", "50ms", "--out", gpu, "--no-plots", "--backend", "gpu-emulator");

        Assert.True(onCpu.ExitCode == 0, onCpu.Stderr);
        Assert.True(onGpu.ExitCode == 0, onGpu.Stderr);
        var recorded = Directory.GetFiles(cpu, "*.npy");
        // A spike file of a population that never spiked is its header alone (128 bytes).
        Assert.Contains(recorded, path => new FileInfo(path).Length > 200);
        foreach (string path in recorded)
        {
            Assert.Equal(File.ReadAllBytes(path), File.ReadAllBytes(Path.Combine(gpu, Path.GetFileName(path))));
        }
    }

    /// <summary>
    /// Brian2's STDP example (1000 Poisson inputs, event-driven STDP, its weights recorded every step): on the emulator it
    /// runs and writes the CPU run's weight file, of the same shape, whose first sample (before any spike) is the same
    /// initial draws; later samples and the spikes follow the device's Poisson draws, not the CPU simulator's.
    /// </summary>
    [Fact]
    public void Brian2s_stdp_example_runs_on_the_gpu_emulator_with_its_weights_recorded()
    {
        using var dir = new TempDirectory();
        string snn = Path.Combine(Repository(), "examples/brian2/stdp.snn");
        string cpu = Path.Combine(dir.Path, "cpu"), gpu = Path.Combine(dir.Path, "gpu");

        var onCpu = CliRunner.Run("run", snn, "--duration", "20ms", "--out", cpu, "--no-plots");
        var onGpu = CliRunner.Run("run", snn, "--duration", "20ms", "--out", gpu, "--no-plots", "--backend", "gpu-emulator");

        Assert.True(onCpu.ExitCode == 0, onCpu.Stderr);
        Assert.True(onGpu.ExitCode == 0, onGpu.Stderr);
        const string Weights = "weights_poisson_input_neurons.npy";
        using var expected = NpyReader.Open(Path.Combine(cpu, Weights));
        using var actual = NpyReader.Open(Path.Combine(gpu, Weights));
        Assert.Equal(expected.Fields, actual.Fields);
        Assert.Equal(200, actual.Rows);
        Assert.Equal(expected.RowBytes, actual.RowBytes);
        var want = new byte[expected.RowBytes];
        var got = new byte[actual.RowBytes];
        expected.ReadRows(want, 1);
        actual.ReadRows(got, 1);
        Assert.Equal(want, got);
    }

    private static string Repository([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", ".."));

    [Fact]
    public void Without_a_cuda_device_the_gpu_backend_says_so_in_one_line()
    {
        using var dir = new TempDirectory();
        string snn = dir.Write("tiny.snn", Tiny);

        var outcome = CliRunner.Run("run", snn, "--duration", "10ms", "--backend", "gpu");

        // This machine has no CUDA device (the test asserts nothing where one is present).
        if (outcome.ExitCode != 0)
        {
            Assert.Equal(2, outcome.ExitCode);
            string line = Assert.Single(outcome.Stderr.Split('\n', System.StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("spikelang: error: --backend gpu: ", line);
            Assert.Contains("CUDA", line);
            Assert.DoesNotContain(" at ", line);
        }
    }

    [Fact]
    public void A_network_the_gpu_simulator_does_not_run_is_refused_by_construct()
    {
        using var dir = new TempDirectory();
        string snn = dir.Write("plastic.snn", """
            network Plastic {
                population a = Lif[4]
                population b = Lif[4]
                connect a -> b delay uniform(0 ms, 1 ms) synapse Stdp
            }
            """);

        var outcome = CliRunner.Run("run", snn, "--duration", "10ms", "--backend", "gpu-emulator");

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("plastic.snn(4,5): error SL0521: ", outcome.Stderr);
        Assert.Contains("plasticity with delays that differ per synapse of the connection connect a -> b delay uniform(0 ms, 1 ms) synapse Stdp", outcome.Stderr);
        Assert.Contains("spikelang: error: --backend gpu-emulator: the GPU simulator does not run network 'Plastic' yet (above); run it with --backend cpu", outcome.Stderr);
    }

    [Fact]
    public void An_unknown_backend_is_a_usage_error()
    {
        var outcome = CliRunner.Run("run", "missing.snn", "--backend", "tpu");
        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("--backend 'tpu' is not a backend", outcome.Stderr);
    }
}
