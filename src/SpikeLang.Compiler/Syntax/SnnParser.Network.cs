using System.Collections.Generic;
using System.Linq;
using Sprache;
using SpikeLang.Compiler.Text;

namespace SpikeLang.Compiler.Syntax;

/// <summary>The members of a network body: dt, populations, inputs, connections, recordings, training.</summary>
internal sealed partial class SnnParser
{
    private Parser<NetworkMember> _networkMember = null!;

    private void InitializeNetwork()
    {
        var dt =
            from keyword in Keyword("dt")
            from assign in Sym("=")
            from value in Expression
            select (NetworkMember)new DtMember(value, keyword.Union(value.Span));

        var parameters =
            from keyword in Keyword("parameters")
            from body in Block(_variableDeclaration, "network parameters")
            select (NetworkMember)new NetworkParametersMember(body, keyword.Union(body.Span));

        var precision =
            from keyword in Keyword("precision")
            from name in AnyWord
            select (NetworkMember)new PrecisionMember(name, keyword.Union(name.Span));

        // [n], or the shape [channels, height, width] / [channels, length] of a population that convolutions read or write.
        var dimensions =
            from first in Expression
            from rest in (from comma in Sym(",") from next in Expression select next).Many()
            select (IReadOnlyList<Expression>)new[] { first }.Concat(rest).ToList();
        var size = Bracketed("[", dimensions, "]").Select(b => (Value: b.Value[0], Dimensions: b.Value, b.Close));

        var population =
            from keyword in Keyword("population")
            from name in DeclaredName
            from assign in Sym("=")
            from model in Identifier
            from arguments in _argumentList.XOptional()
            from count in size
            select (NetworkMember)new PopulationMember(name, model,
                arguments.IsDefined ? arguments.Get().Arguments : new List<Argument>(), count.Value, keyword.Union(count.Close)) { Dimensions = count.Dimensions };

        var input =
            from keyword in Keyword("input")
            from name in DeclaredName
            from count in size
            select (NetworkMember)new InputMember(name, count.Value, keyword.Union(count.Close)) { Dimensions = count.Dimensions };

        var bounds =
            from start in Expression
            from colon in Sym(":")
            from end in Expression
            select (Start: start, End: end);
        var slice = Bracketed("[", bounds, "]").Select(b => (b.Value.Start, b.Value.End, b.Close));

        var populationReference =
            from name in Identifier
            from range in slice.XOptional()
            select range.IsDefined
                ? new PopulationReference(name, range.Get().Start, range.Get().End, name.Span.Union(range.Get().Close))
                : new PopulationReference(name, null, null, name.Span);

        var rule =
            Keyword("all").Select(span => new ConnectivityRule(ConnectivityKind.All, null, span))
            .Or(Keyword("one_to_one").Select(span => new ConnectivityRule(ConnectivityKind.OneToOne, null, span)))
            .Or(Keyword("dense").Select(span => new ConnectivityRule(ConnectivityKind.Dense, null, span)))
            .Or(from keyword in Keyword("probability") from p in Expression
                select new ConnectivityRule(ConnectivityKind.Probability, p, keyword.Union(p.Span)))
            .Or(from keyword in Keyword("fixed_indegree") from k in Expression
                select new ConnectivityRule(ConnectivityKind.FixedInDegree, k, keyword.Union(k.Span)))
            .Or(from keyword in Keyword("fixed_outdegree") from k in Expression
                select new ConnectivityRule(ConnectivityKind.FixedOutDegree, k, keyword.Union(k.Span)))
            .Or(Convolution(Keyword("conv1d"), ConnectivityKind.Conv1d))
            .Or(Convolution(Keyword("conv2d"), ConnectivityKind.Conv2d))
            .Or(Convolution(Keyword("sum_pool2d"), ConnectivityKind.SumPool2d))
            .Or(Convolution(Keyword("avg_pool2d"), ConnectivityKind.AvgPool2d))
            .Or(Convolution(Keyword("max_pool2d"), ConnectivityKind.MaxPool2d));

        var condition = from keyword in Keyword("if") from value in Expression select value;
        var delay = from keyword in Keyword("delay") from value in Expression select value;
        var sameStep = Keyword("same_step");
        var batchNorm =
            from keyword in Keyword("batch_norm")
            from arguments in _argumentList.XOptional()
            select new BatchNormClause(arguments.IsDefined ? arguments.Get().Arguments : new List<Argument>(),
                arguments.IsDefined ? keyword.Union(arguments.Get().Close) : keyword);

        var synapseReference =
            from keyword in Keyword("synapse")
            from model in Identifier
            from arguments in _argumentList.XOptional()
            select new SynapseReference(model,
                arguments.IsDefined ? arguments.Get().Arguments : new List<Argument>(),
                arguments.IsDefined ? model.Span.Union(arguments.Get().Close) : model.Span);

        var connect =
            from keyword in Keyword("connect")
            from source in populationReference
            from arrow in Sym("->")
            from target in populationReference
            from connectivity in rule.Optional()
            from norm in batchNorm.Optional()
            from when in condition.Optional()
            from delayValue in delay.Optional()
            from sameStepSpan in (delayValue.IsDefined ? Sprache.Parse.Return<TextSpan?>(null) : sameStep.Select(span => (TextSpan?)span).Optional().Select(o => o.GetOrDefault()))
            from synapse in synapseReference.Optional()
            from onPre in (synapse.IsDefined ? Sprache.Parse.Return<OnEventMember?>(null) : _onEvent.Select(m => (OnEventMember?)m).Optional().Select(o => o.GetOrDefault()))
            select (NetworkMember)new ConnectMember(source, target,
                connectivity.GetOrDefault(), when.GetOrDefault(), delayValue.GetOrDefault(), sameStepSpan,
                synapse.GetOrDefault(), onPre,
                keyword.Union(LastSpan(target.Span, connectivity.GetOrDefault()?.Span, norm.GetOrDefault()?.Span, when.GetOrDefault()?.Span,
                    delayValue.GetOrDefault()?.Span, sameStepSpan, synapse.GetOrDefault()?.Span, onPre?.Span)))
            { BatchNorm = norm.GetOrDefault() };

        var subgroup =
            from keyword in Keyword("subgroup")
            from name in DeclaredName
            from assign in Sym("=")
            from taken in populationReference
            from arguments in _argumentList.XOptional()
            select (NetworkMember)new SubgroupMember(name, taken,
                arguments.IsDefined ? arguments.Get().Arguments : new List<Argument>(),
                keyword.Union(arguments.IsDefined ? arguments.Get().Close : taken.Span));

        var drive =
            from keyword in Keyword("drive")
            from target in populationReference
            from dot in Sym(".")
            from variable in Identifier
            from add in Sym("+=")
            from source in Identifier
            from arguments in _argumentList
            select (NetworkMember)new DriveMember(target, variable, source, arguments.Arguments, keyword.Union(arguments.Close));

        var runRegularly =
            from keyword in Keyword("run_regularly")
            from target in populationReference
            from every in Keyword("every")
            from interval in Expression
            from body in Block(_assignment, "run_regularly")
            select (NetworkMember)new RunRegularlyMember(target, interval, body, keyword.Union(body.Span));

        var phaseSetting = Statement(
            from target in populationReference
            from post in (from arrow in Sym("->") from to in populationReference select to).Optional()
            from dot in Sym(".")
            from variable in Identifier
            from assign in Sym("=")
            from value in Expression
            select new PhaseSetting(target, post.GetOrDefault(), variable, value, target.Span.Union(value.Span)));
        var phase = Statement(
            from keyword in Keyword("phase")
            from name in Identifier
            from duration in Expression
            from settings in Block(phaseSetting, "phase").Optional()
            select new PhaseSyntax(name, duration, settings.IsDefined ? settings.Get().Items : new List<PhaseSetting>(),
                keyword.Union(settings.IsDefined ? settings.Get().Span : duration.Span)));
        var protocol =
            from keyword in Keyword("protocol")
            from phases in Block(phase, "protocol")
            select (NetworkMember)new ProtocolMember(phases, keyword.Union(phases.Span));

        var stateReference =
            from recorded in populationReference
            from dot in Sym(".")
            from variable in Identifier
            select new StateReference(recorded, variable, recorded.Span.Union(variable.Span));

        var recordSpikes =
            from keyword in Keyword("spikes")
            from first in populationReference
            from rest in (from comma in Sym(",") from next in populationReference select next).Many()
            select new RecordSpikesMember(new[] { first }.Concat(rest).ToList(), keyword.Union(rest.LastOrDefault()?.Span ?? first.Span));

        var recordState =
            from keyword in Keyword("state")
            from first in stateReference
            from rest in (from comma in Sym(",") from next in stateReference select next).Many()
            select new RecordStateMember(new[] { first }.Concat(rest).ToList(), keyword.Union(rest.LastOrDefault()?.Span ?? first.Span));

        var recordRate =
            from keyword in Keyword("rate")
            from first in Identifier
            from rest in (from comma in Sym(",") from next in Identifier select next).Many()
            from window in (from word in Keyword("window") from width in Expression select width).Optional()
            select new RecordRateMember(new[] { first }.Concat(rest).ToList(), window.GetOrDefault(),
                keyword.Union(window.GetOrDefault()?.Span ?? rest.LastOrDefault()?.Span ?? first.Span));

        var recordWeights =
            from keyword in Keyword("weights")
            from source in Identifier
            from arrow in Sym("->")
            from target in Identifier
            select new RecordWeightsMember(source, target, keyword.Union(target.Span));

        var record =
            from keyword in Keyword("record")
            from member in recordSpikes.Select(r => (RecordMember)r)
                .Or(recordState.Select(r => (RecordMember)r))
                .Or(recordRate.Select(r => (RecordMember)r))
                .Or(recordWeights.Select(r => (RecordMember)r))
            from every in (from word in Keyword("every") from interval in Expression select interval).Optional()
            select (NetworkMember)(member with { Span = keyword.Union(every.GetOrDefault()?.Span ?? member.Span), Every = every.GetOrDefault() });

        var encodeSubject =
            from subject in Identifier
            from asWord in Keyword("as")
            select subject;

        var trainSetting = Statement(
            from key in Identifier
            from subject in encodeSubject.Optional()
            from value in Expression
            select new TrainSetting(key, subject.GetOrDefault(), value, key.Span.Union(value.Span)));

        var train =
            from keyword in Keyword("train")
            from body in Block(trainSetting, "train")
            select (NetworkMember)new TrainMember(body, keyword.Union(body.Span));

        _networkMember = Statement(
            parameters.Or(dt).Or(precision).Or(population).Or(subgroup).Or(input).Or(connect).Or(drive).Or(runRegularly).Or(protocol).Or(record).Or(train));
    }

    /// <summary><c>conv2d(kernel = 3, stride = 1, padding = 1)</c>: a convolution or pooling rule with its named arguments.</summary>
    private Parser<ConnectivityRule> Convolution(Parser<TextSpan> name, ConnectivityKind kind) =>
        from keyword in name
        from arguments in _argumentList
        select new ConnectivityRule(kind, null, keyword.Union(arguments.Close)) { Arguments = arguments.Arguments };

    private static TextSpan LastSpan(TextSpan first, params TextSpan?[] rest) =>
        rest.Aggregate(first, (span, next) => next is { } value ? span.Union(value) : span);
}
