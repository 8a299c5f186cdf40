using Strata.Generator.Tests.TestSupport;

namespace Strata.Generator.Tests.Diagnostics;

/// <summary>Each sequence-model diagnostic: its ID, the exact span it marks and its full message.</summary>
public sealed class SequenceDiagnosticsTests
{
    private const string Usings = "using Strata;\nusing static Strata.Dims;\n";

    [Fact]
    public void An_lstm_fed_by_a_conv_is_STRATA0040_at_the_lstm()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(1, 28, 28)]
            public partial class Net
            {
                [Conv(8, 3), Relu] public partial Conv2d C1 { get; }
                [{|Lstm(32)|}]         public partial Lstm Encoder { get; }
            }
            """,
            "STRATA0040",
            "Lstm 'Encoder' needs a sequence [T, features] but gets [8, 26, 26] from 'C1'; put a property with [ToSequence(SequenceAxis.Width)] before it to read the image's columns as steps (a CRNN), or [ToSequence(SequenceAxis.Pixels)] for its pixels; or declare a sequence input, [Input(Sequence, features)]");
    }

    [Fact]
    public void A_recurrent_layer_after_a_many_to_one_layer_is_STRATA0040()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, 3)]
            public partial class Net
            {
                [Gru(4, ReturnSequences = false)] public partial Gru First { get; }
                [{|Rnn(4)|}]                          public partial Rnn Second { get; }
            }
            """,
            "STRATA0040",
            "Rnn 'Second' needs a sequence [T, features] but gets [4] from 'First'; 'First' has already reduced the sequence to its last step; give 'First' ReturnSequences = true");
    }

    [Fact]
    public void A_recurrent_layer_after_a_dense_after_a_many_to_one_layer_names_the_many_to_one_layer()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, 3)]
            public partial class Net
            {
                [Gru(4, ReturnSequences = false)] public partial Gru First { get; }
                [Dense(8), Relu]                  public partial Dense Mix { get; }
                [{|Lstm(4)|}]                         public partial Lstm Second { get; }
            }
            """,
            "STRATA0040",
            "Lstm 'Second' needs a sequence [T, features] but gets [8] from 'Mix'; 'First' has already reduced the sequence to its last step; give 'First' ReturnSequences = true");
    }

    // ReturnSequences is an option of recurrent layers; after a Flatten of an image there is none to give it to.
    [Fact]
    public void An_lstm_after_a_flattened_image_is_STRATA0040_and_asks_for_a_sequence_input_not_ReturnSequences()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(1, 8, 8)]
            public partial class Net
            {
                [Conv(4, 3), Relu] public partial Conv2d C1 { get; }
                [Flatten]          public partial Flatten F { get; }
                [{|Lstm(32)|}]         public partial Lstm Encoder { get; }
            }
            """,
            "STRATA0040",
            "Lstm 'Encoder' needs a sequence [T, features] but gets [144] from 'F'; a flattened image has no steps; read the image as a sequence with [ToSequence(SequenceAxis.Width)] before the recurrent layer instead of flattening it, or declare a sequence input, [Input(Sequence, features)]");
    }

    [Fact]
    public void An_lstm_after_a_dense_on_a_flat_input_is_STRATA0040_and_asks_for_a_sequence_input()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(784)]
            public partial class Net
            {
                [Dense(28), Relu] public partial Dense Hidden { get; }
                [{|Gru(32)|}]         public partial Gru Encoder { get; }
            }
            """,
            "STRATA0040",
            "Gru 'Encoder' needs a sequence [T, features] but gets [28] from 'Hidden'; the model input [784] has no time dimension; declare a sequence input, e.g. [Input(Sequence, 28)] with 'using static Strata.Dims;'");
    }

    [Fact]
    public void A_conv_after_a_many_to_one_layer_is_STRATA0012_and_names_that_layer_not_Dense_or_Flatten()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, 3)]
            public partial class Net
            {
                [Lstm(16, ReturnSequences = false)] public partial Lstm Encoder { get; }
                [{|MaxPool(2)|}]                        public partial Pool2d S { get; }
            }
            """,
            "STRATA0012",
            "MaxPool 'S' needs a [channels, height, width] input but gets [16] from 'Encoder'; convolution and pooling over sequences are not supported, and 'Encoder' outputs one vector per sequence; follow it with [Dense] layers");
    }

    [Fact]
    public void Flattening_the_input_sequence_is_STRATA0044_and_suggests_a_recurrent_layer_rather_than_naming_one()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, 3)]
            public partial class Net
            {
                [Flatten, {|Dense(10)|}] public partial Dense Out { get; }
            }
            """,
            "STRATA0044",
            "Dense 'Out' would flatten the sequence [T, 3] from [Input], whose length T is known only at run time; drop [Flatten] to apply [Dense] to every step, or reduce the sequence to one vector first with a recurrent layer, e.g. [Lstm(64, ReturnSequences = false)]");
    }

    [Fact]
    public void Sequence_in_second_place_is_STRATA0041_at_the_marker()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(28, {|Sequence|})]
            public partial class Net { [Lstm(32)] public partial Lstm Encoder { get; } }
            """,
            "STRATA0041",
            "[Input] of model 'Net' has Sequence at position 2, but the time dimension must come first; declare [Input(Sequence, features)] for feature vectors or [Input(Sequence, Tokens, vocab)] for token ids, with 'using static Strata.Dims;'");
    }

    [Fact]
    public void Tokens_without_a_vocabulary_is_STRATA0041()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, {|Tokens|})]
            public partial class Net { [OneHot(5)] public partial OneHot Encode { get; } }
            """,
            "STRATA0041",
            "[Input] of model 'Net' has Tokens without a vocabulary size; declare [Input(Sequence, features)] for feature vectors or [Input(Sequence, Tokens, vocab)] for token ids, with 'using static Strata.Dims;'");
    }

    [Fact]
    public void An_embedding_of_features_is_STRATA0042()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, 16)]
            public partial class Net { [{|Embedding(100, 8)|}] public partial Embedding Embed { get; } }
            """,
            "STRATA0042",
            "Embedding 'Embed' reads token ids but gets [T, 16] from [Input]; make it the first layer of a model with [Input(Sequence, Tokens, vocab)]");
    }

    [Fact]
    public void An_lstm_reading_token_ids_is_STRATA0043()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, Tokens, 100)]
            public partial class Net { [{|Lstm(32)|}] public partial Lstm Encoder { get; } }
            """,
            "STRATA0043",
            "Lstm 'Encoder' needs feature vectors but gets [T] token ids < 100 from [Input]; put [Embedding(100, dim)] or [OneHot(100)] before it");
    }

    [Fact]
    public void Flattening_a_sequence_is_STRATA0044_at_the_dense()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, 3)]
            public partial class Net
            {
                [Lstm(32)]               public partial Lstm Encoder { get; }
                [Flatten, {|Dense(10)|}] public partial Dense Out { get; }
            }
            """,
            "STRATA0044",
            "Dense 'Out' would flatten the sequence [T, 32] from 'Encoder', whose length T is known only at run time; drop [Flatten] to apply [Dense] to every step, or give 'Encoder' ReturnSequences = false for one vector per sequence");
    }

    [Fact]
    public void A_vocabulary_mismatch_is_STRATA0045_at_the_vocab_argument()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, Tokens, 100)]
            public partial class Net { [Embedding({|90|}, 8)] public partial Embedding Embed { get; } }
            """,
            "STRATA0045",
            "Embedding 'Embed' has vocab 90 but [Input] declares token ids < 100; give it vocab 100");
    }

    [Fact]
    public void Dropout_of_one_and_a_half_is_STRATA0046_at_the_value()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, 3)]
            public partial class Net { [Lstm(32, Layers = 2, Dropout = {|1.5|})] public partial Lstm Encoder { get; } }
            """,
            "STRATA0046",
            "Lstm 'Encoder' has Dropout 1.5; a dropout probability must be at least 0 and below 1");
    }

    [Fact]
    public void A_fused_activation_on_an_rnn_is_STRATA0047()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, 3)]
            public partial class Net { [{|Rnn(32)|}, Relu] public partial Rnn Encoder { get; } }
            """,
            "STRATA0047",
            "[Relu] cannot be fused into Rnn 'Encoder'; recurrent cells have fixed nonlinearities (use [Rnn(hidden, RnnActivation.Relu)] for a ReLU RNN), so put the activation on a following [Dense]");
    }

    [Fact]
    public void Dropout_on_a_single_layer_is_the_STRATA0048_warning_at_the_value_and_the_model_is_still_generated()
    {
        var result = DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, 3)]
            public partial class Net { [Gru(32, Dropout = {|0.2|})] public partial Gru Encoder { get; } }
            """,
            "STRATA0048",
            "Gru 'Encoder' has Dropout 0.2 but one layer; dropout acts only between stacked layers, so here it does nothing (PyTorch warns the same); remove Dropout, or stack layers with Layers = 2 or more",
            Microsoft.CodeAnalysis.DiagnosticSeverity.Warning);

        Assert.Single(result.ModelSources);
        Assert.DoesNotContain("_dropoutRandom", result.ModelSources[0].SourceText.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("33")]
    [InlineData("int.MaxValue")]
    public void More_than_32_stacked_layers_is_STRATA0049_at_the_count(string layers)
    {
        DiagnosticAssert.Single(
            Usings + $$"""
            [Model, Input(Sequence, 3)]
            public partial class Net { [Lstm(4, Layers = {|{{layers}}|})] public partial Lstm Encoder { get; } }
            """,
            "STRATA0049",
            $"Lstm 'Encoder' has Layers = {(layers == "33" ? "33" : "2147483647")}, more than the 32 that Strata generates code for (each stacked layer gets its own weights, buffers and loop); use fewer layers");
    }

    [Fact]
    public void Dropout_between_stacked_layers_is_accepted()
    {
        var result = GeneratorHarness.Run(Usings + """
            /// <summary>Three bidirectional RNN layers with dropout between them.</summary>
            [Model, Input(Sequence, 3)]
            public partial class Net { [Rnn(8, Layers = 3, Bidirectional = true, Dropout = 0.5)] public partial Rnn Encoder { get; } }
            """);

        Assert.Empty(result.GeneratorDiagnostics);
        Assert.True(result.CompilationProblems.IsEmpty, string.Join("\n", result.CompilationProblems));
    }

    [Theory]
    [InlineData("-0.1")]
    [InlineData("1.0")]
    [InlineData("0.99999999999")]
    [InlineData("double.NaN")]
    public void Dropout_outside_zero_to_one_is_STRATA0046_at_the_value(string value)
    {
        var source = MarkedSource.Parse(Usings + $$"""
            [Model, Input(Sequence, 3)]
            public partial class Net { [Lstm(4, Layers = 2, Dropout = {|{{value}}|})] public partial Lstm Encoder { get; } }
            """);

        var diagnostic = Assert.Single(GeneratorHarness.Run(source.Text).GeneratorDiagnostics);
        Assert.Equal("STRATA0046", diagnostic.Id);
        Assert.Equal(source.Span, diagnostic.Location.GetLineSpan().Span);
    }

    [Fact]
    public void A_hidden_size_of_zero_is_STRATA0007_at_the_argument()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, 3)]
            public partial class Net { [Gru({|0|})] public partial Gru Encoder { get; } }
            """,
            "STRATA0007",
            "Gru 'Encoder' has hidden 0; hidden must be at least 1, e.g. [Gru(64)] for 64 state features");
    }

    [Fact]
    public void Zero_layers_is_STRATA0007_at_the_named_argument()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, 3)]
            public partial class Net { [Lstm(4, Layers = {|0|})] public partial Lstm Encoder { get; } }
            """,
            "STRATA0007",
            "Lstm 'Encoder' has Layers 0; Layers must be at least 1 (the number of stacked layers)");
    }

    [Fact]
    public void A_conv_over_a_sequence_is_STRATA0012()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, 3)]
            public partial class Net { [{|Conv(4, 3)|}] public partial Conv2d C1 { get; } }
            """,
            "STRATA0012",
            "Conv 'C1' needs a [channels, height, width] input but gets [T, 3] from [Input]; convolution and pooling over sequences are not supported; use a recurrent layer such as [Lstm(hidden)]");
    }

    [Fact]
    public void A_wrong_handle_type_is_STRATA0014()
    {
        DiagnosticAssert.Single(
            Usings + """
            [Model, Input(Sequence, 3)]
            public partial class Net { [Lstm(4)] public partial {|Gru|} Encoder { get; } }
            """,
            "STRATA0014",
            "'Encoder' is declared with [Lstm], so its type must be Strata.Lstm, not Strata.Gru");
    }

    // RnnActivation is an enum, so a cast can write a value that is neither Tanh nor Relu; PyTorch's nn.RNN raises
    // "Unknown nonlinearity" rather than falling back to tanh.
    [Theory]
    [InlineData("{|(RnnActivation)2|}", "2")]
    [InlineData("activation: {|(RnnActivation)(-1)|}", "-1")]
    public void An_rnn_activation_that_is_neither_tanh_nor_relu_is_STRATA0050_at_the_argument(string argument, string value)
    {
        DiagnosticAssert.Single(
            Usings + $$"""
            [Model, Input(Sequence, 3)]
            public partial class Net { [Rnn(4, {{argument}})] public partial Rnn Encoder { get; } }
            """,
            "STRATA0050",
            $"Rnn 'Encoder' has activation {value}, which is neither RnnActivation.Tanh nor RnnActivation.Relu; write [Rnn(hidden)] for tanh or [Rnn(hidden, RnnActivation.Relu)] for relu");
    }
}
