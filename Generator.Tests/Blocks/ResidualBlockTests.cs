using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Blocks;

/// <summary>
/// Seed 001's residual block, declared once and used with different arguments: each use infers its input channels,
/// its shapes are d2l's, and a use whose add cannot join is a build error at the add with both shapes and the fix.
/// </summary>
public sealed class ResidualBlockTests
{
    [Fact]
    public void Residual_3_keeps_3x6x6_and_Residual_6_with_1x1_conv_and_stride_2_gives_6x3x3()
    {
        var result = GeneratorHarness.Run(
            BlockSources.Residual,
            ModelSource.Net(
                "Model, Input(3, 6, 6)",
                "/// <summary>Keeps the shape.</summary>\n    public Residual B1 { get; } = new(3);",
                "/// <summary>Halves it.</summary>\n    public Residual B2 { get; } = new(6, use1x1Conv: true, strides: 2);"));

        // Only STRATA0011's notes that a stride-2 window skips the last row, as in d2l.
        Assert.All(result.GeneratorDiagnostics, d => Assert.Equal("STRATA0011", d.Id));
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        var model = result.Sources.Single(s => s.HintName == "Tests.Net.g.cs").SourceText.ToString();
        // The first use adds its input (no 1×1 conv); the second its 1×1 conv, whose weight is [6, 3, 1, 1].
        Assert.Matches(@"B1\.Out +Add B1\.Bn2 \+ input, ReLU +\[3, 6, 6\]", model);
        Assert.Matches(@"B2\.Out +Add B2\.Bn2 \+ B2\.Conv3, ReLU +\[6, 3, 3\]", model);
        Assert.Contains("\"B2.Conv3.weight\", 6, 3, 1, 1", model, StringComparison.Ordinal);
        Assert.Contains("s_outputShape = global::System.Array.AsReadOnly(new int[] { 6, 3, 3 })", model, StringComparison.Ordinal);
    }
}
