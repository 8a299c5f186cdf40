using System.Reflection;
using ILGPU;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests;

/// <summary>
/// Every generated kernel compiles to PTX for sm_80 with ILGPU's PTX backend, without a GPU: no exceptions, static
/// arrays or unsupported calls slipped into a kernel.
/// </summary>
public sealed class GpuKernelPtxTests
{
    [Theory]
    [InlineData(nameof(Models.LeNet), Models.LeNet, "Samples.LeNet+LeNetGpuKernels")]
    [InlineData(nameof(Models.Coverage), Models.Coverage, "Coverage+CoverageGpuKernels")]
    [InlineData(nameof(Models.Edges), Models.Edges, "Tests.Edges.Edges+EdgesGpuKernels")]
    [InlineData(nameof(Models.Mlp), Models.Mlp, "Tests.Mlp.Mlp+MlpGpuKernels")]
    [InlineData(nameof(Models.Dropout), Models.Dropout, "Tests.Regularization.Regularized+RegularizedGpuKernels")]
    public void Every_generated_kernel_compiles_to_PTX(string name, string source, string kernelClass)
    {
        var kernels = CompiledModel.Load(source).GetType(kernelClass, throwOnError: true)!
            .GetMethods(BindingFlags.Public | BindingFlags.Static);
        Assert.NotEmpty(kernels);

        foreach (var kernel in kernels)
        {
            // A failed compile poisons its context, so each kernel gets a fresh one.
            using var context = Context.Create(builder => builder.Default().EnableAlgorithms());
            var backend = new PTXBackend(
                context, new CudaCapabilityContext(CudaArchitecture.SM_80), CudaArchitecture.SM_80, CudaInstructionSet.ISA_80, nvvmAPI: null);
            var entryPoint = EntryPointDescription.FromImplicitlyGroupedKernel(kernel);
            var compiled = (PTXCompiledKernel)backend.Compile(entryPoint, new KernelSpecialization());

            Assert.True(compiled.PTXAssembly.Contains(".entry", StringComparison.Ordinal), $"{name}.{kernel.Name} produced no PTX entry point");
        }
    }
}
