namespace SpikeLang.Runtime;

/// <summary>What one training or evaluation batch gave: the mean loss and the correct predictions.</summary>
/// <param name="Loss">Mean loss over the batch.</param>
/// <param name="Correct">Samples whose readout's largest class is the label.</param>
/// <param name="Count">Samples in the batch.</param>
public readonly record struct BatchResult(float Loss, int Correct, int Count);
