using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Shapes;

/// <summary>The walk over the layers: something must compute, the input must fit a tensor, one mistake gives one diagnostic.</summary>
public sealed class ShapeCheckerTests
{
    [Fact]
    public void A_model_without_layers_is_STRATA0021_at_the_class_name() =>
        DiagnosticAssert.Single(
            """
            using Strata;

            [Model, Input(4)]
            public partial class {|Net|}
            {
            }
            """,
            "STRATA0021",
            "Model 'Net' declares no layer that computes anything; add layer properties in data-flow order, for example [Conv(6, 5), Relu] public partial Conv2d C1 { get; }");

    [Fact]
    public void A_model_with_only_a_Flatten_is_STRATA0021() =>
        DiagnosticAssert.Single(
            """
            using Strata;

            [Model, Input(1, 2, 2)]
            public partial class {|Net|}
            {
                [Flatten] public partial Flatten F { get; }
            }
            """,
            "STRATA0021",
            "Model 'Net' declares no layer that computes anything; add layer properties in data-flow order, for example [Conv(6, 5), Relu] public partial Conv2d C1 { get; }");

    [Fact]
    public void Checking_stops_at_the_first_broken_layer()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(1, 4, 4)",
            "[Conv(6, 9)] public partial Conv2d C1 { get; }",
            "[Conv(6, 9)] public partial Conv2d C2 { get; }",
            "[Dense(3)] public partial Dense Out { get; }"));

        Assert.Equal("STRATA0010", Assert.Single(result.GeneratorDiagnostics).Id);
    }
}
