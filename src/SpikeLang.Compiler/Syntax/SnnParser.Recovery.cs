using System.Collections.Generic;
using System.Linq;
using Sprache;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Syntax;

/// <summary>
/// Error recovery. A braced block parses its items one statement at a time; when an item fails, the
/// error is reported where the parse got furthest and the block skips to the end of that statement
/// (newline or ';' outside nested braces) and goes on. So five mistakes in five statements give five
/// diagnostics. At top level the parser skips to the next line that starts a declaration.
/// </summary>
internal sealed partial class SnnParser
{
    private Parser<Block<T>> Block<T>(Parser<T> item, string what) where T : SyntaxNode => input =>
    {
        var open = SkipAllTrivia(input);
        var openResult = Sym("{")(open);
        if (!openResult.WasSuccessful)
        {
            return Result.Failure<Block<T>>(openResult.Remainder, openResult.Message, openResult.Expectations);
        }
        var items = new List<T>();
        var current = SkipSeparators(openResult.Remainder);
        while (true)
        {
            if (current.AtEnd || TooManyErrors)
            {
                Report(DiagnosticDescriptors.UnclosedBrace, openResult.Value, what);
                return Result.Success(new Block<T>(items, TextSpan.FromBounds(openResult.Value.Start, current.Position)), current);
            }
            if (current.Current == '}')
            {
                var close = current.Advance();
                var span = TextSpan.FromBounds(openResult.Value.Start, close.Position);
                return Result.Success(new Block<T>(items, span), SkipInlineTrivia(close));
            }
            var result = item(current);
            if (result.WasSuccessful)
            {
                items.Add(result.Value);
                current = SkipSeparators(result.Remainder);
            }
            else
            {
                ReportSyntaxError(result, current.Position);
                current = SkipSeparators(SkipToStatementEnd(result.Remainder.Position > current.Position ? result.Remainder : current));
            }
        }
    };

    /// <summary>Reports why a statement starting at <paramref name="statementStart"/> failed, unless SL0003 already said so.</summary>
    private void ReportSyntaxError<T>(IResult<T> failure, int statementStart)
    {
        if (_nestingReportedAt >= statementStart)
        {
            return;
        }
        int position = failure.Remainder.Position;
        var expectations = failure.Expectations.Distinct().ToList();
        string expected = expectations.Count switch
        {
            0 => "a statement",
            1 => expectations[0],
            _ => string.Join(", ", expectations.Take(expectations.Count - 1)) + " or " + expectations.Last(),
        };
        var (found, span) = DescribeToken(position);
        Report(DiagnosticDescriptors.SyntaxError, span, expected, found);
    }

    /// <summary>How to name the text at <paramref name="position"/> in a message, and its span.</summary>
    private (string Description, TextSpan Span) DescribeToken(int position)
    {
        string text = _source.Content;
        if (position >= text.Length)
        {
            return ("end of file", new TextSpan(text.Length, 0));
        }
        char c = text[position];
        if (c == '\n' || c == '\r')
        {
            // In a CRLF file the '\r' was skipped as trivia; the line ends where it stands.
            int end = c == '\n' && position > 0 && text[position - 1] == '\r' ? position - 1 : position;
            return ("end of line", new TextSpan(end, 1));
        }
        if (PeekWord(position) is { } word)
        {
            return ($"'{word}'", new TextSpan(position, word.Length));
        }
        if (IsAsciiDigit(c))
        {
            int end = position;
            while (end < text.Length && (char.IsLetterOrDigit(text[end]) || text[end] == '.'))
            {
                end++;
            }
            return ($"'{text.Substring(position, end - position)}'", TextSpan.FromBounds(position, end));
        }
        if (PeekOperator(position) is { } op)
        {
            return ($"'{op}'", new TextSpan(position, op.Length));
        }
        if (char.IsControl(c) || char.IsSurrogate(c) || c > '\u007e' && !char.IsLetter(c))
        {
            return ($"the character U+{(int)c:X4}, which has no meaning in a .snn file", new TextSpan(position, 1));
        }
        return ($"'{c}'", new TextSpan(position, 1));
    }

    /// <summary>Skips to the end of the current statement: past a newline or ';', or up to a closing '}'.</summary>
    private IInput SkipToStatementEnd(IInput input)
    {
        string text = _source.Content;
        int p = input.Position;
        int depth = 0;
        while (p < text.Length)
        {
            char c = text[p];
            if (c == '/' && p + 1 < text.Length && text[p + 1] == '/')
            {
                while (p < text.Length && text[p] != '\n')
                {
                    p++;
                }
                continue;
            }
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                if (depth == 0)
                {
                    break;
                }
                depth--;
            }
            else if ((c == '\n' || c == ';') && depth == 0)
            {
                p++;
                break;
            }
            p++;
        }
        return Advance(input, p - input.Position);
    }

    /// <summary>Skips to the start of the next line that begins with neuron, synapse, network or namespace.</summary>
    private IInput SkipToNextDeclaration(IInput input)
    {
        string text = _source.Content;
        int p = input.Position;
        int lineStart = text.IndexOf('\n', p);
        while (lineStart >= 0)
        {
            int q = lineStart + 1;
            while (q < text.Length && (text[q] == ' ' || text[q] == '\t' || text[q] == '\r'))
            {
                q++;
            }
            if (PeekWord(q) is { } word && TopLevelKeywords.Contains(word))
            {
                return Advance(input, q - input.Position);
            }
            lineStart = text.IndexOf('\n', q);
        }
        return Advance(input, text.Length - input.Position);
    }
}
