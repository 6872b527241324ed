using System;
using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Lowering;
using SpikeLang.Compiler.Syntax;

namespace SpikeLang.Compiler.Emit;

/// <summary>
/// The parts of a loop body worth computing once before the loop: the largest subexpressions that are the same
/// for every element (only values the loop does not change: homogeneous parameters, shared values, broadcast
/// links, dt, constants) and cost more than a load (a function call or a power that is not a small whole
/// number), such as the <c>sqrt(2 / tau)</c> of white noise or a shared alias <c>2 / (1 + exp(-2 x))</c>. The
/// same operations on the same operands give the same value, once instead of once per element.
/// </summary>
internal static class LoopInvariants
{
    /// <param name="uniform">True for a variable whose value is the same for every element of the loop.</param>
    public static IReadOnlyList<BoundExpression> Find(IEnumerable<BoundExpression> expressions, Func<BoundVariable, bool> uniform)
    {
        var found = new List<BoundExpression>();
        var seen = new HashSet<BoundExpression>();
        void Visit(BoundExpression e)
        {
            // A condition stays in the loop (its operands may still be hoisted): the locals hold numbers.
            if (!e.Type.IsCondition && IsUniform(e, uniform) && Costly(e))
            {
                if (seen.Add(e))
                {
                    found.Add(e);
                }
                return;
            }
            switch (e)
            {
                case BoundUnary unary:
                    Visit(unary.Operand);
                    break;
                case BoundBinary binary:
                    Visit(binary.Left);
                    Visit(binary.Right);
                    break;
                case BoundCall call:
                    foreach (var argument in call.Arguments)
                    {
                        Visit(argument);
                    }
                    break;
            }
        }
        foreach (var expression in expressions)
        {
            Visit(expression);
        }
        return found;
    }

    private static bool IsUniform(BoundExpression e, Func<BoundVariable, bool> uniform) => e switch
    {
        BoundLiteral => true,
        BoundVariable variable => uniform(variable),
        BoundUnary unary => IsUniform(unary.Operand, uniform),
        BoundBinary binary => IsUniform(binary.Left, uniform) && IsUniform(binary.Right, uniform),
        // A timed array is read at t, which the loop's caller advances; random draws differ per element.
        BoundCall call => !BuiltinFunctions.Info(call.Function).IsRandom && call.Function != BuiltinFunction.TimedArray
            && call.Arguments.All(a => IsUniform(a, uniform)),
        _ => false,
    };

    private static bool Costly(BoundExpression e) => e switch
    {
        BoundCall => true,
        BoundBinary { Operator: BinaryOperator.Power } power => ExpressionFacts.SmallIntegerExponent(power.Right) is null || Costly(power.Left),
        BoundBinary binary => Costly(binary.Left) || Costly(binary.Right),
        BoundUnary unary => Costly(unary.Operand),
        _ => false,
    };
}
