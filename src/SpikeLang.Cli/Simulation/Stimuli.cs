using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Simulation;

/// <summary><c>spikelang run --input NAME=FILE</c>: each named input population plays its file (docs/stimuli.md).</summary>
internal static class Stimuli
{
    /// <summary>Checks each file against its input and attaches it; returns what is wrong, or null.</summary>
    public static string? Attach(INetwork network, IReadOnlyDictionary<string, string> files, long steps, TextWriter stderr)
    {
        foreach (var (name, path) in files)
        {
            var population = network.Populations.FirstOrDefault(p => p.Name == name);
            var inputs = network.Populations.OfType<IInputPopulation>().Select(p => p.Name).ToList();
            string known = inputs.Count == 0
                ? $"network '{network.Name}' has no input population (declare one with 'input NAME[N]')"
                : $"the input populations of network '{network.Name}' are: {string.Join(", ", inputs)}";
            if (population is null)
            {
                return $"--input {name}: no population '{name}'; {known}";
            }
            if (population is not IInputPopulation input)
            {
                return $"--input {name}: '{name}' is not an input population, so nothing drives it from outside; {known}";
            }
            LoadedStimulus loaded;
            try
            {
                loaded = StimulusFile.Load(path, network.Dt, input.Count);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                return $"--input {name}: {ex.Message}";
            }
            input.Stimulus = loaded.Stimulus;
            if (loaded.LastStep >= network.StepIndex + steps)
            {
                stderr.WriteLine($"spikelang: note: --input {name}: the file goes on after the run ends ({Durations.Format((network.StepIndex + steps) * network.Dt)}); what comes later is not played");
            }
        }
        return null;
    }
}
