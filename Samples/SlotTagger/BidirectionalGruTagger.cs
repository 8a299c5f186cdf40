using static Strata.Dims;

namespace Strata.Samples;

/// <summary><see cref="BidirectionalLstmTagger"/> with a GRU.</summary>
[Model, Input(Sequence, Tokens, SlotTaggerExperiment.VocabularySize)]
public partial class BidirectionalGruTagger
{
    [Embedding(SlotTaggerExperiment.VocabularySize, SlotTaggerExperiment.EmbeddingSize)]
    public partial Embedding Embed { get; }

    [Gru(SlotTaggerExperiment.HiddenSize, Bidirectional = true)]
    public partial Gru Encoder { get; }

    [Dense(Data.SlotTaggingData.TagCount)]
    public partial Dense Tags { get; }
}
