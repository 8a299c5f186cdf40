using static Strata.Dims;

namespace Strata.Runtime.Tests.Worker;

/// <summary>The recurrent cells' vector code for the kernel-path test: an LSTM, a bidirectional GRU and a per-step dense layer.</summary>
[Model, Input(Sequence, 16)]
public partial class PathNet
{
    [Lstm(40)]                      public partial Lstm Encoder { get; }
    [Gru(24, Bidirectional = true)] public partial Gru Tagger { get; }
    [Dense(5)]                      public partial Dense Out { get; }
}
