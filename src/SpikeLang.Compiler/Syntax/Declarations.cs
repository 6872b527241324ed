using System.Collections.Generic;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Syntax;

/// <summary>One parsed .snn file.</summary>
public sealed record CompilationUnit(NamespaceDeclaration? Namespace, IReadOnlyList<Declaration> Declarations, TextSpan Span)
    : SyntaxNode(Span);

public sealed record NamespaceDeclaration(string Name, TextSpan NameSpan, TextSpan Span) : SyntaxNode(Span);

public abstract record Declaration(Identifier Name, TextSpan Span) : SyntaxNode(Span);

/// <summary>Members shared by neuron and synapse bodies.</summary>
public abstract record MemberSyntax(TextSpan Span) : SyntaxNode(Span);

public sealed record ParametersMember(Block<VariableDeclaration> Body, TextSpan Span) : MemberSyntax(Span);

public sealed record StateMember(Block<VariableDeclaration> Body, TextSpan Span) : MemberSyntax(Span);

public sealed record EquationsMember(Block<EquationSyntax> Body, TextSpan Span) : MemberSyntax(Span);

/// <summary><c>method rk4</c>: the numerical method for equations that cannot be integrated exactly.</summary>
public sealed record MethodMember(Identifier Method, TextSpan Span) : MemberSyntax(Span);

/// <summary>A discrete-time <c>update { ... }</c> map, the alternative to <c>equations</c>.</summary>
public sealed record UpdateMember(Block<AssignmentStatement> Body, TextSpan Span) : MemberSyntax(Span);

public sealed record ThresholdMember(Expression Condition, TextSpan Span) : MemberSyntax(Span);

public sealed record ResetMember(Block<AssignmentStatement> Body, TextSpan Span) : MemberSyntax(Span);

public sealed record RefractoryMember(Expression Duration, TextSpan Span) : MemberSyntax(Span);

/// <summary><c>on pre { ... }</c> or <c>on post { ... }</c>.</summary>
public sealed record OnEventMember(Identifier Pathway, Block<AssignmentStatement> Body, TextSpan Span) : MemberSyntax(Span);

public sealed record NeuronDeclaration(Identifier Name, IReadOnlyList<MemberSyntax> Members, TextSpan Span)
    : Declaration(Name, Span);

public sealed record SynapseDeclaration(Identifier Name, IReadOnlyList<MemberSyntax> Members, TextSpan Span)
    : Declaration(Name, Span);

public sealed record NetworkDeclaration(Identifier Name, IReadOnlyList<NetworkMember> Members, TextSpan Span)
    : Declaration(Name, Span);
