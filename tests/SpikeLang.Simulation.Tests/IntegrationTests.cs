using System;
using Xunit;

namespace SpikeLang.Simulation.Tests;

/// <summary>The generated integrators against closed-form solutions, over 1000 steps of 0.1 ms.</summary>
public class IntegrationTests
{
    private const int Steps = 1000;
    private const double Dt = 1e-4;

    private static double RelativeError(double actual, double expected) => Math.Abs(actual - expected) / Math.Abs(expected);

    [Fact]
    public void Exact_decay_matches_the_exponential_in_float32()
    {
        var net = new Integration();
        double worst = 0;
        for (int k = 1; k <= Steps; k++)
        {
            net.Step();
            double expected = 1e-3 * Math.Exp(-k * Dt / 0.01);
            worst = Math.Max(worst, RelativeError(net.decay.v[0], expected));
        }
        Assert.True(worst < 1e-5, $"worst relative error {worst}");
    }

    [Fact]
    public void Exact_integration_handles_equal_time_constants()
    {
        // dv/dt = (g - v)/tau, dg/dt = -g/tau, v0 = 0, g0 = 1 mV: v(t) = g0 (t/tau) e^(-t/tau).
        var net = new Integration();
        double worst = 0;
        for (int k = 1; k <= Steps; k++)
        {
            net.Step();
            double t = k * Dt, tau = 0.005;
            double expected = 1e-3 * (t / tau) * Math.Exp(-t / tau);
            worst = Math.Max(worst, RelativeError(net.alpha.v[0], expected));
            worst = Math.Max(worst, RelativeError(net.alpha.g[0], 1e-3 * Math.Exp(-t / tau)));
        }
        Assert.True(worst < 1e-5, $"worst relative error {worst}");
    }

    [Fact]
    public void Exact_integration_of_a_driven_coupled_system()
    {
        // v - e_l = s0 tau_s/(tau_m - tau_s) (e^(-t/tau_m) - e^(-t/tau_s)), with v0 = e_l.
        var net = new Integration();
        double worst = 0;
        const double tauM = 0.02, tauS = 0.005, el = -0.07, s0 = 0.01;
        for (int k = 1; k <= Steps; k++)
        {
            net.Step();
            double t = k * Dt;
            double expected = el + s0 * tauS / (tauM - tauS) * (Math.Exp(-t / tauM) - Math.Exp(-t / tauS));
            worst = Math.Max(worst, RelativeError(net.coupled.v[0], expected));
        }
        Assert.True(worst < 1e-5, $"worst relative error {worst}");
    }

    [Fact]
    public void Per_neuron_time_constants_get_per_neuron_propagators()
    {
        var net = new Integration();
        net.Run(Steps);
        for (int i = 0; i < net.per_neuron.Count; i++)
        {
            double tau = (i + 1) * 2e-3;
            Assert.Equal(tau, net.per_neuron.tau[i], 6);
            double expected = Math.Exp(-Steps * Dt / tau);
            Assert.True(RelativeError(net.per_neuron.v[i], expected) < 1e-4, $"neuron {i}: {net.per_neuron.v[i]} vs {expected}");
        }
    }

    [Fact]
    public void Numerical_methods_converge_with_their_order_on_a_nonlinear_equation()
    {
        var net = new Integration();
        net.Run(Steps);
        double t = Steps * Dt;
        double expected = 1 / (1 + (1 / 0.1 - 1) * Math.Exp(-t / 0.01));
        double rk4 = RelativeError(net.rk4.x[0], expected);
        double rk2 = RelativeError(net.rk2.x[0], expected);
        double euler = RelativeError(net.euler.x[0], expected);
        Assert.True(rk4 < 1e-5, $"rk4 {rk4}");
        Assert.True(rk2 < 1e-4, $"rk2 {rk2}");
        Assert.True(euler < 1e-2 && euler > rk2, $"euler {euler}, rk2 {rk2}");
    }

    [Fact]
    public void Double_precision_networks_integrate_in_double()
    {
        var net = new IntegrationDouble();
        net.Run(Steps);
        double t = Steps * Dt;
        Assert.IsType<double>(net.decay.v[0]);
        Assert.True(RelativeError(net.decay.v[0], 1e-3 * Math.Exp(-t / 0.01)) < 1e-12);
        double logistic = 1 / (1 + (1 / 0.1 - 1) * Math.Exp(-t / 0.01));
        Assert.True(RelativeError(net.rk4.x[0], logistic) < 1e-10);
    }
}
