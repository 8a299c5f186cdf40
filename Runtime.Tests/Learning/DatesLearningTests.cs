using Strata.Data;
using Strata.Samples;
using static Strata.Dims;

namespace Strata.Runtime.Tests.Learning;

/// <summary>
/// Sequence-to-sequence learning: a declared encoder–decoder with attention (the Dates sample's, narrower), briefly
/// trained, rewrites dates it has never seen (no calendar date in both sets) as ISO 8601. The full run (Samples/Dates,
/// DateNormaliser) reaches ≥ 98%.
/// </summary>
public class DatesLearningTests
{
    [Fact]
    public void After_a_short_training_it_rewrites_held_out_dates_exactly()
    {
        var (train, test) = HumanDates.Split(4_000, 300, 0.2, seed: 2);
        var model = new SmallDateNormaliser(Device.Cpu(), seed: 1);
        var training = new DatesTraining(model, train, batchSize: 32, learningRate: 1e-2f, seed: 1);
        var first = training.RunEpoch();
        var second = training.RunEpoch();

        var exact = training.ExactMatch(test);

        // Chance is nil (ten digits to get right); the runtime-only model of these sizes reached about 92% in Release.
        Assert.True(second < first, $"loss {first} then {second}");
        Assert.True(exact >= 0.75, $"held-out exact match {exact:P2}");
    }
}

/// <summary>The Dates sample's DateNormaliser with embeddings of 16 and GRUs of 48, for a short test.</summary>
[Model, Input(Sequence, Tokens, DateTokens.SourceVocabulary), SecondInput("target", Sequence, Tokens, DateTokens.TargetVocabulary)]
public partial class SmallDateNormaliser
{
    [Embedding(DateTokens.SourceVocabulary, 16)]                              public partial Embedding SourceEmbedding { get; }
    [Gru(48)]                                                                 public partial Gru Encoder { get; }
    [From("target"), Embedding(DateTokens.TargetVocabulary, 16)]              public partial Embedding TargetEmbedding { get; }
    [AttentionGru(48, MemoryFrom = nameof(Encoder), StateFromMemory = true)]  public partial AttentionGru Decoder { get; }
    [Dense(DateTokens.TargetVocabulary)]                                      public partial Dense Head { get; }
}
