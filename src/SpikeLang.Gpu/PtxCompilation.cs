using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace SpikeLang.Gpu;

/// <summary>
/// Kernels compiled to PTX, CUDA's assembly, without a device: what a GPU's driver would be given. The CPU accelerator
/// runs kernels as .NET code, so a kernel that ILGPU cannot translate for CUDA (a math function PTX lacks, a type the
/// backend refuses) passes every emulator test and fails only on a GPU; compiling to PTX shows it on any machine.
/// </summary>
public static class PtxCompilation
{
    /// <summary>Hopper (H100, H200): the architecture the GPU benchmarks target.</summary>
    public static CudaArchitecture Hopper { get; } = new(9, 0);

    /// <summary>
    /// The kernels of <paramref name="assembly"/>: static methods that return nothing and take an ILGPU index first, as
    /// implicitly grouped kernels (<c>LoadAutoGroupedStreamKernel</c>) do; and generic static methods that return nothing
    /// and whose one type parameter is constrained to an interface, closed over every struct of the assembly that
    /// implements it, as explicitly grouped ones (<c>LoadStreamKernel</c>, e.g. the tiled products) are loaded.
    /// </summary>
    public static IEnumerable<MethodInfo> KernelsOf(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var structs = assembly.GetTypes().Where(t => t.IsValueType && !t.IsGenericTypeDefinition).ToArray();
        foreach (var method in assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType == typeof(void)))
        {
            if (!method.ContainsGenericParameters)
            {
                if (ImplicitlyGrouped(method))
                {
                    yield return method;
                }
            }
            else if (method.IsGenericMethodDefinition && method.GetGenericArguments() is [var parameter]
                && parameter.GetGenericParameterConstraints() is { Length: > 0 } constraints && constraints.Any(c => c.IsInterface))
            {
                foreach (var layout in structs.Where(s => constraints.All(c => c.IsAssignableFrom(s))))
                {
                    yield return method.MakeGenericMethod(layout);
                }
            }
        }
    }

    private static bool ImplicitlyGrouped(MethodInfo method) =>
        method.GetParameters() is { Length: > 0 } p && p[0].ParameterType is var first
        && (first == typeof(Index1D) || first == typeof(Index2D) || first == typeof(Index3D));

    /// <summary>
    /// Compiles each kernel to PTX for <paramref name="architecture"/> (default: <see cref="Hopper"/>) with the context
    /// <see cref="GpuDevice"/> gives a CUDA device; returns one line per kernel that does not compile, with ILGPU's reason.
    /// </summary>
    public static IReadOnlyList<string> Failures(IEnumerable<MethodInfo> kernels, CudaArchitecture? architecture = null)
    {
        ArgumentNullException.ThrowIfNull(kernels);
        CudaArchitecture target = architecture ?? Hopper;
        using var context = GpuDevice.NewContext(builder => builder.Cuda());
        using var backend = new PTXBackend(context, new CudaCapabilityContext(target), target, CudaInstructionSet.ISA_80, null);
        var failures = new List<string>();
        foreach (MethodInfo kernel in kernels)
        {
            try
            {
                backend.Compile(ImplicitlyGrouped(kernel)
                    ? EntryPointDescription.FromImplicitlyGroupedKernel(kernel)
                    : EntryPointDescription.FromExplicitlyGroupedKernel(kernel), KernelSpecialization.Empty);
            }
            catch (Exception e)
            {
                Exception reason = e;
                while (reason.InnerException is { } inner)
                {
                    reason = inner;
                }
                failures.Add($"{kernel.DeclaringType?.FullName}.{kernel.Name}: {reason.Message}");
            }
        }
        return failures;
    }
}
