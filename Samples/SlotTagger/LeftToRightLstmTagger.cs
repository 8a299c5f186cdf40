using static Strata.Dims;

namespace Strata.Samples;

/// <summary>
/// <see cref="BidirectionalLstmTagger"/> with the LSTM reading left to right only: when it tags a city it has not yet
/// seen the words that say whether the city is the departure or the destination.
/// </summary>
[Model, Input(Sequence, Tokens, SlotTaggerExperiment.VocabularySize)]
public partial class LeftToRightLstmTagger
{
    [Embedding(SlotTaggerExperiment.VocabularySize, SlotTaggerExperiment.EmbeddingSize)]
    public partial Embedding Embed { get; }

    [Lstm(SlotTaggerExperiment.HiddenSize)]
    public partial Lstm Encoder { get; }

    [Dense(Data.SlotTaggingData.TagCount)]
    public partial Dense Tags { get; }
}
