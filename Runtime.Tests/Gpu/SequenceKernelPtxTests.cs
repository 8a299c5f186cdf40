using System.Reflection;
using Strata.Gpu;
using Strata.Runtime.Tests.Coverage;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// Every kernel the generated GPU path of sequence models launches (through RecurrentGpu and SequenceGpu) compiles to
/// PTX for sm_80, checked on a CPU-only machine; the tiled GEMM they share compiles in TiledGemmTests.
/// </summary>
public class SequenceKernelPtxTests
{
    private static readonly string[] KernelClasses =
    [
        "Strata.Gpu.SequenceLayerKernels", "Strata.Gpu.RnnKernels", "Strata.Gpu.LstmKernels", "Strata.Gpu.GruKernels",
        "Strata.Gpu.SequenceKernels",
    ];

    public static TheoryData<string, string> Kernels()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in KernelClasses)
        {
            var type = typeof(SequenceGpu).Assembly.GetType(name, throwOnError: true)!;
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                data.Add(name, method.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    [Covers(Check.Ptx, typeof(RnnAttribute), typeof(LstmAttribute), typeof(GruAttribute), typeof(EmbeddingAttribute), typeof(OneHotAttribute))]
    // Dense runs on the tiled GEMM (TiledGemmTests) and SequenceKernels.SumRows; Flatten has no kernel of its own, only the views that Dense reads.
    [Covers(Check.Ptx, typeof(DenseAttribute), typeof(FlattenAttribute))]
    public void Kernel_compiles_to_ptx(string className, string methodName)
    {
        var method = typeof(SequenceGpu).Assembly.GetType(className, throwOnError: true)!.GetMethod(methodName, BindingFlags.Public | BindingFlags.Static)!;

        var ptx = PtxCompiler.Compile(method);

        Assert.Contains(".entry", ptx, StringComparison.Ordinal);
    }
}
