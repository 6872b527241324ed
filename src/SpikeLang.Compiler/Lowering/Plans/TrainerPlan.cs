using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Lowering;

/// <summary>
/// How a network with a <c>train</c> block is trained: its inputs with their encodings, its layers in the
/// order the forward pass runs them (a layer after every layer that feeds it other than itself, so the
/// network runs layer by layer over all steps), their dense and convolution connections and the readout.
/// </summary>
/// <param name="Connections">
/// Every trained connection, ordered so that those into one layer come in the order the simulator adds
/// them to its input: the one-step ones (dense, then convolutions, each in declaration order), then the
/// same-step ones by their sources' place in the simulator's step (dense before convolutions).
/// </param>
/// <param name="GpuRefusals">Why the GPU trainer cannot run this network (SL0520), reported only for projects that reference SpikeLang.Gpu; empty when it can.</param>
internal sealed record TrainerPlan(
    int Steps,
    int BatchSize,
    TrainOption Surrogate,
    LossModel Loss,
    TrainOption Optimizer,
    bool DetachReset,
    EquatableArray<TrainedInputPlan> Inputs,
    EquatableArray<LayerPlan> Layers,
    EquatableArray<TrainedConnectionPlan> Connections,
    string Readout,
    EquatableArray<Diagnostics.Diagnostic> GpuRefusals)
{
    public LayerPlan ReadoutLayer => Layers.First(l => l.Population == Readout);

    /// <summary>Connections into <paramref name="layer"/>, in the order the simulator delivers them.</summary>
    public IEnumerable<TrainedConnectionPlan> Incoming(LayerPlan layer) => Connections.Where(c => c.Target == layer.Population);

    /// <summary>The connections with trained weights, dense first, as the simulator lists its weights.</summary>
    public IEnumerable<TrainedConnectionPlan> Weighted => Connections.Where(c => c.IsDense).Concat(Connections.Where(c => c.Convolution is { IsPooling: false }));

    public TrainOption? EncoderOf(string input) => Inputs.FirstOrDefault(i => i.Name == input)?.Encoder;
}

/// <summary>An input population and how a sample becomes its drive: <c>current</c>, <c>poisson(...)</c> or <c>latency(...)</c>.</summary>
internal sealed record TrainedInputPlan(string Name, string Member, SizePlan Size, TrainOption Encoder)
{
    public bool IsCurrent => Encoder.Name == "current";
}

/// <summary>
/// A connection as training sees it: dense (weights stored one row per source, [sources, targets], and a bias
/// per target) or a convolution or pooling (<see cref="Convolution"/>: the simulator's kernel layout and a bias
/// per output channel; pooling has fixed weights). <see cref="SameStep"/>: the target's input at step t
/// reads the source's output of step t, else of step t − 1.
/// </summary>
internal sealed record TrainedConnectionPlan(string Member, string Source, PopulationKind SourceKind, string Target, bool SelfRecurrent, bool SameStep, ConvolutionPlan? Convolution)
{
    public bool IsDense => Convolution is null;

    /// <summary>The convolution's batch normalization, trained here and folded into the simulator's kernel and bias; or null.</summary>
    public BatchNormPlan? BatchNorm => Convolution?.BatchNorm;
}

/// <summary>A propagator constant the trainer computes at construction: P[Row, Column] or Q[Row, Column].</summary>
internal sealed record PropagatorEntry(string Name, int Row, int Column, bool IsQ);

/// <summary>A parameter's value in SI units.</summary>
internal sealed record NamedValue(string Name, double Value);

/// <summary>A partial derivative ∂Of/∂By as an expression.</summary>
internal sealed record Derivative(string Of, string By, BoundExpression Value);

/// <summary>Partial derivatives by (of, by), in the order derived.</summary>
internal sealed record DerivativeTable(EquatableArray<Derivative> Entries)
{
    public BoundExpression this[string of, string by] => Entries.First(d => d.Of == of && d.By == by).Value;
}

/// <summary>
/// One trained population's discrete step as a differentiable map, derived at build time from its
/// neuron model: u = f(x, input) (the update statements composed), a spike s = H(h(u)) from the
/// threshold, and the reset x' = s ? r(u) : u, with every partial derivative the backward pass needs,
/// as expressions in x (the state before the step), u (after the update) and the layer's parameters.
/// </summary>
/// <param name="States">State variables in declaration order.</param>
/// <param name="Initial">The initial value of each state variable (constant: every sample starts from it).</param>
/// <param name="Parameters">Parameter values in SI units, in dependency order.</param>
/// <param name="Learned">Parameters trained with the weights (<c>learn NAME</c>).</param>
/// <param name="Update">
/// The update as the simulator computes it: a discrete model's statements as written (run in order), or for
/// a continuous model one statement per variable, x_r ← Σ P_rc·x_c + Σ Q_rc·b_c, the exact propagator
/// applied to the old state at once.
/// </param>
/// <param name="Simultaneous">True when the update statements all read the state before the step (a propagator).</param>
/// <param name="SystemMatrix">A of dx/dt = A·x + b with the parameters filled in, for a continuous model.</param>
/// <param name="ThresholdDistance">h(u), positive exactly when the threshold condition holds: the surrogate's argument.</param>
/// <param name="UpdateDerivatives">∂f_j/∂x_i, ∂f_j/∂input and ∂f_j/∂p.</param>
/// <param name="ResetValues">r_i(u) for each state the reset assigns.</param>
/// <param name="ResetDerivatives">∂r_i/∂u_j and ∂r_i/∂p.</param>
/// <param name="ThresholdDerivatives">∂h/∂u_j and ∂h/∂p.</param>
/// <param name="Membrane">The state read out by max_membrane / final_membrane: the one the threshold tests, else the first.</param>
/// <param name="Vectorizable">True when the forward and backward kernels run on Vector256 lanes.</param>
internal sealed record LayerPlan(
    string Population,
    string ModelName,
    SizePlan Size,
    EquatableArray<string> States,
    EquatableMap<double> Initial,
    EquatableArray<NamedValue> Parameters,
    EquatableArray<string> Learned,
    EquatableArray<BoundAssignment> Update,
    bool Simultaneous,
    EquatableArray<EquatableArray<double>>? SystemMatrix,
    EquatableArray<PropagatorEntry> PropagatorEntries,
    EquatableArray<BoundAssignment> Reset,
    BoundExpression? Threshold,
    BoundExpression? ThresholdDistance,
    DerivativeTable UpdateDerivatives,
    EquatableMap<BoundExpression> ResetValues,
    DerivativeTable ResetDerivatives,
    EquatableMap<BoundExpression> ThresholdDerivatives,
    string Membrane,
    bool Vectorizable)
{
    /// <summary>The name under which derivatives by the summed input are kept.</summary>
    public static string Input => Builtins.Name(Builtin.Input);
}
