using System.Linq;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Training.Gpu;

/// <summary>
/// One trained layer's ILGPU kernels: one thread per neuron of one sample runs the layer's whole time loop, forward
/// from the first step or in reverse from the last, with its state (and its adjoint) carried in locals. The element
/// step inside is the CPU trainer's (<see cref="TrainerKernels.WriteForwardElement"/>,
/// <see cref="TrainerKernels.WriteBackwardElement"/>), in scalar form; only where values live differs.
/// A recurrent layer (connected to itself) cannot run its time loop in one kernel: its input at a step needs every
/// neuron's spikes of the step before. Its kernels (<c>ForwardStep_L</c>, <c>BackwardStep_L</c>) run one step each,
/// launched once per step by the trainer between the recurrent deliveries; the state is carried in <c>xu</c> (forward)
/// and the state's adjoints in a buffer of their own (backward).
/// </summary>
/// <remarks>
/// Buffers are [step, sample, neuron], as on the CPU; the states after the update and after the reset share one
/// buffer, <c>xu</c> = [x of each state, then u of each state] × [step, sample, neuron], so that a kernel keeps within
/// ILGPU's eight arguments whatever the model's number of states.
/// </remarks>
internal sealed class GpuLayerKernels
{
    private readonly LayerPlan _layer;
    private readonly TrainerKernels _elements;
    private readonly string _networkClass;
    private readonly bool _membraneReadout;

    public GpuLayerKernels(NetworkPlan network, LayerPlan layer, TrainerPlan plan)
    {
        _layer = layer;
        _elements = new TrainerKernels(network, layer, plan);
        _networkClass = network.ClassName;
        _membraneReadout = layer.Population == plan.Readout && plan.Loss.Readout != "spike_count";
        Recurrent = plan.Incoming(layer).Any(c => c.SelfRecurrent);
    }

    /// <summary>True when the layer is connected to itself: its kernels run one step per launch.</summary>
    public bool Recurrent { get; }

    private string Name => _layer.Population;

    /// <summary>The layer's constants in the order its kernels read them from the parameter buffer.</summary>
    public System.Collections.Generic.IReadOnlyList<string> ParameterNames => _elements.ParameterNames.ToList();

    public int StateCount => _layer.States.Count;

    /// <summary>The layer's learned parameters (<c>learn NAME</c>), in the plan's order.</summary>
    public System.Collections.Generic.IReadOnlyList<string> Learned => _layer.Learned;

    /// <summary>Where <paramref name="parameter"/> sits in the layer's parameter buffer.</summary>
    public int ParameterSlot(string parameter) => ParameterNames.ToList().IndexOf(parameter);

    /// <summary>
    /// The values of <c>xu</c> per step row (× [step, sample, neuron] each), and then, per learned parameter, one value
    /// per sample and neuron: the backward kernel's terms of that parameter's gradient summed over the steps. They sit
    /// after the states rather than in a buffer of their own to keep the kernel's arguments as they are.
    /// </summary>
    public string XuLength(string stepRows, string batch, string size) => Learned.Count == 0
        ? $"{2 * StateCount} * {stepRows} * {size}"
        : $"({2 * StateCount} * {stepRows} + {Learned.Count}L * {batch}) * {size}";

    /// <summary>Where learned parameter number <paramref name="index"/>'s per-element sums start in <c>xu</c>, for a batch whose step row is <paramref name="size"/> values.</summary>
    public string LearnedOffset(int index, string steps, string size) => $"({2 * StateCount}L * {steps} + {index}) * {size}";

    /// <summary>The delegate type of the forward kernel: (element, input, spikes, xu, parameters, shape).</summary>
    public const string ForwardDelegate = "Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, StepShape>";

    /// <summary>The delegate type of the backward kernel: (element, input, spikes, spike adjoints, input adjoints, xu, parameters, readout adjoints, shape).</summary>
    public const string BackwardDelegate = "Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, StepShape>";

    /// <summary>A recurrent layer's forward kernel: the forward kernel's arguments and the step it runs.</summary>
    public const string ForwardStepDelegate = "Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, StepShape, int>";

    /// <summary>A recurrent layer's backward kernel: the backward kernel's arguments, the state adjoints carried between steps ([state, sample, neuron]) and the step it runs.</summary>
    public const string BackwardStepDelegate = "Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, StepShape, int>";

    /// <summary>The delegate type of the layer's forward kernel, whole loop or one step.</summary>
    public string ForwardType => Recurrent ? ForwardStepDelegate : ForwardDelegate;

    /// <summary>The delegate type of the layer's backward kernel, whole loop or one step.</summary>
    public string BackwardType => Recurrent ? BackwardStepDelegate : BackwardDelegate;

    /// <summary>The method of the layer's forward kernel.</summary>
    public string ForwardKernel => (Recurrent ? "ForwardStep_" : "Forward_") + Name;

    /// <summary>The method of the layer's backward kernel.</summary>
    public string BackwardKernel => (Recurrent ? "BackwardStep_" : "Backward_") + Name;

    private int Slot(string state) => _layer.States.ToList().IndexOf(state);

    /// <summary>The locals a kernel's time loop (<paramref name="loop"/>, captured) reads: its element, sizes and constants.</summary>
    private void Hoist(CodeWriter w, string loop)
    {
        w.Line("int element = index;");
        w.Line("int size = shape.Size;");
        w.Line("int stride = shape.Steps * size;");
        foreach (var (name, k) in ParameterNames.Select((name, k) => (name, k)))
        {
            w.Line($"float k_p_{name} = parameters[{k}];");
        }
        if (loop.Contains("k_dt"))
        {
            w.Line(BuiltinRenderer.TrainerStepSize(_networkClass));
        }
    }

    private string Initial(string state) => CSharpLiteral.Single(_layer.Initial[state]);

    private string X(string state, string at) => $"xu[{Slot(state)} * stride + {at}]";

    private string U(string state, string at) => $"xu[{StateCount + Slot(state)} * stride + {at}]";

    /// <summary>
    /// <c>Forward_L</c>: the layer's steps 0 … Steps−1 for one neuron of one sample, keeping u, s and x for the backward
    /// pass; or, for a recurrent layer, <c>ForwardStep_L</c>: one step, its state before read from the step before's x.
    /// </summary>
    public void EmitForward(CodeWriter w)
    {
        string body = w.Capture(() =>
        {
            if (Recurrent)
            {
                w.Line("int t = step;");
                w.Line("int at = t * size + element;");
                foreach (var state in _layer.States)
                {
                    w.Line($"float c_{state} = t == 0 ? {Initial(state)} : {X(state, "at - size")};");
                }
                WriteForwardElement(w);
                return;
            }
            foreach (var state in _layer.States)
            {
                w.Line($"float c_{state} = {Initial(state)};");
            }
            using (w.Block("for (int t = 0; t < shape.Steps; t++)"))
            {
                w.Line("int at = t * size + element;");
                WriteForwardElement(w);
            }
        });
        w.Line($"/// <summary>'{Name}' ({_layer.ModelName}) {(Recurrent ? "at one step" : "over all steps")} for one neuron of one sample: update, threshold, reset.</summary>");
        const string arguments = "Index1D index, ArrayView<float> input, ArrayView<float> spikes, ArrayView<float> xu, ArrayView<float> parameters, StepShape shape";
        using (w.Block($"private static void {ForwardKernel}({arguments}{(Recurrent ? ", int step" : "")})"))
        {
            Hoist(w, body);
            w.Raw(body);
        }
    }

    /// <summary>The element's forward step at <c>at</c>, its states before in locals <c>c_STATE</c>, which it updates.</summary>
    private void WriteForwardElement(CodeWriter w)
    {
        var io = new ElementStorage(
            role => role switch
            {
                "input" => "input[at]",
                _ => "c_" + role.Substring("prev_".Length),
            },
            (role, value) => role switch
            {
                "s" => $"spikes[at] = {value};",
                _ when role.StartsWith("u_") => $"{U(role.Substring(2), "at")} = {value};",
                _ => $"c_{role.Substring(2)} = {value}; {X(role.Substring(2), "at")} = c_{role.Substring(2)};",
            });
        _elements.WriteForwardElement(w, vector: false, io);
    }

    /// <summary>
    /// <c>Backward_L</c>: the reverse steps Steps−1 … 0 for one neuron of one sample, the state's adjoint carried between
    /// them; or, for a recurrent layer, <c>BackwardStep_L</c>: one step, the state's adjoints (and the learned parameters'
    /// sums) read from the step after's launch and written for the step before's.
    /// </summary>
    public void EmitBackward(CodeWriter w)
    {
        string body = w.Capture(() =>
        {
            if (Recurrent)
            {
                w.Line("int t = step;");
                w.Line("int at = t * size + element;");
                w.Line("bool last = t == shape.Steps - 1;");
                foreach (var state in _layer.States)
                {
                    w.Line($"float a_{state} = last ? 0f : carried[{Slot(state)} * size + element];");
                }
                foreach (var (p, k) in _layer.Learned.Select((p, k) => (p, k)))
                {
                    w.Line($"float acc_{p} = last ? 0f : {LearnedSum(k)};");
                }
                WriteBackwardElement(w);
                foreach (var state in _layer.States)
                {
                    w.Line($"carried[{Slot(state)} * size + element] = a_{state};");
                }
                StoreLearnedSums(w);
                return;
            }
            foreach (var state in _layer.States)
            {
                w.Line($"float a_{state} = 0f;");
            }
            foreach (var p in _layer.Learned)
            {
                w.Line($"float acc_{p} = 0f;");
            }
            using (w.Block("for (int t = shape.Steps - 1; t >= 0; t--)"))
            {
                w.Line("int at = t * size + element;");
                WriteBackwardElement(w);
            }
            StoreLearnedSums(w);
        });
        const string arguments = "Index1D index, ArrayView<float> input, ArrayView<float> spikes, ArrayView<float> spikeAdjoints, ArrayView<float> inputAdjoints, ArrayView<float> xu, ArrayView<float> parameters, ArrayView<float> readoutAdjoints";
        w.Line(Recurrent
            ? $"/// <summary>'{Name}' at one step, in reverse, for one neuron of one sample: the input's adjoint at that step.</summary>"
            : $"/// <summary>'{Name}' in reverse over all steps for one neuron of one sample: the input's adjoint at every step.</summary>");
        using (w.Block($"private static void {BackwardKernel}({arguments}{(Recurrent ? ", ArrayView<float> carried, StepShape shape, int step" : ", StepShape shape")})"))
        {
            Hoist(w, body);
            w.Raw(body);
        }
    }

    /// <summary>Where learned parameter number <paramref name="index"/>'s terms of this neuron and sample are kept in <c>xu</c>.</summary>
    private string LearnedSum(int index) => $"xu[({2 * StateCount} * shape.Steps + {index}) * size + element]";

    private void StoreLearnedSums(CodeWriter w)
    {
        foreach (var (p, k) in _layer.Learned.Select((p, k) => (p, k)))
        {
            w.Line($"{LearnedSum(k)} = acc_{p}; // the terms of ∂L/∂{p} of this neuron and sample, summed over the steps");
        }
    }

    /// <summary>The element's backward step at <c>at</c>, its states' adjoints in locals <c>a_STATE</c>, which it updates.</summary>
    private void WriteBackwardElement(CodeWriter w)
    {
        if (_membraneReadout)
        {
            w.Line($"// The readout took the membrane '{_layer.Membrane}' at one step per neuron.");
            w.Line($"a_{_layer.Membrane} += readoutAdjoints[at];");
        }
        var io = new ElementStorage(
            role => role switch
            {
                "input" => "input[at]",
                "s" => "spikes[at]",
                "gs" => "spikeAdjoints[at]",
                _ when role.StartsWith("prev_") => $"(t == 0 ? {Initial(role.Substring(5))} : {X(role.Substring(5), "at - size")})",
                _ when role.StartsWith("u_") => U(role.Substring(2), "at"),
                _ => "a_" + role.Substring(2),
            },
            (role, value) => role == "gin" ? $"inputAdjoints[at] = {value};" : $"a_{role.Substring(2)} = {value};");
        _elements.WriteBackwardElement(w, vector: false, io);
    }
}
