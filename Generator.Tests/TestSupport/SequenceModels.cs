namespace Strata.Generator.Tests.TestSupport;

/// <summary>Sequence model declarations used across the tests.</summary>
internal static class SequenceModels
{
    /// <summary>The smallest useful LSTM: sequences of 3 features, 4 hidden, a per-step Dense.</summary>
    public const string SmallLstm = """
        using Strata;
        using static Strata.Dims;

        namespace Samples;

        /// <summary>One LSTM layer and a dense layer per step.</summary>
        [Model, Input(Sequence, 3)]
        public partial class SmallLstm
        {
            [Lstm(4)]   public partial Lstm Encoder { get; }
            [Dense(2)]  public partial Dense Out { get; }
        }
        """;

    /// <summary>Two stacked LSTM layers with dropout between them, and a per-step Dense.</summary>
    public const string StackedLstmDropout = """
        using Strata;
        using static Strata.Dims;

        namespace Samples;

        /// <summary>Two LSTM layers with dropout between them.</summary>
        [Model, Input(Sequence, 3)]
        public partial class StackedLstmDropout
        {
            [Lstm(4, Layers = 2, Dropout = 0.25)] public partial Lstm Encoder { get; }
            [Dense(2)]                            public partial Dense Out { get; }
        }
        """;

    /// <summary>Layers named like the buffers a stacked LSTM with dropout generates for its inner layers.</summary>
    public const string NameCollisions = """
        using Strata;
        using static Strata.Dims;

        namespace Samples;

        /// <summary>Property names that end where the LSTM's generated buffer names do.</summary>
        [Model, Input(Sequence, 3)]
        public partial class NameCollisions
        {
            [Lstm(4, Layers = 2, Dropout = 0.25)] public partial Lstm Enc { get; }
            [Dropout(0.1)]                        public partial Dropout EncL0 { get; }
            [Dense(2)]                            public partial Dense EncMask { get; }
        }
        """;

    /// <summary>Every recurrent option: stacked, bidirectional, many-to-one, each cell, and a relu RNN.</summary>
    public const string Options = """
        using Strata;
        using static Strata.Dims;

        namespace Samples;

        /// <summary>Every recurrent option.</summary>
        [Model, Input(Sequence, 5)]
        public partial class RecurrentOptionsNet
        {
            [Rnn(4, RnnActivation.Relu)]                         public partial Rnn First { get; }
            [Gru(3, Layers = 2, Bidirectional = true)]           public partial Gru Second { get; }
            [Lstm(2, Bidirectional = true, ReturnSequences = false)] public partial Lstm Third { get; }
            [Dense(3), Tanh]                                     public partial Dense Out { get; }
        }
        """;

    /// <summary>A token tagger: Embedding, bidirectional LSTM, per-step Dense.</summary>
    public const string Tagger = """
        using Strata;
        using static Strata.Dims;

        namespace Samples;

        /// <summary>A slot tagger.</summary>
        [Model, Input(Sequence, Tokens, 20)]
        public partial class Tagger
        {
            [Embedding(20, 6)]                    public partial Embedding Embed { get; }
            [Lstm(5, Bidirectional = true)]       public partial Lstm Encoder { get; }
            [Dense(4)]                            public partial Dense Tags { get; }
        }
        """;

    /// <summary>A character model over one-hot tokens, in the global namespace.</summary>
    public const string CharRnn = """
        using Strata;

        /// <summary>A character model.</summary>
        [Model, Input(Dims.Sequence, Dims.Tokens, 7)]
        internal partial class CharRnn
        {
            [OneHot(7)]              internal partial OneHot Encode { get; }
            [Rnn(6, Layers = 2)]     internal partial Rnn Body { get; }
            [Dense(7, bias: false)]  internal partial Dense Next { get; }
        }
        """;
}
