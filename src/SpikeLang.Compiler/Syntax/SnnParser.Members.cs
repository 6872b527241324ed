using System.Collections.Generic;
using System.Linq;
using Sprache;

namespace SpikeLang.Compiler.Syntax;

/// <summary>
/// The members of neuron and synapse bodies. Both share one member grammar; the binder says which
/// members a neuron or a synapse may have, so a misplaced member gets a precise message, not a syntax error.
/// </summary>
internal sealed partial class SnnParser
{
    private Parser<MemberSyntax> _modelMember = null!;
    private Parser<AssignmentStatement> _assignment = null!;
    private Parser<OnEventMember> _onEvent = null!;
    private Parser<VariableDeclaration> _variableDeclaration = null!;

    private void InitializeMembers()
    {
        var assignmentOperator =
            Sym("=").Return(AssignmentOperator.Assign)
            .Or(Sym("+=").Return(AssignmentOperator.AddAssign))
            .Or(Sym("-=").Return(AssignmentOperator.SubtractAssign))
            .Or(Sym("*=").Return(AssignmentOperator.MultiplyAssign))
            .Or(Sym("/=").Return(AssignmentOperator.DivideAssign));

        _assignment = Statement(
            from target in Identifier
            from op in assignmentOperator
            from value in Expression
            select new AssignmentStatement(target, op, value, target.Span.Union(value.Span)));

        _variableDeclaration = Statement(
            from name in Identifier
            from assign in Sym("=")
            from value in Expression
            from flags in Flag.Many()
            select new VariableDeclaration(name, value, flags.ToList(),
                flags.Aggregate(name.Span.Union(value.Span), (span, flag) => span.Union(flag.Span))));

        var bareFlag =
            (from unless in Keyword("unless") from refractoryWord in Keyword("refractory")
             select new EquationFlag(EquationFlagKind.UnlessRefractory, unless.Union(refractoryWord)))
            .Or(from eventWord in Keyword("event") from dash in Sym("-") from driven in Keyword("driven")
                select new EquationFlag(EquationFlagKind.EventDriven, eventWord.Union(driven)))
            .Or(Keyword("summed").Select(summed => new EquationFlag(EquationFlagKind.Summed, summed)))
            .Or(Keyword("shared").Select(shared => new EquationFlag(EquationFlagKind.Shared, shared)));
        // Brian2 writes the flags in brackets, "(unless refractory)"; both spellings mean the same.
        var equationFlag = bareFlag.Or(Bracketed("(", bareFlag, ")").Select(b => b.Value with { Span = b.Open.Union(b.Close) }));

        var derivative =
            from name in Identifier.Where(n => n.Name.Length > 1 && n.Name[0] == 'd' && IsIdentifierStart(n.Name[1]))
            from slash in Sym("/")
            from dt in Keyword("dt")
            select new Identifier(name.Name.Substring(1), name.Span.Union(dt));

        var differentialEquation =
            from variable in derivative
            from assign in Sym("=")
            from rhs in Expression
            from flags in equationFlag.Many()
            select (EquationSyntax)new DifferentialEquation(variable, rhs, flags.ToList(),
                flags.Aggregate(variable.Span.Union(rhs.Span), (span, flag) => span.Union(flag.Span)));

        var aliasEquation =
            from name in Identifier
            from assign in Sym("=")
            from value in Expression
            from flags in equationFlag.Many()
            select (EquationSyntax)new AliasEquation(name, value, flags.ToList(),
                flags.Aggregate(name.Span.Union(value.Span), (span, flag) => span.Union(flag.Span)));

        var equation = Statement(differentialEquation.Or(aliasEquation));

        _onEvent =
            from onWord in Keyword("on")
            from pathway in AnyWord
            from body in Block(_assignment, $"the 'on' block")
            select new OnEventMember(pathway, body, onWord.Union(body.Span));

        var parameters =
            from keyword in Keyword("parameters")
            from body in Block(_variableDeclaration, "parameters")
            select (MemberSyntax)new ParametersMember(body, keyword.Union(body.Span));

        var state =
            from keyword in Keyword("state")
            from body in Block(_variableDeclaration, "state")
            select (MemberSyntax)new StateMember(body, keyword.Union(body.Span));

        var equations =
            from keyword in Keyword("equations")
            from body in Block(equation, "equations")
            select (MemberSyntax)new EquationsMember(body, keyword.Union(body.Span));

        var update =
            from keyword in Keyword("update")
            from body in Block(_assignment, "update")
            select (MemberSyntax)new UpdateMember(body, keyword.Union(body.Span));

        var reset =
            from keyword in Keyword("reset")
            from body in Block(_assignment, "reset")
            select (MemberSyntax)new ResetMember(body, keyword.Union(body.Span));

        var threshold =
            from keyword in Keyword("threshold")
            from condition in Expression
            select (MemberSyntax)new ThresholdMember(condition, keyword.Union(condition.Span));

        var refractory =
            from keyword in Keyword("refractory")
            from duration in Expression
            select (MemberSyntax)new RefractoryMember(duration, keyword.Union(duration.Span));

        var method =
            from keyword in Keyword("method")
            from name in AnyWord
            select (MemberSyntax)new MethodMember(name, keyword.Union(name.Span));

        _modelMember = Statement(
            parameters.Or(state).Or(equations).Or(update).Or(threshold).Or(reset).Or(refractory).Or(method)
                .Or(_onEvent.Select(m => (MemberSyntax)m)));
    }
}
