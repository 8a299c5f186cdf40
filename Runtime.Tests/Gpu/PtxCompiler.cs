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
    public static string Compile(MethodInfo kernel)
    {
        // A fresh context per kernel: one failed compile poisons a context for every later compile.
        using var context = Context.Create(builder => builder.Default().EnableAlgorithms());
        var backend = new PTXBackend(
            context,
            new CudaCapabilityContext(CudaArchitecture.SM_80),
            CudaArchitecture.SM_80,
            CudaInstructionSet.ISA_80,
            nvvmAPI: null);
        var compiled = backend.Compile(
            EntryPointDescription.FromImplicitlyGroupedKernel(kernel),
            new KernelSpecialization());
        return ((PTXCompiledKernel)compiled).PTXAssembly;
    }
}
