using System.Reflection;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Models;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// Every ILGPU kernel the generator emits, for the samples, TinyNet and each per-layer and fused-activation test model,
/// compiles to PTX (sm_80) with no GPU present.
/// </summary>
public class GeneratedKernelPtxTests
{
    public static TheoryData<string, string> Kernels()
    {
        var data = new TheoryData<string, string>();
        foreach (var model in TestModels.All)
        {
            foreach (var kernel in KernelsOf(model))
            {
                data.Add(model.AssemblyQualifiedName!, kernel.Name);
            }
        }

        return data;
    }

    // Flatten has no kernel of its own: it is covered by the kernels that read or write through its view.
    [Theory]
    [MemberData(nameof(Kernels))]
    [Covers(Check.Ptx, typeof(ConvAttribute), typeof(MaxPoolAttribute), typeof(AvgPoolAttribute), typeof(DenseAttribute), typeof(FlattenAttribute))]
    [Covers(Check.Ptx, typeof(ReluAttribute), typeof(SigmoidAttribute), typeof(TanhAttribute), typeof(Relu6Attribute))]
    public void Kernel_compiles_to_ptx(string modelType, string kernelName)
    {
        var kernel = KernelsOf(Type.GetType(modelType, throwOnError: true)!).Single(k => k.Name == kernelName);

        var ptx = PtxCompiler.Compile(kernel);

        Assert.Contains(".entry", ptx);
        Assert.Contains(".target sm_80", ptx);
    }

    [Fact]
    public void Every_layer_of_the_test_model_has_forward_and_backward_kernels()
    {
        var names = KernelsOf(typeof(TinyNet)).Select(k => k.Name).ToList();

        Assert.True(names.Count >= 16, $"expected kernels for 8 layers in both directions, found: {string.Join(", ", names)}");
        foreach (var layer in new[] { "A", "B", "C", "D", "E", "G", "Out" })
        {
            Assert.Contains(names, n => n.StartsWith(layer, StringComparison.Ordinal) && n.Contains("Forward", StringComparison.Ordinal));
            Assert.Contains(names, n => n.StartsWith(layer, StringComparison.Ordinal) && !n.Contains("Forward", StringComparison.Ordinal));
        }
    }

    private static IEnumerable<MethodInfo> KernelsOf(Type model)
    {
        var kernels = model.GetNestedType(model.Name + "GpuKernels", BindingFlags.Public)
            ?? throw new InvalidOperationException($"{model.Name} has no generated kernel class.");
        return kernels.GetMethods(BindingFlags.Public | BindingFlags.Static);
    }
}
