using static Strata.Dims;

namespace Strata.Benchmarks;

/// <summary>A sequence classifier: 64 features per step, one LSTM layer of 256 whose last valid step feeds Dense(10).</summary>
[Model, Input(Sequence, 64)]
public partial class LstmClassifierModel
{
    [Lstm(256, ReturnSequences = false)] public partial Lstm Encoder { get; }
    [Dense(10)]                          public partial Dense Out { get; }
}
