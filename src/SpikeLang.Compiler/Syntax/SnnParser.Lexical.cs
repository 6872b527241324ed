using System;
using System.Collections.Generic;
using System.Globalization;
using Sprache;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Syntax;

/// <summary>
/// Tokens. Newlines end statements (as in Python), so "inline trivia" (spaces, tabs, comments) is
/// skipped after every token, and newlines only inside parentheses and brackets, where a statement
/// cannot end: a long equation continues on the next line when it is wrapped in parentheses.
/// </summary>
internal sealed partial class SnnParser
{
    /// <summary>Words that start a top-level declaration; recovery resynchronises on them.</summary>
    private static readonly HashSet<string> TopLevelKeywords = new(StringComparer.Ordinal)
    {
        "namespace", "neuron", "synapse", "network", "timed_array",
    };

    /// <summary>Words that cannot name a declaration, a variable or a unit.</summary>
    internal static readonly HashSet<string> ReservedWords = new(StringComparer.Ordinal)
    {
        "namespace", "neuron", "synapse", "network", "connect", "population", "record", "train", "timed_array",
        "on", "if", "delay", "unless", "event", "and", "or", "not", "as", "shared", "linked",
        "all", "one_to_one", "dense", "probability", "fixed_indegree", "fixed_outdegree",
        "conv1d", "conv2d", "sum_pool2d", "avg_pool2d", "max_pool2d",
    };

    /// <summary>
    /// Words that are keywords only where a statement starts (so they remain usable as names). They
    /// are never read as the unit of a number, so <c>threshold v > 2 reset { }</c> is reported as a
    /// missing ';' before <c>reset</c>, not as an unknown unit 'reset'.
    /// </summary>
    internal static readonly HashSet<string> ContextualKeywords = new(StringComparer.Ordinal)
    {
        "parameters", "state", "equations", "update", "threshold", "reset", "refractory", "method",
        "dt", "precision", "input", "spikes", "weights", "driven", "pre", "post", "drive", "subgroup",
        "rate", "window", "every", "summed", "run_regularly", "protocol", "phase",
        "same_step", "batch_norm",
    };

    /// <summary>Operators and punctuation, longest first so that '->' is never read as '-'.</summary>
    internal static readonly string[] Operators =
    {
        "**", "->", "<=", ">=", "==", "!=", "&&", "||", "+=", "-=", "*=", "/=",
        "+", "-", "*", "/", "%", "<", ">", "=", "!", "(", ")", "[", "]", "{", "}", ",", ":", ";", ".",
    };

    /// <summary>Only 0-9: char.IsDigit also accepts other scripts' digits, which double.Parse rejects.</summary>
    private static bool IsAsciiDigit(char c) => c >= '0' && c <= '9';

    private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

    private static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static IInput Advance(IInput input, int count)
    {
        for (int k = 0; k < count && !input.AtEnd; k++)
        {
            input = input.Advance();
        }
        return input;
    }

    /// <summary>How many brackets enclose the parser's position; inside any, newlines are trivia.</summary>
    private int _bracketDepth;

    /// <summary>Spaces, tabs, carriage returns and comments; newlines too inside brackets.</summary>
    private IInput SkipInlineTrivia(IInput input) => SkipTrivia(input, newlines: _bracketDepth > 0);

    /// <summary>All trivia including newlines.</summary>
    private IInput SkipAllTrivia(IInput input) => SkipTrivia(input, newlines: true);

    /// <summary>Trivia plus the ';' and newline separators between statements.</summary>
    private IInput SkipSeparators(IInput input)
    {
        while (true)
        {
            input = SkipAllTrivia(input);
            if (input.AtEnd || input.Current != ';')
            {
                return input;
            }
            input = input.Advance();
        }
    }

    private IInput SkipTrivia(IInput input, bool newlines)
    {
        string text = _source.Content;
        int start = input.Position;
        int p = start;
        while (p < text.Length)
        {
            char c = text[p];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || (newlines && c == '\n'))
            {
                p++;
            }
            else if (c == '/' && p + 1 < text.Length && text[p + 1] == '/')
            {
                while (p < text.Length && text[p] != '\n')
                {
                    p++;
                }
            }
            else if (c == '/' && p + 1 < text.Length && text[p + 1] == '*')
            {
                int close = text.IndexOf("*/", p + 2, StringComparison.Ordinal);
                if (close < 0)
                {
                    Report(DiagnosticDescriptors.SyntaxError, new TextSpan(p, 2), "'*/' to close this comment", "end of file");
                    p = text.Length;
                }
                else
                {
                    p = close + 2;
                }
            }
            else
            {
                break;
            }
        }
        return Advance(input, p - start);
    }

    private static IResult<T> Fail<T>(IInput input, string expected) =>
        Result.Failure<T>(input, expected, new[] { expected });

    /// <summary>An identifier token (keywords included), with its span; trailing inline trivia skipped.</summary>
    private Parser<Identifier> AnyWord => input =>
    {
        string text = _source.Content;
        int start = input.Position;
        if (start >= text.Length || !IsIdentifierStart(text[start]))
        {
            return Fail<Identifier>(input, "a name");
        }
        int end = start + 1;
        while (end < text.Length && IsIdentifierPart(text[end]))
        {
            end++;
        }
        var identifier = new Identifier(text.Substring(start, end - start), TextSpan.FromBounds(start, end));
        return Result.Success(identifier, SkipInlineTrivia(Advance(input, end - start)));
    };

    /// <summary>A word after a declaration's value (<c>shared</c>); a word followed by '=' starts the next declaration instead.</summary>
    private Parser<Identifier> Flag => input =>
    {
        var result = AnyWord(input);
        return result.WasSuccessful && StartsAssignment(result.Remainder)
            ? Fail<Identifier>(input, "end of line or ';'")
            : result;
    };

    /// <summary>A name that is not a reserved word: variables, parameters, units and functions.</summary>
    private Parser<Identifier> Identifier => input =>
    {
        var result = AnyWord(input);
        if (result.WasSuccessful && ReservedWords.Contains(result.Value.Name))
        {
            return Fail<Identifier>(input, "a name");
        }
        return result;
    };

    /// <summary>The unit written right after a number: any name that is not a keyword of either kind.</summary>
    private Parser<Identifier> UnitName => input =>
    {
        var result = Identifier(input);
        return result.WasSuccessful && (ContextualKeywords.Contains(result.Value.Name) || StartsAssignment(result.Remainder))
            ? Fail<Identifier>(input, "a unit")
            : result;
    };

    /// <summary>True at '=' or a compound assignment: the word before it names a new declaration, not a unit or flag.</summary>
    private bool StartsAssignment(IInput input) => PeekOperator(input.Position) is "=" or "+=" or "-=" or "*=" or "/=";

    /// <summary>The name of a new declaration; a reserved word there gets a message that says so.</summary>
    private Parser<Identifier> DeclaredName => input =>
    {
        var result = AnyWord(input);
        if (result.WasSuccessful && ReservedWords.Contains(result.Value.Name))
        {
            return Fail<Identifier>(input, $"a name ('{result.Value.Name}' is a reserved word)");
        }
        return result;
    };

    private Parser<TextSpan> Keyword(string keyword) => input =>
    {
        var result = AnyWord(input);
        return result.WasSuccessful && result.Value.Name == keyword
            ? Result.Success(result.Value.Span, result.Remainder)
            : Fail<TextSpan>(input, $"'{keyword}'");
    };

    private string? PeekOperator(int position)
    {
        string text = _source.Content;
        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(text, position, op, 0, op.Length) == 0)
            {
                return op;
            }
        }
        return null;
    }

    /// <summary>Exactly the operator <paramref name="symbol"/> (never a prefix of a longer one).</summary>
    private Parser<TextSpan> Sym(string symbol) => input =>
    {
        if (PeekOperator(input.Position) != symbol)
        {
            return Fail<TextSpan>(input, $"'{symbol}'");
        }
        var span = new TextSpan(input.Position, symbol.Length);
        return Result.Success(span, SkipInlineTrivia(Advance(input, symbol.Length)));
    };

    /// <summary>
    /// <c>open inner close</c> where newlines inside are trivia. The scope follows the call structure
    /// (restored in finally), so Sprache's backtracking cannot leave it unbalanced.
    /// </summary>
    private Parser<(T Value, TextSpan Open, TextSpan Close)> Bracketed<T>(string open, Parser<T> inner, string close) => input =>
    {
        var openResult = Sym(open)(input);
        if (!openResult.WasSuccessful)
        {
            return Result.Failure<(T, TextSpan, TextSpan)>(openResult.Remainder, openResult.Message, openResult.Expectations);
        }
        IResult<T> innerResult;
        _bracketDepth++;
        try
        {
            innerResult = inner(SkipAllTrivia(openResult.Remainder));
            if (!innerResult.WasSuccessful)
            {
                return Result.Failure<(T, TextSpan, TextSpan)>(innerResult.Remainder, innerResult.Message, innerResult.Expectations);
            }
        }
        finally
        {
            _bracketDepth--;
        }
        var closeResult = Sym(close)(innerResult.Remainder);
        return closeResult.WasSuccessful
            ? Result.Success((innerResult.Value, openResult.Value, closeResult.Value), closeResult.Remainder)
            : Result.Failure<(T, TextSpan, TextSpan)>(AtLineEndBefore(closeResult.Remainder), closeResult.Message, closeResult.Expectations);
    };

    /// <summary>
    /// A missing closing bracket is reported where its line ends, not at the next line's first token
    /// (newlines inside brackets are trivia, so the parser only notices there).
    /// </summary>
    private IInput AtLineEndBefore(IInput failure)
    {
        string text = _source.Content;
        int lastToken = failure.Position;
        while (lastToken > 0 && char.IsWhiteSpace(text[lastToken - 1]))
        {
            lastToken--;
        }
        int newline = text.IndexOf('\n', lastToken, failure.Position - lastToken);
        return newline < 0 ? failure : Advance(new Input(text), newline);
    }

    /// <summary>A decimal number: 12, 0.95, .5, 2., 5e-4.</summary>
    private Parser<NumberExpression> Number => input =>
    {
        string text = _source.Content;
        int start = input.Position;
        int p = start;
        while (p < text.Length && IsAsciiDigit(text[p]))
        {
            p++;
        }
        bool hasDigits = p > start;
        if (p < text.Length && text[p] == '.' && p + 1 < text.Length && IsAsciiDigit(text[p + 1]))
        {
            p++;
            while (p < text.Length && IsAsciiDigit(text[p]))
            {
                p++;
            }
            hasDigits = true;
        }
        else if (hasDigits && p < text.Length && text[p] == '.' && (p + 1 >= text.Length || !IsIdentifierStart(text[p + 1])))
        {
            // Python's "2." (Brian2 writes (2./tau)**.5): the point ends the number.
            p++;
        }
        if (!hasDigits)
        {
            return Fail<NumberExpression>(input, "a number");
        }
        if (p < text.Length && (text[p] == 'e' || text[p] == 'E'))
        {
            int q = p + 1;
            if (q < text.Length && (text[q] == '+' || text[q] == '-'))
            {
                q++;
            }
            if (q < text.Length && IsAsciiDigit(text[q]))
            {
                while (q < text.Length && IsAsciiDigit(text[q]))
                {
                    q++;
                }
                p = q;
            }
        }
        string literal = text.Substring(start, p - start);
        double value = double.Parse(literal, NumberStyles.Float, CultureInfo.InvariantCulture);
        var span = TextSpan.FromBounds(start, p);
        if (double.IsInfinity(value))
        {
            Report(DiagnosticDescriptors.NumberOutOfRange, span, literal);
            value = double.MaxValue;
        }
        return Result.Success(new NumberExpression(value, literal, span), SkipInlineTrivia(Advance(input, p - start)));
    };

    /// <summary>
    /// Text in quotes, the name of a data file: <c>"data/I.csv"</c>. No escapes (a file name needs none, and a
    /// Windows path keeps its backslashes); it ends on its line.
    /// </summary>
    private Parser<Expression> StringLiteral => input =>
    {
        string text = _source.Content;
        int start = input.Position;
        if (start >= text.Length || text[start] != '"')
        {
            return Fail<Expression>(input, "a text in quotes");
        }
        int end = start + 1;
        while (end < text.Length && text[end] != '"' && text[end] != '\n' && text[end] != '\r')
        {
            end++;
        }
        if (end >= text.Length || text[end] != '"')
        {
            Report(DiagnosticDescriptors.UnterminatedString, TextSpan.FromBounds(start, end));
            return Result.Success((Expression)new StringExpression(text.Substring(start + 1, end - start - 1), TextSpan.FromBounds(start, end)),
                SkipInlineTrivia(Advance(input, end - start)));
        }
        var literal = new StringExpression(text.Substring(start + 1, end - start - 1), TextSpan.FromBounds(start, end + 1));
        return Result.Success((Expression)literal, SkipInlineTrivia(Advance(input, end + 1 - start)));
    };

    /// <summary>
    /// Succeeds without consuming where a statement may end: newline, ';', '}' or end of file, or
    /// anywhere after a statement that ended with its own closing brace (<c>state { v = 0 } update { ... }</c>).
    /// </summary>
    private Parser<bool> StatementEnd => input =>
    {
        if (input.AtEnd || input.Current == '\n' || input.Current == ';' || input.Current == '}' || EndsWithBrace(input.Position))
        {
            return Result.Success(true, input);
        }
        return Fail<bool>(input, "end of line or ';'");
    };

    /// <summary>True when only spaces, tabs and block comments stand between a '}' and <paramref name="position"/>.</summary>
    private bool EndsWithBrace(int position)
    {
        string text = _source.Content;
        int p = position - 1;
        while (p >= 0)
        {
            if (text[p] == ' ' || text[p] == '\t')
            {
                p--;
            }
            else if (p >= 1 && text[p] == '/' && text[p - 1] == '*' && text.LastIndexOf("/*", p - 1, StringComparison.Ordinal) is var open and >= 0)
            {
                p = open - 1;
            }
            else
            {
                break;
            }
        }
        return p >= 0 && text[p] == '}';
    }

    private Parser<T> Statement<T>(Parser<T> parser) =>
        from value in parser
        from end in StatementEnd
        select value;

    /// <summary>The word starting at <paramref name="position"/>, or null.</summary>
    private string? PeekWord(int position)
    {
        string text = _source.Content;
        if (position >= text.Length || !IsIdentifierStart(text[position]))
        {
            return null;
        }
        int end = position + 1;
        while (end < text.Length && IsIdentifierPart(text[end]))
        {
            end++;
        }
        return text.Substring(position, end - position);
    }
}
