using static Strata.Dims;

namespace Strata.Samples;

/// <summary>d2l's <c>RNNModel(nn.RNN(len(vocab), 256), len(vocab))</c>: one-hot characters, a tanh RNN, a linear read-out.</summary>
[Model, Input(Sequence, Tokens, LanguageModelSize.Vocabulary)]
public partial class RnnLanguageModel
{
    [OneHot(LanguageModelSize.Vocabulary)] public partial OneHot Encode { get; }
    [Rnn(LanguageModelSize.Hidden)]        public partial Rnn Body { get; }
    [Dense(LanguageModelSize.Vocabulary)]  public partial Dense Next { get; }
}
