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
/// matrix for the weight-gradient products. Samples are independent, so each layer's time loop runs
/// split by samples over the worker pool.
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

    private static string Size(string population) => $"N_{population}";

    private string SourceOutput(TrainedConnectionPlan c) => c.SourceKind == PopulationKind.Input
        ? (IsCurrent(c.Source) ? $"_v_{c.Source}" : $"_e_{c.Source}")
        : $"_s_{c.Source}";

    private bool IsCurrent(string input) => _plan.EncoderOf(input)?.Name == "current";

    /// <summary>A connection from a current-encoded input delivers the same rows every step; when it is its target's first, the sum is cached.</summary>
    private bool Cached(TrainedConnectionPlan c) => c.SourceKind == PopulationKind.Input && IsCurrent(c.Source) && _plan.Connections.First(x => x.Target == c.Target) == c;

    private void Emit(CodeWriter w)
    {
        var network = _network;
        var loss = Train.Loss;
        var readout = _plan.ReadoutLayer;
        w.Line("/// <summary>");
        w.Line($"/// Surrogate-gradient trainer of network '{network.Name}' ({network.FileName}): {Train.Steps} steps per sample,");
        w.Line($"/// loss {loss.Name}({loss.Readout}({loss.Population})), optimizer {Train.Optimizer.Name}, surrogate {Train.Surrogate.Name}: dS/dh = {Surrogates.Formula(Train.Surrogate)}.");
        w.Line("/// The forward pass is the simulator's step (same statements, same order, same dense row sums), so");
        w.Line($"/// a trained <see cref=\"{NetworkClass}\"/> spikes exactly as here; every connection delivers one step later.");
        w.Line("/// Allocates nothing per batch after construction.");
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

    private void EmitFields(CodeWriter w)
    {
        w.Line("/// <summary>Time steps per sample of the train block.</summary>");
        w.Line($"public const int DefaultSteps = {Train.Steps};");
        w.Line("/// <summary>The train block's batch size.</summary>");
        w.Line($"public const int DefaultBatchSize = {Train.BatchSize};");
        w.Line("/// <summary>Time steps per sample.</summary>");
        w.Line("public int Steps { get; }");
        foreach (var parameter in _network.Parameters)
        {
            w.Line($"/// <summary>Network parameter {parameter.Name}: pass the same value to the simulator's constructor.</summary>");
            w.Line($"public double {parameter.Member} {{ get; }}");
        }
        foreach (var name in _plan.Inputs.Select(i => i.Name).Concat(_plan.Layers.Select(l => l.Population)))
        {
            w.Line($"/// <summary>Size of '{name}'.</summary>");
            w.Line($"public int {Size(name)} {{ get; }}");
        }
        w.Line($"/// <summary>Classes of the readout '{_plan.Readout}'.</summary>");
        w.Line($"public int Classes => {Size(_plan.Readout)};");
        w.Line();
        w.Line("private readonly WorkerPool _pool;");
        w.Line("private readonly RandomStream _rng;");
        w.Line(Train.Optimizer.Name == "adam" ? "private readonly Adam _optimizer;" : "private readonly Sgd _optimizer;");
        w.Line("private int _batch;");
        w.Line("// Dense weights one row per source ([sources, targets]) as the simulator stores them; gradients and optimizer state alike.");
        foreach (var c in _plan.Connections)
        {
            foreach (var prefix in new[] { "_w_", "_b_", "_gw_", "_gb_" }.Concat(OptimizerState("w")).Concat(OptimizerState("b")))
            {
                w.Line($"private readonly float[] {prefix}{c.Member};");
            }
            if (Cached(c))
            {
                w.Line($"private readonly float[] _c_{c.Member};");
            }
        }
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
        if (Train.Loss.Readout != "spike_count")
        {
            w.Line("private readonly int[] _peakStep;");
        }
        foreach (var layer in _plan.Layers)
        {
            w.Line($"private readonly Action<int, int> _forward_{layer.Population}, _backward_{layer.Population};");
        }
    }

    private IEnumerable<string> OptimizerState(string what) => Train.Optimizer.Name == "adam"
        ? new[] { $"_m1{what}_", $"_m2{what}_" }
        : Train.Optimizer.Arguments["momentum"] != 0 ? new[] { $"_mv{what}_" } : System.Array.Empty<string>();

    private void EmitConstructor(CodeWriter w)
    {
        w.Line("/// <summary>Builds the trainer with weights initialized as PyTorch's nn.Linear does (uniform in ±1/√fan-in).</summary>");
        w.Line("/// <param name=\"batchCapacity\">Largest batch <see cref=\"TrainBatch\"/> and <see cref=\"Evaluate\"/> accept; buffers are sized for it once.</param>");
        w.Line("/// <param name=\"seed\">Seeds the initial weights and the input encoders: the same seed gives the same run, bit for bit.</param>");
        w.Line("/// <param name=\"pool\">Worker threads (default: one per core).</param>");
        w.Line("/// <param name=\"steps\">Time steps per sample; null keeps the train block's.</param>");
        var network = _network;
        foreach (var parameter in network.Parameters)
        {
            w.Line($"/// <param name=\"{parameter.Name}\">Network parameter (SI units); null keeps {parameter.Written}.</param>");
        }
        var constants = Simulator.NetworkEmitter.NetworkConstants("this.");
        string signature = string.Join(", ", new[] { "int batchCapacity = DefaultBatchSize", "ulong seed = 0", "int? steps = null" }
            .Concat(network.Parameters.Select(p => $"double? {p.Member} = null"))
            .Concat(new[] { "WorkerPool? pool = null" }));
        using (w.Block($"public {ClassName}({signature})"))
        {
            w.Line("if (batchCapacity < 1) throw new ArgumentOutOfRangeException(nameof(batchCapacity), batchCapacity, \"The batch capacity must be at least 1.\");");
            w.Line("if (steps is < 2) throw new ArgumentOutOfRangeException(nameof(steps), steps, \"Training needs at least 2 steps (connections deliver one step late).\");");
            w.Line("BatchCapacity = batchCapacity;");
            w.Line("Steps = steps ?? DefaultSteps;");
            foreach (var parameter in network.Parameters)
            {
                w.Line($"this.{parameter.Member} = {parameter.Member} ?? {constants.Write(parameter.Value)};");
            }
            foreach (var (name, size) in _plan.Inputs.Select(i => (i.Name, i.Size)).Concat(_plan.Layers.Select(l => (l.Population, l.Size))))
            {
                w.Line($"{Size(name)} = ConstructionChecks.Size({CSharpLiteral.String(name)}, {constants.Write(size.Value)});");
            }
            w.Line("_pool = pool ?? WorkerPool.Shared;");
            w.Line("var init = new RandomStream(seed, 0);");
            w.Line("_rng = new RandomStream(seed, 1);");
            var opt = Train.Optimizer;
            w.Line(opt.Name == "adam"
                ? $"_optimizer = new Adam({CSharpLiteral.Double(opt.Arguments["lr"])}, {CSharpLiteral.Double(opt.Arguments["beta1"])}, {CSharpLiteral.Double(opt.Arguments["beta2"])}, {CSharpLiteral.Double(opt.Arguments["eps"])});"
                : $"_optimizer = new Sgd({CSharpLiteral.Double(opt.Arguments["lr"])}, {CSharpLiteral.Double(opt.Arguments["momentum"])});");
            w.Line("int stepRows = Steps * batchCapacity;");
            foreach (var c in _plan.Connections)
            {
                string size = $"{Size(c.Source)} * {Size(c.Target)}";
                w.Line($"_w_{c.Member} = new float[{size}];");
                w.Line($"_b_{c.Member} = new float[{Size(c.Target)}];");
                w.Line($"LinearInit.Fill(_w_{c.Member}, _b_{c.Member}, {Size(c.Source)}, init);");
                w.Line($"_gw_{c.Member} = new float[{size}];");
                w.Line($"_gb_{c.Member} = new float[{Size(c.Target)}];");
                foreach (var s in OptimizerState("w"))
                {
                    w.Line($"{s}{c.Member} = new float[{size}];");
                }
                foreach (var s in OptimizerState("b"))
                {
                    w.Line($"{s}{c.Member} = new float[{Size(c.Target)}];");
                }
                if (Cached(c))
                {
                    w.Line($"_c_{c.Member} = new float[batchCapacity * {Size(c.Target)}];");
                }
            }
            foreach (var input in _plan.Inputs)
            {
                w.Line($"_v_{input.Name} = new float[batchCapacity * {Size(input.Name)}];");
                if (!input.IsCurrent)
                {
                    w.Line($"_e_{input.Name} = new float[stepRows * {Size(input.Name)}];");
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
                if (layer.SystemMatrix is { } a)
                {
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
                        w.Line($"Propagator.Compute(a, {NetworkClass}.Dt, out var p, out var q);");
                        foreach (var (name, r, c, isQ) in layer.PropagatorEntries)
                        {
                            w.Line($"{k.ParameterField(name)} = new float[] {{ (float){(isQ ? "q" : "p")}[{r}, {c}] }};");
                        }
                    }
                }
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
            if (Train.Loss.Readout != "spike_count")
            {
                w.Line("_peakStep = new int[batchCapacity * Classes];");
            }
        }
    }

    private string InputParameters => string.Join(", ", _plan.Inputs.Select(i => $"ReadOnlySpan<float> {i.Member}"));

    private string InputArguments => string.Join(", ", _plan.Inputs.Select(i => i.Member));

    private void EmitApi(CodeWriter w)
    {
        string inputsDoc = string.Join(", ", _plan.Inputs.Select(i => $"'{i.Name}' ({i.Encoder.Name})"));
        w.Line("/// <summary>Largest batch accepted.</summary>");
        w.Line("public int BatchCapacity { get; }");
        w.Line();
        w.Line("/// <summary>The optimizer's learning rate; may be changed between batches.</summary>");
        w.Line("public double LearningRate { get => _optimizer.LearningRate; set => _optimizer.LearningRate = value; }");
        w.Line();
        w.Line($"/// <summary>One optimizer step on a batch: forward, loss, backward, update. Inputs {inputsDoc}: samples × size, values in [0, 1] for spike encodings.</summary>");
        using (w.Block($"public BatchResult TrainBatch({InputParameters}, ReadOnlySpan<int> labels)"))
        {
            w.Line($"Forward({InputArguments}, labels.Length);");
            w.Line("var result = ComputeLoss(labels);");
            w.Line("Backward();");
            w.Line("ApplyGradients();");
            w.Line("return result;");
        }
        w.Line();
        w.Line("/// <summary>Forward pass and loss without learning.</summary>");
        using (w.Block($"public BatchResult Evaluate({InputParameters}, ReadOnlySpan<int> labels)"))
        {
            w.Line($"Forward({InputArguments}, labels.Length);");
            w.Line("return ComputeLoss(labels);");
        }
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

    private void EmitForward(CodeWriter w)
    {
        w.Line("/// <summary>Runs the network on a batch of samples for <see cref=\"Steps\"/> steps, keeping what the backward pass needs.</summary>");
        using (w.Kernel($"public void Forward({InputParameters}, int count)"))
        {
            w.Line("if (count < 1 || count > BatchCapacity) throw new ArgumentOutOfRangeException(nameof(count), count, $\"The batch must hold 1 to {BatchCapacity} samples.\");");
            foreach (var input in _plan.Inputs)
            {
                string arg = input.Member;
                string N = Size(input.Name);
                w.Line($"if ({arg}.Length != count * {N}) throw new ArgumentException($\"'{input.Name}' needs {{count}} × {{{N}}} values, not {{{arg}.Length}}.\", nameof({arg}));");
                w.Line($"{arg}.CopyTo(_v_{input.Name});");
            }
            w.Line("_batch = count;");
            foreach (var input in _plan.Inputs.Where(i => !i.IsCurrent))
            {
                EmitEncoding(w, input);
            }
            foreach (var layer in _plan.Layers)
            {
                w.Line($"_pool.Run(count, _forward_{layer.Population});");
            }
        }
        foreach (var layer in _plan.Layers)
        {
            w.Line();
            EmitForwardRows(w, layer);
        }
    }

    private void EmitEncoding(CodeWriter w, TrainedInputPlan input)
    {
        var encoder = input.Encoder;
        string N = Size(input.Name);
        string n = input.Name;
        w.Line($"// Encode '{n}' as {encoder.Name}: spikes per step drawn from the intensities.");
        w.Line($"int size_{n} = _batch * {N};");
        if (encoder.Name == "poisson")
        {
            using (w.Block("for (int t = 0; t < Steps; t++)"))
            {
                w.Line($"InputEncoders.Poisson(_v_{n}.AsSpan(0, size_{n}), _e_{n}.AsSpan(t * size_{n}, size_{n}), {CSharpLiteral.Single(encoder.Arguments["max_rate"])}, {NetworkClass}.Dt, _rng);");
            }
        }
        else
        {
            w.Line($"_e_{n}.AsSpan(0, Steps * size_{n}).Clear();");
            using (w.Block($"for (int k = 0; k < size_{n}; k++)"))
            {
                w.Line($"int step = InputEncoders.LatencyStep(_v_{n}[k], {CSharpLiteral.Single(encoder.Arguments["tau"])}, {CSharpLiteral.Single(encoder.Arguments["threshold"])}, {NetworkClass}.Dt, Steps);");
                w.Line($"if (step >= 0) _e_{n}[step * size_{n} + k] = 1f;");
            }
        }
    }

    private void EmitForwardRows(CodeWriter w, LayerPlan layer)
    {
        string n = layer.Population;
        string N = Size(layer.Population);
        w.Line($"/// <summary>Samples [first, last) of '{n}' over all steps: its input from the dense connections (one step late), then its step.</summary>");
        using (w.Kernel($"private void ForwardRows_{n}(int first, int last)"))
        {
            w.Line("int batch = _batch;");
            using (w.Block("for (int t = 0; t < Steps; t++)"))
            {
                using (w.Block("for (int row = first; row < last; row++)"))
                {
                    w.Line($"Span<float> input = _in_{n}.AsSpan((t * batch + row) * {N}, {N});");
                    w.Line("input.Clear();");
                    using (w.Block("if (t > 0)"))
                    {
                        foreach (var c in _plan.Incoming(layer))
                        {
                            EmitDelivery(w, c);
                        }
                    }
                    w.Line($"StepForward_{n}(t, row * {N}, (row + 1) * {N});");
                }
            }
        }
    }

    /// <summary>A connection's contribution to one sample's input at step t: rows of weights of the sources at t − 1, then the bias, as the simulator's Deliver.</summary>
    private void EmitDelivery(CodeWriter w, TrainedConnectionPlan c)
    {
        string K = Size(c.Source);
        string N = Size(c.Target);
        w.Line($"// {c.Member}");
        bool current = c.SourceKind == PopulationKind.Input && IsCurrent(c.Source);
        string source = current
            ? $"_v_{c.Source}.AsSpan(row * {K}, {K})"
            : $"{SourceOutput(c)}.AsSpan(((t - 1) * batch + row) * {K}, {K})";
        void Rows(string destination)
        {
            w.Line($"DenseRows.AccumulateRows({destination}, {source}, _w_{c.Member});");
            w.Line($"DenseRows.Add<float>({destination}, _b_{c.Member});");
        }
        if (Cached(c))
        {
            w.Line($"Span<float> cache_{c.Member} = _c_{c.Member}.AsSpan(row * {N}, {N});");
            using (w.Block("if (t == 1)"))
            {
                w.Line($"cache_{c.Member}.Clear();");
                Rows($"cache_{c.Member}");
            }
            w.Line($"cache_{c.Member}.CopyTo(input);");
        }
        else
        {
            Rows("input");
        }
    }

    private void EmitLoss(CodeWriter w)
    {
        var loss = Train.Loss;
        var readout = _plan.ReadoutLayer;
        var k = _kernels[readout.Population];
        string n = readout.Population;
        w.Line($"/// <summary>Readout {loss.Readout}({n}), then {loss.Name}: mean loss over the batch, its gradient, and the correct predictions (argmax).</summary>");
        using (w.Kernel("public BatchResult ComputeLoss(ReadOnlySpan<int> labels)"))
        {
            w.Line("if (labels.Length != _batch) throw new ArgumentException($\"{labels.Length} labels for a batch of {_batch}.\", nameof(labels));");
            using (w.Block("for (int k = 0; k < labels.Length; k++)"))
            {
                w.Line("if ((uint)labels[k] >= Classes) throw new ArgumentOutOfRangeException(nameof(labels), labels[k], $\"Labels must be in [0, {Classes}).\");");
            }
            w.Line("int size = _batch * Classes;");
            w.Line("Span<float> scores = _scores.AsSpan(0, size);");
            switch (loss.Readout)
            {
                case "spike_count":
                    w.Line("scores.Clear();");
                    using (w.Block("for (int t = 0; t < Steps; t++)"))
                    {
                        w.Line($"DenseRows.Add<float>(scores, _s_{n}.AsSpan(t * size, size));");
                    }
                    break;
                default:
                {
                    string x = k.StateField(readout.Membrane);
                    bool max = loss.Readout == "max_membrane";
                    w.Line($"{x}.AsSpan((Steps - 1) * size, size).CopyTo(scores);");
                    w.Line($"Array.Fill(_peakStep, Steps - 1, 0, size);");
                    if (max)
                    {
                        using (w.Block("for (int t = Steps - 2; t >= 0; t--)"))
                        {
                            using (w.Block("for (int e = 0; e < size; e++)"))
                            {
                                w.Line($"float value = {x}[t * size + e];");
                                w.Line("if (value >= scores[e]) { scores[e] = value; _peakStep[e] = t; }");
                            }
                        }
                    }
                    break;
                }
            }
            string gradient = "_gscores.AsSpan(0, size)";
            w.Line(loss.Name == "cross_entropy"
                ? $"float loss = Losses.CrossEntropy(scores, labels, {gradient}, _batch, Classes);"
                : $"float loss = Losses.MeanSquaredCount(scores, labels, {gradient}, _batch, Classes, {CSharpLiteral.Single(loss.Arguments["correct_rate"] * Train.Steps)}, {CSharpLiteral.Single(loss.Arguments["incorrect_rate"] * Train.Steps)});");
            w.Line("return new BatchResult(loss, Losses.CountCorrect(scores, labels, _batch, Classes), _batch);");
        }
    }

    private void EmitBackward(CodeWriter w)
    {
        var loss = Train.Loss;
        string r = _plan.Readout;
        w.Line("/// <summary>Backpropagation through time of the last forward pass and loss: fills the weight gradients.</summary>");
        using (w.Kernel("public void Backward()"))
        {
            w.Line("int batch = _batch;");
            foreach (var layer in _plan.Layers)
            {
                w.Line($"_gs_{layer.Population}.AsSpan(0, Steps * batch * {Size(layer.Population)}).Clear();");
                foreach (var p in layer.Learned)
                {
                    w.Line($"{_kernels[layer.Population].ParameterRowGradient(p)}.AsSpan(0, batch).Clear();");
                }
            }
            foreach (var c in _plan.Connections)
            {
                w.Line($"_gw_{c.Member}.AsSpan().Clear();");
                w.Line($"_gb_{c.Member}.AsSpan().Clear();");
            }
            if (loss.Readout == "spike_count")
            {
                w.Line("// d(count)/d(s[t]) = 1 for every step.");
                using (w.Block("for (int t = 0; t < Steps; t++)"))
                {
                    w.Line($"_gscores.AsSpan(0, batch * Classes).CopyTo(_gs_{r}.AsSpan(t * batch * Classes, batch * Classes));");
                }
            }
            foreach (var layer in Enumerable.Reverse(_plan.Layers))
            {
                string n = layer.Population;
                w.Line($"_pool.Run(batch, _backward_{n});");
                foreach (var p in layer.Learned)
                {
                    w.Line($"_gp_{n}_{p}[0] = 0f;");
                    w.Line($"for (int row = 0; row < batch; row++) _gp_{n}_{p}[0] += {_kernels[n].ParameterRowGradient(p)}[row];");
                }
                foreach (var c in _plan.Incoming(layer))
                {
                    EmitWeightGradient(w, c);
                }
            }
        }
        foreach (var layer in _plan.Layers)
        {
            w.Line();
            EmitBackwardRows(w, layer);
        }
    }

    /// <summary>∂L/∂W = Σ_t out_src[t−1]ᵀ · ∂L/∂in[t] (one product over all stacked steps), ∂L/∂b = Σ ∂L/∂in, and ∂L/∂s_src[t−1] += ∂L/∂in[t] · Wᵀ.</summary>
    private void EmitWeightGradient(CodeWriter w, TrainedConnectionPlan c)
    {
        string K = Size(c.Source);
        string N = Size(c.Target);
        string gin = $"_gin_{c.Target}";
        w.Line($"// {c.Member}: steps 1 … Steps−1 received the sources' output of steps 0 … Steps−2.");
        w.Line($"int rows_{c.Member} = (Steps - 1) * batch;");
        if (c.SourceKind == PopulationKind.Input && IsCurrent(c.Source))
        {
            w.Line("// The input is the same every step, so the steps' adjoints are summed first.");
            w.Line($"// Step 0's adjoint is not needed any more (nothing reaches a layer at step 0), so its slot holds the sum.");
            w.Line($"Span<float> sum_{c.Member} = {gin}.AsSpan(0, batch * {N});");
            w.Line($"{gin}.AsSpan(batch * {N}, batch * {N}).CopyTo(sum_{c.Member});");
            using (w.Block("for (int t = 2; t < Steps; t++)"))
            {
                w.Line($"DenseRows.Add<float>(sum_{c.Member}, {gin}.AsSpan(t * batch * {N}, batch * {N}));");
            }
            w.Line($"Sgemm.Compute(true, false, {K}, {N}, batch, 1f, _v_{c.Source}, {K}, sum_{c.Member}, {N}, 1f, _gw_{c.Member}, {N}, _pool);");
            w.Line($"for (int row = 0; row < batch; row++) DenseRows.Add<float>(_gb_{c.Member}, sum_{c.Member}.Slice(row * {N}, {N}));");
            return;
        }
        w.Line("// The sources spike: visiting only their spikes beats a dense product.");
        w.Line($"SpikeProducts.AccumulateOuter({SourceOutput(c)}, {gin}.AsSpan(batch * {N}), _gw_{c.Member}, rows_{c.Member}, {K}, {N});");
        w.Line($"for (int row = batch; row < Steps * batch; row++) DenseRows.Add<float>(_gb_{c.Member}, {gin}.AsSpan(row * {N}, {N}));");
        if (c.SourceKind == PopulationKind.Neurons && !c.SelfRecurrent)
        {
            w.Line($"Sgemm.Compute(false, true, rows_{c.Member}, {K}, {N}, 1f, {gin}.AsSpan(batch * {N}), {N}, _w_{c.Member}, {N}, 1f, _gs_{c.Source}, {K}, _pool);");
        }
    }

    private void EmitBackwardRows(CodeWriter w, LayerPlan layer)
    {
        string n = layer.Population;
        string N = Size(layer.Population);
        var k = _kernels[n];
        var recurrent = _plan.Incoming(layer).Where(c => c.SelfRecurrent).ToList();
        bool membraneReadout = layer.Population == _plan.Readout && Train.Loss.Readout != "spike_count";
        w.Line($"/// <summary>Samples [first, last) of '{n}', steps from last to first.</summary>");
        using (w.Kernel($"private void BackwardRows_{n}(int first, int last)"))
        {
            w.Line("int batch = _batch;");
            foreach (var state in layer.States)
            {
                w.Line($"{k.AdjointField(state)}.AsSpan(first * {N}, (last - first) * {N}).Clear();");
            }
            using (w.Block("for (int t = Steps - 1; t >= 0; t--)"))
            {
                if (membraneReadout)
                {
                    w.Line($"// The readout took the membrane '{layer.Membrane}' at one step per neuron.");
                    using (w.Block($"for (int e = first * Classes; e < last * Classes; e++)"))
                    {
                        w.Line($"if (_peakStep[e] == t) {k.AdjointField(layer.Membrane)}[e] += _gscores[e];");
                    }
                }
                using (w.Block("for (int row = first; row < last; row++)"))
                {
                    w.Line($"StepBackward_{n}(t, row, row * {N}, (row + 1) * {N});");
                }
                foreach (var c in recurrent)
                {
                    w.Line($"// {c.Member}: the input at t came from this layer's spikes at t − 1.");
                    using (w.Block("if (t > 0)"))
                    {
                        w.Line($"Sgemm.Compute(false, true, last - first, {N}, {N}, 1f, _gin_{n}.AsSpan((t * batch + first) * {N}), {N}, _w_{c.Member}, {N}, 1f, _gs_{n}.AsSpan(((t - 1) * batch + first) * {N}), {N}, _pool);");
                    }
                }
            }
        }
    }

}
