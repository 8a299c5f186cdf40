using static Strata.Dims;

namespace Strata.Benchmarks.Gpu;

/// <summary>Two stacked LSTM layers, input 256, hidden 256, every step's output (PyTorch: nn.LSTM(256, 256, num_layers=2)).</summary>
[Model, Input(Sequence, 256)]
public partial class LstmBenchModel
{
    [Lstm(256, Layers = 2)] public partial Lstm Encoder { get; }
}
