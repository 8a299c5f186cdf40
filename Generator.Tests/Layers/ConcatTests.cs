using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>
/// [Concat] joins earlier layers over their first dimension, and [From] starts a branch from an earlier layer or the
/// input: an Inception block builds; inputs that do not join, too few inputs, [From] where it cannot sit, and names that
/// are not layers are each a diagnostic at the exact argument or attribute.
/// </summary>
public sealed class ConcatTests
{
    private const string Input = "Model, Input(3, 8, 8)";

    [Fact]
    public void An_inception_block_of_four_branches_builds_with_no_diagnostic_compiles_and_joins_the_channels()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            Input,
            "[Conv(4, 1), Relu] public partial Conv2d P1 { get; }",
            "[From(Graph.Input), Conv(2, 1), Relu] public partial Conv2d P2a { get; }",
            "[Conv(6, 3, pad: 1), Relu] public partial Conv2d P2b { get; }",
            "[From(Graph.Input), Conv(2, 1), Relu] public partial Conv2d P3a { get; }",
            "[Conv(3, 5, pad: 2), Relu] public partial Conv2d P3b { get; }",
            "[From(Graph.Input), MaxPool(3, stride: 1, pad: 1)] public partial Pool2d P4a { get; }",
            "[Conv(5, 1), Relu] public partial Conv2d P4b { get; }",
            "[Concat(nameof(P1), nameof(P2b), nameof(P3b), nameof(P4b))] public partial Concat Joined { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        Assert.Matches(@"Joined\s+Concat P1, P2b, P3b, P4b\s+\[18, 8, 8\]", result.SingleSource);
        Assert.Matches(@"P2a\s+Conv 1×1, ReLU\s+\[2, 8, 8\]", result.SingleSource);
    }

    [Fact]
    public void Planes_that_differ_are_STRATA0056_at_the_input_that_differs_with_both_shapes_and_the_fix() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                Input,
                "[Conv(4, 3, pad: 1)] public partial Conv2d C1 { get; }",
                "[From(Graph.Input), Conv(2, 3)] public partial Conv2d C2 { get; }",
                "[Concat(nameof(C1), {|nameof(C2)|})] public partial Concat Joined { get; }"),
            "STRATA0056",
            "Concat 'Joined' joins [4, 8, 8] from 'C1' and [2, 6, 6] from 'C2', which differ in height or width; images join over channels, so their planes must match: give 'C2' the padding or stride that makes it 8×8");

    [Fact]
    public void A_vector_and_an_image_do_not_join_STRATA0056_in_rank() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                Input,
                "[Conv(3, 1)] public partial Conv2d C1 { get; }",
                "[Flatten] public partial Flatten F { get; }",
                "[Concat(nameof(F), {|nameof(C1)|})] public partial Concat Joined { get; }"),
            "STRATA0056",
            "Concat 'Joined' joins [192] from 'F' and [3, 8, 8] from 'C1', which differ in rank; inputs join over their first dimension, so every other dimension must match");

    [Fact]
    public void A_concat_of_one_input_is_STRATA0057_at_the_attribute() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                Input,
                "[Conv(4, 3, pad: 1)] public partial Conv2d C1 { get; }",
                "[{|Concat(nameof(C1))|}] public partial Concat Joined { get; }"),
            "STRATA0057",
            "Concat 'Joined' names 1 input; name at least two earlier layers, as in [Concat(nameof(B1), nameof(B2))], or remove it");

    [Fact]
    public void From_on_a_layer_that_names_its_inputs_is_STRATA0058_at_the_from() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                Input,
                "[Conv(4, 3, pad: 1)] public partial Conv2d C1 { get; }",
                "[{|From(nameof(C1))|}, Add(nameof(C1), nameof(C1))] public partial Add Sum { get; }"),
            "STRATA0058",
            "[From] on 'Sum' sits on [Add], which reads only the layers it names; remove [From] and name 'C1' in [Add] instead");

    [Fact]
    public void From_without_a_layer_is_STRATA0059_at_the_from() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                Input,
                "[Conv(4, 3, pad: 1)] public partial Conv2d C1 { get; }",
                "[{|From(nameof(C1))|}] public partial Conv2d C2 { get; }"),
            "STRATA0059",
            "[From] on 'C2' has no layer attribute beside it to read 'C1'; add the layer, as in [From(nameof(C1)), Conv(32, 1)]");

    [Fact]
    public void From_a_name_that_is_not_a_layer_is_STRATA0053_at_that_argument() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                Input,
                "[Conv(4, 3, pad: 1)] public partial Conv2d C1 { get; }",
                "[From({|\"C9\"|}), Conv(2, 1)] public partial Conv2d C2 { get; }"),
            "STRATA0053",
            "Conv 'C2' reads 'C9', which is not a layer of model 'Net'; name a layer property declared before 'C2' with nameof, as in [Add(nameof(C1), nameof(C2))], or the input as Graph.Input");

    [Fact]
    public void A_branch_that_skips_a_layer_leaves_it_unread_a_STRATA0055_warning()
    {
        var source = MarkedSource.Parse(ModelSource.Net(
            Input,
            "[{|Conv(4, 3, pad: 1)|}] public partial Conv2d Skipped { get; }",
            "[From(Graph.Input), Conv(2, 1)] public partial Conv2d C2 { get; }"));
        var result = GeneratorHarness.Run(source.Text);

        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal("STRATA0055", diagnostic.Id);
        Assert.Equal(source.Span, diagnostic.Location.GetLineSpan().Span);
    }

    [Fact]
    public void Sequences_of_fixed_steps_join_over_steps_as_a_vit_puts_a_token_before_its_patches()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(1, 8, 8)",
            "[Conv(4, 4, stride: 4)] public partial Conv2d Patches { get; }",
            "[ToSequence(SequenceAxis.Pixels)] public partial ToSequence Tokens { get; }",
            "[From(Graph.Input), Conv(4, 8)] public partial Conv2d Whole { get; }",
            "[ToSequence(SequenceAxis.Pixels)] public partial ToSequence First { get; }",
            "[Concat(nameof(First), nameof(Tokens), Axis = ConcatAxis.Steps)] public partial Concat Joined { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        Assert.Matches(@"Joined\s+Concat First, Tokens over steps\s+\[T=5, 4\]", result.SingleSource);
    }

    [Fact]
    public void Steps_that_differ_in_features_are_STRATA0056_at_the_input_that_differs() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                "Model, Input(1, 8, 8)",
                "[Conv(4, 4, stride: 4)] public partial Conv2d Patches { get; }",
                "[ToSequence(SequenceAxis.Pixels)] public partial ToSequence Tokens { get; }",
                "[From(Graph.Input), Conv(3, 8)] public partial Conv2d Whole { get; }",
                "[ToSequence(SequenceAxis.Pixels)] public partial ToSequence First { get; }",
                "[Concat(nameof(First), {|nameof(Tokens)|}, Axis = ConcatAxis.Steps)] public partial Concat Joined { get; }"),
            "STRATA0056",
            "Concat 'Joined' joins [T=1, 3] from 'First' and [T=4, 4] from 'Tokens', which differ in their features per step; sequences join over steps, so each step must have the same features");

    [Fact]
    public void Steps_of_an_image_are_STRATA0062_at_that_input_with_the_bridge_as_the_fix() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                Input,
                "[Conv(4, 3, pad: 1)] public partial Conv2d C1 { get; }",
                "[From(Graph.Input), Conv(4, 1)] public partial Conv2d C2 { get; }",
                "[Concat({|nameof(C1)|}, nameof(C2), Axis = ConcatAxis.Steps)] public partial Concat Joined { get; }"),
            "STRATA0062",
            "Concat 'Joined' joins over steps, but 'C1' gives [4, 8, 8], which is not a sequence of a fixed step count; steps join only for sequences made from an image by [ToSequence] (or layers after one), as a ViT's class token and patch tokens; bridge the image first with [ToSequence(SequenceAxis.Pixels)], or leave Axis out to join channels or features");

    [Fact]
    public void Steps_of_a_sequence_model_are_STRATA0062_since_they_vary_and_end_in_padding() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                "Model, Input(Dims.Sequence, 8)",
                "[Dense(4)] public partial Dense A { get; }",
                "[From(Graph.Input), Dense(4)] public partial Dense B { get; }",
                "[Concat({|nameof(A)|}, nameof(B), Axis = ConcatAxis.Steps)] public partial Concat Joined { get; }"),
            "STRATA0062",
            "Concat 'Joined' joins over steps, but 'A' gives [T, 4], which is not a sequence of a fixed step count; steps join only for sequences made from an image by [ToSequence] (or layers after one), as a ViT's class token and patch tokens; a sequence model's steps vary with each batch and end in padding, so join its features instead (leave Axis out)");

    [Fact]
    public void An_axis_that_is_no_concat_axis_is_STRATA0075_at_the_axis() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                Input,
                "[Conv(4, 3, pad: 1)] public partial Conv2d C1 { get; }",
                "[From(Graph.Input), Conv(4, 1)] public partial Conv2d C2 { get; }",
                "[Concat(nameof(C1), nameof(C2), Axis = {|(ConcatAxis)5|})] public partial Concat Joined { get; }"),
            "STRATA0075",
            "Concat 'Joined' has Axis 5, which is neither ConcatAxis.Features nor ConcatAxis.Steps; leave Axis out to join channels or features, or write Axis = ConcatAxis.Steps to join the steps of sequences");
}
