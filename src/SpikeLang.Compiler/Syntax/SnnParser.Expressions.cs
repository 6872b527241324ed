using System.Collections.Generic;
using System.Linq;
using Sprache;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Syntax;

/// <summary>
/// Expressions, lowest precedence first: or, and, comparison (non-associative), + -, * /,
/// unary - + not, ** (right-associative), then numbers with units, calls, names and parentheses.
/// </summary>
internal sealed partial class SnnParser
{
    /// <summary>Deeper nesting of brackets and signs than this is reported instead of risking the stack.</summary>
    public const int MaxNestingDepth = 64;

    /// <summary>The tallest expression tree accepted (a chain of 200 additions is 200 tall).</summary>
    public const int MaxExpressionDepth = 200;

    private int _depth;

    /// <summary>Where SL0003 was last reported, so the statement it breaks gets no second, misleading error.</summary>
    private int _nestingReportedAt = -1;

    private Parser<Expression> _expression = null!;
    private Parser<(IReadOnlyList<Argument> Arguments, TextSpan Close)> _argumentList = null!;

    /// <summary>An expression; a failure at its very start is reported as "expected an expression".</summary>
    private Parser<Expression> Expression => input => ExpectingExpression(input, Nested(input, _expression));

    private static IResult<Expression> ExpectingExpression(IInput input, IResult<Expression> result) =>
        result.WasSuccessful || result.Remainder.Position != input.Position
            ? result
            : Fail<Expression>(input, "an expression");

    private IResult<T> Nested<T>(IInput input, Parser<T> parser)
    {
        if (_depth >= MaxNestingDepth)
        {
            Report(DiagnosticDescriptors.NestingTooDeep, new TextSpan(input.Position, 1), MaxNestingDepth);
            _nestingReportedAt = input.Position;
            return Fail<T>(input, "a shallower expression");
        }
        _depth++;
        try
        {
            return parser(input);
        }
        finally
        {
            _depth--;
        }
    }

    private void InitializeExpressions()
    {
        var namedArgument =
            from name in Identifier
            from assign in Sym("=")
            from value in Expression
            select new Argument(name, value, name.Span.Union(value.Span));
        var positionalArgument = Expression.Select(value => new Argument(null, value, value.Span));
        var argument = namedArgument.Or(positionalArgument);

        var nonEmptyArguments =
            from first in argument
            from rest in (from comma in Sym(",") from next in argument select next).Many()
            select (IReadOnlyList<Argument>)new[] { first }.Concat(rest).ToList();
        var argumentSequence = nonEmptyArguments.Or(Sprache.Parse.Return((IReadOnlyList<Argument>)new List<Argument>()));
        _argumentList = Bracketed("(", argumentSequence, ")").Select(b => (b.Value, b.Close));

        var quantityOrNumber =
            from number in Number
            from unit in UnitName.Optional()
            select unit.IsDefined
                ? new QuantityExpression(number, unit.Get(), number.Span.Union(unit.Get().Span))
                : (Expression)number;

        // "tau (unless refractory)", "v_post (summed)" and "x (shared)" are a name followed by Brian2's bracketed equation flag, not a call.
        var bracketedFlag = Sym("(").Then(_ => Keyword("unless").Or(Keyword("event")).Or(Keyword("summed")).Or(Keyword("shared")));
        var callOrName =
            from name in Identifier
            from arguments in bracketedFlag.Not().Then(_ => _argumentList).XOptional()
            select arguments.IsDefined
                ? new CallExpression(name, arguments.Get().Arguments, name.Span.Union(arguments.Get().Close))
                : (Expression)new NameExpression(name);

        // The span of (a + b) includes its brackets, so diagnostics underline what was written.
        var parenthesized = Bracketed("(", Expression, ")").Select(b => b.Value with { Span = b.Open.Union(b.Close) });

        var listItems =
            (from first in Expression
             from rest in (from comma in Sym(",") from next in Expression select next).Many()
             select (IReadOnlyList<Expression>)new[] { first }.Concat(rest).ToList())
            .Or(Sprache.Parse.Return((IReadOnlyList<Expression>)new List<Expression>()));
        var list = Bracketed("[", listItems, "]").Select(b => (Expression)new ListExpression(b.Value, b.Open.Union(b.Close)));

        var primary = quantityOrNumber.Or(callOrName).Or(parenthesized).Or(list).Or(StringLiteral);

        Parser<Expression>? unaryRef = null;
        Parser<Expression> unary = input => ExpectingExpression(input, unaryRef!(input));
        // Only a sign nests: "- - - x" recurses once per sign, a plain operand not at all.
        Parser<Expression> signed = input => ExpectingExpression(input, Nested(input, unary));

        // a ** b ** c is a ** (b ** c); the exponent may carry its own sign: a ** -2.
        Parser<Expression> power = input =>
        {
            var baseResult = primary(input);
            if (!baseResult.WasSuccessful)
            {
                return baseResult;
            }
            var op = Sym("**")(baseResult.Remainder);
            if (!op.WasSuccessful)
            {
                return baseResult;
            }
            var exponent = signed(op.Remainder);
            return exponent.WasSuccessful
                ? Result.Success<Expression>(new BinaryExpression(BinaryOperator.Power, baseResult.Value, exponent.Value, op.Value), exponent.Remainder)
                : exponent;
        };

        unaryRef =
            (from op in Sym("-") from operand in signed select (Expression)new UnaryExpression(UnaryOperator.Negate, operand, op.Union(operand.Span)))
            .Or(from op in Sym("+") from operand in signed select (Expression)new UnaryExpression(UnaryOperator.Plus, operand, op.Union(operand.Span)))
            .Or(from op in Sym("!").Or(Keyword("not")) from operand in signed select (Expression)new UnaryExpression(UnaryOperator.Not, operand, op.Union(operand.Span)))
            .Or(power);

        var multiplicative = LeftChain(unary, Op("*", BinaryOperator.Multiply).Or(Op("/", BinaryOperator.Divide)).Or(Op("%", BinaryOperator.Modulo)));
        var additive = LeftChain(multiplicative, Op("+", BinaryOperator.Add).Or(Op("-", BinaryOperator.Subtract)));

        var comparisonOperator =
            Op("<", BinaryOperator.Less).Or(Op("<=", BinaryOperator.LessOrEqual))
            .Or(Op(">", BinaryOperator.Greater)).Or(Op(">=", BinaryOperator.GreaterOrEqual))
            .Or(Op("==", BinaryOperator.Equal)).Or(Op("!=", BinaryOperator.NotEqual));
        Parser<Expression> comparison = input =>
        {
            var left = additive(input);
            if (!left.WasSuccessful)
            {
                return left;
            }
            var op = comparisonOperator(left.Remainder);
            if (!op.WasSuccessful)
            {
                return left;
            }
            var right = additive(op.Remainder);
            return right.WasSuccessful
                ? Result.Success<Expression>(new BinaryExpression(op.Value.Operator, left.Value, right.Value, op.Value.Span), right.Remainder)
                : right;
        };

        var conjunction = LeftChain(comparison, Op("&&", BinaryOperator.And).Or(WordOp("and", BinaryOperator.And)));
        _expression = LeftChain(conjunction, Op("||", BinaryOperator.Or).Or(WordOp("or", BinaryOperator.Or)));
    }

    private Parser<(BinaryOperator Operator, TextSpan Span)> Op(string symbol, BinaryOperator op) =>
        Sym(symbol).Select(span => (op, span));

    private Parser<(BinaryOperator Operator, TextSpan Span)> WordOp(string keyword, BinaryOperator op) =>
        Keyword(keyword).Select(span => (op, span));

    /// <summary>
    /// Left-associative operator chains, iterative so that a megabyte-long sum cannot overflow the stack
    /// (Sprache's own ChainOperator recurses once per operator).
    /// </summary>
    private Parser<Expression> LeftChain(Parser<Expression> operand, Parser<(BinaryOperator Operator, TextSpan Span)> op) => input =>
    {
        var first = operand(input);
        if (!first.WasSuccessful)
        {
            return first;
        }
        var left = first.Value;
        var remainder = first.Remainder;
        while (true)
        {
            var opResult = op(remainder);
            if (!opResult.WasSuccessful)
            {
                return Result.Success(left, remainder);
            }
            var right = operand(opResult.Remainder);
            if (!right.WasSuccessful)
            {
                return right;
            }
            left = new BinaryExpression(opResult.Value.Operator, left, right.Value, opResult.Value.Span);
            remainder = right.Remainder;
            if (left.Depth > MaxExpressionDepth)
            {
                Report(DiagnosticDescriptors.NestingTooDeep, left.Span, MaxExpressionDepth);
                _nestingReportedAt = left.Span.Start;
                return Fail<Expression>(remainder, "a shorter expression");
            }
        }
    };
}
