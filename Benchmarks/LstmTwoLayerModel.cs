using static Strata.Dims;

namespace Strata.Benchmarks;

/// <summary>The issue-5 case as a whole model: two stacked LSTM layers, input 256, hidden 256, every step's output.</summary>
[Model, Input(Sequence, 256)]
public partial class LstmTwoLayerModel
{
    [Lstm(256, Layers = 2)] public partial Lstm Encoder { get; }
}
