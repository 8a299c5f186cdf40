using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Strata.Training;
using Xunit;

namespace Strata.Runtime.Tests.Gpu;

public class OptimizerKernelsTests
{
    public static TheoryData<string> Kernels => new() { "SgdStep", "AdamStep" };

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Compiles_to_ptx_without_a_gpu(string name)
    {
        var kernel = typeof(Sgd).Assembly.GetType("Strata.Gpu.OptimizerKernels", throwOnError: true)!
            .GetMethod(name, BindingFlags.Public | BindingFlags.Static)!;

        // A fresh context per compile: one failed compile poisons a context.
        using var context = Context.Create(builder => builder.Cuda().EnableAlgorithms());
        using var backend = new PTXBackend(
            context, new CudaCapabilityContext(CudaArchitecture.SM_80), CudaArchitecture.SM_80, CudaInstructionSet.ISA_80,
            nvvmAPI: null);
        var compiled = (PTXCompiledKernel)backend.Compile(
            EntryPointDescription.FromImplicitlyGroupedKernel(kernel), new KernelSpecialization());

        Assert.Contains(".entry", compiled.PTXAssembly);
    }
}
