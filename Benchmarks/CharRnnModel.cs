using static Strata.Dims;

namespace Strata.Benchmarks;

/// <summary>The CharRnn sample's network: 28 character ids one-hot encoded, one LSTM layer of 256, a dense layer per step.</summary>
[Model, Input(Sequence, Tokens, 28)]
public partial class CharRnnModel
{
    [OneHot(28)]    public partial OneHot Encode { get; }
    [Lstm(256)]     public partial Lstm Body { get; }
    [Dense(28)]     public partial Dense Next { get; }
}
