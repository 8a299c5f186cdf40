using static Strata.Dims;

namespace Strata.Samples;

/// <summary>d2l's <c>RNNModel(nn.LSTM(len(vocab), 256), len(vocab))</c>: one-hot characters, an LSTM, a linear read-out.</summary>
[Model, Input(Sequence, Tokens, LanguageModelSize.Vocabulary)]
public partial class LstmLanguageModel
{
    [OneHot(LanguageModelSize.Vocabulary)] public partial OneHot Encode { get; }
    [Lstm(LanguageModelSize.Hidden)]       public partial Lstm Body { get; }
    [Dense(LanguageModelSize.Vocabulary)]  public partial Dense Next { get; }
}
