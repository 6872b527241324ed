using System;
using System.Linq;
using ILGPU;
using ILGPU.Runtime;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>
/// The tiled products give the plain products' results to the bit, for shapes that cross the tiles' edges in every
/// dimension (the emulator's tiles are 4 × 4, a GPU's 16 × 16), for deliveries in the next step and in the same step,
/// and for a source that is the same every step. The trainer agreement tests run the tiled products (the default)
/// against the CPU trainer.
/// </summary>
[Collection(DeviceCollection.Name)]
public sealed class DenseProductsTests(DeviceFixture fixture)
{
    private readonly DenseKernels _tiled = new(fixture.Device.Accelerator, DenseProducts.Tiled);
    private readonly DenseKernels _plain = new(fixture.Device.Accelerator, DenseProducts.Plain);

    public static TheoryData<int, int, int, int, int, bool> Shapes => new()
    {
        // batch, steps, lag, sources, targets, constant source
        { 3, 5, 1, 7, 9, false },
        { 2, 4, 0, 13, 5, false },
        { 4, 3, 1, 1, 17, false },
        { 5, 6, 1, 18, 3, true },
        { 1, 2, 0, 4, 4, true },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Tiled_products_equal_the_plain_ones_to_the_bit(int batch, int steps, int lag, int sources, int targets, bool constantSource)
    {
        var shape = new DenseShape(batch, steps, lag, constantSource ? 0 : batch, sources, targets);
        var random = new Random(batch * 1000 + sources * 10 + targets);
        // Spikes (0 or 1) as a layer's source, values of both signs as weights and adjoints.
        float[] source = Values(random, (constantSource ? 1 : steps) * batch * sources, spikes: !constantSource);
        float[] weights = Values(random, sources * targets, spikes: false);
        float[] bias = Values(random, targets, spikes: false);
        float[] drive = Values(random, steps * batch * targets, spikes: false);
        float[] driveAdjoint = Values(random, steps * batch * targets, spikes: false);
        float[] sourceAdjoint = Values(random, shape.DeliveredRows * sources, spikes: false);

        foreach (string product in new[] { nameof(DenseKernels.Deliver), nameof(DenseKernels.WeightGradient), nameof(DenseKernels.SourceAdjoint) })
        {
            Assert.Equal(Run(_plain, product), Run(_tiled, product));
        }

        float[] Run(DenseKernels kernels, string product)
        {
            var accelerator = fixture.Device.Accelerator;
            using var s = accelerator.Allocate1D(source);
            using var w = accelerator.Allocate1D(weights);
            using var b = accelerator.Allocate1D(bias);
            using var result = accelerator.Allocate1D(product switch
            {
                nameof(DenseKernels.Deliver) => drive,
                nameof(DenseKernels.SourceAdjoint) => sourceAdjoint,
                _ => new float[sources * targets],
            });
            using var adjoint = accelerator.Allocate1D(driveAdjoint);
            switch (product)
            {
                case nameof(DenseKernels.Deliver):
                    kernels.Deliver(result.View, s.View, w.View, b.View, shape);
                    break;
                case nameof(DenseKernels.WeightGradient):
                    kernels.WeightGradient(result.View, s.View, adjoint.View, shape);
                    break;
                default:
                    kernels.SourceAdjoint(result.View, adjoint.View, w.View, shape);
                    break;
            }
            accelerator.Synchronize();
            return result.GetAsArray1D();
        }
    }

    private static float[] Values(Random random, int count, bool spikes) =>
        Enumerable.Range(0, count).Select(_ => spikes ? (random.Next(3) == 0 ? 1f : 0f) : (float)(random.NextDouble() * 2 - 1)).ToArray();
}
