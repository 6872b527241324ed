using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Runtime;

namespace SpikeLang.Neuromorphic.Chip;

/// <summary>
/// How one neuron population becomes Loihi compartments: its voltage, its channels (the currents
/// connections drive), the one-step propagator per neuron, and after <see cref="ChooseScale"/> the
/// integer parameters. See <see cref="Quantizer"/> for the mapping rules.
/// </summary>
internal sealed class PopulationPlan
{
    /// <summary>Channel index meaning "V itself": jumps of V and the summed input that enters V.</summary>
    private const int Direct = -1;

    private readonly PopulationDescriptor _population;
    private readonly NeuronDynamics _dynamics;
    private readonly double _dt;
    private readonly int _v;
    private readonly List<int> _channels;
    private readonly double[] _reset;
    private readonly double[] _threshold;
    private readonly double[] _bias;
    private readonly double[] _voltageDecay;
    private readonly int _refractorySteps;

    private PopulationPlan(PopulationDescriptor population, NeuronDynamics dynamics, double dt, int v, List<int> channels, double[] reset, IReadOnlyList<IncomingConnection> incoming)
    {
        _population = population;
        _dynamics = dynamics;
        _dt = dt;
        _v = v;
        _channels = channels;
        _reset = reset;
        int n = population.Size;
        _threshold = new double[n];
        _bias = new double[n];
        _voltageDecay = new double[n];
        for (int i = 0; i < n; i++)
        {
            _threshold[i] = dynamics.Threshold!.Value[i] - reset[i];
            (_voltageDecay[i], double inputGain) = VoltagePropagator(i);
            // In coordinates where the reset value is 0, V's constant drive is c + a·V_reset
            // (continuous) or c + (A_VV − 1)·V_reset (discrete); over one step it adds inputGain times that.
            double constant = dynamics.Constant[v][i];
            double a = dynamics.A(v, v)[i];
            _bias[i] = dynamics.Kind == DynamicsKind.Continuous
                ? inputGain * (constant + a * reset[i])
                : constant + (a - 1) * reset[i];
        }

        // A dense layer's (or convolution's) bias adds to the summed input every step: a constant drive of V.
        foreach (ConnectionDescriptor connection in incoming.Select(c => c.Connection))
        {
            if (connection.Bias is not { } layerBias)
            {
                continue;
            }

            for (int t = 0; t < layerBias.Length; t++)
            {
                int neuron = connection.TargetStart + t;
                (double _, double inputGain) = VoltagePropagator(neuron);
                _bias[neuron] += inputGain * dynamics.Input[v][neuron] * layerBias[t];
            }
        }

        _refractorySteps = (int)Math.Round(dynamics.RefractoryPeriod.Values.Max() / dt);
    }

    /// <summary>Integer voltage units per SI unit of V, set by <see cref="ChooseScale"/>.</summary>
    public double Scale { get; private set; }

    public static PopulationPlan Create(PopulationDescriptor population, IReadOnlyList<IncomingConnection> incoming, double dt, List<string> notes)
    {
        string where = $"Population '{population.Name}' (model {population.Model})";
        NeuronDynamics dynamics = population.Dynamics ?? throw new ChipCompilationException(
            $"{where} has no integer equivalent on a Loihi CUBA LIF core: {population.DynamicsUnavailable ?? "its dynamics are not described"}. "
            + "Only models whose equations are affine in the state (leaky integrate-and-fire with exponential currents) can be put on the chip.");
        ThresholdCondition threshold = dynamics.Threshold ?? throw new ChipCompilationException(
            $"{where}: the threshold is not 'variable > constant'; a Loihi compartment spikes when v exceeds a fixed threshold.");
        int v = dynamics.IndexOf(threshold.Variable);
        string vName = threshold.Variable;
        if (threshold.Comparison == ThresholdComparison.GreaterOrEqual)
        {
            notes.Add($"{where}: threshold '{vName} >= value' becomes '{vName} > value' (the chip compares with >).");
        }

        double[] reset = ResetValues(population, dynamics, vName, where, notes);
        int n = dynamics.Order;
        for (int x = 0; x < n; x++)
        {
            if (x == v)
            {
                continue;
            }

            string name = dynamics.StateVariables[x];
            for (int y = 0; y < n; y++)
            {
                if (y != x && Any(dynamics.A(x, y), c => c != 0))
                {
                    throw new ChipCompilationException(
                        $"{where}: d{name}/dt depends on '{dynamics.StateVariables[y]}'; on the chip a current decays on its own (only v sums currents). Such coupled dynamics have no integer equivalent.");
                }
            }

            if (Any(dynamics.Constant[x], c => c != 0) || Any(dynamics.Input[x], c => c != 0))
            {
                throw new ChipCompilationException(
                    $"{where}: '{name}' has a constant drive or receives the summed input; on the chip only v has a bias and only currents that decay to 0 are supported.");
            }
        }

        var channels = new SortedSet<int>();
        foreach (IncomingConnection connection in incoming)
        {
            channels.Add(ChannelOf(connection, dynamics, v, where));
        }

        var ordered = channels.Where(c => c != Direct).ToList();
        if (channels.Contains(Direct) || ordered.Count == 0)
        {
            ordered.Add(Direct);
        }

        if (dynamics.RefractoryPeriod.Values.Max() > 0 && !dynamics.HeldWhileRefractory.Contains(vName))
        {
            notes.Add($"{where}: the chip holds v at the reset value while refractory, although '{vName}' is not marked 'unless refractory'.");
        }

        foreach (string held in dynamics.HeldWhileRefractory.Where(h => h != vName))
        {
            notes.Add($"{where}: '{held}' keeps integrating during the refractory period on the chip (only v is held).");
        }

        if (population.Discretization is not ("exact" or "discrete" or "euler"))
        {
            notes.Add($"{where}: the float model integrates with {population.Discretization}; the chip uses the exact one-step propagator of the same linear equations.");
        }

        return new PopulationPlan(population, dynamics, dt, v, ordered, reset, incoming);
    }

    /// <summary>The channel a connection drives and, per synapse, the change of V (SI) it causes one step after delivery.</summary>
    public (int Channel, double[] Drive) Drive(IncomingConnection incoming, List<string> notes)
    {
        ConnectionDescriptor connection = incoming.Connection;
        SpikeEffect effect = connection.Effect!;
        int target = ChannelOf(incoming, _dynamics, _v, $"Population '{_population.Name}' (model {_population.Model})");
        if (effect.Plastic)
        {
            notes.Add($"{incoming.Name}: plastic synapses run with their current weights frozen (no on-chip learning).");
        }

        float[]? weights = effect.SynapseVariable is { } variable ? connection.SynapseState[variable] : null;
        int[] columns = connection.Connectivity.Columns;
        var drive = new double[columns.Length];
        bool viaInput = effect.TargetVariable == "input";
        for (int s = 0; s < drive.Length; s++)
        {
            int post = columns[s] + connection.TargetStart;
            double weight = weights is null ? effect.Constant!.Value : weights[s];
            drive[s] = weight * Gain(post, target, viaInput);
        }

        return (_channels.IndexOf(target), drive);
    }

    /// <summary>
    /// Picks the scale: the largest threshold at 2^22, lowered until weights and bias fit their
    /// fields, and a host-written drive of <paramref name="largestHostDrive"/> (SI) fits the bias field.
    /// </summary>
    public void ChooseScale(double largestDrive, double largestHostDrive)
    {
        double scale = (1 << 22) / _threshold.Max();
        double maxWeight = (double)ChipLimits.MaxWeightMantissa * (1 << ChipLimits.MaxWeightExponent) * (1 << LoihiArithmetic.InputShift);
        double maxBias = (double)ChipLimits.MaxBiasMantissa * (1 << ChipLimits.MaxBiasExponent);
        double largestBias = _bias.Max(Math.Abs) + largestHostDrive;
        if (largestDrive * scale > maxWeight)
        {
            scale = maxWeight / largestDrive;
        }

        if (largestBias * scale > maxBias)
        {
            scale = maxBias / largestBias;
        }

        Scale = scale;
    }

    public QuantizedPopulation Build(double[]? initialVoltage)
    {
        int n = _population.Size;
        int k = _channels.Count;
        var compartments = new CompartmentParameters[n * k];
        var voltage = new int[n];
        var worst = new Dictionary<string, QuantizedQuantity>();
        int refractoryDelay = Math.Max(_refractorySteps - 1, 0);
        for (int i = 0; i < n; i++)
        {
            int dv = DecayConstant(_voltageDecay[i], offset: 0);
            int threshold = (int)Math.Clamp(Math.Round(_threshold[i] * Scale / (1 << LoihiArithmetic.InputShift)), 1, ChipLimits.MaxThresholdMantissa);
            (int biasMantissa, int biasExponent) = BiasFields(_bias[i] * Scale);
            for (int c = 0; c < k; c++)
            {
                int channel = _channels[c];
                double currentDecay = channel == Direct ? 0 : CurrentPropagator(i, channel);
                int du = channel == Direct ? LoihiArithmetic.MaxDecay : DecayConstant(currentDecay, offset: 1);
                compartments[i * k + c] = c < k - 1
                    ? CompartmentParameters.Dendrite(du)
                    : new CompartmentParameters(du, dv, biasMantissa, biasExponent, threshold, refractoryDelay);
                if (channel != Direct)
                {
                    Keep(worst, new QuantizedQuantity($"decay of {_dynamics.StateVariables[channel]} per step", currentDecay, 1 - (du + 1) / 4096.0));
                }
            }

            Keep(worst, new QuantizedQuantity($"decay of {_dynamics.StateVariables[_v]} per step", _voltageDecay[i], 1 - dv / 4096.0));
            Keep(worst, new QuantizedQuantity("threshold above reset (SI)", _threshold[i], threshold * (double)(1 << LoihiArithmetic.InputShift) / Scale));
            // Below one integer unit the bias is zero on the chip; that is no error worth reporting.
            Keep(worst, new QuantizedQuantity("bias per step (SI)", _bias[i], LoihiArithmetic.Bias(biasMantissa, biasExponent) / Scale, Negligible: 0.5 / Scale));
            double start = initialVoltage is null ? 0 : (initialVoltage[i] - _reset[i]) * Scale;
            voltage[i] = LoihiArithmetic.SaturateVoltage((long)Math.Round(start));
        }

        if (_refractorySteps > 0)
        {
            worst["refractory"] = new QuantizedQuantity("refractory period (s)", _dynamics.RefractoryPeriod.Values.Max(), (refractoryDelay + 1) * _dt);
        }

        IReadOnlyList<string> names = _channels.Select(c => c == Direct ? _dynamics.StateVariables[_v] : _dynamics.StateVariables[c]).ToArray();
        return new QuantizedPopulation(_population.Name, n, names, compartments, voltage, new int[n * k], new PopulationQuantization(Scale, worst.Values.ToArray()));
    }

    /// <summary>
    /// The change of V one step after a unit jump of <paramref name="channel"/> (or of V, or of the
    /// summed input) at delivery: the propagator entry E[V, X], E[V, V], or the input's gain into V.
    /// </summary>
    private double Gain(int neuron, int channel, bool viaInput)
    {
        (double voltageDecay, double inputGain) = VoltagePropagator(neuron);
        if (channel != Direct)
        {
            return CouplingPropagator(neuron, channel);
        }

        return viaInput ? inputGain * _dynamics.Input[_v][neuron] : voltageDecay;
    }

    /// <summary>E[V, V] and the gain of a constant held over one step (∫ e^{a s} ds, dt for Euler, 1 for discrete maps).</summary>
    private (double Decay, double InputGain) VoltagePropagator(int neuron)
    {
        double a = _dynamics.A(_v, _v)[neuron];
        if (_dynamics.Kind == DynamicsKind.Discrete)
        {
            return (a, 1);
        }

        if (_population.Discretization == "euler")
        {
            return (1 + a * _dt, _dt);
        }

        double decay = Math.Exp(a * _dt);
        return (decay, a == 0 ? _dt : (decay - 1) / a);
    }

    private double CurrentPropagator(int neuron, int channel)
    {
        double a = _dynamics.A(channel, channel)[neuron];
        return _dynamics.Kind == DynamicsKind.Discrete ? a
            : _population.Discretization == "euler" ? 1 + a * _dt
            : Math.Exp(a * _dt);
    }

    /// <summary>E[V, X]: how much of a current X reaches V over one step.</summary>
    private double CouplingPropagator(int neuron, int channel)
    {
        double coupling = _dynamics.A(_v, channel)[neuron];
        if (_dynamics.Kind == DynamicsKind.Discrete)
        {
            return coupling;
        }

        if (_population.Discretization == "euler")
        {
            return coupling * _dt;
        }

        double a = _dynamics.A(_v, _v)[neuron];
        double b = _dynamics.A(channel, channel)[neuron];
        double ea = Math.Exp(a * _dt), eb = Math.Exp(b * _dt);
        return Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b))
            ? coupling * _dt * ea
            : coupling * (ea - eb) / (a - b);
    }

    private static int ChannelOf(IncomingConnection incoming, NeuronDynamics dynamics, int v, string where)
    {
        string name = incoming.Name;
        SpikeEffect effect = incoming.Connection.Effect ?? throw new ChipCompilationException(
            $"{name}: its 'on pre' does more than add one weight or constant to one target variable, or it sums a value into its neurons every step ('(summed)'); a chip synapse can only add its weight to a compartment's input.");
        if (effect.SynapseVariable is null && effect.Constant is null)
        {
            throw new ChipCompilationException($"{name}: the spike effect has neither a weight nor a constant.");
        }

        if (effect.TargetVariable == "input")
        {
            if (!Any(dynamics.Input[v], g => g != 0))
            {
                throw new ChipCompilationException($"{name}: it adds to 'input', but {where} ignores its input.");
            }

            return Direct;
        }

        int target = dynamics.StateVariables.ToList().IndexOf(effect.TargetVariable);
        if (target < 0)
        {
            throw new ChipCompilationException($"{name}: it changes '{effect.TargetVariable}', which is not a state variable of {where}.");
        }

        if (target == v)
        {
            return Direct;
        }

        if (!Any(dynamics.A(v, target), c => c != 0))
        {
            throw new ChipCompilationException(
                $"{name}: it changes '{effect.TargetVariable}', which does not drive '{dynamics.StateVariables[v]}' in {where}; on the chip a synapse can only feed a current that v sums.");
        }

        return target;
    }

    private static double[] ResetValues(PopulationDescriptor population, NeuronDynamics dynamics, string v, string where, List<string> notes)
    {
        IReadOnlyList<ResetOperation> reset = dynamics.Reset ?? throw new ChipCompilationException(
            $"{where}: the reset is not a list of 'x = constant' / 'x += constant'; the chip resets v to 0.");
        if (reset.Count != 1 || reset[0].Variable != v)
        {
            string variables = string.Join(", ", reset.Select(r => r.Variable));
            throw new ChipCompilationException(
                $"{where}: the reset changes {variables}; a Loihi compartment can only reset its voltage '{v}' (to one value).");
        }

        var values = new double[population.Size];
        if (reset[0].Kind == ResetKind.Set)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = reset[0].Value[i];
            }
        }
        else
        {
            notes.Add($"{where}: reset by addition ('{v} += {reset[0].Value}') becomes '{v} = 0': the chip resets v to 0, so the overshoot above the threshold is lost.");
        }

        return values;
    }

    private static int DecayConstant(double factor, int offset)
    {
        if (factor > 1 + 1e-12)
        {
            throw new ChipCompilationException($"A state variable grows by a factor {factor} per step; Loihi decays only shrink.");
        }

        return (int)Math.Clamp(Math.Round(4096 * (1 - factor)) - offset, 0, LoihiArithmetic.MaxDecay);
    }

    private static (int Mantissa, int Exponent) BiasFields(double bias)
    {
        int exponent = 0;
        while (exponent < ChipLimits.MaxBiasExponent && Math.Abs(bias) / (1 << exponent) > ChipLimits.MaxBiasMantissa + 0.5)
        {
            exponent++;
        }

        int mantissa = (int)Math.Clamp(Math.Round(bias / (1 << exponent), MidpointRounding.AwayFromZero), -ChipLimits.MaxBiasMantissa - 1, ChipLimits.MaxBiasMantissa);
        return (mantissa, exponent);
    }

    private static void Keep(Dictionary<string, QuantizedQuantity> worst, QuantizedQuantity candidate)
    {
        if (!worst.TryGetValue(candidate.Name, out QuantizedQuantity? current) || candidate.RelativeError > current.RelativeError)
        {
            worst[candidate.Name] = candidate;
        }
    }

    private static bool Any(NeuronValue value, Func<double, bool> predicate) => value.Values.Any(predicate);
}
