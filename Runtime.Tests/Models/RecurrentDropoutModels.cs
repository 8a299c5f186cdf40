using static Strata.Dims;

namespace Strata.Runtime.Tests.Models;

/// <summary><see cref="StackedLstmNet"/> with dropout between its two layers.</summary>
[Model, Input(Sequence, 3)]
public partial class DropoutStackedLstmNet
{
    [Lstm(3, Layers = 2, Dropout = 0.4)] public partial Lstm Encoder { get; }
}

/// <summary><see cref="StackedBiGruNet"/> with dropout between its two bidirectional layers.</summary>
[Model, Input(Sequence, 3)]
public partial class DropoutStackedBiGruNet
{
    [Gru(3, Layers = 2, Bidirectional = true, Dropout = 0.3)] public partial Gru Encoder { get; }
    [Dense(2)]                                                 public partial Dense Out { get; }
}

/// <summary><see cref="StackedRnnNet"/> with dropout between its two layers.</summary>
[Model, Input(Sequence, 3)]
public partial class DropoutStackedRnnNet
{
    [Rnn(3, Layers = 2, Dropout = 0.5)] public partial Rnn Encoder { get; }
}

/// <summary><see cref="LastStepLstmNet"/> (many-to-one) with dropout between its two layers.</summary>
[Model, Input(Sequence, 2)]
public partial class DropoutLastStepLstmNet
{
    [Lstm(3, Layers = 2, ReturnSequences = false, Dropout = 0.25)] public partial Lstm Encoder { get; }
}

/// <summary>Three bidirectional relu RNN layers (two masks), then a GRU with dropout of its own: masks in model order.</summary>
[Model, Input(Sequence, 2)]
public partial class DropoutDeepNet
{
    [Rnn(4, RnnActivation.Relu, Layers = 3, Bidirectional = true, Dropout = 0.5)] public partial Rnn Encoder { get; }
    [Gru(2, Layers = 2, Dropout = 0.2)]                                          public partial Gru Top { get; }
}
