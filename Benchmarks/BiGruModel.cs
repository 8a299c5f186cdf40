using static Strata.Dims;

namespace Strata.Benchmarks;

/// <summary>Issue 13's recurrent case: a 2-layer bidirectional GRU, input 64, hidden 128, every step's output.</summary>
[Model, Input(Sequence, 64)]
public partial class BiGruModel
{
    [Gru(128, Layers = 2, Bidirectional = true)] public partial Gru Encoder { get; }
}
