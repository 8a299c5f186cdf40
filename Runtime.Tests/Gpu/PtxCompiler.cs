using System.Reflection;
using ILGPU;
using ILGPU.Backends;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>Compiles an ILGPU kernel method to PTX for sm_80 without a GPU.</summary>
internal static class PtxCompiler
{
    /// <summary>
    /// The names of the kernels (static methods whose first parameter is an ILGPU index) declared by
    /// <paramref name="kernels"/>; device functions they call are compiled with them.
    /// </summary>
    public static TheoryData<string> EntryPoints(Type kernels)
    {
        var names = new TheoryData<string>();
        foreach (var method in kernels.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            var parameters = method.GetParameters();
            if (parameters.Length > 0 && typeof(IIndex).IsAssignableFrom(parameters[0].ParameterType))
            {
                names.Add(method.Name);
            }
        }

        return names;
    }

    /// <summary>Compiles the kernel <paramref name="name"/> of <paramref name="kernels"/> and checks it is an sm_80 entry point.</summary>
    public static void AssertCompiles(Type kernels, string name)
    {
        var ptx = Compile(kernels.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!);

        Assert.Contains(".entry", ptx, StringComparison.Ordinal);
        Assert.Contains(".target sm_80", ptx, StringComparison.Ordinal);
    }

    public static string Compile(MethodInfo kernel) => Compile(EntryPointDescription.FromImplicitlyGroupedKernel(kernel));

    /// <summary>Compiles a kernel, implicitly grouped when its first parameter is an ILGPU index, else explicitly grouped.</summary>
    public static string CompileEither(MethodInfo kernel)
    {
        var parameters = kernel.GetParameters();
        return parameters.Length > 0 && typeof(IIndex).IsAssignableFrom(parameters[0].ParameterType)
            ? Compile(kernel)
            : CompileExplicitlyGrouped(kernel);
    }

    /// <summary>Compiles an explicitly grouped kernel (one that reads Grid and Group itself, e.g. a tiled one).</summary>
    public static string CompileExplicitlyGrouped(MethodInfo kernel) => Compile(EntryPointDescription.FromExplicitlyGroupedKernel(kernel));

    /// <summary>
    /// Checks the PTX of a tiled kernel: it stages data in shared memory (<c>.shared</c>), synchronises its group
    /// (<c>bar.sync</c>), and declares no local-memory array (<c>.local</c>), which would mean its register blocks went
    /// to memory. Real spills only show after ptxas (<c>ptxas -v</c> on a GPU machine).
    /// </summary>
    public static void AssertTiled(string ptx)
    {
        Assert.Contains(".entry", ptx, StringComparison.Ordinal);
        Assert.Contains(".shared", ptx, StringComparison.Ordinal);
        Assert.Contains("bar.sync", ptx, StringComparison.Ordinal);
        Assert.DoesNotContain(".local", ptx, StringComparison.Ordinal);
    }

    private static string Compile(EntryPointDescription entryPoint)
    {
        // A fresh context per kernel: one failed compile poisons a context for every later compile.
        using var context = Context.Create(builder => builder.Default().EnableAlgorithms());
        var backend = new PTXBackend(
            context,
            new CudaCapabilityContext(CudaArchitecture.SM_80),
            CudaArchitecture.SM_80,
            CudaInstructionSet.ISA_80,
            nvvmAPI: null);
        var compiled = backend.Compile(entryPoint, new KernelSpecialization());
        return ((PTXCompiledKernel)compiled).PTXAssembly;
    }
}
