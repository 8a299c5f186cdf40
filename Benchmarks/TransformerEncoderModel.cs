using Strata.Samples;
using static Strata.Dims;

namespace Strata.Benchmarks;

/// <summary>The issue-14 case: a 4-layer Transformer encoder of width 256 with 4 heads and a feed-forward of 4·256 = 1024, every step's output.</summary>
[Model, Input(Sequence, 256)]
public partial class TransformerEncoderModel
{
    public TransformerEncoderLayer[] Encoder { get; } = Blocks.Repeat(4, i => new TransformerEncoderLayer(4, 1024));
}
