using System;

namespace SpikeLang.Runtime;

/// <summary>
/// Classification losses over a batch, averaged over the batch like PyTorch's default
/// <c>reduction='mean'</c>; each returns the loss and writes its gradient with respect to the
/// inputs. Rows are samples: element [b, c] of a batch×classes matrix is at b·classes + c.
/// </summary>
public static class Losses
{
    /// <summary>
    /// Softmax cross-entropy, as <c>torch.nn.functional.cross_entropy(logits, labels)</c>:
    /// loss = (1/B) Σ_b [log Σ_c exp(x_bc) − x_b,y_b], computed stably (the row maximum is
    /// subtracted before exponentiating, sums in double); gradient = (softmax(x_b) − onehot(y_b)) / B.
    /// </summary>
    /// <param name="logits">Scores, batch×classes (for a spiking network, the output spike counts).</param>
    /// <param name="labels">Class of each sample, in [0, classes).</param>
    /// <param name="gradient">Receives ∂loss/∂logits, batch×classes.</param>
    /// <param name="batch">Samples B.</param>
    /// <param name="classes">Classes per sample.</param>
    /// <returns>The mean loss.</returns>
    public static float CrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, Span<float> gradient, int batch, int classes) =>
        (float)(CrossEntropySum(logits, labels, gradient, batch, classes, batch) * (1.0 / batch));

    /// <summary>
    /// <see cref="CrossEntropy"/> of a block of <paramref name="rows"/> samples of a batch of
    /// <paramref name="batch"/>: returns the sum of their losses (not divided), and writes their
    /// gradient rows (divided by the whole batch). The batch's loss is the sum of its blocks' sums,
    /// in block order, times 1/batch; fixed blocks give the same sum however they are shared out.
    /// </summary>
    /// <param name="logits">The block's scores, rows×classes.</param>
    /// <param name="labels">Class of each of the block's samples.</param>
    /// <param name="gradient">Receives ∂loss/∂logits of the block, rows×classes.</param>
    /// <param name="rows">Samples in the block.</param>
    /// <param name="classes">Classes per sample.</param>
    /// <param name="batch">Samples B in the whole batch, over which the loss is averaged.</param>
    /// <returns>Σ over the block of log Σ_c exp(x_bc) − x_b,y_b.</returns>
    public static double CrossEntropySum(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, Span<float> gradient, int rows, int classes, int batch)
    {
        CheckShapes(nameof(CrossEntropy), logits.Length, labels, gradient.Length, rows, classes, batch);
        double total = 0;
        double inverseBatch = 1.0 / batch;
        for (int b = 0; b < rows; b++)
        {
            ReadOnlySpan<float> row = logits.Slice(b * classes, classes);
            Span<float> rowGradient = gradient.Slice(b * classes, classes);
            float max = float.NegativeInfinity;
            foreach (float x in row)
            {
                max = Math.Max(max, x);
            }

            double sum = 0;
            foreach (float x in row)
            {
                sum += Math.Exp((double)x - max);
            }

            double logSum = Math.Log(sum);
            int label = labels[b];
            total += logSum - ((double)row[label] - max);
            for (int c = 0; c < classes; c++)
            {
                double probability = Math.Exp((double)row[c] - max - logSum);
                rowGradient[c] = (float)((probability - (c == label ? 1.0 : 0.0)) * inverseBatch);
            }
        }

        return total;
    }

    /// <summary>
    /// snnTorch's <c>SF.mse_count_loss</c>: the output spike count of each class is pulled toward a
    /// target count, <paramref name="correctTarget"/> for the labelled class and
    /// <paramref name="incorrectTarget"/> for the others (snnTorch's correct_rate·steps and
    /// incorrect_rate·steps: the caller passes the products). As <c>torch.nn.MSELoss</c>, the mean
    /// runs over batch×classes: loss = (1/(B·C)) Σ (n_bc − t_bc)², gradient = 2(n_bc − t_bc)/(B·C).
    /// </summary>
    /// <param name="counts">Spike counts, batch×classes.</param>
    /// <param name="labels">Class of each sample, in [0, classes).</param>
    /// <param name="gradient">Receives ∂loss/∂counts, batch×classes.</param>
    /// <param name="batch">Samples B.</param>
    /// <param name="classes">Classes per sample C.</param>
    /// <param name="correctTarget">Target count of the labelled class.</param>
    /// <param name="incorrectTarget">Target count of every other class.</param>
    /// <returns>The mean loss.</returns>
    public static float MeanSquaredCount(ReadOnlySpan<float> counts, ReadOnlySpan<int> labels, Span<float> gradient, int batch, int classes,
        float correctTarget, float incorrectTarget) =>
        (float)(MeanSquaredCountSum(counts, labels, gradient, batch, classes, batch, correctTarget, incorrectTarget) * (1.0 / ((double)batch * classes)));

    /// <summary>
    /// <see cref="MeanSquaredCount"/> of a block of <paramref name="rows"/> samples of a batch of
    /// <paramref name="batch"/>: returns the sum of the block's squared errors (not divided), and writes
    /// its gradient rows (divided by batch×classes). The batch's loss is the sum of its blocks' sums, in
    /// block order, times 1/(batch·classes).
    /// </summary>
    /// <param name="counts">The block's spike counts, rows×classes.</param>
    /// <param name="labels">Class of each of the block's samples.</param>
    /// <param name="gradient">Receives ∂loss/∂counts of the block, rows×classes.</param>
    /// <param name="rows">Samples in the block.</param>
    /// <param name="classes">Classes per sample C.</param>
    /// <param name="batch">Samples B in the whole batch.</param>
    /// <param name="correctTarget">Target count of the labelled class.</param>
    /// <param name="incorrectTarget">Target count of every other class.</param>
    /// <returns>Σ over the block of (n_bc − t_bc)².</returns>
    public static double MeanSquaredCountSum(ReadOnlySpan<float> counts, ReadOnlySpan<int> labels, Span<float> gradient, int rows, int classes, int batch,
        float correctTarget, float incorrectTarget)
    {
        CheckShapes(nameof(MeanSquaredCount), counts.Length, labels, gradient.Length, rows, classes, batch);
        double total = 0;
        double inverseCount = 1.0 / ((double)batch * classes);
        for (int b = 0; b < rows; b++)
        {
            int label = labels[b];
            for (int c = 0; c < classes; c++)
            {
                int i = b * classes + c;
                double error = (double)counts[i] - (c == label ? correctTarget : incorrectTarget);
                total += error * error;
                gradient[i] = (float)(2 * error * inverseCount);
            }
        }

        return total;
    }

    /// <summary>How many samples have their label as the highest score (the first index wins a tie, as <c>torch.argmax</c>).</summary>
    /// <param name="scores">Scores, batch×classes.</param>
    /// <param name="labels">Class of each sample.</param>
    /// <param name="batch">Samples.</param>
    /// <param name="classes">Classes per sample.</param>
    /// <returns>The number of correctly classified samples.</returns>
    public static int CountCorrect(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels, int batch, int classes)
    {
        CheckShapes(nameof(CountCorrect), scores.Length, labels, scores.Length, batch, classes, batch);
        int correct = 0;
        for (int b = 0; b < batch; b++)
        {
            ReadOnlySpan<float> row = scores.Slice(b * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }

            if (best == labels[b])
            {
                correct++;
            }
        }

        return correct;
    }

    // rows: the samples at hand, a whole batch or a block of one.
    private static void CheckShapes(string loss, int inputLength, ReadOnlySpan<int> labels, int gradientLength, int rows, int classes, int batch)
    {
        if (rows < 1 || classes < 1 || batch < rows)
        {
            throw new ArgumentOutOfRangeException(rows < 1 ? nameof(rows) : classes < 1 ? nameof(classes) : nameof(batch),
                $"{loss}: samples ({rows}) and classes ({classes}) must both be at least 1, and the batch ({batch}) must hold the samples.");
        }

        long needed = (long)rows * classes;
        if (inputLength < needed || gradientLength < needed || labels.Length < rows)
        {
            throw new ArgumentException($"{loss}: {rows} samples × {classes} classes: that needs {needed} scores, {needed} gradient slots and {rows} labels; got {inputLength}, {gradientLength} and {labels.Length}.");
        }

        for (int b = 0; b < rows; b++)
        {
            if ((uint)labels[b] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), $"{loss}: the label of sample {b} is {labels[b]}, outside the {classes} classes [0, {classes - 1}].");
            }
        }
    }
}
