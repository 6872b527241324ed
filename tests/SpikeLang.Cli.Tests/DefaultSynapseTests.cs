using System.Linq;
using System.Text.Json;
using Xunit;

namespace SpikeLang.Cli.Tests;

/// <summary>
/// A connection with the default synapse (Static: 'input += w') changes the firing of every standard
/// neuron model, which reads the summed input in the unit its comment documents; and into a model
/// that never reads it, check says so at the connection (SL0125).
/// </summary>
public class DefaultSynapseTests
{
    // Each population sits just below its threshold; Poisson inputs with probability p make it fire.
    private const string Network = """
        network DefaultSynapse {
            parameters { p = 0.5 }
            dt = 0.1 ms
            population ext = poisson(rate = 200 Hz)[50]
            population lif = Lif(i_ext = 1.9 nA)[20]
            population cuba = CubaLif(e_l = -51 mV, v = -55 mV)[20]
            population izhikevich = Izhikevich[20]
            population adex = AdEx[20]
            population adaptive = AdaptiveLif[20]
            population leaky = Leaky[20]
            connect ext -> lif probability p
            connect ext -> cuba probability p synapse Static(w = 5)
            connect ext -> izhikevich probability p synapse Static(w = 10)
            connect ext -> adex probability p synapse Static(w = 5)
            connect ext -> adaptive probability p synapse Static(w = 50)
            connect ext -> leaky probability p
        }
        """;

    [Fact]
    public void Every_standard_neuron_fires_from_the_summed_input_and_not_without_it()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("default.snn", Network);
        long Spikes(JsonElement json, string population) => json.GetProperty("populations").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == population).GetProperty("spikes").GetInt64();

        var without = Run(file, "p=0");
        var with = Run(file, "p=0.5");

        foreach (var population in new[] { "lif", "cuba", "izhikevich", "adex", "adaptive", "leaky" })
        {
            Assert.True(Spikes(without, population) == 0, $"{population} fires {Spikes(without, population)} times without input");
            Assert.True(Spikes(with, population) >= 20, $"{population} fires {Spikes(with, population)} times with input (20 neurons, 0.5 s)");
        }
    }

    [Fact]
    public void Check_warns_at_a_connection_into_a_model_that_never_reads_its_input()
    {
        using var dir = new TempDirectory();
        string file = dir.Write("deaf.snn", """
            neuron Deaf {
                parameters { tau = 10 ms }
                state { v = 0 mV }
                equations { dv/dt = -v / tau }
                threshold v > 1 mV
            }
            network N {
                population ext = poisson(rate = 10 Hz)[5]
                population e = Deaf[8]
                connect ext -> e probability 0.2
            }
            """);

        var outcome = CliRunner.Run("check", file);

        Assert.Equal(0, outcome.ExitCode);
        Assert.Contains("deaf.snn(10,5): warning SL0125: This connection's 'on pre' changes 'input' of neuron model 'Deaf', which none of its equations, threshold or reset reads", outcome.Stdout + outcome.Stderr);
    }

    private static JsonElement Run(string file, string parameter)
    {
        var outcome = CliRunner.Run("run", file, "--duration", "0.5s", "--seed", "3", "--param", parameter, "--json", "--no-cache");
        Assert.True(outcome.ExitCode == 0, outcome.Stdout + outcome.Stderr);
        using var document = JsonDocument.Parse(outcome.Stdout);
        return document.RootElement.Clone();
    }
}
