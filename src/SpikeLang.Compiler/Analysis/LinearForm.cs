using System.Collections.Generic;
using System.Linq;
using SpikeLang.Compiler.Binding;
using SpikeLang.Compiler.Syntax;
using SpikeLang.Compiler.Units;

namespace SpikeLang.Compiler.Analysis;

/// <summary>
/// An expression written as Σ coefficient·x + constant over a chosen set of variables x, or the reason
/// it cannot be. Coefficients and constant are themselves bound expressions free of those variables.
/// </summary>
internal sealed class LinearForm
{
    private LinearForm(Dictionary<string, BoundExpression> coefficients, BoundExpression? constant)
    {
        Coefficients = coefficients;
        Constant = constant;
    }

    public Dictionary<string, BoundExpression> Coefficients { get; }

    public BoundExpression? Constant { get; }

    /// <summary>
    /// Decomposes <paramref name="expression"/> over the variables named in <paramref name="variables"/>;
    /// <paramref name="aliases"/> are substituted. Returns null and a reason when it is not linear.
    /// <para>
    /// <paramref name="conditional"/>: Brian2's conditionally linear form, which its exponential Euler
    /// integrates (sympy's collect of the expanded expression on x): x must appear as a factor of degree one
    /// (never x·x, x**2, and not only inside functions), but the coefficients and the constant may contain x
    /// inside a function, a power of something free of a linear x, or a denominator, as
    /// g_Ca·m_inf(V)·(V − V_Ca) with m_inf = tanh(...V...) does: coefficient −g_Ca·m_inf(V), constant
    /// g_Ca·m_inf(V)·V_Ca, both evaluated at the start of the step.
    /// </para>
    /// </summary>
    public static LinearForm? Decompose(BoundExpression expression, ISet<string> variables,
        IReadOnlyDictionary<string, BoundExpression> aliases, out string? reason, bool conditional = false)
    {
        reason = null;
        var decomposer = new Decomposer(variables, aliases, conditional);
        var form = decomposer.Visit(expression);
        reason = decomposer.Reason;
        if (conditional && form is { Coefficients.Count: 0 } && decomposer.FirstMentionedIn(expression) is { } name)
        {
            reason = $"'{name}' appears only inside functions or powers, never as a factor";
            return null;
        }
        return form;
    }

    private sealed class Decomposer
    {
        private readonly ISet<string> _variables;
        private readonly IReadOnlyDictionary<string, BoundExpression> _aliases;
        private readonly bool _conditional;

        public Decomposer(ISet<string> variables, IReadOnlyDictionary<string, BoundExpression> aliases, bool conditional)
        {
            _variables = variables;
            _aliases = aliases;
            _conditional = conditional;
        }

        public string? FirstMentionedIn(BoundExpression e) => FirstMentioned(e);

        public string? Reason { get; private set; }

        public LinearForm? Visit(BoundExpression e)
        {
            switch (e)
            {
                case BoundVariable { Symbol.Kind: VariableKind.Alias, Owner: VariableOwner.Self } alias
                    when _aliases.TryGetValue(alias.Symbol.Name, out var definition):
                    return Visit(definition);
                case BoundVariable v when v.Owner == VariableOwner.Self && _variables.Contains(v.Symbol.Name):
                    return new LinearForm(new Dictionary<string, BoundExpression> { [v.Symbol.Name] = One(v) }, null);
                case BoundUnary { Operator: UnaryOperator.Negate } negate:
                    return Scale(Visit(negate.Operand), c => Negate(c));
                case BoundUnary { Operator: UnaryOperator.Plus } plus:
                    return Visit(plus.Operand);
                case BoundBinary { Operator: BinaryOperator.Add or BinaryOperator.Subtract } sum:
                    return Add(Visit(sum.Left), Visit(sum.Right), sum.Operator == BinaryOperator.Subtract, sum);
                case BoundBinary { Operator: BinaryOperator.Multiply } product:
                    return Multiply(product);
                case BoundBinary { Operator: BinaryOperator.Divide } quotient:
                    if (Mentions(quotient.Right) && !_conditional)
                    {
                        Reason = $"it divides by {Describe(quotient.Right)}";
                        return null;
                    }
                    return Scale(Visit(quotient.Left), c => Binary(BinaryOperator.Divide, c, quotient.Right));
                default:
                    if (Mentions(e) && _conditional)
                    {
                        // x inside a function or a power stays in the coefficient (Brian2's collect), unless the
                        // power's base has x as a factor: x**2 is not linear.
                        if (e is BoundBinary { Operator: BinaryOperator.Power } power)
                        {
                            var baseForm = Visit(power.Left);
                            if (baseForm is null)
                            {
                                return null;
                            }
                            if (baseForm.Coefficients.Count > 0)
                            {
                                Reason = $"it raises {Describe(power.Left)} to a power";
                                return null;
                            }
                        }
                        return new LinearForm(new Dictionary<string, BoundExpression>(), e);
                    }
                    if (Mentions(e))
                    {
                        Reason = e switch
                        {
                            BoundCall call => $"{BuiltinFunctions.Info(call.Function).Name}() is applied to {Describe(e)}",
                            BoundBinary { Operator: BinaryOperator.Power } => $"it raises {Describe(e)} to a power",
                            _ => $"it uses {Describe(e)} non-linearly",
                        };
                        return null;
                    }
                    return new LinearForm(new Dictionary<string, BoundExpression>(), e);
            }
        }

        private LinearForm? Multiply(BoundBinary product)
        {
            bool left = Mentions(product.Left);
            bool right = Mentions(product.Right);
            if (left && right && _conditional)
            {
                var l = Visit(product.Left);
                var r = l is null ? null : Visit(product.Right);
                if (l is null || r is null)
                {
                    return null;
                }
                if (l.Coefficients.Count > 0 && r.Coefficients.Count > 0)
                {
                    Reason = $"it multiplies {Describe(product.Left)} by {Describe(product.Right)}";
                    return null;
                }
                return l.Coefficients.Count > 0
                    ? Scale(l, c => Binary(BinaryOperator.Multiply, c, product.Right))
                    : Scale(r, c => Binary(BinaryOperator.Multiply, product.Left, c));
            }
            if (left && right)
            {
                Reason = $"it multiplies {Describe(product.Left)} by {Describe(product.Right)}";
                return null;
            }
            return left
                ? Scale(Visit(product.Left), c => Binary(BinaryOperator.Multiply, c, product.Right))
                : Scale(Visit(product.Right), c => Binary(BinaryOperator.Multiply, product.Left, c));
        }

        private bool Mentions(BoundExpression e) => FirstMentioned(e) is not null;

        private string? FirstMentioned(BoundExpression e) => e switch
        {
            BoundVariable { Symbol.Kind: VariableKind.Alias, Owner: VariableOwner.Self } alias
                when _aliases.TryGetValue(alias.Symbol.Name, out var definition) => FirstMentioned(definition),
            BoundVariable v when v.Owner == VariableOwner.Self && _variables.Contains(v.Symbol.Name) => v.Symbol.Name,
            BoundUnary u => FirstMentioned(u.Operand),
            BoundBinary b => FirstMentioned(b.Left) ?? FirstMentioned(b.Right),
            BoundCall c => c.Arguments.Select(FirstMentioned).FirstOrDefault(n => n is not null),
            _ => null,
        };

        private string Describe(BoundExpression e) => FirstMentioned(e) is { } name ? $"'{name}'" : "a constant";
    }

    private static LinearForm? Scale(LinearForm? form, System.Func<BoundExpression, BoundExpression> scale)
    {
        if (form is null)
        {
            return null;
        }
        var coefficients = form.Coefficients.ToDictionary(p => p.Key, p => scale(p.Value));
        return new LinearForm(coefficients, form.Constant is null ? null : scale(form.Constant));
    }

    private static LinearForm? Add(LinearForm? left, LinearForm? right, bool subtract, BoundBinary origin)
    {
        if (left is null || right is null)
        {
            return null;
        }
        var coefficients = new Dictionary<string, BoundExpression>(left.Coefficients);
        foreach (var pair in right.Coefficients)
        {
            var term = subtract ? Negate(pair.Value) : pair.Value;
            coefficients[pair.Key] = coefficients.TryGetValue(pair.Key, out var existing)
                ? Binary(BinaryOperator.Add, existing, term)
                : term;
        }
        BoundExpression? constant = (left.Constant, right.Constant) switch
        {
            (null, null) => null,
            (var l, null) => l,
            (null, var r) => subtract ? Negate(r!) : r,
            var (l, r) => Binary(subtract ? BinaryOperator.Subtract : BinaryOperator.Add, l!, r!),
        };
        return new LinearForm(coefficients, constant);
    }

    private static BoundExpression One(BoundExpression at) => new BoundLiteral(1, ValueType.Number(Dimension.None), at.Span);

    private static BoundExpression Negate(BoundExpression e) =>
        e is BoundUnary { Operator: UnaryOperator.Negate } negated ? negated.Operand : new BoundUnary(UnaryOperator.Negate, e, e.Type, e.Span);

    private static BoundExpression Binary(BinaryOperator op, BoundExpression l, BoundExpression r)
    {
        Dimension? dimension = op switch
        {
            BinaryOperator.Multiply => l.Type.Dimension is { } a && r.Type.Dimension is { } b ? a * b : null,
            BinaryOperator.Divide => l.Type.Dimension is { } a && r.Type.Dimension is { } b ? a / b : null,
            _ => l.Type.Dimension ?? r.Type.Dimension,
        };
        return new BoundBinary(op, l, r, ValueType.Number(dimension), l.Span.Union(r.Span));
    }
}
