using System;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// A network that cannot be put on the target as asked: a model with no integer equivalent, or a
/// neuron that does not fit a core. The message names the population (or connection), what is
/// wrong, and how to fix it; the CLI prints it without a stack trace.
/// </summary>
public sealed class ChipCompilationException : Exception
{
    /// <summary>Creates the exception with its user-facing message.</summary>
    public ChipCompilationException(string message)
        : base(message)
    {
    }
}
