using System.Reflection;
using Strata.Gpu;
using Strata.Runtime.Tests.Coverage;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>Every kernel the Transformer layers launch on a GPU compiles to PTX for sm_80, checked on a CPU-only machine.</summary>
public class TransformerKernelPtxTests
{
    public static TheoryData<string, string> Kernels(string name)
    {
        var data = new TheoryData<string, string>();
        var type = typeof(AttentionGpu).Assembly.GetType(name, throwOnError: true)!;
        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            data.Add(name, method.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kernels), "Strata.Gpu.AttentionKernels")]
    [Covers(Check.Ptx, typeof(MultiHeadAttentionAttribute))]
    public void Attention_kernel_compiles_to_ptx(string className, string methodName) => AssertCompiles(className, methodName);

    [Theory]
    [MemberData(nameof(Kernels), "Strata.Gpu.PositionKernels")]
    [Covers(Check.Ptx, typeof(PositionalEncodingAttribute), typeof(PositionEmbeddingAttribute))]
    public void Position_kernel_compiles_to_ptx(string className, string methodName) => AssertCompiles(className, methodName);

    [Theory]
    [MemberData(nameof(Kernels), "Strata.Gpu.StepKernels")]
    [Covers(Check.Ptx, typeof(ClassTokenAttribute), typeof(TakeStepAttribute), typeof(MeanOverStepsAttribute))]
    public void Step_kernel_compiles_to_ptx(string className, string methodName) => AssertCompiles(className, methodName);

    /// <summary>PatchEmbedding launches the convolution's kernels (the tiled GEMM's instantiations are in TiledGemmTests) and ToSequence's.</summary>
    [Theory]
    [MemberData(nameof(Kernels), "Strata.Gpu.Conv2dKernels")]
    [MemberData(nameof(Kernels), "Strata.Gpu.ToSequenceKernels")]
    [Covers(Check.Ptx, typeof(PatchEmbeddingAttribute))]
    public void Patch_embedding_kernel_compiles_to_ptx(string className, string methodName) => AssertCompiles(className, methodName);

    private static void AssertCompiles(string className, string methodName)
    {
        var method = typeof(AttentionGpu).Assembly.GetType(className, throwOnError: true)!.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static)!;

        var ptx = PtxCompiler.CompileEither(method);

        Assert.Contains(".entry", ptx, StringComparison.Ordinal);
    }
}
