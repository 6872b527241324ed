namespace SpikeLang.Gpu;

/// <summary>
/// Where a dense connection's rows lie in the trainer's [step, sample, neuron] buffers. The target's input at
/// step t (for t ≥ <see cref="Lag"/>) reads the source's row of step t − Lag, or, for a current-encoded input
/// (<see cref="SourceStepRows"/> = 0), the same row every step.
/// </summary>
/// <param name="Batch">Samples in the batch.</param>
/// <param name="Steps">Time steps.</param>
/// <param name="Lag">1 for a connection that delivers in the next step, 0 for same_step.</param>
/// <param name="SourceStepRows">Rows per step of the source buffer: the batch, or 0 when the source is the same every step.</param>
/// <param name="Sources">Neurons of the source (K).</param>
/// <param name="Targets">Neurons of the target (N).</param>
public readonly record struct DenseShape(int Batch, int Steps, int Lag, int SourceStepRows, int Sources, int Targets)
{
    /// <summary>Target rows (step, sample) the connection delivers to: all steps from <see cref="Lag"/> on.</summary>
    public int DeliveredRows => (Steps - Lag) * Batch;

    /// <summary>Where the source row read by delivered row <paramref name="delivered"/> (step t ≥ Lag, sample b) starts: step t − Lag's, or the constant input's.</summary>
    public int SourceOffset(int delivered)
    {
        int row = delivered + Lag * Batch;
        int t = row / Batch;
        return ((t - Lag) * SourceStepRows + row - t * Batch) * Sources;
    }
}

/// <summary>A layer's extent in [step, sample, neuron] buffers: <see cref="Size"/> = batch × neurons values per step.</summary>
public readonly record struct StepShape(int Steps, int Size);
