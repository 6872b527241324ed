using System;
using Xunit;

namespace SpikeLang.Simulation.Tests;

/// <summary>
/// Exponential Euler of dv/dt = g(v)·(E − v)/tau, g(v) = 1 + tanh(v / 20 mV): each step solves dv/dt = A + B·v
/// exactly with A = g·E/tau and B = −g/tau taken at the step's start, as Brian2's exponential_euler does.
/// </summary>
public class ConditionallyLinearTests
{
    [Fact]
    public void Coefficients_depending_on_the_variable_are_taken_at_the_start_of_the_step()
    {
        var net = new ConditionallyLinear();
        const double tau = 10e-3, e = -60e-3, dt = 1e-4;
        double v = 0;
        for (int step = 0; step < 200; step++)
        {
            net.Step();
            double g = 1 + Math.Tanh(v / 20e-3);
            double a = g * e / tau, b = -g / tau;
            v = -a / b + (v + a / b) * Math.Exp(b * dt);
            Assert.Equal(v, net.p.v[0], 1e-12);
        }
        Assert.InRange(net.p.v[0], -60e-3, -10e-3);
    }

    [Fact]
    public void A_synapse_integrates_its_clock_driven_equations_by_exponential_Euler()
    {
        var net = new SynapseExponentialEuler();
        for (int step = 1; step <= 100; step++)
        {
            net.Step();
            Assert.Equal(1 - Math.Exp(-step * 1e-4 / 20e-3), net.a_to_b.x[0], 1e-12);
        }
    }
}
