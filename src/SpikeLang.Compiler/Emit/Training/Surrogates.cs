using System;
using System.Globalization;
using SpikeLang.Compiler.Binding;

namespace SpikeLang.Compiler.Emit.Training;

/// <summary>
/// The closed catalogue of surrogate gradients: the forward pass always spikes with the Heaviside step
/// H(h); the backward pass uses dS/dh from the surrogate instead of H's derivative. Definitions as
/// snnTorch's surrogate module, except triangle (documented in docs/training.md).
/// </summary>
internal static class Surrogates
{
    /// <summary>The formula of dS/dh, for comments and docs.</summary>
    public static string Formula(TrainOption surrogate) => surrogate.Name switch
    {
        "fast_sigmoid" => $"1 / (slope·|h| + 1)², slope = {Number(surrogate, "slope")}",
        "arctan" => $"(alpha/2) / (1 + (π/2·alpha·h)²), alpha = {Number(surrogate, "alpha")}",
        "sigmoid" => $"slope·e^(−slope·h) / (e^(−slope·h) + 1)², slope = {Number(surrogate, "slope")}",
        "triangle" => $"max(0, 1 − |h|/width) / width, width = {Number(surrogate, "width")}",
        "straight_through" => "1",
        _ => throw new InvalidOperationException(surrogate.Name),
    };

    /// <summary>Statements that set <c>sg</c> to dS/dh at <paramref name="h"/>, for a scalar or a Vector256 of floats.</summary>
    public static string[] Write(TrainOption surrogate, string h, bool vector)
    {
        string C(double value) => vector ? $"Vector256.Create({CSharpLiteral.Single(value)})" : CSharpLiteral.Single(value);
        string Abs(string x) => vector ? $"Vector256.Abs({x})" : $"MathF.Abs({x})";
        string Exp(string x) => vector ? $"Vector256.Exp({x})" : $"MathF.Exp({x})";
        string Max(string a, string b) => vector ? $"Vector256.Max({a}, {b})" : $"MathF.Max({a}, {b})";
        switch (surrogate.Name)
        {
            case "fast_sigmoid":
                return new[] { $"var sa = {C(surrogate.Arguments["slope"])} * {Abs(h)} + {C(1)};", "var sg = " + C(1) + " / (sa * sa);" };
            case "arctan":
            {
                double alpha = surrogate.Arguments["alpha"];
                return new[] { $"var sa = {C(Math.PI / 2 * alpha)} * {h};", $"var sg = {C(alpha / 2)} / ({C(1)} + sa * sa);" };
            }
            case "sigmoid":
            {
                // The derivative is even in h; e^(−slope·|h|) ≤ 1 never overflows (e^(−slope·h) reaches ∞ and gives ∞/∞ far below threshold).
                double slope = surrogate.Arguments["slope"];
                return new[] { $"var sa = {Exp($"{C(-slope)} * {Abs(h)}")};", $"var sg = {C(slope)} * sa / ((sa + {C(1)}) * (sa + {C(1)}));" };
            }
            case "triangle":
            {
                double width = surrogate.Arguments["width"];
                return new[] { $"var sg = {Max(C(0), $"{C(1)} - {Abs(h)} * {C(1 / width)}")} * {C(1 / width)};" };
            }
            default:
                return new[] { $"var sg = {C(1)};" };
        }
    }

    private static string Number(TrainOption option, string argument) => option.Arguments[argument].ToString("R", CultureInfo.InvariantCulture);
}
