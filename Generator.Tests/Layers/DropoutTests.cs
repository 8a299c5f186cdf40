using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>Dropout keeps any shape and needs p in [0, 1), as PyTorch's nn.Dropout (which also takes p = 1).</summary>
public sealed class DropoutTests
{
    private const string Input = "Model, Input(1, 8, 8)";

    [Theory]
    [InlineData("{|1|}", "1")]
    [InlineData("{|1.5|}", "1.5")]
    [InlineData("{|-0.1|}", "-0.1")]
    [InlineData("{|double.NaN|}", "NaN")]
    [InlineData("p: {|0.999999999|}", "0.999999999")]
    public void A_p_outside_0_to_1_is_STRATA0025_at_the_argument(string argument, string shown) =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                Input,
                "[Flatten, Dense(120), Relu] public partial Dense F5 { get; }",
                "[Dropout(" + argument + ")] public partial Dropout D5 { get; }"),
            "STRATA0025",
            $"Dropout 'D5' on [120] has p {shown}; p is the probability of zeroing an element and must be at least 0 and below 1, for example [Dropout(0.5)]");

    [Theory]
    [InlineData("0")]
    [InlineData("0.5")]
    [InlineData("0.99")]
    public void A_p_in_range_keeps_the_shape(string p)
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            Input,
            "[Conv(2, 3)] public partial Conv2d C1 { get; }",
            "[Dropout(" + p + ")] public partial Dropout D { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.Contains("D: Dropout p=" + p + "; [2, 6, 6] → [2, 6, 6]", result.SingleSource, StringComparison.Ordinal);
    }
}
