using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Shapes;

/// <summary>
/// A tensor too large for the runtime (STRATA0020) is reported at the argument that makes it too large, with the
/// tensor's shape and a fix for that argument; only the model input, a product of all its arguments, marks the whole [Input].
/// </summary>
public sealed class SizeChecksTests
{
    private const string Usings = "using Strata;\nusing static Strata.Dims;\n";

    [Fact]
    public void Conv_channels_that_overflow_the_output_are_STRATA0020_at_the_channels() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(1, 8, 8)", "[Conv({|2147483647|}, 3)] public partial Conv2d C1 { get; }"),
            "STRATA0020",
            "Conv 'C1' output [2147483647, 6, 6] would have 77309411292 elements, more than the 2147483647 that a tensor can hold; use fewer channels");

    [Fact]
    public void A_conv_kernel_that_overflows_the_weight_is_STRATA0020_at_the_kernel() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(1, 1, 1)", "[Conv(1, {|50000|}, pad: 25000)] public partial Conv2d C1 { get; }"),
            "STRATA0020",
            "Conv 'C1' weight [1, 1, 50000, 50000] would have 2500000000 elements, more than the 2147483647 that a tensor can hold; use a smaller kernel");

    [Fact]
    public void Conv_padding_that_overflows_the_output_is_STRATA0020_at_the_pad() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(1, 1, 1)", "[Conv(1, 1, pad: {|30000|})] public partial Conv2d C1 { get; }"),
            "STRATA0020",
            "Conv 'C1' output [1, 60001, 60001] would have 3600120001 elements, more than the 2147483647 that a tensor can hold; use less padding");

    [Fact]
    public void Conv_padding_that_overflows_the_padded_input_is_STRATA0020_at_the_pad() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(1, 28, 28)", "[Conv(6, 5, pad: {|2147483647|})] public partial Conv2d C1 { get; }"),
            "STRATA0020",
            "Conv 'C1' padded input height 28 + 2·2147483647 would have 4294967322 elements, more than the 2147483647 that a tensor can hold; use less padding");

    [Fact]
    public void Pool_padding_that_overflows_the_output_is_STRATA0020_at_the_pad() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(1, 46341, 46340)", "[MaxPool(2, stride: 1, pad: {|1|})] public partial Pool2d S1 { get; }"),
            "STRATA0020",
            "MaxPool 'S1' output [1, 46342, 46341] would have 2147534622 elements, more than the 2147483647 that a tensor can hold; use less padding");

    [Fact]
    public void Dense_units_that_overflow_the_weight_are_STRATA0020_at_the_units() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(1, 4, 4)", "[Flatten, Dense({|int.MaxValue|})] public partial Dense F1 { get; }"),
            "STRATA0020",
            "Dense 'F1' weight [2147483647, 16] would have 34359738352 elements, more than the 2147483647 that a tensor can hold; use fewer units");

    [Fact]
    public void Per_step_dense_units_that_overflow_the_weight_are_STRATA0020_at_the_units() =>
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, 5)]
            public partial class Net { [Dense({|int.MaxValue|})] public partial Dense Out { get; } }
            """,
            "STRATA0020",
            "Dense 'Out' weight [2147483647, 5] would have 10737418235 elements, more than the 2147483647 that a tensor can hold; use fewer units");

    [Fact]
    public void A_hidden_size_that_overflows_a_recurrent_weight_is_STRATA0020_at_the_hidden_size() =>
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, 3)]
            public partial class Net { [Lstm({|1000000|})] public partial Lstm Encoder { get; } }
            """,
            "STRATA0020",
            "Lstm 'Encoder' weight_hh_l0 [4000000, 1000000] would have 4000000000000 elements, more than the 2147483647 that a tensor can hold; use a smaller hidden size");

    [Fact]
    public void An_embedding_dim_that_overflows_the_weight_is_STRATA0020_at_the_dim() =>
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, Tokens, 100)]
            public partial class Net { [Embedding(100, {|2147483647|})] public partial Embedding Embed { get; } }
            """,
            "STRATA0020",
            "Embedding 'Embed' weight [100, 2147483647] would have 214748364700 elements, more than the 2147483647 that a tensor can hold; use a smaller dim");

    [Fact]
    public void An_input_larger_than_a_tensor_is_STRATA0020_at_the_whole_Input() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, {|Input(65536, 65536)|}", "[Flatten, Dense(2)] public partial Dense Out { get; }"),
            "STRATA0020",
            "Model 'Net' input [65536, 65536] would have 4294967296 elements, more than the 2147483647 that a tensor can hold; use smaller input dimensions");
}
