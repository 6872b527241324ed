using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using SpikeLang.Runtime;

namespace SpikeLang.Cli.Simulation;

/// <summary>A network parameter of a generated simulator: a constructor parameter after the seed.</summary>
internal sealed record NetworkParameter(string Name, Type Type, object? Default);

/// <summary>
/// A generated network class seen through reflection: the tool compiles simulators at run time, so it
/// cannot name their types. What it uses is the public surface every generated network has:
/// <c>ctor(ulong seed, double? parameter = null, ...)</c>, <c>Run(long)</c>, <c>StepsIn(TimeSpan)</c>,
/// <c>Dt</c>, <c>Time</c>, <c>Describe()</c> and one property per population with <c>Count</c>,
/// <c>SpikeCount</c> and, when recorded, <c>SpikeMonitor</c> and <c>&lt;var&gt;Monitor</c>.
/// </summary>
internal sealed class NetworkType
{
    private readonly ConstructorInfo _constructor;

    private NetworkType(Type type, ConstructorInfo constructor, IReadOnlyList<NetworkParameter> parameters, double dt)
    {
        Type = type;
        _constructor = constructor;
        Parameters = parameters;
        Dt = dt;
    }

    public Type Type { get; }

    public string Name => Type.Name;

    /// <summary>The network parameters, in declaration order.</summary>
    public IReadOnlyList<NetworkParameter> Parameters { get; }

    /// <summary>The time step in seconds.</summary>
    public double Dt { get; }

    /// <summary>Null when <paramref name="type"/> is not a generated network class.</summary>
    public static NetworkType? TryCreate(Type type)
    {
        ConstructorInfo? constructor = type.GetConstructors()
            .FirstOrDefault(c => c.GetParameters() is { Length: > 0 } p && p[0].ParameterType == typeof(ulong));
        FieldInfo? dt = type.GetField("Dt", BindingFlags.Public | BindingFlags.Static);
        if (constructor is null || dt is null || !dt.IsLiteral || dt.GetRawConstantValue() is not double dtValue)
        {
            return null;
        }

        var parameters = constructor.GetParameters()
            .Skip(1)
            .Select(p => new NetworkParameter(p.Name!, Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType, p.HasDefaultValue ? p.DefaultValue : null))
            .ToList();
        return new NetworkType(type, constructor, parameters, dtValue);
    }

    /// <summary>Steps in <paramref name="duration"/>, rounded as the network's own <c>Run(TimeSpan)</c> rounds.</summary>
    public long StepsIn(TimeSpan duration)
    {
        MethodInfo? stepsIn = Type.GetMethod("StepsIn", BindingFlags.Public | BindingFlags.Static, [typeof(TimeSpan)]);
        return stepsIn is not null
            ? (long)stepsIn.Invoke(null, [duration])!
            : (long)Math.Round(duration.TotalSeconds / Dt);
    }

    /// <summary>Builds the network; <paramref name="values"/> holds the network parameters given, by name.</summary>
    /// <exception cref="ArgumentException">The network rejects the values (its message is the reason).</exception>
    public NetworkHandle Construct(ulong seed, IReadOnlyDictionary<string, double> values)
    {
        var arguments = new object?[1 + Parameters.Count];
        arguments[0] = seed;
        for (int k = 0; k < Parameters.Count; k++)
        {
            NetworkParameter parameter = Parameters[k];
            arguments[k + 1] = values.TryGetValue(parameter.Name, out double value)
                ? Convert.ChangeType(value, parameter.Type, CultureInfo.InvariantCulture)
                : parameter.Default;
        }

        object instance;
        try
        {
            instance = _constructor.Invoke(arguments);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is ArgumentException inner)
        {
            throw inner;
        }
        return new NetworkHandle(this, instance);
    }
}

/// <summary>One constructed network.</summary>
internal sealed class NetworkHandle
{
    private readonly Action<long> _run;
    private readonly Func<double> _time;
    private readonly MethodInfo? _describe;

    public NetworkHandle(NetworkType type, object instance)
    {
        Type = type;
        Instance = instance;
        Type t = type.Type;
        _run = t.GetMethod("Run", BindingFlags.Public | BindingFlags.Instance, [typeof(long)])!.CreateDelegate<Action<long>>(instance);
        _time = t.GetProperty("Time", BindingFlags.Public | BindingFlags.Instance)!.GetMethod!.CreateDelegate<Func<double>>(instance);
        _describe = t.GetMethod("Describe", BindingFlags.Public | BindingFlags.Instance, System.Type.EmptyTypes);

        // Declaration order: the metadata order of a Roslyn-compiled class.
        Populations = t.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .OrderBy(p => p.MetadataToken)
            .Where(p => p.GetIndexParameters().Length == 0 && PopulationHandle.IsPopulation(p.PropertyType))
            .Select(p => new PopulationHandle(p.Name, p.GetValue(instance)!))
            .ToList();
    }

    public NetworkType Type { get; }

    public object Instance { get; }

    public IReadOnlyList<PopulationHandle> Populations { get; }

    /// <summary>Simulated time in seconds.</summary>
    public double Time => _time();

    /// <summary>Runs whole steps (the generated <c>Run(long)</c>).</summary>
    public void Run(long steps) => _run(steps);

    public long TotalSpikes()
    {
        long total = 0;
        foreach (PopulationHandle population in Populations)
        {
            total += population.SpikeCount;
        }
        return total;
    }

    /// <summary>Replaces the weights through the generated <c>SetWeights</c>.</summary>
    /// <exception cref="WeightMismatchException">The set does not fit the network (the message lists every mismatch).</exception>
    public void SetWeights(WeightSet weights)
    {
        MethodInfo setWeights = Type.Type.GetMethod("SetWeights", BindingFlags.Public | BindingFlags.Instance, [typeof(WeightSet)])
            ?? throw new InvalidOperationException($"Network '{Type.Name}' has no SetWeights.");
        try
        {
            setWeights.Invoke(Instance, [weights]);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is WeightMismatchException inner)
        {
            throw inner;
        }
    }

    /// <summary>Structure and current weights, or null for a network class without <c>Describe()</c>.</summary>
    public NetworkDescriptor? Describe() => _describe?.Invoke(Instance, null) as NetworkDescriptor;
}

/// <summary>One population of a constructed network.</summary>
internal sealed class PopulationHandle
{
    private readonly Func<long> _spikeCount;

    public PopulationHandle(string name, object instance)
    {
        Name = name;
        Type type = instance.GetType();
        Count = (int)type.GetProperty("Count")!.GetValue(instance)!;
        _spikeCount = type.GetProperty("SpikeCount")!.GetMethod!.CreateDelegate<Func<long>>(instance);
        SpikeMonitor = type.GetProperty("SpikeMonitor", typeof(SpikeMonitor))?.GetValue(instance) as SpikeMonitor;
        StateMonitors = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .OrderBy(p => p.MetadataToken)
            .Where(p => p.PropertyType.IsGenericType && p.PropertyType.GetGenericTypeDefinition() == typeof(StateMonitor<>))
            .Select(p => StateTrace.TryCreate(p.GetValue(instance)))
            .OfType<StateTrace>()
            .ToList();
    }

    public static bool IsPopulation(Type type) =>
        type.GetProperty("Count", BindingFlags.Public | BindingFlags.Instance)?.PropertyType == typeof(int)
        && type.GetProperty("SpikeCount", BindingFlags.Public | BindingFlags.Instance)?.PropertyType == typeof(long);

    public string Name { get; }

    /// <summary>Number of neurons.</summary>
    public int Count { get; }

    /// <summary>Spikes since construction.</summary>
    public long SpikeCount => _spikeCount();

    /// <summary>Every spike, when the .snn says <c>record spikes</c> for this population.</summary>
    public SpikeMonitor? SpikeMonitor { get; }

    /// <summary>One per <c>record state</c> variable.</summary>
    public IReadOnlyList<StateTrace> StateMonitors { get; }
}

/// <summary>A <see cref="StateMonitor{T}"/> of float or double, read as double.</summary>
internal abstract class StateTrace
{
    public abstract string Variable { get; }

    public abstract int Neurons { get; }

    public abstract int Samples { get; }

    public abstract ReadOnlySpan<long> Steps { get; }

    public abstract double At(int sample, int neuron);

    /// <summary>Writes the value in its own precision (shortest round-trip text); returns the characters written.</summary>
    public abstract int Format(int sample, int neuron, Span<char> destination);

    public abstract void EnsureCapacity(int samples);

    public static StateTrace? TryCreate(object? monitor) => monitor switch
    {
        StateMonitor<float> single => new Of<float>(single, v => v),
        StateMonitor<double> @double => new Of<double>(@double, v => v),
        // Integer or other state types are not emitted today; they are skipped rather than misread.
        _ => null,
    };

    private sealed class Of<T>(StateMonitor<T> monitor, Func<T, double> toDouble) : StateTrace
        where T : unmanaged, ISpanFormattable
    {
        public override int Format(int sample, int neuron, Span<char> destination)
        {
            monitor.Sample(sample)[neuron].TryFormat(destination, out int written, "R", CultureInfo.InvariantCulture);
            return written;
        }

        public override string Variable => monitor.Variable;

        public override int Neurons => monitor.Neurons;

        public override int Samples => monitor.Samples;

        public override ReadOnlySpan<long> Steps => monitor.Steps;

        public override double At(int sample, int neuron) => toDouble(monitor.Sample(sample)[neuron]);

        public override void EnsureCapacity(int samples) => monitor.EnsureCapacity(samples);
    }
}
