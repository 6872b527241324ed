using System.Collections.Generic;
using System.Linq;
using Sprache;
using SpikeLang.Compiler.Diagnostics;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Syntax;

/// <summary>
/// Parses one .snn file into a <see cref="CompilationUnit"/>. Built on Sprache combinators, split by
/// concern over the partial files <c>SnnParser.*.cs</c>: lexical pieces, expressions, neuron and synapse
/// members, network members, and the error recovery that lets one file report many mistakes.
/// The grammar it implements is <c>grammar/spikelang.ebnf</c>; keep the two in step.
/// </summary>
internal sealed partial class SnnParser
{
    /// <summary>After this many errors in one file the rest is not worth reporting.</summary>
    public const int MaxErrorsPerFile = 100;

    private readonly SourceText _source;
    private readonly DiagnosticBag _diagnostics;
    private readonly HashSet<(string Id, int Start)> _reported = new();

    private SnnParser(SourceText source, DiagnosticBag diagnostics)
    {
        _source = source;
        _diagnostics = diagnostics;
        InitializeExpressions();
        InitializeMembers();
        InitializeNetwork();
        InitializeDeclarations();
    }

    public static CompilationUnit Parse(SourceText source, DiagnosticBag diagnostics) =>
        new SnnParser(source, diagnostics).ParseUnit();

    private Parser<NamespaceDeclaration> _namespace = null!;
    private Parser<Declaration> _declaration = null!;

    private void InitializeDeclarations()
    {
        var qualifiedName =
            from first in Identifier
            from rest in (from dot in Sym(".") from part in Identifier select part).Many()
            select new[] { first }.Concat(rest).ToList();

        _namespace = Statement(
            from keyword in Keyword("namespace")
            from parts in qualifiedName
            select new NamespaceDeclaration(
                string.Join(".", parts.Select(p => p.Name)),
                parts[0].Span.Union(parts[parts.Count - 1].Span),
                keyword.Union(parts[parts.Count - 1].Span)));

        var neuron =
            from keyword in Keyword("neuron")
            from name in DeclaredName
            from body in Block(_modelMember, "the neuron body")
            select (Declaration)new NeuronDeclaration(name, body.Items, keyword.Union(body.Span));

        var synapse =
            from keyword in Keyword("synapse")
            from name in DeclaredName
            from body in Block(_modelMember, "the synapse body")
            select (Declaration)new SynapseDeclaration(name, body.Items, keyword.Union(body.Span));

        var network =
            from keyword in Keyword("network")
            from name in DeclaredName
            from body in Block(_networkMember, "the network body")
            select (Declaration)new NetworkDeclaration(name, body.Items, keyword.Union(body.Span));

        var timedArray =
            from keyword in Keyword("timed_array")
            from name in DeclaredName
            from assign in Sym("=")
            from values in Expression
            from every in Keyword("every")
            from step in Expression
            select (Declaration)new TimedArrayDeclaration(name, values, step, keyword.Union(step.Span));

        _declaration = Statement(neuron.Or(synapse).Or(network).Or(timedArray));
    }

    private CompilationUnit ParseUnit()
    {
        NamespaceDeclaration? ns = null;
        var declarations = new List<Declaration>();
        IInput input = SkipSeparators(new Input(_source.Content));
        while (!input.AtEnd && !TooManyErrors)
        {
            var nsResult = _namespace(input);
            if (nsResult.WasSuccessful)
            {
                if (ns is null)
                {
                    ns = nsResult.Value;
                }
                else
                {
                    Report(DiagnosticDescriptors.DuplicateNamespace, nsResult.Value.Span, ns.Name);
                }
                input = SkipSeparators(nsResult.Remainder);
                continue;
            }

            var result = _declaration(input);
            if (result.WasSuccessful)
            {
                declarations.Add(result.Value);
                input = SkipSeparators(result.Remainder);
                continue;
            }

            var failure = Furthest(nsResult, result);
            ReportSyntaxError(failure, input.Position);
            input = SkipSeparators(SkipToNextDeclaration(failure.Remainder));
        }

        if (declarations.Count == 0 && !_diagnostics.HasErrors)
        {
            Report(DiagnosticDescriptors.EmptyFile, new TextSpan(0, 0));
        }
        return new CompilationUnit(ns, declarations, new TextSpan(0, _source.Content.Length));
    }

    /// <summary>The failure that got further; at the same place, one that expects either.</summary>
    private static IResult<object> Furthest<TA, TB>(IResult<TA> a, IResult<TB> b)
    {
        if (a.Remainder.Position == b.Remainder.Position)
        {
            return Result.Failure<object>(a.Remainder, a.Message, a.Expectations.Concat(b.Expectations));
        }
        return a.Remainder.Position > b.Remainder.Position
            ? Result.Failure<object>(a.Remainder, a.Message, a.Expectations)
            : Result.Failure<object>(b.Remainder, b.Message, b.Expectations);
    }

    private bool TooManyErrors => _diagnostics.Items.Count(d => d.IsError) >= MaxErrorsPerFile;

    private void Report(DiagnosticDescriptor descriptor, TextSpan span, params object[] args)
    {
        if (TooManyErrors)
        {
            return;
        }
        if (_reported.Add((descriptor.Id, span.Start)))
        {
            _diagnostics.Report(descriptor, span, args);
            if (TooManyErrors)
            {
                _diagnostics.Report(DiagnosticDescriptors.TooManyErrors, span, MaxErrorsPerFile);
            }
        }
    }
}
