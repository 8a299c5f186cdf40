using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>Dense: a flat input (or [Flatten] first), positive units, a weight a tensor can hold.</summary>
public sealed class DenseTests
{
    [Fact]
    public void Dense_on_a_3D_input_without_Flatten_is_STRATA0013_and_shows_the_fix() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                "Model, Input(1, 28, 28)",
                "[Conv(16, 5)] public partial Conv2d C1 { get; }",
                "[MaxPool(2)] public partial Pool2d S2 { get; }",
                "[{|Dense(120)|}, Relu] public partial Dense F3 { get; }"),
            "STRATA0013",
            "Dense 'F3' needs a flat input but gets [16, 12, 12] from 'S2'; add [Flatten] before it on the same property: [Flatten, Dense(120)]");

    [Fact]
    public void Zero_units_is_STRATA0007_at_the_units() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(4)", "[Dense({|0|})] public partial Dense Out { get; }"),
            "STRATA0007",
            "Dense 'Out' has units 0; units must be at least 1, e.g. [Dense(10)] for 10 outputs");
}
