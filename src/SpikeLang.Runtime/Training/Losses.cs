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
    public static float CrossEntropy(ReadOnlySpan<float> logits, ReadOnlySpan<int> labels, Span<float> gradient, int batch, int classes)
    {
        CheckShapes(nameof(CrossEntropy), logits.Length, labels, gradient.Length, batch, classes);
        double total = 0;
        double inverseBatch = 1.0 / batch;
        for (int b = 0; b < batch; b++)
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

        return (float)(total * inverseBatch);
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
        float correctTarget, float incorrectTarget)
    {
        CheckShapes(nameof(MeanSquaredCount), counts.Length, labels, gradient.Length, batch, classes);
        double total = 0;
        double inverseCount = 1.0 / ((double)batch * classes);
        for (int b = 0; b < batch; b++)
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

        return (float)(total * inverseCount);
    }

    /// <summary>How many samples have their label as the highest score (the first index wins a tie, as <c>torch.argmax</c>).</summary>
    /// <param name="scores">Scores, batch×classes.</param>
    /// <param name="labels">Class of each sample.</param>
    /// <param name="batch">Samples.</param>
    /// <param name="classes">Classes per sample.</param>
    /// <returns>The number of correctly classified samples.</returns>
    public static int CountCorrect(ReadOnlySpan<float> scores, ReadOnlySpan<int> labels, int batch, int classes)
    {
        CheckShapes(nameof(CountCorrect), scores.Length, labels, scores.Length, batch, classes);
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

    private static void CheckShapes(string loss, int inputLength, ReadOnlySpan<int> labels, int gradientLength, int batch, int classes)
    {
        if (batch < 1 || classes < 1)
        {
            throw new ArgumentOutOfRangeException(batch < 1 ? nameof(batch) : nameof(classes), $"{loss}: batch ({batch}) and classes ({classes}) must both be at least 1.");
        }

        long needed = (long)batch * classes;
        if (inputLength < needed || gradientLength < needed || labels.Length < batch)
        {
            throw new ArgumentException($"{loss}: a batch of {batch} samples × {classes} classes needs {needed} scores, {needed} gradient slots and {batch} labels; got {inputLength}, {gradientLength} and {labels.Length}.");
        }

        for (int b = 0; b < batch; b++)
        {
            if ((uint)labels[b] >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), $"{loss}: the label of sample {b} is {labels[b]}, outside the {classes} classes [0, {classes - 1}].");
            }
        }
    }
}
