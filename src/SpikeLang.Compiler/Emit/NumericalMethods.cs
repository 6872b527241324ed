using System;
using System.Collections.Generic;
using Binding = SpikeLang.Compiler.Binding;

namespace SpikeLang.Compiler.Emit;

/// <summary>
/// The explicit integrators, written once for neurons and synapses: for dx/dt = f(x) on locals
/// <c>x_v</c>, declares <c>n_v</c>, the value after one step of <c>dt</c>.
/// </summary>
internal static class NumericalMethods
{
    /// <param name="derivatives">A writer for f evaluated at a stage: state from locals "{stage}_v" (x_v when null), at a point of the step.</param>
    /// <param name="literals">Writes numeric literals of the kernel's type and mode.</param>
    public static void Write(
        Binding.IntegrationMethod method,
        IReadOnlyList<string> variables,
        IReadOnlyList<Binding.BoundExpression> rhs,
        IReadOnlyList<Lowering.LinearRhsPlan>? linear,
        Func<string?, StepPoint, ExpressionWriter> derivatives,
        string dt,
        ExpressionWriter literals,
        Action<string> line)
    {
        string half = literals.Literal(0.5);

        void Derivatives(string stage, string? at, StepPoint point)
        {
            var writer = derivatives(at, point);
            for (int r = 0; r < variables.Count; r++)
            {
                line($"var {stage}_{variables[r]} = {writer.Write(rhs[r])};");
            }
        }

        void Point(string name, string from, string scale)
        {
            foreach (var v in variables)
            {
                line($"var {name}_{v} = x_{v} + {scale} * {from}_{v};");
            }
        }

        switch (method)
        {
            case Binding.IntegrationMethod.Euler:
                Derivatives("k1", null, StepPoint.Start);
                foreach (var v in variables)
                {
                    line($"var n_{v} = x_{v} + {dt} * k1_{v};");
                }
                break;
            case Binding.IntegrationMethod.Heun:
                Derivatives("k1", null, StepPoint.Start);
                Point("p", "k1", dt);
                Derivatives("k2", "p", StepPoint.End);
                foreach (var v in variables)
                {
                    line($"var n_{v} = x_{v} + ({half} * {dt}) * (k1_{v} + k2_{v});");
                }
                break;
            case Binding.IntegrationMethod.ExponentialEuler:
                // x + dt·(A + B·x)·exprel(B·dt): exact for constant A and B, and forward Euler's limit as B → 0.
                var start = derivatives(null, StepPoint.Start);
                for (int r = 0; r < variables.Count; r++)
                {
                    var (a, b) = (linear![r].Constant, linear[r].Rate);
                    string v = variables[r];
                    line($"var a_{v} = {(a is null ? literals.Literal(0) : start.Write(a))};");
                    line(b is null
                        ? $"var n_{v} = x_{v} + {dt} * a_{v};"
                        : $"var b_{v} = {start.Write(b)};");
                }
                for (int r = 0; r < variables.Count; r++)
                {
                    string v = variables[r];
                    if (linear![r].Rate is not null)
                    {
                        line($"var n_{v} = x_{v} + {dt} * (a_{v} + b_{v} * x_{v}) * SnnMath.Exprel(b_{v} * {dt});");
                    }
                }
                break;
            case Binding.IntegrationMethod.RungeKutta4:
                string sixth = literals.Literal(1.0 / 6.0), two = literals.Literal(2.0);
                Derivatives("k1", null, StepPoint.Start);
                Point("a", "k1", $"({half} * {dt})");
                Derivatives("k2", "a", StepPoint.Half);
                Point("b", "k2", $"({half} * {dt})");
                Derivatives("k3", "b", StepPoint.Half);
                Point("c", "k3", dt);
                Derivatives("k4", "c", StepPoint.End);
                foreach (var v in variables)
                {
                    line($"var n_{v} = x_{v} + ({dt} * {sixth}) * (k1_{v} + {two} * k2_{v} + {two} * k3_{v} + k4_{v});");
                }
                break;
            default:
                Derivatives("k1", null, StepPoint.Start);
                Point("m", "k1", $"({half} * {dt})");
                Derivatives("k2", "m", StepPoint.Half);
                foreach (var v in variables)
                {
                    line($"var n_{v} = x_{v} + {dt} * k2_{v};");
                }
                break;
        }
    }
}
