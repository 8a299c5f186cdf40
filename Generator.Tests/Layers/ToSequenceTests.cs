using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>
/// ToSequence: [C, H, W] → W steps of C·H features (Width) or H·W steps of C features (Pixels), a sequence whose step
/// count the image fixes; recurrent layers and per-step Dense after it run on that constant, in an IModel (not an
/// ISequenceModel) with no lengths and no carried state. A non-image input is STRATA0012 at the attribute with the fix
/// for what came before, an unknown axis STRATA0073 at the argument, and a Concat of sequences with different step
/// counts names the difference.
/// </summary>
public sealed class ToSequenceTests
{
    private const string Image = "Model, Input(2, 3, 4)";

    [Theory]
    [InlineData("SequenceAxis.Width", "[T=4, 6]", "ToSequence, 4 columns as steps of 6")]
    [InlineData("SequenceAxis.Pixels", "[T=12, 2]", "ToSequence, 12 pixels as steps of 2")]
    public void Its_output_is_a_sequence_of_fixed_length_read_along_the_axis(string axis, string shape, string description)
    {
        var result = GeneratorHarness.Run(ModelSource.Net(Image, $"[ToSequence({axis})] public partial ToSequence Layer {{ get; }}"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        Assert.Matches("\"Layer +" + System.Text.RegularExpressions.Regex.Escape(description + "  " + shape) + " +0 +0\\\\n", result.SingleSource);
        Assert.Contains($"ToSequenceCpu.Forward(batch, channels: 2, height: 3, width: 4, global::Strata.{axis}, input, plan.LayerOutput);", result.SingleSource, StringComparison.Ordinal);
        Assert.Contains("global::Strata.IModel", result.SingleSource, StringComparison.Ordinal);
        Assert.DoesNotContain("ISequenceModel", result.SingleSource, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recurrent_layer_and_a_per_step_dense_after_it_run_on_the_constant_step_count_with_every_sequence_full()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(1, 4, 6)",
            "[Conv(3, 3, pad: 1), Relu] public partial Conv2d C1 { get; }",
            "[ToSequence(SequenceAxis.Width)] public partial ToSequence Columns { get; }",
            "[Gru(5, Bidirectional = true)] public partial Gru Rnn { get; }",
            "[Dropout(0.1)] public partial Dropout Drop { get; }",
            "[Dense(2)] public partial Dense Out { get; }",
            "[Softmax] public partial Softmax Probabilities { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        var source = result.SingleSource;
        Assert.Contains("new global::Strata.Cpu.RecurrentGeometry(Batch: batch, Steps: 6, InputSize: 12, Hidden: 5)", source, StringComparison.Ordinal);
        Assert.Contains("Lengths = null", source, StringComparison.Ordinal);
        Assert.Contains("DenseCpu.Forward<global::Strata.Cpu.IdentityActivation>(batch * 6, inFeatures: 10, outFeatures: 2,", source, StringComparison.Ordinal);
        Assert.Contains("s_outputShape = global::System.Array.AsReadOnly(new int[] { 6, 2 });", source, StringComparison.Ordinal);
        Assert.DoesNotContain("steps", Method(source, "ForwardCpu"), StringComparison.Ordinal);
        Assert.DoesNotContain("RecurrentState", source, StringComparison.Ordinal);
    }

    [Fact]
    public void A_recurrent_layer_reduced_to_its_last_step_gives_a_vector_for_a_dense_head()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            Image,
            "[ToSequence(SequenceAxis.Pixels)] public partial ToSequence Tokens { get; }",
            "[Lstm(3, ReturnSequences = false)] public partial Lstm Rnn { get; }",
            "[Dense(2)] public partial Dense Out { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        Assert.Contains("LastStepCpu.Forward(batch, 12, hidden: 3, directions: 1, null,", result.SingleSource, StringComparison.Ordinal);
        Assert.Contains("SequenceGpu.LastStepForward(batch, 12, hidden: 3, directions: 1, null,", result.SingleSource, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Model, Input(Dims.Sequence, 3)", "[{|ToSequence(SequenceAxis.Width)|}] public partial ToSequence Layer { get; }", "", "[T, 3] from [Input]; the input is already a sequence; remove [ToSequence]")]
    [InlineData("Model, Input(6)", "[{|ToSequence(SequenceAxis.Width)|}] public partial ToSequence Layer { get; }", "", "[6] from [Input]; declare the input as [Input(channels, height, width)], e.g. [Input(1, 32, 128)]")]
    [InlineData(Image, "[GlobalAvgPool] public partial GlobalAvgPool Gap { get; }", "[{|ToSequence(SequenceAxis.Width)|}] public partial ToSequence Layer { get; }",
        "[2] from 'Gap'; [ToSequence] reads the convolutional trunk's [channels, height, width] output; move it before the Flatten, Dense or pooling layer that made it a vector")]
    [InlineData(Image, "[ToSequence(SequenceAxis.Width)] public partial ToSequence First { get; }", "[{|ToSequence(SequenceAxis.Pixels)|}] public partial ToSequence Layer { get; }",
        "[T=4, 6] from 'First'; the image is already a sequence; remove this second [ToSequence]")]
    public void On_anything_but_an_image_it_is_STRATA0012_at_its_attribute_with_the_fix(string classAttributes, string first, string second, string what) =>
        DiagnosticAssert.Single(
            ModelSource.Net(classAttributes, second.Length == 0 ? [first] : [first, second]),
            "STRATA0012",
            "ToSequence 'Layer' needs a [channels, height, width] input but gets " + what);

    [Fact]
    public void An_axis_that_is_not_a_SequenceAxis_value_is_STRATA0073_at_the_argument() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Image, "[ToSequence({|(SequenceAxis)2|})] public partial ToSequence Layer { get; }"),
            "STRATA0073",
            "ToSequence 'Layer' has axis 2, which is neither SequenceAxis.Width nor SequenceAxis.Pixels; write [ToSequence(SequenceAxis.Width)] for the image's columns as steps (a CRNN) or [ToSequence(SequenceAxis.Pixels)] for its pixels (a ViT)");

    [Fact]
    public void Sequences_of_different_step_counts_do_not_concatenate()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(2, 2, 2)",
            "[ToSequence(SequenceAxis.Width)] public partial ToSequence Columns { get; }",
            "[From(Graph.Input), ToSequence(SequenceAxis.Pixels)] public partial ToSequence Pixels { get; }",
            "[Concat(nameof(Pixels), nameof(Columns))] public partial Concat Both { get; }"));

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Contains("in their number of steps", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    private static string Method(string source, string name)
    {
        var start = source.IndexOf("private void " + name + "(", StringComparison.Ordinal);
        var end = source.IndexOf("\n    }\n", start, StringComparison.Ordinal);
        return source[start..end];
    }
}
