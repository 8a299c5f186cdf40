using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Parsing;

/// <summary>[Input]: present, with at least one dimension, each at least 1.</summary>
public sealed class InputParserTests
{
    [Fact]
    public void A_model_without_Input_is_STRATA0004_at_the_class_name() =>
        DiagnosticAssert.Single(
            """
            using Strata;

            [Model]
            public partial class {|Net|}
            {
                [Dense(2)] public partial Dense Out { get; }
            }
            """,
            "STRATA0004",
            "Model 'Net' has no [Input]; declare the per-sample input shape next to [Model], for example [Model, Input(1, 28, 28)] for one 28×28 channel");

    [Fact]
    public void An_Input_without_dimensions_is_STRATA0005_at_the_attribute() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, {|Input|}", "[Dense(2)] public partial Dense Out { get; }"),
            "STRATA0005",
            "[Input] of model 'Net' declares no dimension; list the per-sample shape without the batch, for example [Input(1, 28, 28)]");

    [Fact]
    public void A_null_shape_is_STRATA0005_at_the_attribute() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, {|Input(null)|}", "[Dense(2)] public partial Dense Out { get; }"),
            "STRATA0005",
            "[Input] of model 'Net' declares no dimension; list the per-sample shape without the batch, for example [Input(1, 28, 28)]");

    [Fact]
    public void A_zero_dimension_is_STRATA0006_at_that_argument() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(1, {|0|}, 28)", "[Conv(6, 5)] public partial Conv2d C1 { get; }"),
            "STRATA0006",
            "Dimension 2 of [Input] on model 'Net' is 0; every input dimension must be at least 1, for example [Input(1, 28, 28)]");

    [Fact]
    public void A_negative_dimension_is_STRATA0006_at_that_argument() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input({|-3|})", "[Dense(2)] public partial Dense Out { get; }"),
            "STRATA0006",
            "Dimension 1 of [Input] on model 'Net' is -3; every input dimension must be at least 1, for example [Input(1, 28, 28)]");
}
