using static Strata.Dims;

namespace Strata.Samples;

/// <summary>d2l's <c>RNNModel(nn.GRU(len(vocab), 256), len(vocab))</c>: one-hot characters, a GRU, a linear read-out.</summary>
[Model, Input(Sequence, Tokens, LanguageModelSize.Vocabulary)]
public partial class GruLanguageModel
{
    [OneHot(LanguageModelSize.Vocabulary)] public partial OneHot Encode { get; }
    [Gru(LanguageModelSize.Hidden)]        public partial Gru Body { get; }
    [Dense(LanguageModelSize.Vocabulary)]  public partial Dense Next { get; }
}
