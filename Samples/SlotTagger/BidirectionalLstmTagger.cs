using static Strata.Dims;

namespace Strata.Samples;

/// <summary>
/// Characters → embedding → an LSTM reading both ways → a tag per character. The backward direction has read the
/// words after the city when it reaches the city, so it can tell departure from destination.
/// </summary>
[Model, Input(Sequence, Tokens, SlotTaggerExperiment.VocabularySize)]
public partial class BidirectionalLstmTagger
{
    [Embedding(SlotTaggerExperiment.VocabularySize, SlotTaggerExperiment.EmbeddingSize)]
    public partial Embedding Embed { get; }

    [Lstm(SlotTaggerExperiment.HiddenSize, Bidirectional = true)]
    public partial Lstm Encoder { get; }

    [Dense(Data.SlotTaggingData.TagCount)]
    public partial Dense Tags { get; }
}
