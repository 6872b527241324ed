using System.Collections.Generic;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Syntax;

/// <summary>One parsed .snn file.</summary>
internal sealed record CompilationUnit(NamespaceDeclaration? Namespace, IReadOnlyList<Declaration> Declarations, TextSpan Span)
    : SyntaxNode(Span);

internal sealed record NamespaceDeclaration(string Name, TextSpan NameSpan, TextSpan Span) : SyntaxNode(Span);

internal abstract record Declaration(Identifier Name, TextSpan Span) : SyntaxNode(Span);

/// <summary>Members shared by neuron and synapse bodies.</summary>
internal abstract record MemberSyntax(TextSpan Span) : SyntaxNode(Span);

internal sealed record ParametersMember(Block<VariableDeclaration> Body, TextSpan Span) : MemberSyntax(Span);

internal sealed record StateMember(Block<VariableDeclaration> Body, TextSpan Span) : MemberSyntax(Span);

internal sealed record EquationsMember(Block<EquationSyntax> Body, TextSpan Span) : MemberSyntax(Span);

/// <summary><c>method rk4</c>: the numerical method for equations that cannot be integrated exactly.</summary>
internal sealed record MethodMember(Identifier Method, TextSpan Span) : MemberSyntax(Span);

/// <summary>A discrete-time <c>update { ... }</c> map, the alternative to <c>equations</c>.</summary>
internal sealed record UpdateMember(Block<AssignmentStatement> Body, TextSpan Span) : MemberSyntax(Span);

internal sealed record ThresholdMember(Expression Condition, TextSpan Span) : MemberSyntax(Span);

internal sealed record ResetMember(Block<AssignmentStatement> Body, TextSpan Span) : MemberSyntax(Span);

internal sealed record RefractoryMember(Expression Duration, TextSpan Span) : MemberSyntax(Span);

/// <summary><c>on pre { ... }</c> or <c>on post { ... }</c>.</summary>
internal sealed record OnEventMember(Identifier Pathway, Block<AssignmentStatement> Body, TextSpan Span) : MemberSyntax(Span);

internal sealed record NeuronDeclaration(Identifier Name, IReadOnlyList<MemberSyntax> Members, TextSpan Span)
    : Declaration(Name, Span);

internal sealed record SynapseDeclaration(Identifier Name, IReadOnlyList<MemberSyntax> Members, TextSpan Span)
    : Declaration(Name, Span);

/// <summary><c>timed_array I = [0, 1, 0] * nA every 10 ms</c>: Brian2's TimedArray, a value per time bin (and per neuron for a list of rows).</summary>
internal sealed record TimedArrayDeclaration(Identifier Name, Expression Values, Expression Step, TextSpan Span) : Declaration(Name, Span);

internal sealed record NetworkDeclaration(Identifier Name, IReadOnlyList<NetworkMember> Members, TextSpan Span)
    : Declaration(Name, Span);
