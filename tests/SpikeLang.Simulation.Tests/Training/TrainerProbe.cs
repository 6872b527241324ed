using System;
using System.Collections.Generic;
using SpikeLang.Runtime;

namespace SpikeLang.Simulation.Tests.Training;

/// <summary>
/// One generated trainer seen through the members the gradient tests use (each network's trainer is its
/// own class with no common interface, so each test binds these to its trainer's methods).
/// </summary>
internal sealed record TrainerProbe(
    Action<float[], int> Forward,
    Func<int[], BatchResult> ComputeLoss,
    Action Backward,
    Func<WeightSet> GetWeights,
    Func<WeightSet> GetGradients,
    Action<WeightSet> SetWeights,
    Func<float[]> Scores,
    IReadOnlyDictionary<string, Func<float[]>> Spikes);
