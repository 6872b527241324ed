// The host side of the distal-reward task: it watches the spikes of the generated DistalReward
// network, schedules a dopamine dose 1-3 s after each rewarded coincidence (input 0, then output 0
// within 10 ms), lets the dopamine decay, and hands it to the plastic connection through its shared
// 'reward' variable before every step. It also counts the same kind of coincidence for every other
// input/output pair, so that the rewarded pair can be compared with pairs that are never rewarded.
//
// Shared by Program.cs and by tests/SpikeLang.Simulation.Tests (linked there); no plotting here.
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Examples.DistalReward;

/// <summary>One bin of the time series the experiment records.</summary>
/// <param name="End">End of the bin, in simulated seconds.</param>
/// <param name="TargetWeight">Weight of the rewarded synapse (input 0 → output 0) at the end of the bin, in volts, within [0, w_max].</param>
/// <param name="OtherMeanWeight">Mean weight of every other plastic synapse, in volts.</param>
/// <param name="OtherMaxWeight">Largest weight of every other plastic synapse, in volts.</param>
/// <param name="Rewards">Rewarded coincidences in the bin (each one schedules one dose of dopamine).</param>
/// <param name="ChanceRewards">The rewarded coincidences expected if input 0 and output 0 fired independently at the rates they had in the bin.</param>
/// <param name="ControlPairMean">Coincidences of the same kind per unrewarded pair (every other input → output pair), averaged.</param>
/// <param name="OutputRate">Mean output firing rate in the bin, in hertz.</param>
public readonly record struct DistalRewardBin(
    double End, double TargetWeight, double OtherMeanWeight, double OtherMaxWeight,
    int Rewards, double ChanceRewards, double ControlPairMean, double OutputRate);

/// <summary>Runs the distal-reward task on a <see cref="DistalReward"/> network.</summary>
public sealed class DistalRewardExperiment
{
    /// <summary>The rewarded synapse: input 0 onto output 0.</summary>
    public const int TargetPre = 0, TargetPost = 0;

    private readonly DistalReward _net;
    private readonly Random _random;
    private readonly int _nIn, _nOut;
    private readonly int _targetSynapse;
    private readonly int _windowSteps, _delayMinSteps, _delayMaxSteps;
    private readonly double _decayPerStep;
    private readonly long[] _lastPre;      // step of each input's last spike
    private readonly long[] _consumed;     // per pair: the input spike already paired with an output spike
    private readonly long[] _pairEvents;   // per pair, in this bin
    private readonly int[] _due;           // doses falling due, a ring indexed by step
    private readonly int[] _preSpikes, _outSpikes; // per neuron, in this bin
    private double _dopamine;

    /// <param name="network">A freshly built network.</param>
    /// <param name="seed">Seeds the reward delays (the network has its own seed).</param>
    public DistalRewardExperiment(DistalReward network, ulong seed)
    {
        _net = network;
        _random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        _nIn = network.pre.Count;
        _nOut = network.@out.Count;
        _windowSteps = StepsOf(CoincidenceWindow);
        _delayMinSteps = StepsOf(RewardDelayMin);
        _delayMaxSteps = StepsOf(RewardDelayMax);
        _decayPerStep = Math.Exp(-DistalReward.Dt / DopamineTau);
        _lastPre = new long[_nIn];
        Array.Fill(_lastPre, long.MinValue / 2);
        _consumed = new long[_nIn * _nOut];
        Array.Fill(_consumed, long.MinValue);
        _pairEvents = new long[_nIn * _nOut];
        _due = new int[_delayMaxSteps + 1];
        _preSpikes = new int[_nIn];
        _outSpikes = new int[_nOut];
        _targetSynapse = SynapseIndex(TargetPre, TargetPost);
    }

    /// <summary>Output 0 must fire within this time after input 0 for a reward (10 ms, as in Izhikevich 2007).</summary>
    public const double CoincidenceWindow = 0.010;

    /// <summary>The reward comes a uniformly random 1 to 3 s after the coincidence.</summary>
    public const double RewardDelayMin = 1.0, RewardDelayMax = 3.0;

    /// <summary>Dopamine added per reward, and its decay time constant (0.5 and 200 ms, as in Izhikevich 2007).</summary>
    public const double DopamineDose = 0.5, DopamineTau = 0.2;

    public DistalReward Network => _net;

    /// <summary>Index of the synapse input <paramref name="pre"/> → output <paramref name="post"/> in the connection's CSR order.</summary>
    public int SynapseIndex(int pre, int post)
    {
        var csr = _net.pre_to_out.Connectivity;
        for (int k = csr.RowStart[pre]; k < csr.RowStart[pre + 1]; k++)
        {
            if (csr.Columns[k] == post)
            {
                return k;
            }
        }
        throw new InvalidOperationException($"no synapse {pre} -> {post}");
    }

    /// <summary>Weight of the rewarded synapse now, within its bounds (the synapse clips it before each use).</summary>
    public double TargetWeight => Bounded(_net.pre_to_out.w[_targetSynapse]);

    /// <summary>Rewarded coincidences since the start.</summary>
    public long TotalRewards { get; private set; }

    /// <summary>The bins recorded so far.</summary>
    public List<DistalRewardBin> Bins { get; } = new();

    /// <summary>Runs for <paramref name="seconds"/>, recording one <see cref="DistalRewardBin"/> per <paramref name="binSeconds"/>.</summary>
    public void Run(double seconds, double binSeconds)
    {
        int binSteps = StepsOf(binSeconds);
        long total = StepsOf(seconds);
        for (long done = 0; done < total; done += binSteps)
        {
            int steps = (int)Math.Min(binSteps, total - done);
            Array.Clear(_pairEvents);
            Array.Clear(_preSpikes);
            Array.Clear(_outSpikes);
            int rewards = RunSteps(steps);
            Bins.Add(Summarize(steps, rewards));
        }
    }

    /// <summary>The hot loop: one network step per iteration, with the reward bookkeeping around it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int RunSteps(int steps)
    {
        var net = _net;
        var plastic = net.pre_to_out;
        int rewards = 0;
        for (int k = 0; k < steps; k++)
        {
            plastic.reward = (float)_dopamine;
            net.Step();
            long step = net.StepIndex - 1;

            foreach (int j in net.@out.Spikes)
            {
                _outSpikes[j]++;
                for (int i = 0; i < _nIn; i++)
                {
                    long since = step - _lastPre[i];
                    int pair = i * _nOut + j;
                    // Output j fired 1 to 10 ms after input i's last spike, which has not been paired yet.
                    if (since >= 1 && since <= _windowSteps && _consumed[pair] != _lastPre[i])
                    {
                        _consumed[pair] = _lastPre[i];
                        _pairEvents[pair]++;
                        if (i == TargetPre && j == TargetPost)
                        {
                            rewards++;
                            int delay = _random.Next(_delayMinSteps, _delayMaxSteps + 1);
                            _due[(step + delay) % _due.Length]++;
                        }
                    }
                }
            }
            foreach (int i in net.pre.Spikes)
            {
                _preSpikes[i]++;
                _lastPre[i] = step;
            }

            // Dopamine decays with 200 ms and jumps by one dose for each reward falling due now.
            int slot = (int)(step % _due.Length);
            _dopamine = _dopamine * _decayPerStep + DopamineDose * _due[slot];
            _due[slot] = 0;
        }
        TotalRewards += rewards;
        return rewards;
    }

    private DistalRewardBin Summarize(int steps, int rewards)
    {
        double seconds = steps * DistalReward.Dt;
        var w = _net.pre_to_out.w;
        double sum = 0, max = 0;
        for (int k = 0; k < w.Length; k++)
        {
            if (k != _targetSynapse)
            {
                double value = Bounded(w[k]);
                sum += value;
                max = Math.Max(max, value);
            }
        }
        // Independent firing: each of input 0's spikes finds output 0 firing within the window with
        // probability 1 - (1 - p)^window, p the probability that output 0 fires in a step.
        double pOut = _outSpikes[TargetPost] / (double)steps;
        double chance = _preSpikes[TargetPre] * (1 - Math.Pow(1 - pOut, _windowSteps));
        long control = 0;
        for (int pair = 0; pair < _pairEvents.Length; pair++)
        {
            if (pair != TargetPre * _nOut + TargetPost)
            {
                control += _pairEvents[pair];
            }
        }
        long outSpikes = 0;
        foreach (int count in _outSpikes)
        {
            outSpikes += count;
        }
        return new DistalRewardBin(_net.Time, TargetWeight, sum / (w.Length - 1), max, rewards, chance,
            control / (double)(_pairEvents.Length - 1), outSpikes / (double)_nOut / seconds);
    }

    private double Bounded(float w) => Math.Clamp(w, 0, _net.w_max);

    private static int StepsOf(double seconds) => (int)Math.Round(seconds / DistalReward.Dt);
}
