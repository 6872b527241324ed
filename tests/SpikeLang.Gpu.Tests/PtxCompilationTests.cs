using System.Linq;
using Xunit;

namespace SpikeLang.Gpu.Tests;

/// <summary>
/// Every kernel compiles to PTX for a Hopper GPU, without one: the runtime's own and those generated for this project's
/// networks (simulators and trainers). The emulator tests run kernels as .NET code and would not see a kernel that a
/// CUDA device refuses (ILGPU has no PTX exp, log or cos without ILGPU.Algorithms, for example).
/// </summary>
public sealed class PtxCompilationTests
{
    [Fact]
    public void Every_kernel_of_the_runtime_and_of_generated_networks_compiles_to_ptx()
    {
        var runtime = PtxCompilation.KernelsOf(typeof(GpuDevice).Assembly).ToList();
        var generated = PtxCompilation.KernelsOf(typeof(PtxCompilationTests).Assembly).ToList();

        Assert.True(runtime.Count >= 10, $"the runtime's kernels: {runtime.Count} found");
        // The tiled products' one generic kernel, closed over each product's layout, explicitly grouped.
        Assert.True(runtime.Count(k => k.IsGenericMethod) >= 3, $"the runtime's generic kernels: {string.Join(", ", runtime.Where(k => k.IsGenericMethod))}");
        Assert.True(generated.Count >= 10, $"the generated kernels: {generated.Count} found");
        // A recurrent layer's one-step kernels (of the GPU trainer) are among them.
        Assert.Contains(generated, k => k.DeclaringType == typeof(GpuRecurrentSameStepGpuTrainer) && k.Name == "ForwardStep_h");
        Assert.Contains(generated, k => k.DeclaringType == typeof(GpuRecurrentSameStepGpuTrainer) && k.Name == "BackwardStep_out");
        Assert.Empty(PtxCompilation.Failures(runtime.Concat(generated)));
    }
}
