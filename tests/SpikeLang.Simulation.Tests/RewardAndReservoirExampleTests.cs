using System;
using System.Linq;
using Examples.DistalReward;
using Examples.Reservoir;
using Xunit;

namespace SpikeLang.Simulation.Tests;

/// <summary>
/// The DistalReward and Reservoir examples' networks and host code, scaled down through their network
/// parameters and task settings so that each test runs in about a second.
/// </summary>
public class RewardAndReservoirExampleTests
{
    [Fact]
    public void Distal_reward_strengthens_the_rewarded_synapse_and_raises_the_reward_rate_above_chance()
    {
        // 20 inputs onto 4 outputs (80 plastic synapses), a background pool of 80 sources, and a faster
        // learning rate than the example's 100 x 10 at 0.7 mV/s; 20 simulated minutes. With this seed the
        // rewarded weight reaches w_max and no other passes a fifth of it; of seeds 1-8, seven bring the rewarded
        // weight above 90 % of w_max and four keep every other weight below half of it.
        var net = new DistalReward(seed: 3, n_in: 20, n_out: 4, n_noise: 80, eta: 2e-3);
        var experiment = new DistalRewardExperiment(net, seed: 3);
        double wMax = net.w_max;
        Assert.Equal(net.w_init, experiment.TargetWeight, 6);
        experiment.Run(1200, 10);

        var bins = experiment.Bins;
        var last = bins.Skip(bins.Count - 30).ToList(); // the last five minutes
        double rewards = last.Sum(b => b.Rewards), chance = last.Sum(b => b.ChanceRewards);
        var final = bins[^1];
        Assert.True(final.TargetWeight >= 0.9 * wMax, $"rewarded weight {final.TargetWeight * 1e3:0.###} mV of {wMax * 1e3} mV");
        Assert.True(final.OtherMaxWeight < 0.5 * wMax, $"largest other weight {final.OtherMaxWeight * 1e3:0.###} mV");
        Assert.True(final.OtherMeanWeight < 0.1 * wMax, $"mean other weight {final.OtherMeanWeight * 1e3:0.###} mV");
        Assert.True(rewards >= 3 * chance, $"{rewards} rewards in the last 5 minutes, {chance:0.#} expected by chance");
        Assert.True(net.pre_to_out.w.ToArray().All(float.IsFinite));
    }

    [Fact]
    public void Reservoir_readout_remembers_the_cue_well_above_chance_where_the_input_cannot()
    {
        // The example's reservoir and task with 40 training and 20 test trials per class, no accuracy curve.
        var net = new Reservoir(seed: 1);
        var options = new ReservoirTaskOptions { TrainPerClass = 40, TestPerClass = 20, Curve = false };
        var result = new ReservoirTask(net, options, seed: 1).Run();

        double chance = result.Chance(options.Classes);
        double threshold = chance + 5 * Math.Sqrt(chance * (1 - chance) / result.TestTrials);
        Assert.Equal(60, result.TestTrials);
        Assert.True(result.TestAccuracy >= threshold, $"test accuracy {result.TestAccuracy:0.###}, chance {chance:0.###}");
        // At the end of the pattern the input is the same for every class: its readout is near chance.
        Assert.True(result.InputTestAccuracy <= chance + 0.2, $"input readout {result.InputTestAccuracy:0.###}");
        Assert.True(result.WholeTestAccuracy >= 0.9, $"whole-pattern readout {result.WholeTestAccuracy:0.###}");
        Assert.InRange(result.ReservoirRatePattern, 5, 60);
    }

    [Fact]
    public void Ridge_readout_solves_the_normal_equations()
    {
        // A = [[4, 2], [2, 3]], b = [2, 1] gives x = [0.5, 0]; the lower triangle is all that is read.
        var a = new double[,] { { 4, double.NaN }, { 2, 3 } };
        var b = new double[,] { { 2 }, { 1 } };
        RidgeReadout.CholeskySolve(a, b);
        Assert.Equal(0.5, b[0, 0], 12);
        Assert.Equal(0.0, b[1, 0], 12);

        // Two separable classes, in the primal (more samples than features) and the dual form (fewer).
        var x = new[] { new[] { 1.0, 0.1 }, new[] { 0.9, -0.1 }, new[] { -1.0, 0.05 }, new[] { -1.1, 0.0 } };
        var y = new[] { 0, 0, 1, 1 };
        Assert.Equal(1.0, RidgeReadout.Fit(x, y, 2, 1e-3).Accuracy(x, y));
        var wide = x.Select(r => r.Concat(Enumerable.Repeat(0.0, 10)).ToArray()).ToArray();
        Assert.Equal(1.0, RidgeReadout.Fit(wide, y, 2, 1e-3).Accuracy(wide, y));
    }
}
