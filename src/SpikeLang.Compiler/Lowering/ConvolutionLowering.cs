using System.Collections.Generic;
using SpikeLang.Compiler.Binding;

namespace SpikeLang.Compiler.Lowering;

/// <summary>Lowers a bound convolution or pooling connection: its endpoints and the shapes its kernel is built for.</summary>
internal static class ConvolutionLowering
{
    public static ConvolutionPlan Lower(LoweringContext context, ConvolutionModel model, string member, string typeName, IReadOnlyList<PopulationPlan> populations)
    {
        var network = context.Network;
        EndpointPlan Whole(string name)
        {
            var population = System.Linq.Enumerable.First(network.Populations, p => p.Name == name);
            return ConnectionLowering.Endpoint(new PopulationSlice(name, 0, population.Size, null, null), populations);
        }
        return new ConvolutionPlan(member, typeName, context.Text(network.FilePath, model.Span), context.Location(network.FilePath, model.Span),
            model.Kind, Whole(model.Source), Whole(model.Target), model.Geometry)
        {
            SameStep = model.SameStep is not null,
            BatchNorm = model.BatchNorm is { } norm ? new BatchNormPlan(norm.Momentum, norm.Epsilon) : null,
        };
    }
}
