using static Strata.Dims;

namespace Strata.Samples;

/// <summary>
/// Many-to-one sentiment over characters: an embedding, a bidirectional LSTM whose two last valid steps (the forward
/// direction's at each sentence's own end, the backward direction's at its start) meet in a two-class read-out.
/// </summary>
[Model, Input(Sequence, Tokens, SentimentModel.VocabularyCapacity)]
public partial class SentimentModel
{
    /// <summary>The most token ids the model embeds: &lt;unk&gt;, &lt;pad&gt; and the commonest characters.</summary>
    public const int VocabularyCapacity = 4096;

    [Embedding(VocabularyCapacity, 64)]                        public partial Embedding Embed { get; }
    [Lstm(64, Bidirectional = true, ReturnSequences = false)]  public partial Lstm Encoder { get; }
    [Dense(2)]                                                 public partial Dense Out { get; }
}
