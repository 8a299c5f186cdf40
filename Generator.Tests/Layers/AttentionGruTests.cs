using Microsoft.CodeAnalysis;
using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Layers;

/// <summary>
/// Encoder–decoder models: <c>[SecondInput(name, ...)]</c> gives a second input on its own time axis (its steps, its
/// lengths, its own Forward parameter), read with <c>[From(name)]</c>; <c>[AttentionGru]</c> calls the runtime's
/// attention-GRU kernels on both devices with the target's and the memory's steps and lengths, and starts from the
/// memory's last valid step when asked. The misuses: a second input's name that cannot be a parameter (STRATA0088), inputs
/// that are not both sequences (STRATA0089), a second input nobody reads (STRATA0090, a warning), a decoder starting from
/// an encoder of another width (STRATA0091), a memory that is not feature vectors (STRATA0092), and no memory (STRATA0093).
/// </summary>
public sealed class AttentionGruTests
{
    private const string TwoInputs = "Model, Input(Dims.Sequence, Dims.Tokens, 9), SecondInput(\"target\", Dims.Sequence, Dims.Tokens, 7)";

    [Fact]
    public void A_declared_encoder_decoder_reads_both_inputs_on_their_own_axes_and_calls_the_attention_gru_kernels()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            TwoInputs,
            "[Embedding(9, 4)] public partial Embedding SourceEmbedding { get; }",
            "[Gru(5)] public partial Gru Encoder { get; }",
            "[From(\"target\"), Embedding(7, 4)] public partial Embedding TargetEmbedding { get; }",
            "[AttentionGru(5, MemoryFrom = nameof(Encoder), AttentionHidden = 3, StateFromMemory = true)] public partial AttentionGru Decoder { get; }",
            "[Dense(7)] public partial Dense Head { get; }"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        var source = result.SingleSource;
        Assert.Contains("partial class Net : global::Strata.IEncoderDecoderModel", source, StringComparison.Ordinal);
        Assert.Contains("public global::Strata.Tensor Forward(global::Strata.Tensor input, int[]? lengths, global::Strata.Tensor target, int[]? targetLengths)", source, StringComparison.Ordinal);
        Assert.Contains("global::Strata.SequenceLengths.Fill(plan.TargetLengths, targetLengths, targetSteps);", source, StringComparison.Ordinal);
        Assert.Contains("global::Strata.Cpu.LastStepCpu.Forward(batch, steps, hidden: 5, directions: 1, plan.Lengths, plan.EncoderOutput, plan.DecoderInitialState);", source, StringComparison.Ordinal);
        Assert.Contains(
            "global::Strata.Cpu.AttentionGruCpu.Forward(new global::Strata.Cpu.AttentionGruGeometry(Batch: batch, TargetSteps: targetSteps, SourceSteps: steps, InputSize: 4, MemoryWidth: 5, Hidden: 5, AttentionHidden: 3), " +
            "plan.TargetEmbeddingOutput, plan.EncoderOutput, plan.Lengths, plan.TargetLengths, plan.DecoderInitialState, _decoder.Weights, plan.DecoderOutput, plan.DecoderTape, _workspace, null, plan.DecoderAttention);",
            source,
            StringComparison.Ordinal);
        Assert.Contains("global::Strata.Gpu.AttentionGruGpu.Backward(", source, StringComparison.Ordinal);
        Assert.Contains("global::Strata.Cpu.ElementwiseCpu.AddTo(plan.DecoderMemoryGradFromState, plan.EncoderOutputGrad);", source, StringComparison.Ordinal);
        Assert.Contains("\"Decoder.attention.W_q.weight\", 3, 5", source, StringComparison.Ordinal);
        Assert.Contains("\"Decoder.rnn.weight_ih_l0\", 15, 9", source, StringComparison.Ordinal);
        Assert.Matches(@"\(target\) +\[T\(target\)\] token ids < 7\\n", source);
        Assert.Contains("AttentionGru 4→5, additive attention 3 over Encoder, from its last state", source, StringComparison.Ordinal);
        Assert.Contains("has no ONNX form", source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Target", "it becomes a parameter of Forward, so it must start with a lower-case letter, as parameters do, e.g. \"target\"")]
    [InlineData("plan", "the generated Forward already uses that name for its own parameters or locals; choose another, e.g. \"target\"")]
    [InlineData("class", "it becomes a parameter of Forward, so it must be a C# identifier that is not a keyword, e.g. \"target\"")]
    public void A_second_input_name_that_cannot_be_a_parameter_is_STRATA0088_at_the_name(string name, string why) =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                "Model, Input(Dims.Sequence, 3), SecondInput({|\"" + name + "\"|}, Dims.Sequence, 2)",
                "[From(\"" + name + "\"), Dense(2)] public partial Dense Head { get; }"),
            "STRATA0088",
            $"Model 'Net' names its second input \"{name}\"; {why}");

    [Fact]
    public void A_first_input_that_is_not_a_sequence_is_STRATA0089_at_Input() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, {|Input(4)|}, SecondInput(\"target\", Dims.Sequence, 2)", "[Dense(2)] public partial Dense Head { get; }"),
            "STRATA0089",
            "Model 'Net' declares the second input 'target' beside [Input] (4); an encoder–decoder model reads two sequences, each with its own steps and lengths, but [Input] is not a sequence; declare it as one, e.g. [Input(Sequence, Tokens, vocabulary)]");

    [Fact]
    public void A_second_input_that_is_not_a_sequence_is_STRATA0089_at_SecondInput() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(Dims.Sequence, 3), {|SecondInput(\"target\", 2)|}", "[Dense(2)] public partial Dense Head { get; }"),
            "STRATA0089",
            "Model 'Net' declares the second input 'target' beside [Input] (Sequence, 3); the second input (2) is not a sequence; declare it with its own time axis, e.g. [SecondInput(\"target\", Sequence, Tokens, vocabulary)] or [SecondInput(\"target\", Sequence, features)]");

    [Fact]
    public void A_second_input_nobody_reads_is_the_warning_STRATA0090_at_SecondInput() =>
        DiagnosticAssert.Single(
            ModelSource.Net("Model, Input(Dims.Sequence, 3), {|SecondInput(\"target\", Dims.Sequence, 2)|}", "[Dense(2)] public partial Dense Head { get; }"),
            "STRATA0090",
            "Model 'Net' declares the second input 'target' [T(target), 2], but no layer reads it; read it with [From(\"target\")] on the first layer of the decoder, for example [From(\"target\"), Embedding(vocabulary, 32)], or remove [SecondInput]",
            DiagnosticSeverity.Warning);

    [Fact]
    public void A_decoder_starting_from_an_encoder_of_another_width_is_STRATA0091_at_MemoryFrom_with_both_widths() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                "Model, Input(Dims.Sequence, 3), SecondInput(\"target\", Dims.Sequence, 2)",
                "[Gru(6)] public partial Gru Encoder { get; }",
                "[From(\"target\"), AttentionGru(4, MemoryFrom = {|nameof(Encoder)|}, StateFromMemory = true)] public partial AttentionGru Decoder { get; }"),
            "STRATA0091",
            "AttentionGru 'Decoder' has 4 state features and starts from the last step of its memory [T, 6] from 'Encoder', which is 6 wide; its initial state is the encoder's final state, so give the decoder the encoder's width, [AttentionGru(6, MemoryFrom = ...)], or the encoder the decoder's, 'Encoder' with 4 features, or leave out StateFromMemory to start from zeros");

    [Fact]
    public void Without_StateFromMemory_a_memory_of_another_width_is_fine()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(Dims.Sequence, 3), SecondInput(\"target\", Dims.Sequence, 2)",
            "[Gru(6)] public partial Gru Encoder { get; }",
            "[From(\"target\"), AttentionGru(4, MemoryFrom = nameof(Encoder))] public partial AttentionGru Decoder { get; }"));
        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
        Assert.Contains("MemoryWidth: 6, Hidden: 4, AttentionHidden: 4), target, plan.EncoderOutput, plan.Lengths, plan.TargetLengths, null, _decoder.Weights,", result.SingleSource, StringComparison.Ordinal);
    }

    [Fact]
    public void A_memory_of_token_ids_is_STRATA0092_at_MemoryFrom() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                "Model, Input(Dims.Sequence, Dims.Tokens, 10), SecondInput(\"target\", Dims.Sequence, 2)",
                "[From(\"target\"), AttentionGru(4, MemoryFrom = {|Graph.Input|})] public partial AttentionGru Decoder { get; }"),
            "STRATA0092",
            "AttentionGru 'Decoder' attends over [T] token ids < 10 from [Input]; the memory must be feature vectors, not token ids: encode them first, e.g. [Embedding(vocabulary, 32)] then [Gru(4)], and read that");

    [Fact]
    public void A_decoder_without_MemoryFrom_is_STRATA0093_at_the_attribute() =>
        DiagnosticAssert.Single(
            ModelSource.Net(
                "Model, Input(Dims.Sequence, 3), SecondInput(\"target\", Dims.Sequence, 2)",
                "[From(\"target\"), {|AttentionGru(4)|}] public partial AttentionGru Decoder { get; }"),
            "STRATA0093",
            "AttentionGru 'Decoder' names no memory to attend over; add MemoryFrom = nameof(Encoder), the layer whose output sequence the attention reads, for example [AttentionGru(4, MemoryFrom = nameof(Encoder))]");

    [Fact]
    public void Adding_a_source_sequence_to_a_target_sequence_is_a_shape_mismatch()
    {
        var result = GeneratorHarness.Run(ModelSource.Net(
            "Model, Input(Dims.Sequence, 3), SecondInput(\"target\", Dims.Sequence, 3)",
            "[Dense(3)] public partial Dense A { get; }",
            "[Add(nameof(A), \"target\")] public partial Add Sum { get; }"));
        var diagnostic = Assert.Single(result.GeneratorDiagnostics);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Contains("[T(target), 3]", diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }
}
