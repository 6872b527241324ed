using System.Linq;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Training;

/// <summary>
/// The public training surface both trainers share, written once so that a program moves from the CPU trainer to
/// the GPU trainer by changing the class it constructs: the learning rate, <c>TrainBatch</c> and <c>Evaluate</c>, over
/// each trainer's own Forward, ComputeLoss, Backward and ApplyGradients.
/// </summary>
internal static class TrainingApi
{
    /// <summary>One <c>ReadOnlySpan&lt;float&gt;</c> parameter per input, samples × size, in the plan's order.</summary>
    public static string InputParameters(TrainerPlan plan) => string.Join(", ", plan.Inputs.Select(i => $"ReadOnlySpan<float> {i.Member}"));

    /// <summary>The inputs passed on, in the plan's order.</summary>
    public static string InputArguments(TrainerPlan plan) => string.Join(", ", plan.Inputs.Select(i => i.Member));

    public static void EmitLearningRateAndBatches(CodeWriter w, TrainerPlan plan)
    {
        string inputsDoc = string.Join(", ", plan.Inputs.Select(i => $"'{i.Name}' ({i.Encoder.Name})"));
        w.Line("/// <summary>The optimizer's learning rate; may be changed between batches.</summary>");
        w.Line("public double LearningRate { get => _optimizer.LearningRate; set => _optimizer.LearningRate = value; }");
        w.Line();
        w.Line($"/// <summary>One optimizer step on a batch: forward, loss, backward, update. Inputs {inputsDoc}: samples × size, values in [0, 1] for spike encodings.</summary>");
        using (w.Block($"public BatchResult TrainBatch({InputParameters(plan)}, ReadOnlySpan<int> labels)"))
        {
            w.Line($"Forward({InputArguments(plan)}, labels.Length);");
            w.Line("var result = ComputeLoss(labels);");
            w.Line("Backward();");
            w.Line("ApplyGradients();");
            w.Line("return result;");
        }
        w.Line();
        w.Line("/// <summary>Forward pass and loss without learning (batch-normalized convolutions with their running statistics, as the simulator runs them).</summary>");
        using (w.Block($"public BatchResult Evaluate({InputParameters(plan)}, ReadOnlySpan<int> labels)"))
        {
            w.Line($"Forward({InputArguments(plan)}, labels.Length, training: false);");
            w.Line("return ComputeLoss(labels);");
        }
    }
}
