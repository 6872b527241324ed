using System.Collections.Immutable;
using System.Linq;

namespace SpikeLang.Generators.Tests.Properties;

/// <summary>
/// The standard library (src/SpikeLang.Compiler/StandardLibrary/*.snn) as the generator needs it: what a population
/// or a connection may set, with dimensions and whether a value must stay positive. Expressions are placeholders.
/// </summary>
internal static class StandardModelTable
{
    private static Decl P(string name, Dim d, bool positive = false) => new(name, d, "", positive);

    private static ModelDecl Neuron(string name, Decl[] parameters, Decl[] state, bool discrete = false, bool refractory = false) =>
        new(false, name, parameters.ToImmutableArray(), state.ToImmutableArray(), ImmutableArray<Decl>.Empty,
            ImmutableArray<Equation>.Empty, discrete ? ImmutableArray<Assignment>.Empty : null, "threshold", ImmutableArray<Assignment>.Empty,
            refractory ? "t_ref" : null, null, null, null);

    private static ModelDecl Synapse(string name, Decl[] parameters, Decl[] state) =>
        new(true, name, parameters.ToImmutableArray(), state.ToImmutableArray(), ImmutableArray<Decl>.Empty,
            ImmutableArray<Equation>.Empty, null, null, null, null, null, ImmutableArray<Assignment>.Empty, null);

    public static readonly ImmutableArray<ModelDecl> Neurons = ImmutableArray.Create(
        Neuron("Lif",
            new[] { P("tau_m", Dim.Time, true), P("r_m", Dim.Resistance, true), P("i_ext", Dim.Current), P("v_rest", Dim.Voltage), P("v_reset", Dim.Voltage), P("v_th", Dim.Voltage), P("t_ref", Dim.Time, true) },
            new[] { P("v", Dim.Voltage) }, refractory: true),
        Neuron("AdaptiveLif",
            new[] { P("tau", Dim.Time, true), P("tau_t", Dim.Time, true), P("vt_rest", Dim.Voltage), P("dvt", Dim.Voltage) },
            new[] { P("v", Dim.Voltage), P("vt", Dim.Voltage) }),
        Neuron("CubaLif",
            new[] { P("tau_m", Dim.Time, true), P("tau_e", Dim.Time, true), P("tau_i", Dim.Time, true), P("v_th", Dim.Voltage), P("v_reset", Dim.Voltage), P("e_l", Dim.Voltage), P("t_ref", Dim.Time, true) },
            new[] { P("v", Dim.Voltage), P("ge", Dim.Voltage), P("gi", Dim.Voltage) }, refractory: true),
        Neuron("Izhikevich",
            new[] { P("a", Dim.None, true), P("b", Dim.None, true), P("c", Dim.Voltage), P("d", Dim.Voltage), P("v_peak", Dim.Voltage), P("i_ext", Dim.Voltage) },
            new[] { P("v", Dim.Voltage), P("u", Dim.Voltage) }),
        Neuron("AdEx",
            new[] { P("c_m", Dim.Capacitance, true), P("g_l", Dim.Conductance, true), P("e_l", Dim.Voltage), P("v_t", Dim.Voltage), P("delta_t", Dim.Voltage, true), P("tau_w", Dim.Time, true), P("a", Dim.Conductance), P("b", Dim.Current), P("v_reset", Dim.Voltage), P("v_peak", Dim.Voltage), P("i_ext", Dim.Current) },
            new[] { P("v", Dim.Voltage), P("w", Dim.Current) }),
        Neuron("Leaky",
            new[] { P("beta", Dim.None, true), P("theta", Dim.None, true) },
            new[] { P("mem", Dim.None) }, discrete: true));

    public static readonly ImmutableArray<ModelDecl> Synapses = ImmutableArray.Create(
        Synapse("Static", new Decl[0], new[] { P("w", Dim.None) }),
        Synapse("Stdp",
            new[] { P("tau_plus", Dim.Time, true), P("tau_minus", Dim.Time, true), P("a_plus", Dim.None), P("a_minus", Dim.None), P("sigma", Dim.None), P("w_max", Dim.None, true) },
            new[] { P("w", Dim.None), P("trace_pre", Dim.None), P("trace_post", Dim.None) }),
        Synapse("StdpNearest",
            new[] { P("tau_plus", Dim.Time, true), P("tau_minus", Dim.Time, true), P("a_plus", Dim.None), P("a_minus", Dim.None), P("sigma", Dim.None), P("w_max", Dim.None, true) },
            new[] { P("w", Dim.None), P("trace_pre", Dim.None), P("trace_post", Dim.None) }),
        Synapse("StdpTriplet",
            new[] { P("tau_plus", Dim.Time, true), P("tau_minus", Dim.Time, true), P("tau_x", Dim.Time, true), P("tau_y", Dim.Time, true), P("a2_plus", Dim.None), P("a3_plus", Dim.None), P("a2_minus", Dim.None), P("a3_minus", Dim.None), P("w_max", Dim.None, true) },
            new[] { P("w", Dim.None), P("r1", Dim.None), P("r2", Dim.None), P("o1", Dim.None), P("o2", Dim.None) }),
        Synapse("RStdp",
            new[] { P("tau_plus", Dim.Time, true), P("tau_minus", Dim.Time, true), P("tau_c", Dim.Time, true), P("tau_r", Dim.Time, true), P("a_plus", Dim.None), P("a_minus", Dim.None), P("w_max", Dim.None, true) },
            new[] { P("w", Dim.None), P("c", Dim.None), P("trace_pre", Dim.None), P("trace_post", Dim.None), new Decl("reward", Dim.None, "", Shared: true) }));

    public static bool IsStandard(string name) => Neurons.Any(m => m.Name == name) || Synapses.Any(m => m.Name == name);
}
