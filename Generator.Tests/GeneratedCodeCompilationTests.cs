using Microsoft.CodeAnalysis;
using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests;

/// <summary>
/// The generated code compiles against the real runtime with no error and no warning (users build with
/// TreatWarningsAsErrors and often with documentation warnings on).
/// </summary>
public sealed class GeneratedCodeCompilationTests
{
    [Theory]
    [InlineData(nameof(Models.LeNet), Models.LeNet)]
    [InlineData(nameof(Models.Coverage), Models.Coverage)]
    [InlineData(nameof(Models.Edges), Models.Edges)]
    [InlineData(nameof(Models.Mlp), Models.Mlp)]
    [InlineData(nameof(Models.Dropout), Models.Dropout)]
    public void Generated_code_compiles_without_errors_or_warnings(string name, string source)
    {
        var result = GeneratorHarness.Run(source);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Single(result.Sources);
        Assert.True(result.CompilationProblems.IsEmpty, name + ":\n" + string.Join("\n", result.CompilationProblems));
    }

    [Fact]
    public void D2l_AlexNet_whose_strides_floor_builds_with_no_warning_and_four_STRATA0011_infos()
    {
        var result = GeneratorHarness.Run(Models.AlexNet);

        Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Severity >= DiagnosticSeverity.Warning);
        var infos = result.GeneratorDiagnostics.Where(d => d.Id == "STRATA0011").ToList();
        Assert.Equal(4, infos.Count);
        Assert.All(infos, d => Assert.Equal(DiagnosticSeverity.Info, d.Severity));
        Assert.Single(result.ModelSources);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
    }

    [Fact]
    public void The_model_implements_IModel_and_reaches_the_GPU_through_runtime_kernels_only()
    {
        var result = GeneratorHarness.Run(Models.LeNet);
        var model = result.Output.GetTypeByMetadataName("Samples.LeNet")!;

        Assert.Contains(model.AllInterfaces, i => i.ToDisplayString() == "Strata.IModel");
        Assert.Empty(model.GetTypeMembers().Where(t => t.Name != "MemoryPlan"));
        Assert.Contains("global::Strata.Gpu.Conv2dGpu.Forward(", result.SingleSource, StringComparison.Ordinal);
        Assert.DoesNotContain("ILGPU", result.SingleSource, StringComparison.Ordinal);
    }
}
