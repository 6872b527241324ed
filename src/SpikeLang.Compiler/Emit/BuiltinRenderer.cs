using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;

namespace SpikeLang.Compiler.Emit;

/// <summary>Where generated code evaluates an expression, which decides what each built-in is there.</summary>
internal enum BuiltinContext
{
    /// <summary>
    /// A neuron kernel's loop over the elements i of a population's arrays, at step <c>step</c>; values hoisted out of
    /// the loop. Element i is neuron HeldStart + i (see <c>HeldNeurons</c>).
    /// </summary>
    NeuronKernel,

    /// <summary>The reset of the neuron at element i, which spiked in this step: it is refractory, and its last spike is now.</summary>
    NeuronReset,

    /// <summary>A GPU simulator's reset of neuron i (every neuron is held on the device): the <see cref="NeuronReset"/>'s built-ins.</summary>
    NeuronDeviceReset,

    /// <summary>A GPU simulator's neuron kernel, one thread for neuron i: the <see cref="NeuronKernel"/>'s built-ins, its arrays ILGPU views.</summary>
    NeuronDeviceKernel,

    /// <summary>Construction, in double: neuron i of n (parameters, initial values, Poisson rates, descriptors).</summary>
    Construction,

    /// <summary>A run_regularly loop over neurons i of a slice [start, end) of the population: i and N are the slice's.</summary>
    NeuronRegularly,

    /// <summary>A source population's per-step loop over sources i of n, in double, at the time t of the step.</summary>
    SourceKernel,

    /// <summary>A synapse kernel: synapse k from presynaptic neuron s to postsynaptic neuron j, at step <c>step</c>.</summary>
    SynapseKernel,

    /// <summary>A GPU simulator's synapse kernel: the <see cref="SynapseKernel"/>'s built-ins, the neurons' views in <c>pre</c> and <c>post</c> (<c>NeuronViews</c>).</summary>
    SynapseDeviceKernel,

    /// <summary>Per-synapse values at construction: i and j index the source and target slices.</summary>
    SynapseConstruction,

    /// <summary>A connectivity condition or rule over pairs (i, j) of slices of nPre and nPost neurons.</summary>
    Connectivity,

    /// <summary>A trainer kernel's loop over the elements of one sample's layer.</summary>
    TrainerKernel,
}

/// <summary>Within a step, where a numerical method evaluates: its start, middle or end.</summary>
internal enum StepPoint
{
    Start,
    Half,
    End,
}

/// <summary>
/// The one place that renders the built-ins (<see cref="Builtin"/>: t, dt, i, j, N, N_pre, N_post, input)
/// as C#, for every context generated code evaluates expressions in, with that context's hoisting policy:
/// in element kernels, values that do not change within the loop become locals before it (a scalar and
/// a broadcast vector); elsewhere they are written in place.
/// </summary>
internal static class BuiltinRenderer
{
    /// <summary>The C# for <paramref name="variable"/>, a built-in of its own element (<see cref="VariableOwner.Self"/>) or of a synapse's neighbour.</summary>
    /// <param name="hoisted">Synapse kernels hoist what they use into this set as they render.</param>
    public static string Render(BoundVariable variable, BuiltinContext context, EvaluationMode mode, StepPoint point = StepPoint.Start, ISet<string>? hoisted = null)
    {
        var builtin = variable.Symbol.Builtin ?? throw new ArgumentException($"'{variable.Symbol.Name}' is not a built-in.", nameof(variable));
        bool vector = mode == EvaluationMode.Vector;
        string local = vector ? "vk_" : "k_";
        switch (context, builtin)
        {
            // Element i of the arrays holds neuron HeldStart + i (every neuron on the device, which runs in one process).
            case (BuiltinContext.NeuronKernel, Builtin.Index):
                return vector ? "(Vector256.Create((Real)(HeldStart + i)) + Vector256<Real>.Indices)" : "(Real)(HeldStart + i)";
            case (BuiltinContext.NeuronDeviceKernel or BuiltinContext.NeuronDeviceReset, Builtin.Index):
                return "(Real)i";
            case (BuiltinContext.NeuronDeviceReset, _):
                return Render(variable, BuiltinContext.NeuronReset, mode, point, hoisted);
            case (BuiltinContext.NeuronKernel, Builtin.Time):
                return local + point switch { StepPoint.Half => "tHalf", StepPoint.End => "tFull", _ => "t" };
            case (BuiltinContext.NeuronKernel or BuiltinContext.TrainerKernel, Builtin.TimeStep):
                return local + "dt";
            case (BuiltinContext.NeuronKernel, Builtin.Count):
                return local + "N";
            case (BuiltinContext.NeuronKernel or BuiltinContext.TrainerKernel, Builtin.Input):
                return "x_input";
            case (BuiltinContext.NeuronKernel, Builtin.GatedInput):
                return "x_inputGated";
            case (BuiltinContext.NeuronKernel, Builtin.NotRefractory):
                // The refractory mask the kernel computes for each neuron (a vector of lane masks, or a bool).
                return vector ? "(~refractory)" : "(!refractory)";
            case (BuiltinContext.NeuronKernel, Builtin.Noise):
                // xi = z / sqrt(dt): the draw of this neuron and step (declared before the method's stages), scaled.
                return $"(z_{variable.Symbol.Name} * k_invSqrtDt)";
            case (BuiltinContext.NeuronKernel, Builtin.LastSpike):
                return "((Real)(Unsafe.Add(ref r_lastSpike, i) * Dt))";
            case (BuiltinContext.NeuronDeviceKernel, Builtin.LastSpike):
                // The view of last spikes, where the CPU kernel reads a hoisted reference.
                return "((Real)(r_lastSpike[i] * Dt))";
            case (BuiltinContext.NeuronDeviceKernel, _):
                return Render(variable, BuiltinContext.NeuronKernel, mode, point, hoisted);
            case (BuiltinContext.NeuronReset, Builtin.NotRefractory):
                return "false";
            case (BuiltinContext.NeuronReset, Builtin.LastSpike):
                return "((Real)(step * Dt))";
            case (BuiltinContext.NeuronRegularly, Builtin.Index):
                return "(Real)(HeldStart + i - start)";
            case (BuiltinContext.NeuronRegularly, Builtin.Count):
                return "(Real)(end - start)";
            case (BuiltinContext.NeuronRegularly, Builtin.NotRefractory):
                return "NotRefractory(HeldStart + i, step)";
            case (BuiltinContext.NeuronRegularly, Builtin.LastSpike):
                return "((Real)(_lastSpike[i] * Dt))";
            case (BuiltinContext.NeuronReset or BuiltinContext.NeuronRegularly, _):
                return Render(variable, BuiltinContext.NeuronKernel, mode, point, hoisted);

            // Indices and counts are ints there; as doubles, i / N divides as the .snn file means, and floor(i) has one overload.
            case (BuiltinContext.Construction or BuiltinContext.SynapseConstruction or BuiltinContext.Connectivity, Builtin.Index):
                return "(double)i";
            case (BuiltinContext.SynapseConstruction or BuiltinContext.Connectivity, Builtin.TargetIndex):
                return "(double)j";
            case (BuiltinContext.Construction, Builtin.Count):
                return "(double)n";
            case (BuiltinContext.Construction or BuiltinContext.SynapseConstruction, Builtin.TimeStep):
                return "Dt";
            case (BuiltinContext.SourceKernel, Builtin.Index):
                return "(double)i";
            case (BuiltinContext.SourceKernel, Builtin.Count):
                return "(double)n";
            case (BuiltinContext.SourceKernel, Builtin.TimeStep):
                return "Dt";
            case (BuiltinContext.SourceKernel, Builtin.Time):
                return "t";
            case (BuiltinContext.Construction, Builtin.Time or Builtin.Input):
                // Construction happens before the first step, with no input yet.
                return "0d";
            // The connection's constructor declares nPre and nPost (the slices' sizes) before any per-synapse value.
            case (BuiltinContext.Connectivity or BuiltinContext.SynapseConstruction, Builtin.SourceCount):
                return "(double)nPre";
            case (BuiltinContext.Connectivity or BuiltinContext.SynapseConstruction, Builtin.TargetCount):
                return "(double)nPost";

            case (BuiltinContext.SynapseKernel, Builtin.Input) when variable.Owner != VariableOwner.Self:
                string side = variable.Owner == VariableOwner.Pre ? "pre" : "post";
                hoisted?.Add($"ref Real r_{side}_input = ref MemoryMarshal.GetArrayDataReference(_{side}._input);");
                return $"Unsafe.Add(ref r_{side}_input, {(variable.Owner == VariableOwner.Pre ? "s" : "j")})";
            // These take a neuron: s is one, j the target's element in its arrays (from HeldStart on).
            case (BuiltinContext.SynapseKernel, Builtin.NotRefractory) when variable.Owner != VariableOwner.Self:
                return $"_{(variable.Owner == VariableOwner.Pre ? "pre" : "post")}.NotRefractory({(variable.Owner == VariableOwner.Pre ? "s" : "_post.HeldStart + j")}, step)";
            case (BuiltinContext.SynapseKernel, Builtin.LastSpike) when variable.Owner != VariableOwner.Self:
                return $"((Real)_{(variable.Owner == VariableOwner.Pre ? "pre" : "post")}.LastSpikeTime({(variable.Owner == VariableOwner.Pre ? "s" : "_post.HeldStart + j")}))";
            case (BuiltinContext.SynapseDeviceKernel, Builtin.NotRefractory) when variable.Owner != VariableOwner.Self:
                // The neurons' views of last spikes and periods, which only the neuron kernels write.
                return $"{(variable.Owner == VariableOwner.Pre ? "pre" : "post")}.NotRefractory({(variable.Owner == VariableOwner.Pre ? "s" : "j")}, step)";
            case (BuiltinContext.SynapseDeviceKernel, Builtin.LastSpike) when variable.Owner != VariableOwner.Self:
                return $"((Real)({(variable.Owner == VariableOwner.Pre ? "pre" : "post")}.LastSpike[{(variable.Owner == VariableOwner.Pre ? "s" : "j")}] * Dt))";
            case (BuiltinContext.SynapseDeviceKernel, Builtin.TargetIndex):
                return "(Real)(j - targetStart)";
            case (BuiltinContext.SynapseDeviceKernel, _):
                return Render(variable, BuiltinContext.SynapseKernel, mode, point, hoisted);
            case (BuiltinContext.SynapseKernel, Builtin.Index):
                return "(Real)(s - sourceStart)";
            case (BuiltinContext.SynapseKernel, Builtin.TargetIndex):
                return "(Real)(j - targetOffset)";
            case (BuiltinContext.SynapseKernel, Builtin.Time):
                hoisted?.Add("Real k_t = (Real)(step * Dt);");
                return "k_t";
            case (BuiltinContext.SynapseKernel, Builtin.TimeStep):
                hoisted?.Add("Real k_dt = (Real)Dt;");
                return "k_dt";
            default:
                throw new InvalidOperationException($"'{variable.Symbol.Name}' has no value in {context} code (binding should not have allowed it).");
        }
    }

    /// <summary>
    /// True for a built-in that has one value in every neuron and every stage of a neuron kernel: dt and N. Not t,
    /// which an integration stage reads at the middle or the end of the step.
    /// </summary>
    public static bool IsUniformInNeuronKernel(BoundVariable variable) => variable.Symbol.Builtin is Builtin.TimeStep or Builtin.Count;

    /// <summary>
    /// The locals a neuron kernel declares before its loop for the built-ins <paramref name="expressions"/>
    /// use (and dt when the kernel integrates numerically): each a scalar, and a broadcast vector for the vector loop.
    /// </summary>
    public static void HoistNeuronKernel(IEnumerable<BoundExpression> expressions, bool stepSize, List<string> scalars, List<string> vectors)
    {
        const string real = "Real";
        var used = new HashSet<Builtin>(expressions.SelectMany(e => e.Variables()).Where(v => v.Owner == VariableOwner.Self).Select(v => v.Symbol.Builtin).OfType<Builtin>());
        if (stepSize)
        {
            used.Add(Builtin.TimeStep);
        }
        void Add(string name, string value)
        {
            scalars.Add($"{real} k_{name} = {value};");
            vectors.Add($"var vk_{name} = Vector256.Create(k_{name});");
        }
        if (used.Contains(Builtin.Time))
        {
            Add("t", $"({real})(step * Dt)");
            // Intermediate Runge-Kutta stages evaluate at the middle and the end of the step.
            Add("tHalf", $"({real})((step + 0.5) * Dt)");
            Add("tFull", $"({real})((step + 1) * Dt)");
        }
        if (used.Contains(Builtin.TimeStep))
        {
            Add("dt", $"({real})Dt");
        }
        if (used.Contains(Builtin.Count))
        {
            Add("N", $"({real})Count");
        }
        if (used.Contains(Builtin.Noise))
        {
            Add("invSqrtDt", $"({real})(1 / Math.Sqrt(Dt))");
        }
    }

    /// <summary>True when a neuron kernel evaluating <paramref name="expressions"/> needs the neuron's refractory state (its mask and last spike).</summary>
    public static bool ReadsRefractoriness(IEnumerable<BoundExpression> expressions) =>
        expressions.Any(e => e.Uses(Builtin.NotRefractory) || e.Uses(Builtin.LastSpike) || e.Uses(Builtin.GatedInput));

    /// <summary>True when a neuron kernel evaluating <paramref name="expressions"/> reads N: a device kernel then declares the <c>Count</c> that <see cref="HoistNeuronKernel"/> reads.</summary>
    public static bool ReadsCount(IEnumerable<BoundExpression> expressions) => expressions.Any(e => e.Uses(Builtin.Count));

    /// <summary>True when a synapse statement's target is the summed input of its target neuron, rather than one of its variables.</summary>
    public static bool IsSummedInput(VariableSymbol target) => target.Builtin == Builtin.Input;

    /// <summary>True when a neuron kernel evaluating <paramref name="expressions"/> reads the summed input, as it is or as held equations see it.</summary>
    public static bool ReadsInput(IEnumerable<BoundExpression> expressions) => expressions.Any(e => e.Uses(Builtin.Input) || e.Uses(Builtin.GatedInput));

    /// <summary>True when a neuron kernel evaluating <paramref name="expressions"/> reads the input as equations held while refractory see it.</summary>
    public static bool ReadsGatedInput(IEnumerable<BoundExpression> expressions) => expressions.Any(e => e.Uses(Builtin.GatedInput));

    /// <summary>True when <see cref="BuiltinContext.Construction"/> code for <paramref name="expressions"/> reads the size N, which it renders as the local <c>n</c> the caller declares.</summary>
    public static bool ConstructionReadsCount(IEnumerable<BoundExpression> expressions) => expressions.Any(e => e.Uses(Builtin.Count));

    /// <summary>The trainer kernels' dt, hoisted in every kernel: float, from the network class's constant.</summary>
    public static string TrainerStepSize(string networkClass) => $"float k_dt = (float){networkClass}.Dt;";
}
