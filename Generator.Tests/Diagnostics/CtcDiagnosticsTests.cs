using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Diagnostics;

/// <summary>
/// <c>[Ctc(maxLabelLength)]</c>: a model whose output CTC reads gets its ID, span and message for a length below 1, an
/// output that is not per-step, a single class, and too few static steps; a CRNN that fits, and a sequence input whose
/// steps are only known at run time, get none.
/// </summary>
public sealed class CtcDiagnosticsTests
{
    private const string Usings = "using Strata;\nusing static Strata.Dims;\n";

    private static string Crnn(string ctc, string pool = "MaxPool(2)", string recurrent = "Lstm(8, Bidirectional = true)", string head = "Dense(11)") =>
        Usings + $$"""
        [Model, Input(1, 28, 168), {{ctc}}]
        public partial class Reader
        {
            [Conv(4, 3, pad: 1), Relu]       public partial Conv2d C1 { get; }
            [{{pool}}]                       public partial Pool2d P1 { get; }
            [ToSequence(SequenceAxis.Width)] public partial ToSequence Columns { get; }
            [{{recurrent}}]                  public partial Lstm Rnn { get; }
            [{{head}}]                       public partial Dense Out { get; }
        }
        """;

    [Fact]
    public void A_crnn_with_enough_steps_compiles_without_a_diagnostic()
    {
        var result = GeneratorHarness.Run(Crnn("Ctc(maxLabelLength: 6)"));

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.NotEmpty(result.ModelSources);
    }

    [Fact]
    public void Exactly_as_many_steps_as_labels_is_enough()
    {
        // MaxPool(4) leaves 168 / 4 = 42 columns.
        Assert.Empty(GeneratorHarness.Run(Crnn("Ctc(42)", pool: "MaxPool(4)")).GeneratorDiagnostics);
    }

    [Fact]
    public void A_label_length_below_1_is_STRATA0081_at_the_argument()
    {
        DiagnosticAssert.Single(
            Crnn("Ctc(maxLabelLength: {|0|})"),
            "STRATA0081",
            "[Ctc] of model 'Reader' has maxLabelLength 0; it is the most labels one output sequence carries, so at least 1; declare the longest label sequence the model reads, such as [Ctc(maxLabelLength: 6)] for up to 6 digits");
    }

    [Fact]
    public void A_sequence_reduced_to_its_last_step_is_STRATA0082_at_the_attribute()
    {
        DiagnosticAssert.Single(
            Crnn("{|Ctc(6)|}", recurrent: "Lstm(8, ReturnSequences = false)"),
            "STRATA0082",
            "[Ctc] of model 'Reader' needs a per-step output [T, classes], but the model outputs [11] from 'Out'; the sequence was reduced before the end; keep its steps (ReturnSequences = true on the recurrent layer) and end in a per-step Dense(classes)");
    }

    [Fact]
    public void An_image_classifier_is_STRATA0082_and_is_told_to_read_columns_as_steps()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(1, 8, 8), {|Ctc(2)|}]
            public partial class Classifier
            {
                [Conv(4, 3), Relu]  public partial Conv2d C1 { get; }
                [Flatten, Dense(5)] public partial Dense Out { get; }
            }
            """,
            "STRATA0082",
            "[Ctc] of model 'Classifier' needs a per-step output [T, classes], but the model outputs [5] from 'Out'; read the image's columns as steps with [ToSequence(SequenceAxis.Width)] and end in a recurrent layer and a per-step Dense(classes)");
    }

    [Fact]
    public void One_class_per_step_is_STRATA0083_at_the_attribute()
    {
        DiagnosticAssert.Single(
            Crnn("{|Ctc(6)|}", head: "Dense(1)"),
            "STRATA0083",
            "[Ctc] of model 'Reader' reads [T=84, 1] from 'Out', one class per step, but CTC needs the blank and at least one label; give 'Out' one output per label plus one for the blank");
    }

    [Fact]
    public void Fewer_static_steps_than_labels_is_STRATA0084_at_the_length_with_both_numbers()
    {
        // MaxPool(4) leaves 42 columns, one short of 43 labels.
        DiagnosticAssert.Single(
            Crnn("Ctc(maxLabelLength: {|43|})", pool: "MaxPool(4)"),
            "STRATA0084",
            "Model 'Reader' gives CTC 42 steps from 'Out' ([T=42, 11]), fewer than the 43 labels of [Ctc(maxLabelLength: 43)]; every label needs a step of its own (and a repeated label a blank between its copies): pool less along the sequence axis, widen the input, or lower maxLabelLength");
    }

    [Fact]
    public void A_sequence_input_has_no_static_steps_to_check()
    {
        var result = GeneratorHarness.Run(Usings + """
            [Model, Input(Sequence, 3), Ctc(maxLabelLength: 1000)]
            public partial class Tagger
            {
                [Gru(8)]   public partial Gru Rnn { get; }
                [Dense(5)] public partial Dense Out { get; }
            }
            """);

        Assert.Empty(result.GeneratorDiagnostics);
    }
}
