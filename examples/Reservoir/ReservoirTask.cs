// The host side of the reservoir example: jittered spike-pattern templates fed to the generated
// Reservoir network trial by trial, the reservoir's spikes collected, low-pass filtered into feature
// vectors, and a linear readout trained by ridge regression (normal equations solved by Cholesky).
//
// Shared by Program.cs and by tests/SpikeLang.Simulation.Tests (linked there); no plotting here.
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Examples.Reservoir;

/// <summary>The settings of the classification task.</summary>
public sealed record ReservoirTaskOptions
{
    /// <summary>Number of spike-pattern templates (classes).</summary>
    public int Classes { get; init; } = 3;

    /// <summary>Length of a pattern, in seconds.</summary>
    public double PatternSeconds { get; init; } = 0.2;

    /// <summary>Silence after the pattern, in seconds, during which the readout still looks.</summary>
    public double TailSeconds { get; init; } = 0.15;

    /// <summary>The last SharedSeconds of the pattern are the same for every class (one frozen segment), so
    /// that only a network that remembers the first part can tell the classes apart at the end.</summary>
    public double SharedSeconds { get; init; } = 0.1;

    /// <summary>Rate of each input channel in a template (frozen Poisson spike trains), in hertz.</summary>
    public double RateHz { get; init; } = 20;

    /// <summary>Standard deviation of the Gaussian jitter added to every spike of every trial, in seconds.</summary>
    public double JitterSeconds { get; init; } = 0.005;

    /// <summary>Probability that a template spike is left out of a trial.</summary>
    public double Deletion { get; init; } = 0.1;

    /// <summary>The main readout looks at the reservoir's spike counts in the bins of the last EndSeconds of the pattern.</summary>
    public double EndSeconds { get; init; } = 0.05;

    /// <summary>Whether to train the single-bin readouts for the accuracy-against-time curve.</summary>
    public bool Curve { get; init; } = true;

    public int TrainPerClass { get; init; } = 100;

    public int TestPerClass { get; init; } = 50;

    /// <summary>Width of the bins in which spikes are counted: the features of a readout at time t are the
    /// spike counts of each neuron in [t - SampleSeconds, t). Bins tile the trial from its onset.</summary>
    public double SampleSeconds { get; init; } = 0.025;
}

/// <summary>The spikes of one trial, as (step, neuron) pairs in step order; steps count from the trial's onset.</summary>
public sealed record Trial(int Label, int[] ReservoirSteps, int[] ReservoirNeurons, int[] InputSteps, int[] InputChannels);

/// <summary>What the task measured. Accuracies are on held-out test trials unless named otherwise.</summary>
/// <param name="TrainAccuracy">The main readout (reservoir, end of the pattern) on its own training set.</param>
/// <param name="TestAccuracy">The main readout: the reservoir's spike counts in the last EndSeconds of the pattern,
/// while the input plays the segment all classes share; it must remember the cue that ended before.</param>
/// <param name="InputTestAccuracy">The same readout of the input itself: the baseline (about chance, as the input is then the same for every class).</param>
/// <param name="WholeTestAccuracy">A readout of the reservoir's counts in every bin of the pattern.</param>
/// <param name="WholeInputTestAccuracy">The same of the input.</param>
/// <param name="Lambda">The regularization the validation chose for the main readout.</param>
/// <param name="CurveSeconds">Ends of the bins, from the onset, in seconds.</param>
/// <param name="CurveReservoir">Accuracy of a readout of the reservoir's counts in the one bin ending then.</param>
/// <param name="CurveInput">Accuracy of a readout of the input's counts in that bin.</param>
/// <param name="ReservoirRatePattern">Mean reservoir rate while the pattern plays, in hertz.</param>
/// <param name="ReservoirRateTail">Mean reservoir rate in the silence after it, in hertz.</param>
/// <param name="Example">The first test trial, for a raster.</param>
public sealed record ReservoirResult(
    double TrainAccuracy, double TestAccuracy, double InputTestAccuracy,
    double WholeTestAccuracy, double WholeInputTestAccuracy, double Lambda,
    double[] CurveSeconds, double[] CurveReservoir, double[] CurveInput,
    double ReservoirRatePattern, double ReservoirRateTail, int TrainTrials, int TestTrials, Trial Example)
{
    public double Chance(int classes) => 1.0 / classes;
}

/// <summary>Runs trials of the template-classification task on a <see cref="Reservoir"/> network.</summary>
public sealed class ReservoirTask
{
    private readonly Reservoir _net;
    private readonly Random _random;
    private readonly double[][][] _templates; // class, channel, spike times
    private readonly List<int> _bufferSteps = new(), _bufferNeurons = new();

    public ReservoirTask(Reservoir network, ReservoirTaskOptions options, ulong seed)
    {
        _net = network;
        Options = options;
        _random = new Random(unchecked((int)seed ^ (int)(seed >> 32)));
        int channels = network.stim.Count;
        // Frozen Poisson trains: a cue of PatternSeconds - SharedSeconds of each class's own, then one
        // segment common to all classes.
        double cue = options.PatternSeconds - options.SharedSeconds;
        var shared = new double[channels][];
        for (int ch = 0; ch < channels; ch++)
        {
            shared[ch] = PoissonTrain(options.RateHz, cue, options.PatternSeconds);
        }
        _templates = new double[options.Classes][][];
        for (int c = 0; c < options.Classes; c++)
        {
            _templates[c] = new double[channels][];
            for (int ch = 0; ch < channels; ch++)
            {
                var own = PoissonTrain(options.RateHz, 0, cue);
                _templates[c][ch] = [.. own, .. shared[ch]];
            }
        }
    }

    private double[] PoissonTrain(double rate, double from, double to)
    {
        var times = new List<double>();
        for (double t = from + Exponential(rate); t < to; t += Exponential(rate))
        {
            times.Add(t);
        }
        return times.ToArray();
    }

    public ReservoirTaskOptions Options { get; }

    /// <summary>Steps in a trial: the pattern and the silence after it.</summary>
    public int TrialSteps => StepsOf(Options.PatternSeconds + Options.TailSeconds);

    /// <summary>The ends of the bins, in steps from onset: every SampleSeconds to the end of the trial.</summary>
    public int[] SampleSteps
    {
        get
        {
            var steps = new List<int>();
            for (int k = 1; StepsOf(k * Options.SampleSeconds) <= TrialSteps; k++)
            {
                steps.Add(StepsOf(k * Options.SampleSeconds));
            }
            return steps.ToArray();
        }
    }

    /// <summary>Regularizations tried (relative to the mean squared norm of a centred feature vector).</summary>
    public static readonly double[] Lambdas = { 1e-3, 1e-2, 1e-1, 1, 10 };

    /// <summary>The whole task: training and test trials, the readouts, the accuracy against readout time.</summary>
    public ReservoirResult Run()
    {
        var train = RunTrials(Options.TrainPerClass);
        var test = RunTrials(Options.TestPerClass);
        int[] samples = SampleSteps;
        int patternEnd = StepsOf(Options.PatternSeconds);
        int[] during = Array.FindAll(samples, s => s <= patternEnd);

        int[] end = Array.FindAll(during, s => s > patternEnd - StepsOf(Options.EndSeconds));
        var (main, trainAccuracy, testAccuracy) = Readout(train, test, t => ReservoirFeatures(t, end));
        var (_, _, inputAccuracy) = Readout(train, test, t => InputFeatures(t, end));
        var (_, _, wholeAccuracy) = Readout(train, test, t => ReservoirFeatures(t, during));
        var (_, _, wholeInputAccuracy) = Readout(train, test, t => InputFeatures(t, during));

        // Readouts of a single moment: how long the reservoir keeps what the input no longer shows.
        var curveReservoir = new double[samples.Length];
        var curveInput = new double[samples.Length];
        for (int k = 0; k < (Options.Curve ? samples.Length : 0); k++)
        {
            int[] at = { samples[k] };
            curveReservoir[k] = Readout(train, test, t => ReservoirFeatures(t, at)).Test;
            curveInput[k] = Readout(train, test, t => InputFeatures(t, at)).Test;
        }

        long spikesPattern = 0, spikesTail = 0;
        foreach (var trial in train)
        {
            foreach (int step in trial.ReservoirSteps)
            {
                if (step < patternEnd)
                {
                    spikesPattern++;
                }
                else
                {
                    spikesTail++;
                }
            }
        }
        double neuronSeconds = _net.res.Count * (double)train.Count;
        return new ReservoirResult(trainAccuracy, testAccuracy, inputAccuracy, wholeAccuracy, wholeInputAccuracy, main.Lambda,
            Array.ConvertAll(samples, s => s * Reservoir.Dt), curveReservoir, curveInput,
            spikesPattern / (neuronSeconds * Options.PatternSeconds), spikesTail / (neuronSeconds * Options.TailSeconds),
            train.Count, test.Count, test[0]);
    }

    /// <summary>Trains a readout of the features <paramref name="features"/> gives on the training trials; its accuracy on both sets.</summary>
    private (RidgeReadout Readout, double Train, double Test) Readout(List<Trial> train, List<Trial> test, Func<Trial, double[]> features)
    {
        var trainX = train.ConvertAll(t => features(t));
        var trainY = train.ConvertAll(t => t.Label);
        var readout = RidgeReadout.FitValidated(trainX, trainY, Options.Classes, Lambdas);
        return (readout, readout.Accuracy(trainX, trainY), readout.Accuracy(test.ConvertAll(t => features(t)), test.ConvertAll(t => t.Label)));
    }

    /// <summary>Runs a balanced, shuffled set of trials: <paramref name="perClass"/> of each class.</summary>
    public List<Trial> RunTrials(int perClass)
    {
        var labels = new List<int>();
        for (int c = 0; c < Options.Classes; c++)
        {
            for (int k = 0; k < perClass; k++)
            {
                labels.Add(c);
            }
        }
        for (int k = labels.Count - 1; k > 0; k--)
        {
            int m = _random.Next(k + 1);
            (labels[k], labels[m]) = (labels[m], labels[k]);
        }
        var trials = new List<Trial>(labels.Count);
        foreach (int label in labels)
        {
            trials.Add(RunTrial(label));
        }
        return trials;
    }

    /// <summary>One trial: a jittered copy of template <paramref name="label"/>, from a freshly reset reservoir.</summary>
    public Trial RunTrial(int label)
    {
        // The input: every template spike, jittered, a few left out; grouped by step.
        var events = new List<(int Step, int Channel)>();
        var template = _templates[label];
        for (int ch = 0; ch < template.Length; ch++)
        {
            foreach (double t0 in template[ch])
            {
                if (_random.NextDouble() < Options.Deletion)
                {
                    continue;
                }
                double t = t0 + Options.JitterSeconds * Gaussian();
                int step = StepsOf(t);
                if (t >= 0 && step < StepsOf(Options.PatternSeconds))
                {
                    events.Add((step, ch));
                }
            }
        }
        events.Sort();
        events = Distinct(events);
        var inputSteps = new int[events.Count];
        var inputChannels = new int[events.Count];
        for (int k = 0; k < events.Count; k++)
        {
            (inputSteps[k], inputChannels[k]) = events[k];
        }

        // The reservoir starts each trial at rest, membrane potentials spread over the lower part of
        // the range to threshold, no synaptic current.
        var res = _net.res;
        var v = res.v;
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (float)(res.e_l + 0.5 * _random.NextDouble() * (res.v_th - res.e_l));
        }
        res.ge.Clear();
        res.gi.Clear();

        _bufferSteps.Clear();
        _bufferNeurons.Clear();
        Simulate(inputSteps, inputChannels, TrialSteps);
        return new Trial(label, _bufferSteps.ToArray(), _bufferNeurons.ToArray(), inputSteps, inputChannels);
    }

    /// <summary>The hot loop of a trial: hand the input spikes of each step to the network, step, collect spikes.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Simulate(int[] inputSteps, int[] inputChannels, int steps)
    {
        var net = _net;
        int next = 0;
        for (int step = 0; step < steps; step++)
        {
            int first = next;
            while (next < inputSteps.Length && inputSteps[next] == step)
            {
                next++;
            }
            if (next > first)
            {
                net.stim.SetSpikes(inputChannels.AsSpan(first, next - first));
            }
            net.Step();
            foreach (int i in net.res.Spikes)
            {
                _bufferSteps.Add(step);
                _bufferNeurons.Add(i);
            }
        }
    }

    /// <summary>
    /// Features of a trial: spike counts of the reservoir (or of the input) per neuron in the bin of
    /// SampleSeconds that ends at each of <paramref name="sampleSteps"/>, one block of <paramref name="count"/>
    /// values per sample. A readout of one bin sees only what the network shows in that bin.
    /// </summary>
    public double[] Features(int[] steps, int[] neurons, int count, ReadOnlySpan<int> sampleSteps)
    {
        var features = new double[count * sampleSteps.Length];
        int width = StepsOf(Options.SampleSeconds);
        for (int s = 0; s < sampleSteps.Length; s++)
        {
            int end = sampleSteps[s], start = end - width;
            for (int k = 0; k < steps.Length && steps[k] < end; k++)
            {
                if (steps[k] >= start)
                {
                    features[s * count + neurons[k]] += 1;
                }
            }
        }
        return features;
    }

    public double[] ReservoirFeatures(Trial trial, ReadOnlySpan<int> sampleSteps) =>
        Features(trial.ReservoirSteps, trial.ReservoirNeurons, _net.res.Count, sampleSteps);

    public double[] InputFeatures(Trial trial, ReadOnlySpan<int> sampleSteps) =>
        Features(trial.InputSteps, trial.InputChannels, _net.stim.Count, sampleSteps);

    private static List<(int, int)> Distinct(List<(int Step, int Channel)> sorted)
    {
        var result = new List<(int, int)>(sorted.Count);
        foreach (var e in sorted)
        {
            if (result.Count == 0 || result[^1] != e)
            {
                result.Add(e);
            }
        }
        return result;
    }

    private double Exponential(double rate) => -Math.Log(1 - _random.NextDouble()) / rate;

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private static int StepsOf(double seconds) => (int)Math.Round(seconds / Reservoir.Dt);
}
