using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;

namespace SpikeLang.Compiler.Emit.Training;

/// <summary>
/// Emits <c>NetworkTrainer</c> for a network with a <c>train</c> block: batched forward pass over all
/// steps, backpropagation through time with the surrogate gradient, loss, optimizer, weights in and out.
/// Layout of every per-step buffer: [step, sample, neuron], so the steps of a layer stack into one
/// matrix for the weight-gradient products. Every phase runs over the worker pool in blocks whose
/// boundaries do not depend on the number of threads (samples for the time loops, encoders and loss;
/// result tiles for the products; elements for the optimizer), so any pool gives the same weights.
/// </summary>
internal sealed partial class TrainerEmitter
{
    private readonly NetworkPlan _network;
    private readonly TrainerPlan _plan;
    private readonly Dictionary<string, TrainerKernels> _kernels;

    private TrainerEmitter(NetworkPlan network, TrainerPlan plan)
    {
        _network = network;
        _plan = plan;
        _kernels = plan.Layers.ToDictionary(l => l.Population, l => new TrainerKernels(network, l, plan));
    }

    /// <summary>Prints the trainer class of <paramref name="network"/>.</summary>
    public static void Emit(CodeWriter w, NetworkPlan network, TrainerPlan plan) => new TrainerEmitter(network, plan).Emit(w);

    private TrainerPlan Train => _plan;

    private string NetworkClass => _network.ClassName;

    public string ClassName => _network.Name + "Trainer";

    /// <summary>
    /// Samples per block of the generated parallel phases. Per step a block's rows are contiguous in the
    /// [step, sample, neuron] buffers: eight rows stream well (two rows measured 15% slower on
    /// Fashion-MNIST), while a batch of 128 still makes 16 blocks to balance the workers.
    /// </summary>
    internal const int SampleBlock = 8;

    private static string Size(string population) => $"N_{population}";

    private string SourceOutput(TrainedConnectionPlan c) => c.SourceKind == PopulationKind.Input
        ? (IsCurrent(c.Source) ? $"_v_{c.Source}" : $"_e_{c.Source}")
        : $"_s_{c.Source}";

    private bool IsCurrent(string input) => _plan.EncoderOf(input)?.Name == "current";

    /// <summary>A connection from a current-encoded input delivers the same values every step; when it is its target's first, the sum is cached.</summary>
    private bool Cached(TrainedConnectionPlan c) => FromCurrent(c) && _plan.Connections.First(x => x.Target == c.Target) == c;

    /// <summary>The step (of loop variable t, the target's step) whose source output a connection delivers: t, or t − 1.</summary>
    private static string SourceStep(TrainedConnectionPlan c) => $"(t{(c.SameStep ? "" : " - 1")})";

    /// <summary>Steps whose input a connection fed: all of them when same-step, else all but the first.</summary>
    private static string DeliveredSteps(TrainedConnectionPlan c) => c.SameStep ? "Steps" : "(Steps - 1)";

    /// <summary>Where the target's rows paired with its sources' first step begin in a [step, sample, neuron] buffer.</summary>
    private static string SkippedRows(TrainedConnectionPlan c, string size) => c.SameStep ? "0" : $"batch * {size}";

    private bool FromCurrent(TrainedConnectionPlan c) => c.SourceKind == PopulationKind.Input && IsCurrent(c.Source);

    /// <summary>Weights of a trained connection: [sources, targets] for a dense one, the kernel's for a convolution.</summary>
    internal static string WeightCount(TrainedConnectionPlan c) => c.Convolution is { } conv
        ? conv.WeightShape.Aggregate(1, (a, b) => a * b).ToString(CultureInfo.InvariantCulture)
        : $"{Size(c.Source)} * {Size(c.Target)}";

    /// <summary>Inputs per output of a trained connection (PyTorch's fan_in), which bounds its initial weights: its sources, or a convolution's kernel inputs.</summary>
    internal static string FanIn(TrainedConnectionPlan c) => c.Convolution is { } conv
        ? conv.FanIn.ToString(CultureInfo.InvariantCulture)
        : Size(c.Source);

    /// <summary>Biases of a trained connection: one per target, or one per output channel of a convolution.</summary>
    internal static string BiasCount(TrainedConnectionPlan c) => c.Convolution is { } conv
        ? conv.Geometry.OutChannels.ToString(CultureInfo.InvariantCulture)
        : Size(c.Target);

    private void Emit(CodeWriter w)
    {
        var network = _network;
        var loss = Train.Loss;
        var readout = _plan.ReadoutLayer;
        w.Line("/// <summary>");
        w.Line($"/// Surrogate-gradient trainer of network '{network.Name}' ({network.FileName}): {Train.Steps} steps per sample,");
        w.Line($"/// loss {loss.Name}({loss.Readout}({loss.Population})), optimizer {Train.Optimizer.Name}, surrogate {Train.Surrogate.Name}: dS/dh = {Surrogates.Formula(Train.Surrogate)}.");
        w.Line("/// The forward pass is the simulator's step (same statements, same order, same dense row sums), so");
        w.Line($"/// a trained <see cref=\"{NetworkClass}\"/> spikes exactly as here; a connection delivers in the next step, or in the same step when same_step.");
        w.Line("/// Allocates nothing per batch after construction; gives the same weights, bit for bit, with any number of worker threads.");
        w.Line("/// </summary>");
        using (w.Block($"public sealed class {ClassName}"))
        {
            EmitFields(w);
            w.Line();
            EmitConstructor(w);
            w.Line();
            EmitApi(w);
            w.Line();
            EmitForward(w);
            w.Line();
            EmitLoss(w);
            w.Line();
            EmitBackward(w);
            w.Line();
            EmitWeights(w);
            foreach (var kernels in _kernels.Values)
            {
                w.Line();
                kernels.EmitForward(w);
                w.Line();
                kernels.EmitBackward(w);
            }
        }
    }

    /// <summary>The random streams of poisson-encoded inputs, one per sample slot (also the GPU trainer's, which encodes on the host).</summary>
    internal static void EmitEncoderStreamFields(CodeWriter w, TrainerPlan plan)
    {
        foreach (var input in plan.Inputs.Where(i => i.Encoder.Name == "poisson"))
        {
            w.Line($"// One stream per sample slot of '{input.Name}': a sample's spikes do not depend on which thread encodes it.");
            w.Line($"private readonly RandomStream[] _rng_{input.Name};");
        }
    }

    /// <summary>The streams of <see cref="EmitEncoderStreamFields"/> seeded from <c>seed</c> and <c>batchCapacity</c>: the same per seed in both trainers.</summary>
    internal static void EmitEncoderStreams(CodeWriter w, TrainerPlan plan)
    {
        foreach (var (input, index) in plan.Inputs.Select((input, index) => (input, index)).Where(x => x.input.Encoder.Name == "poisson"))
        {
            w.Line($"_rng_{input.Name} = new RandomStream[batchCapacity];");
            w.Line($"for (int k = 0; k < batchCapacity; k++) _rng_{input.Name}[k] = new RandomStream(seed, ((ulong){index + 1} << 32) | (uint)k);");
        }
    }

    private void EmitFields(CodeWriter w)
    {
        w.Line("/// <summary>Time steps per sample of the train block.</summary>");
        w.Line($"public const int DefaultSteps = {Train.Steps};");
        w.Line("/// <summary>The train block's batch size.</summary>");
        w.Line($"public const int DefaultBatchSize = {Train.BatchSize};");
        EmitDimensionFields(w, _network, _plan);
        w.Line();
        w.Line("// Samples per block of the parallel phases. Workers take blocks as they free up; the loss is summed");
        w.Line("// per block and the blocks' sums in block order, so this constant, never the thread count, fixes every sum.");
        w.Line($"private const int SampleBlock = {SampleBlock};");
        w.Line("private readonly WorkerPool _pool;");
        w.Line("private readonly BlockScheduler _blocks = new();");
        EmitEncoderStreamFields(w, _plan);
        w.Line(Train.Optimizer.Name == "adam" ? "private readonly Adam _optimizer;" : "private readonly Sgd _optimizer;");
        w.Line("private int _batch;");
        w.Line("// Dense weights one row per source ([sources, targets]), kernels [out, in, height, width], as the simulator stores them;");
        w.Line("// gradients and optimizer state alike.");
        foreach (var c in _plan.Weighted)
        {
            foreach (var prefix in new[] { "_w_", "_b_", "_gw_", "_gb_" }.Concat(OptimizerState("w")).Concat(OptimizerState("b")))
            {
                w.Line($"private readonly float[] {prefix}{c.Member};");
            }
            if (FromCurrent(c))
            {
                w.Line($"private readonly float[] _gsum_{c.Member}; // its target's input adjoints summed over the steps it delivers in");
            }
        }
        foreach (var c in _plan.Connections.Where(Cached))
        {
            w.Line($"private readonly float[] _c_{c.Member};");
        }
        EmitConvolutionFields(w);
        EmitBatchNormFields(w);
        foreach (var input in _plan.Inputs)
        {
            w.Line($"private readonly float[] _v_{input.Name};");
            if (!input.IsCurrent)
            {
                w.Line($"private readonly float[] _e_{input.Name};");
            }
        }
        foreach (var layer in _plan.Layers)
        {
            var k = _kernels[layer.Population];
            string n = layer.Population;
            w.Line($"// Layer '{n}': input, spikes and their adjoints per step; the state before and after each reset.");
            foreach (var field in new[] { $"_in_{n}", $"_s_{n}", $"_gs_{n}", $"_gin_{n}" })
            {
                w.Line($"private readonly float[] {field};");
            }
            foreach (var state in layer.States)
            {
                w.Line($"private readonly float[] {k.StateField(state)}, {k.UpdatedField(state)}, {k.InitialField(state)}, {k.AdjointField(state)};");
            }
            foreach (var name in layer.Parameters.Select(p => p.Name).Concat(layer.PropagatorEntries.Select(e => e.Name)))
            {
                w.Line($"private readonly float[] {k.ParameterField(name)};");
            }
            foreach (var p in layer.Learned)
            {
                w.Line($"private readonly float[] _gp_{n}_{p}, {k.ParameterRowGradient(p)}{string.Concat(OptimizerState("p").Select(s => $", {s}{n}_{p}"))};");
            }
        }
        w.Line("private readonly float[] _scores, _gscores;");
        w.Line("private readonly int[] _labels;");
        w.Line("// Per sample block: its loss sum and its correct predictions.");
        w.Line("private readonly double[] _lossSums;");
        w.Line("private readonly int[] _correctCounts;");
        if (Train.Loss.Readout != "spike_count")
        {
            w.Line("private readonly int[] _peakStep;");
        }
        w.Line("// Bodies of the parallel phases, kept so that running one allocates nothing.");
        foreach (var input in _plan.Inputs.Where(i => !i.IsCurrent))
        {
            w.Line($"private readonly Action<int, int> _encode_{input.Name};");
        }
        foreach (var layer in _plan.Layers)
        {
            w.Line($"private readonly Action<int, int> _forward_{layer.Population}, _backward_{layer.Population};");
        }
        w.Line("private readonly Action<int, int> _loss, _clearAdjoints;");
    }

    /// <summary>The public dimensions of a trainer: steps, network parameters, population sizes, classes (set by <see cref="EmitDimensions"/>).</summary>
    internal static void EmitDimensionFields(CodeWriter w, NetworkPlan network, TrainerPlan plan)
    {
        w.Line("/// <summary>Time steps per sample.</summary>");
        w.Line("public int Steps { get; }");
        foreach (var parameter in network.Parameters)
        {
            w.Line($"/// <summary>Network parameter {parameter.Name}: pass the same value to the simulator's constructor.</summary>");
            w.Line($"public double {parameter.Member} {{ get; }}");
        }
        foreach (var name in plan.Inputs.Select(i => i.Name).Concat(plan.Layers.Select(l => l.Population)))
        {
            w.Line($"/// <summary>Size of '{name}'.</summary>");
            w.Line($"public int {Size(name)} {{ get; }}");
        }
        w.Line($"/// <summary>Classes of the readout '{plan.Readout}'.</summary>");
        w.Line($"public int Classes => {Size(plan.Readout)};");
    }

    /// <summary>A trainer constructor's dimensions, from its arguments <c>steps</c> and the network parameters, as the simulator computes them.</summary>
    internal static void EmitDimensions(CodeWriter w, NetworkPlan network, TrainerPlan plan)
    {
        var constants = Simulator.NetworkEmitter.NetworkConstants("this.");
        w.Line("Steps = steps ?? DefaultSteps;");
        foreach (var parameter in network.Parameters)
        {
            w.Line($"this.{parameter.Member} = {parameter.Member} ?? {constants.Write(parameter.Value)};");
        }
        foreach (var (name, size) in plan.Inputs.Select(i => (i.Name, i.Size)).Concat(plan.Layers.Select(l => (l.Population, l.Size))))
        {
            w.Line($"{Size(name)} = ConstructionChecks.Size({CSharpLiteral.String(name)}, {constants.Write(size.Value)});");
        }
    }

    /// <summary>
    /// For a continuous layer, its propagator's entries computed at construction as the simulator computes them; each
    /// entry's float value goes where <paramref name="assign"/> (name, value) says.
    /// </summary>
    internal static void EmitPropagator(CodeWriter w, string networkClass, LayerPlan layer, System.Func<string, string, string> assign)
    {
        if (layer.SystemMatrix is not { } a)
        {
            return;
        }
        int size = a.Count;
        using (w.Block($"// The exact propagator of '{layer.ModelName}', as the simulator computes it: P = exp(A·dt), Q = ∫₀^dt exp(A·s) ds."))
        {
            w.Line($"var a = new double[{size}, {size}];");
            for (int r = 0; r < size; r++)
            {
                for (int c = 0; c < size; c++)
                {
                    if (a[r][c] != 0)
                    {
                        w.Line($"a[{r}, {c}] = {CSharpLiteral.Double(a[r][c])};");
                    }
                }
            }
            w.Line($"Propagator.Compute(a, {networkClass}.Dt, out var p, out var q);");
            foreach (var (name, r, c, isQ) in layer.PropagatorEntries)
            {
                w.Line(assign(name, $"(float){(isQ ? "q" : "p")}[{r}, {c}]"));
            }
        }
    }

    private IEnumerable<string> OptimizerState(string what) => Train.Optimizer.Name == "adam"
        ? new[] { $"_m1{what}_", $"_m2{what}_" }
        : Train.Optimizer.Arguments["momentum"] != 0 ? new[] { $"_mv{what}_" } : System.Array.Empty<string>();

    private void EmitConstructor(CodeWriter w)
    {
        w.Line("/// <summary>Builds the trainer with weights initialized as PyTorch's nn.Linear and nn.Conv2d do (uniform in ±1/√fan-in).</summary>");
        w.Line("/// <param name=\"batchCapacity\">Largest batch <see cref=\"TrainBatch\"/> and <see cref=\"Evaluate\"/> accept; buffers are sized for it once.</param>");
        w.Line("/// <param name=\"seed\">Seeds the initial weights and the input encoders: the same seed gives the same run, bit for bit.</param>");
        w.Line("/// <param name=\"pool\">Worker threads (default: one per core).</param>");
        w.Line("/// <param name=\"steps\">Time steps per sample; null keeps the train block's.</param>");
        var network = _network;
        foreach (var parameter in network.Parameters)
        {
            w.Line($"/// <param name=\"{parameter.Name}\">Network parameter (SI units); null keeps {parameter.Written}.</param>");
        }
        string signature = string.Join(", ", new[] { "int batchCapacity = DefaultBatchSize", "ulong seed = 0", "int? steps = null" }
            .Concat(network.Parameters.Select(p => $"double? {p.Member} = null"))
            .Concat(new[] { "WorkerPool? pool = null" }));
        using (w.Block($"public {ClassName}({signature})"))
        {
            w.Line("if (batchCapacity < 1) throw new ArgumentOutOfRangeException(nameof(batchCapacity), batchCapacity, \"The batch capacity must be at least 1.\");");
            w.Line(_plan.Connections.All(c => c.SameStep)
                ? "if (steps is < 1) throw new ArgumentOutOfRangeException(nameof(steps), steps, \"Training needs at least 1 step.\");"
                : "if (steps is < 2) throw new ArgumentOutOfRangeException(nameof(steps), steps, \"Training needs at least 2 steps (a connection without same_step delivers one step late).\");");
            w.Line("BatchCapacity = batchCapacity;");
            EmitDimensions(w, network, _plan);
            w.Line("_pool = pool ?? WorkerPool.Shared;");
            w.Line("var init = new RandomStream(seed, 0);");
            EmitEncoderStreams(w, _plan);
            var opt = Train.Optimizer;
            w.Line(opt.Name == "adam"
                ? $"_optimizer = new Adam({CSharpLiteral.Double(opt.Arguments["lr"])}, {CSharpLiteral.Double(opt.Arguments["beta1"])}, {CSharpLiteral.Double(opt.Arguments["beta2"])}, {CSharpLiteral.Double(opt.Arguments["eps"])});"
                : $"_optimizer = new Sgd({CSharpLiteral.Double(opt.Arguments["lr"])}, {CSharpLiteral.Double(opt.Arguments["momentum"])});");
            w.Line("int stepRows = Steps * batchCapacity;");
            foreach (var c in _plan.Weighted)
            {
                string size = WeightCount(c);
                string biases = BiasCount(c);
                w.Line($"_w_{c.Member} = new float[{size}];");
                w.Line($"_b_{c.Member} = new float[{biases}];");
                w.Line($"LinearInit.Fill(_w_{c.Member}, _b_{c.Member}, {FanIn(c)}, init);");
                w.Line($"_gw_{c.Member} = new float[{size}];");
                w.Line($"_gb_{c.Member} = new float[{biases}];");
                foreach (var s in OptimizerState("w"))
                {
                    w.Line($"{s}{c.Member} = new float[{size}];");
                }
                foreach (var s in OptimizerState("b"))
                {
                    w.Line($"{s}{c.Member} = new float[{biases}];");
                }
                if (FromCurrent(c))
                {
                    w.Line($"_gsum_{c.Member} = new float[batchCapacity * {Size(c.Target)}];");
                }
            }
            foreach (var c in _plan.Connections.Where(Cached))
            {
                w.Line($"_c_{c.Member} = new float[batchCapacity * {Size(c.Target)}];");
            }
            EmitConvolutionConstruction(w);
            EmitBatchNormConstruction(w);
            foreach (var input in _plan.Inputs)
            {
                w.Line($"_v_{input.Name} = new float[batchCapacity * {Size(input.Name)}];");
                if (!input.IsCurrent)
                {
                    w.Line($"_e_{input.Name} = new float[stepRows * {Size(input.Name)}];");
                    w.Line($"_encode_{input.Name} = EncodeRows_{input.Name};");
                }
            }
            foreach (var layer in _plan.Layers)
            {
                var k = _kernels[layer.Population];
                string n = layer.Population;
                string N = Size(layer.Population);
                foreach (var field in new[] { $"_in_{n}", $"_s_{n}", $"_gs_{n}", $"_gin_{n}" })
                {
                    w.Line($"{field} = new float[stepRows * {N}];");
                }
                foreach (var state in layer.States)
                {
                    w.Line($"{k.StateField(state)} = new float[stepRows * {N}];");
                    w.Line($"{k.UpdatedField(state)} = new float[stepRows * {N}];");
                    w.Line($"{k.InitialField(state)} = new float[batchCapacity * {N}];");
                    w.Line($"Array.Fill({k.InitialField(state)}, {CSharpLiteral.Single(layer.Initial[state])});");
                    w.Line($"{k.AdjointField(state)} = new float[batchCapacity * {N}];");
                }
                foreach (var (name, value) in layer.Parameters)
                {
                    w.Line($"{k.ParameterField(name)} = new float[] {{ {CSharpLiteral.Single(value)} }};");
                }
                EmitPropagator(w, NetworkClass, layer, (name, value) => $"{k.ParameterField(name)} = new float[] {{ {value} }};");
                foreach (var p in layer.Learned)
                {
                    w.Line($"_gp_{n}_{p} = new float[1];");
                    w.Line($"{k.ParameterRowGradient(p)} = new float[batchCapacity];");
                    foreach (var s in OptimizerState("p"))
                    {
                        w.Line($"{s}{n}_{p} = new float[1];");
                    }
                }
                w.Line($"_forward_{n} = ForwardRows_{n};");
                w.Line($"_backward_{n} = BackwardRows_{n};");
            }
            w.Line("_scores = new float[batchCapacity * Classes];");
            w.Line("_gscores = new float[batchCapacity * Classes];");
            w.Line("_labels = new int[batchCapacity];");
            w.Line("_lossSums = new double[BlockScheduler.BlockCount(batchCapacity, SampleBlock)];");
            w.Line("_correctCounts = new int[_lossSums.Length];");
            w.Line("_loss = LossRows;");
            w.Line("_clearAdjoints = ClearAdjointRows;");
            if (Train.Loss.Readout != "spike_count")
            {
                w.Line("_peakStep = new int[batchCapacity * Classes];");
            }
        }
    }

    private string InputParameters => TrainingApi.InputParameters(_plan);

    private string InputArguments => TrainingApi.InputArguments(_plan);

    private void EmitApi(CodeWriter w)
    {
        w.Line("/// <summary>Largest batch accepted.</summary>");
        w.Line("public int BatchCapacity { get; }");
        w.Line();
        TrainingApi.EmitLearningRateAndBatches(w, _plan);
        w.Line();
        w.Line($"/// <summary>The readout of the last forward pass ({Train.Loss.Readout} of '{Train.Loss.Population}'), samples × <see cref=\"Classes\"/>.</summary>");
        w.Line("public ReadOnlySpan<float> Scores => _scores.AsSpan(0, _batch * Classes);");
        foreach (var input in _plan.Inputs.Where(i => !i.IsCurrent))
        {
            w.Line($"/// <summary>The spikes '{input.Name}' was encoded into in the last forward pass, [step, sample, neuron]: what to feed the simulator to reproduce it.</summary>");
            w.Line($"public ReadOnlySpan<float> Encoded_{input.Name} => _e_{input.Name}.AsSpan(0, Steps * _batch * {Size(input.Name)});");
        }
        foreach (var layer in _plan.Layers)
        {
            w.Line($"/// <summary>Spikes (0 or 1) of '{layer.Population}' in the last forward pass, [step, sample, neuron].</summary>");
            w.Line($"public ReadOnlySpan<float> Spikes_{layer.Population} => _s_{layer.Population}.AsSpan(0, Steps * _batch * {Size(layer.Population)});");
        }
    }
}
