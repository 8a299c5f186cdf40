using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>
/// The position, class-token, step and patch layers: their shapes and kernel calls, and their diagnostics at the exact
/// argument or attribute: positions past PositionEmbedding's maxSteps (STRATA0077), a class token on a sequence of
/// dynamic length (STRATA0078), a step outside the sequence (STRATA0079), a patch that does not divide the image
/// (STRATA0080), and a non-sequence input (STRATA0040).
/// </summary>
public sealed class TransformerLayerTests
{
    private const string Image = "Model, Input(2, 4, 6)";
    private const string Patches = "[PatchEmbedding(4, 2)] public partial PatchEmbedding Patches { get; }";

    [Fact]
    public void A_vit_front_end_makes_tokens_prepends_the_class_token_and_takes_it_back()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            Image,
            Patches,
            "[ClassToken] public partial ClassToken Cls { get; }",
            "[PositionEmbedding(7)] public partial PositionEmbedding Positions { get; }",
            "[TakeStep(0)] public partial TakeStep Head { get; }",
            "[Dense(3)] public partial Dense Out { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        var source = result.SingleSource;
        Assert.Contains("PatchEmbedding 2×2 patches → 4", source, StringComparison.Ordinal);
        Assert.Contains("[T=6, 4]", source, StringComparison.Ordinal);
        Assert.Contains("[T=7, 4]", source, StringComparison.Ordinal);
        Assert.Contains("ClassTokenCpu.Forward(batch, 6, width: 4,", source, StringComparison.Ordinal);
        Assert.Contains("PositionEmbeddingCpu.Forward(batch, 7, width: 4, maxSteps: 7,", source, StringComparison.Ordinal);
        Assert.Contains("TakeStepGpu.Forward(batch, 7, width: 4, index: 0,", source, StringComparison.Ordinal);
        Assert.Contains("\"Patches.proj.weight\"", source, StringComparison.Ordinal);
        Assert.Contains("global::Strata.IModel", source, StringComparison.Ordinal);
        Assert.DoesNotContain("ISequenceModel", source, StringComparison.Ordinal);
    }

    [Fact]
    public void On_a_sequence_model_positions_and_the_mean_read_the_dynamic_steps_and_lengths()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(Dims.Sequence, 4)",
            "[PositionalEncoding] public partial PositionalEncoding Sinusoids { get; }",
            "[PositionEmbedding(16)] public partial PositionEmbedding Learned { get; }",
            "[MeanOverSteps] public partial MeanOverSteps Pool { get; }",
            "[Dense(2)] public partial Dense Out { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        var source = result.SingleSource;
        Assert.Contains("PositionalEncodingCpu.Forward(batch, steps, width: 4, input, plan.SinusoidsOutput);", source, StringComparison.Ordinal);
        Assert.Contains("MeanOverStepsCpu.Forward(batch, steps, width: 4, plan.Lengths,", source, StringComparison.Ordinal);
        Assert.Contains("global::Strata.ISequenceModel", source, StringComparison.Ordinal);
    }

    [Fact]
    public void More_steps_than_positions_learned_is_STRATA0077_at_the_argument() =>
        DiagnosticAssert.Single(
            ModelSource.Net(Image, Patches, "[PositionEmbedding({|5|})] public partial PositionEmbedding Positions { get; }"),
            "STRATA0077",
            "PositionEmbedding 'Positions' learns 5 positions but its input [T=6, 4] from 'Patches' has 6 steps; use [PositionEmbedding(6)] or more");

    [Fact]
    public void A_class_token_on_a_sequence_of_dynamic_length_is_STRATA0078_at_the_attribute() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(Dims.Sequence, 4)", "[{|ClassToken|}] public partial ClassToken Cls { get; }"),
            "STRATA0078",
            "ClassToken 'Cls' needs a sequence whose step count the model fixes at build time but gets [T, 4] from [Input]; adding a step to sequences of varying lengths would move every padded position, so pool the sequence with [MeanOverSteps] instead, or make it from an image with [PatchEmbedding(dim, patch)] or [ToSequence]");

    [Theory]
    [InlineData(Image, Patches, "6", "[T=6, 4] from 'Patches'; it has 6 steps, so use an index from 0 to 5, e.g. [TakeStep(0)] for a class token")]
    [InlineData("Model, Input(Dims.Sequence, 4)", "", "-1", "[T, 4] from [Input]; steps count from 0, e.g. [TakeStep(0)] for a class token")]
    public void A_step_outside_the_sequence_is_STRATA0079_at_the_argument(string input, string before, string index, string what) =>
        DiagnosticAssert.Single(
            ModelSource.Net(input, before.Length == 0 ? ["[TakeStep({|" + index + "|})] public partial TakeStep Step { get; }"] : [before, "[TakeStep({|" + index + "|})] public partial TakeStep Step { get; }"]),
            "STRATA0079",
            $"TakeStep 'Step' takes step {index} of its input {what}");

    [Fact]
    public void A_patch_that_does_not_divide_the_image_is_STRATA0080_at_the_argument() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(1, 28, 28)", "[PatchEmbedding(64, {|5|})] public partial PatchEmbedding Patches { get; }"),
            "STRATA0080",
            "PatchEmbedding 'Patches' has patch 5, which does not divide its input [1, 28, 28] from [Input] (28×28 leaves 3 rows and 3 columns over); use a patch that divides both, e.g. [PatchEmbedding(64, 4)], or resize the image");

    [Theory]
    [InlineData("PositionalEncoding", "PositionalEncoding")]
    [InlineData("MeanOverSteps", "MeanOverSteps")]
    [InlineData("TakeStep(0)", "TakeStep")]
    public void On_a_vector_a_sequence_layer_is_STRATA0040_at_the_attribute(string attribute, string type) =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(6)", "[{|" + attribute + "|}] public partial " + type + " Layer { get; }"),
            "STRATA0040",
            type + " 'Layer' needs a sequence [T, features] but gets [6] from [Input]; declare a sequence input, [Input(Sequence, features)], or keep the sequence the layers before it make");
}
