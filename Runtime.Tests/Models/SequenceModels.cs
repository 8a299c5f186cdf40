using static Strata.Dims;

namespace Strata.Runtime.Tests.Models;

/// <summary>One LSTM layer and a per-step dense layer.</summary>
[Model, Input(Sequence, 3)]
public partial class LstmNet
{
    [Lstm(4)]           public partial Lstm Encoder { get; }
    [Dense(2)]          public partial Dense Out { get; }
}

/// <summary>One GRU layer and a per-step dense layer.</summary>
[Model, Input(Sequence, 3)]
public partial class GruNet
{
    [Gru(4)]            public partial Gru Encoder { get; }
    [Dense(2)]          public partial Dense Out { get; }
}

/// <summary>One tanh RNN layer and a per-step dense layer with an activation.</summary>
[Model, Input(Sequence, 3)]
public partial class RnnTanhNet
{
    [Rnn(4)]            public partial Rnn Encoder { get; }
    [Dense(2), Tanh]    public partial Dense Out { get; }
}

/// <summary>One relu RNN layer and a per-step dense layer without bias.</summary>
[Model, Input(Sequence, 3)]
public partial class RnnReluNet
{
    [Rnn(4, RnnActivation.Relu)] public partial Rnn Encoder { get; }
    [Dense(2, bias: false)]      public partial Dense Out { get; }
}

/// <summary>Two bidirectional LSTM layers.</summary>
[Model, Input(Sequence, 3)]
public partial class StackedBiLstmNet
{
    [Lstm(3, Layers = 2, Bidirectional = true)] public partial Lstm Encoder { get; }
    [Dense(2)]                                  public partial Dense Out { get; }
}

/// <summary>Two bidirectional GRU layers.</summary>
[Model, Input(Sequence, 3)]
public partial class StackedBiGruNet
{
    [Gru(3, Layers = 2, Bidirectional = true)]  public partial Gru Encoder { get; }
    [Dense(2)]                                  public partial Dense Out { get; }
}

/// <summary>Two bidirectional tanh RNN layers, then a relu RNN over them.</summary>
[Model, Input(Sequence, 3)]
public partial class StackedBiRnnNet
{
    [Rnn(3, Layers = 2, Bidirectional = true)]  public partial Rnn Encoder { get; }
    [Rnn(2, RnnActivation.Relu)]                public partial Rnn Top { get; }
}

/// <summary>Many-to-one: a bidirectional GRU's last valid steps, then a classifier.</summary>
[Model, Input(Sequence, 3)]
public partial class LastStepGruNet
{
    [Gru(3, Bidirectional = true, ReturnSequences = false)] public partial Gru Encoder { get; }
    [Dense(2), Sigmoid]                                      public partial Dense Out { get; }
}

/// <summary>Many-to-one with two LSTM layers.</summary>
[Model, Input(Sequence, 2)]
public partial class LastStepLstmNet
{
    [Lstm(3, Layers = 2, ReturnSequences = false)] public partial Lstm Encoder { get; }
}

/// <summary>Token ids through an embedding, a bidirectional LSTM and a per-step dense layer: a slot tagger.</summary>
[Model, Input(Sequence, Tokens, 5)]
public partial class EmbeddingLstmNet
{
    [Embedding(5, 3)]                   public partial Embedding Embed { get; }
    [Lstm(3, Bidirectional = true)]     public partial Lstm Encoder { get; }
    [Dense(4)]                          public partial Dense Out { get; }
}

/// <summary>Token ids one-hot encoded into two RNN layers: a character model.</summary>
[Model, Input(Sequence, Tokens, 4)]
public partial class OneHotRnnNet
{
    [OneHot(4)]                 public partial OneHot Encode { get; }
    [Rnn(3, Layers = 2)]        public partial Rnn Body { get; }
    [Dense(4)]                  public partial Dense Next { get; }
}

/// <summary>One bidirectional LSTM layer.</summary>
[Model, Input(Sequence, 3)]
public partial class BiLstmNet
{
    [Lstm(3, Bidirectional = true)] public partial Lstm Encoder { get; }
}

/// <summary>Two stacked LSTM layers, one direction.</summary>
[Model, Input(Sequence, 3)]
public partial class StackedLstmNet
{
    [Lstm(3, Layers = 2)] public partial Lstm Encoder { get; }
}

/// <summary>One bidirectional GRU layer.</summary>
[Model, Input(Sequence, 3)]
public partial class BiGruNet
{
    [Gru(3, Bidirectional = true)] public partial Gru Encoder { get; }
}

/// <summary>Two stacked GRU layers, one direction.</summary>
[Model, Input(Sequence, 3)]
public partial class StackedGruNet
{
    [Gru(3, Layers = 2)] public partial Gru Encoder { get; }
}

/// <summary>One bidirectional relu RNN layer.</summary>
[Model, Input(Sequence, 3)]
public partial class BiRnnReluNet
{
    [Rnn(3, RnnActivation.Relu, Bidirectional = true)] public partial Rnn Encoder { get; }
}

/// <summary>Two stacked tanh RNN layers, one direction.</summary>
[Model, Input(Sequence, 3)]
public partial class StackedRnnNet
{
    [Rnn(3, Layers = 2)] public partial Rnn Encoder { get; }
}

/// <summary>A sequence model with no recurrent layer: its export still declares "lengths", which nothing reads.</summary>
[Model, Input(Sequence, Tokens, 5)]
public partial class EmbeddingDenseNet
{
    [Embedding(5, 3)] public partial Embedding Embed { get; }
    [Dense(2)]        public partial Dense Out { get; }
}
