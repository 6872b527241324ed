using System;
using System.Collections.Generic;
using System.Linq;

namespace SpikeLang.Compiler.Binding;

internal enum BuiltinFunction
{
    Exp,
    Log,
    Sqrt,
    Abs,
    Sin,
    Cos,
    Tanh,
    Floor,
    Ceil,
    Min,
    Max,
    Clip,
    Rand,
    Randn,
    Uniform,
    Normal,
    Int,
    Where,
    Tan,
    Sinh,
    Cosh,
    Arcsin,
    Arccos,
    Arctan,
    Log10,
    Expm1,
    Log1p,
    Exprel,
    Sign,

    /// <summary>Brian2's timestep(t, dt): the step a time falls in, int((t + 10⁻³·dt) / dt).</summary>
    Timestep,

    /// <summary>Brian2's poisson(l): a Poisson-distributed count of mean l.</summary>
    Poisson,

    /// <summary>Python's <c>a % b</c>, bound from the operator: a − b·floor(a/b), the sign of b (Brian2's and numpy's).</summary>
    Modulo,

    /// <summary>A timed array read at a time (and a neuron): <c>I(t)</c>, <c>rates(t, i)</c>; <see cref="BoundCall.Table"/> names it.</summary>
    TimedArray,
}

/// <summary>How a function's result dimension follows from its arguments.</summary>
internal enum DimensionRule
{
    /// <summary>Arguments and result are dimensionless (exp, log, sin).</summary>
    Dimensionless,

    /// <summary>All arguments share one dimension, which the result has (abs, min, clip, uniform).</summary>
    SameAsArguments,

    /// <summary>The result has half the argument's dimension exponents (sqrt).</summary>
    SquareRoot,

    /// <summary>A condition in, 1 or 0 out (int, as Brian2 writes int(not_refractory)).</summary>
    ConditionToNumber,

    /// <summary>where(condition, a, b): a and b share one dimension, which the result has.</summary>
    Conditional,

    /// <summary>An argument of any dimension, a dimensionless result (sign).</summary>
    AnyToDimensionless,

    /// <summary>Two times in, a whole number of steps out (timestep).</summary>
    Steps,
}

internal sealed record BuiltinFunctionInfo(BuiltinFunction Function, string Name, int Arity, DimensionRule Rule, bool IsRandom, string Signature);

/// <summary>The closed catalogue of functions .snn code may call; every backend implements each of them.</summary>
internal static class BuiltinFunctions
{
    public static IReadOnlyList<BuiltinFunctionInfo> All { get; } = new BuiltinFunctionInfo[]
    {
        new(BuiltinFunction.Exp, "exp", 1, DimensionRule.Dimensionless, false, "exp(x)"),
        new(BuiltinFunction.Log, "log", 1, DimensionRule.Dimensionless, false, "log(x)"),
        new(BuiltinFunction.Sqrt, "sqrt", 1, DimensionRule.SquareRoot, false, "sqrt(x)"),
        new(BuiltinFunction.Abs, "abs", 1, DimensionRule.SameAsArguments, false, "abs(x)"),
        new(BuiltinFunction.Sin, "sin", 1, DimensionRule.Dimensionless, false, "sin(x)"),
        new(BuiltinFunction.Cos, "cos", 1, DimensionRule.Dimensionless, false, "cos(x)"),
        new(BuiltinFunction.Tanh, "tanh", 1, DimensionRule.Dimensionless, false, "tanh(x)"),
        new(BuiltinFunction.Floor, "floor", 1, DimensionRule.Dimensionless, false, "floor(x)"),
        new(BuiltinFunction.Ceil, "ceil", 1, DimensionRule.Dimensionless, false, "ceil(x)"),
        new(BuiltinFunction.Min, "min", 2, DimensionRule.SameAsArguments, false, "min(a, b)"),
        new(BuiltinFunction.Max, "max", 2, DimensionRule.SameAsArguments, false, "max(a, b)"),
        new(BuiltinFunction.Clip, "clip", 3, DimensionRule.SameAsArguments, false, "clip(x, low, high)"),
        new(BuiltinFunction.Rand, "rand", 0, DimensionRule.Dimensionless, true, "rand()"),
        new(BuiltinFunction.Randn, "randn", 0, DimensionRule.Dimensionless, true, "randn()"),
        new(BuiltinFunction.Uniform, "uniform", 2, DimensionRule.SameAsArguments, true, "uniform(low, high)"),
        new(BuiltinFunction.Normal, "normal", 2, DimensionRule.SameAsArguments, true, "normal(mean, std)"),
        new(BuiltinFunction.Int, "int", 1, DimensionRule.ConditionToNumber, false, "int(condition)"),
        new(BuiltinFunction.Where, "where", 3, DimensionRule.Conditional, false, "where(condition, value_if_true, value_if_false)"),
        new(BuiltinFunction.Tan, "tan", 1, DimensionRule.Dimensionless, false, "tan(x)"),
        new(BuiltinFunction.Sinh, "sinh", 1, DimensionRule.Dimensionless, false, "sinh(x)"),
        new(BuiltinFunction.Cosh, "cosh", 1, DimensionRule.Dimensionless, false, "cosh(x)"),
        new(BuiltinFunction.Arcsin, "arcsin", 1, DimensionRule.Dimensionless, false, "arcsin(x)"),
        new(BuiltinFunction.Arccos, "arccos", 1, DimensionRule.Dimensionless, false, "arccos(x)"),
        new(BuiltinFunction.Arctan, "arctan", 1, DimensionRule.Dimensionless, false, "arctan(x)"),
        new(BuiltinFunction.Log10, "log10", 1, DimensionRule.Dimensionless, false, "log10(x)"),
        new(BuiltinFunction.Expm1, "expm1", 1, DimensionRule.Dimensionless, false, "expm1(x)"),
        new(BuiltinFunction.Log1p, "log1p", 1, DimensionRule.Dimensionless, false, "log1p(x)"),
        new(BuiltinFunction.Exprel, "exprel", 1, DimensionRule.Dimensionless, false, "exprel(x)"),
        new(BuiltinFunction.Sign, "sign", 1, DimensionRule.AnyToDimensionless, false, "sign(x)"),
        new(BuiltinFunction.Timestep, "timestep", 2, DimensionRule.Steps, false, "timestep(t, dt)"),
        new(BuiltinFunction.Poisson, "poisson", 1, DimensionRule.Dimensionless, true, "poisson(mean)"),
        // Written as an operator, so neither catalogue name below is one a program can call.
        new(BuiltinFunction.Modulo, "%", 2, DimensionRule.SameAsArguments, false, "a % b"),
        new(BuiltinFunction.TimedArray, "timed array", 2, DimensionRule.SameAsArguments, false, "NAME(t) or NAME(t, i)"),
    };

    private static readonly Dictionary<string, BuiltinFunctionInfo> ByName =
        All.Where(f => f.Function is not (BuiltinFunction.TimedArray or BuiltinFunction.Modulo)).ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static bool TryLookup(string name, out BuiltinFunctionInfo info) => ByName.TryGetValue(name, out info!);

    public static BuiltinFunctionInfo Info(BuiltinFunction function) => All[(int)function];

    public static IEnumerable<string> Names => ByName.Keys;
}
