using System;
using System.Linq;
using Examples.Brian2;
using Xunit;

namespace SpikeLang.Simulation.Tests.Brian2.Examples;

/// <summary>
/// synapses/STDP.py (50 s, shortened from 100 s as the recording),
/// frompapers/Clopath_et_al_2010_no_homeostasis.py (15 pairings at each of 7 rates) and
/// frompapers/Izhikevich_2007.py (dopamine-modulated STDP, two phases).
/// </summary>
public class PlasticityExamplesTests
{
    [Fact]
    public void Stdp_weights_move_to_the_bounds_as_in_Brian2()
    {
        var brian2 = new Brian2Example("stdp");
        double duration = brian2.Protocol("duration_s");
        var net = new StdpBrian2(seed: 1);
        net.Run(TimeSpan.FromSeconds(duration));
        double[] w = net.poisson_input_to_neurons.w.ToArray().Select(x => (double)x / 0.01).ToArray();
        brian2.AssertMatches("w_mean", w.Average());
        brian2.AssertMatches("frac_low", w.Count(x => x < 0.1) / (double)w.Length);
        brian2.AssertMatches("frac_high", w.Count(x => x >= 0.9) / (double)w.Length);
        brian2.AssertMatches("out_rate_hz", net.neurons.SpikeMonitor.Count / duration);
    }

    /// <summary>
    /// The original's pairing loop, run by the host as Brian2's Python runs it: for each rate the neurons' state and
    /// the weights are reset; then 15 times v[0] = V_thresh + 1 mV, run 10 ms, v[1] = V_thresh + 1 mV, run
    /// 1/rate - 10 ms. Run lengths are turned into steps as Brian2's clock does (the end time rounded up to a step,
    /// or to the nearest when within 0.01 % of a step).
    /// </summary>
    [Fact]
    public void Clopath_weights_change_with_the_pairing_rate_as_in_Brian2()
    {
        var brian2 = new Brian2Example("clopath_2010");
        double[] rates = { 1, 5, 10, 15, 20, 30, 50 };
        Assert.Equal(rates, Rates());
        var net = new ClopathPairing();
        const double vRest = -70e-3, vThresh = -50e-3, initWeight = 0.5;
        var prePost = new double[rates.Length];
        var postPre = new double[rates.Length];
        for (int r = 0; r < rates.Length; r++)
        {
            double pairInterval = 1 / rates[r] - 10e-3;
            net.Nrns.v.Fill(vRest);
            net.Nrns.v_lowpass1.Fill(vRest);
            net.Nrns.v_lowpass2.Fill(vRest);
            net.Nrns.x_trace.Fill(0);
            net.Nrns_to_Nrns.w_ampa.Fill(initWeight);
            for (int rep = 0; rep < 15; rep++)
            {
                net.Nrns.v[0] = vThresh + 1e-3;
                RunFor(net, 10e-3);
                net.Nrns.v[1] = vThresh + 1e-3;
                RunFor(net, pairInterval);
            }
            // synapse 0 is 0 -> 1 (pre before post), synapse 1 is 1 -> 0
            prePost[r] = 100 * net.Nrns_to_Nrns.w_ampa[0] / initWeight;
            postPre[r] = 100 * net.Nrns_to_Nrns.w_ampa[1] / initWeight;
        }
        brian2.AssertMatches("w_pre_post", prePost);
        brian2.AssertMatches("w_post_pre", postPre);
    }

    private static double[] Rates() =>
        Brian2Reference.Load("examples/clopath_2010.json").GetProperty("protocol").GetProperty("rates_hz").Doubles();

    private static void RunFor(ClopathPairing net, double seconds)
    {
        double dt = ClopathPairing.Dt;
        double end = net.StepIndex * dt + seconds;
        long target = (long)Math.Round(end / dt);
        if (Math.Abs(target * dt - end) / dt > 1e-4)
        {
            target = (long)Math.Ceiling(end / dt);
        }
        net.Run(target - net.StepIndex);
    }

    [Fact]
    public void Izhikevich_2007_dopamine_turns_the_eligibility_trace_into_weight_as_in_Brian2()
    {
        // Deterministic: Brian2's figures are one run. c and d are read at each step's start, as Brian2's
        // StateMonitor (when='start') records them; d is the postsynaptic neuron's (see the .snn header).
        var brian2 = new Brian2Example("izhikevich_2007");
        var net = new Izhikevich2007();
        const double gmax = 0.01;
        var plastic = net.pre_neuron_to_post_neuron;
        double cMax = double.MinValue, dMax = double.MinValue, sAt3 = double.NaN;
        for (int step = 0; step < 60_000; step++)
        {
            if (step == 30_000)
            {
                sAt3 = plastic.s[0] / gmax;
            }
            cMax = Math.Max(cMax, plastic.c[0] / gmax);
            dMax = Math.Max(dMax, net.neurons.d[1] / gmax);
            net.Step();
        }
        brian2.AssertMatches("s_at_3s", sAt3);
        brian2.AssertMatches("s_at_6s", plastic.s[0] / gmax);
        brian2.AssertMatches("c_max", cMax);
        brian2.AssertMatches("d_max", dMax);
        brian2.AssertMatches("spikes", Brian2Example.Counts(net.neurons.SpikeMonitor, 2).Select(c => (double)c).ToArray());
    }
}
