namespace Strata.Runtime.Tests.Models;

// One- and two-layer models, one per layer option, for the per-layer oracles (ONNX Runtime, finite differences, PTX).
// Sizes are odd and non-square on purpose, so that a swapped height and width or a dropped row shows.

/// <summary>Conv with bias, stride 1, no pad.</summary>
[Model, Input(2, 7, 6)]
public partial class ConvBiasNet
{
    [Conv(3, 3)] public partial Conv2d Conv { get; }
}

/// <summary>Conv without bias, with stride and pad.</summary>
[Model, Input(3, 9, 7)]
public partial class ConvStridePadNet
{
    [Conv(4, 3, stride: 2, pad: 1, bias: false)] public partial Conv2d Conv { get; }
}

/// <summary>Conv with a non-square 2×3 kernel and padding.</summary>
[Model, Input(2, 6, 7)]
public partial class ConvNonSquareNet
{
    [Conv(3, 2, pad: 1, KernelWidth = 3)] public partial Conv2d Conv { get; }
}

/// <summary>Max pooling with padding and overlapping windows.</summary>
[Model, Input(2, 7, 5)]
public partial class MaxPoolPadNet
{
    [MaxPool(3, stride: 2, pad: 1)] public partial Pool2d Pool { get; }
}

/// <summary>Average pooling that counts the padding in the divisor (PyTorch's default).</summary>
[Model, Input(2, 7, 5)]
public partial class AvgPoolIncludePadNet
{
    [AvgPool(3, stride: 2, pad: 1)] public partial Pool2d Pool { get; }
}

/// <summary>Average pooling that divides by the real cells only.</summary>
[Model, Input(2, 7, 5)]
public partial class AvgPoolExcludePadNet
{
    [AvgPool(3, stride: 2, pad: 1, countIncludePad: false)] public partial Pool2d Pool { get; }
}

/// <summary>Global average pooling of non-square planes into a vector.</summary>
[Model, Input(3, 5, 4)]
public partial class GlobalAvgPoolNet
{
    [GlobalAvgPool] public partial GlobalAvgPool Pool { get; }
}

/// <summary>A conv trunk ended by global average pooling with a fused tanh, then a Dense head, as in NiN and ResNet.</summary>
[Model, Input(2, 6, 5)]
public partial class GlobalAvgPoolHeadNet
{
    [Conv(4, 3)] public partial Conv2d Conv { get; }
    [GlobalAvgPool, Tanh] public partial GlobalAvgPool Pool { get; }
    [Dense(3)] public partial Dense Head { get; }
}

/// <summary>Dense with bias on a vector input.</summary>
[Model, Input(7)]
public partial class DenseBiasNet
{
    [Dense(5)] public partial Dense Dense { get; }
}

/// <summary>Dense without bias on a vector input.</summary>
[Model, Input(7)]
public partial class DenseNoBiasNet
{
    [Dense(4, bias: false)] public partial Dense Dense { get; }
}

/// <summary>Flatten on the same property as a Dense: the dense layer reads the image as a vector.</summary>
[Model, Input(2, 4, 3)]
public partial class FlattenNet
{
    [Flatten, Dense(6)] public partial Dense Dense { get; }
}

/// <summary>A conv whose output is flattened by a standalone Flatten layer: the model output is a view.</summary>
[Model, Input(2, 5, 4)]
public partial class TrailingFlattenNet
{
    [Conv(2, 2)] public partial Conv2d Conv { get; }
    [Flatten]    public partial Flatten Flat { get; }
}

/// <summary>
/// A residual block: C1's output feeds C2 and the add, so its gradient is the sum of both paths; the add's ReLU is
/// fused after the sum.
/// </summary>
[Model, Input(2, 5, 5)]
public partial class ResidualNet
{
    [Conv(3, 3, pad: 1), Tanh] public partial Conv2d C1 { get; }
    [Conv(3, 3, pad: 1)] public partial Conv2d C2 { get; }
    [Add(nameof(C1), nameof(C2)), Relu] public partial Add Sum { get; }
    [Flatten, Dense(4)] public partial Dense Out { get; }
}

/// <summary>A layer added to itself, and a dense layer read twice: both readers of one tensor inside one operation.</summary>
[Model, Input(6)]
public partial class DoubleReadNet
{
    [Dense(5), Sigmoid] public partial Dense Hidden { get; }
    [Add(nameof(Hidden), nameof(Hidden))] public partial Add Twice { get; }
    [Dense(3)] public partial Dense Out { get; }
}

/// <summary>
/// An Inception-style block: three branches from one stem (two of them by [From]), joined over channels, plus a
/// shortcut from the input added to the join. The stem's gradient is the sum of three paths, the input's of two.
/// </summary>
[Model, Input(2, 5, 5)]
public partial class BranchNet
{
    [Conv(3, 1), Relu] public partial Conv2d Stem { get; }
    [Conv(2, 3, pad: 1), Tanh] public partial Conv2d B1 { get; }
    [From(nameof(Stem)), Conv(4, 1)] public partial Conv2d B2 { get; }
    [From(nameof(Stem)), MaxPool(3, stride: 1, pad: 1)] public partial Pool2d B3 { get; }
    [Concat(nameof(B1), nameof(B2), nameof(B3))] public partial Concat Joined { get; }
    [From(Graph.Input), Conv(9, 1)] public partial Conv2d Shortcut { get; }
    [Add(nameof(Joined), nameof(Shortcut)), Relu] public partial Add Sum { get; }
    [Flatten, Dense(3)] public partial Dense Out { get; }
}

/// <summary>Vectors joined over features, the model input among them, and a branch read from the input by [From].</summary>
[Model, Input(6)]
public partial class FeatureConcatNet
{
    [Dense(4), Sigmoid] public partial Dense A { get; }
    [From(Graph.Input), Dense(3), Tanh] public partial Dense B { get; }
    [Concat(nameof(A), Graph.Input, nameof(B))] public partial Concat Joined { get; }
    [Dense(2)] public partial Dense Out { get; }
}

/// <summary>A grouped convolution (2 groups), a depthwise one and a dilated one, as ResNeXt, MobileNet and DeepLab use them.</summary>
[Model, Input(4, 7, 7)]
public partial class GroupedDilatedConvNet
{
    [Conv(6, 3, pad: 1, Groups = 2), Relu] public partial Conv2d Grouped { get; }
    [Conv(6, 3, stride: 2, pad: 1, bias: false, Groups = 6)] public partial Conv2d Depthwise { get; }
    [Conv(3, 3, pad: 2, Dilation = 2, KernelWidth = 2), Tanh] public partial Conv2d Dilated { get; }
    [Flatten, Dense(2)] public partial Dense Out { get; }
}

/// <summary>A softmax over an image's channels at each pixel, and one over a vector's features, both mid-model.</summary>
[Model, Input(2, 4, 4)]
public partial class SoftmaxNet
{
    [Conv(3, 3, pad: 1)] public partial Conv2d C1 { get; }
    [Softmax] public partial Softmax PixelProbabilities { get; }
    [Flatten, Dense(5)] public partial Dense Hidden { get; }
    [Softmax] public partial Softmax Probabilities { get; }
    [Dense(3)] public partial Dense Out { get; }
}

/// <summary>A classifier that ends in a softmax, which softmax cross-entropy must not train.</summary>
[Model, Input(4)]
public partial class ProbabilityNet
{
    [Dense(3)] public partial Dense Logits { get; }
    [Softmax] public partial Softmax Probabilities { get; }
}

/// <summary>GELU on an image and on a vector, between layers with parameters.</summary>
[Model, Input(2, 4, 4)]
public partial class GeluNet
{
    [Conv(3, 3, pad: 1)] public partial Conv2d C1 { get; }
    [Gelu] public partial Gelu Act1 { get; }
    [Flatten, Dense(5)] public partial Dense Hidden { get; }
    [Gelu] public partial Gelu Act2 { get; }
    [Dense(3)] public partial Dense Out { get; }
}

/// <summary>
/// Transposed convolutions: an FCN-style 2× upsampling (k 4, s 2, p 1), one with output padding and groups, and a
/// stride-1 one with an activation.
/// </summary>
[Model, Input(4, 3, 3)]
public partial class ConvTransposeNet
{
    [ConvTranspose(3, 4, stride: 2, pad: 1)] public partial ConvTranspose2d Up { get; }
    [ConvTranspose(4, 3, stride: 2, pad: 1, outputPadding: 1, bias: false, Groups = 1), Tanh] public partial ConvTranspose2d Grouped { get; }
    [ConvTranspose(2, 3, Groups = 2), Relu] public partial ConvTranspose2d Wide { get; }
    [Flatten, Dense(3)] public partial Dense Out { get; }
}

/// <summary>Adaptive average pooling whose sizes do not divide (7 → 3 rows, 5 → 2 columns): windows of 3 and 2 rows that overlap, exported as MatMuls.</summary>
[Model, Input(2, 7, 5)]
public partial class AdaptiveAvgPoolNet
{
    [AdaptiveAvgPool(3, 2)] public partial Pool2d Pool { get; }
}

/// <summary>Adaptive average pooling whose sizes divide (6 → 3, 4 → 2), exported as AveragePool, with a fused tanh after a conv.</summary>
[Model, Input(2, 8, 6)]
public partial class AdaptiveAvgPoolDividingNet
{
    [Conv(3, 3)] public partial Conv2d Conv { get; }
    [AdaptiveAvgPool(3, 2), Tanh] public partial Pool2d Pool { get; }
}

/// <summary>Adaptive average pooling to a larger output (3 → 4 rows, 2 → 3 columns), which repeats values, then a Dense head.</summary>
[Model, Input(2, 3, 2)]
public partial class AdaptiveAvgPoolUpNet
{
    [AdaptiveAvgPool(4, 3)] public partial Pool2d Pool { get; }
    [Flatten, Dense(3)] public partial Dense Out { get; }
}

/// <summary>Seed 001's residual block, with a BatchNorm after each conv, used twice with different arguments.</summary>
[Block]
public partial class ResidualBlock(int numChannels, bool use1x1Conv = false, int strides = 1)
{
    [Conv(nameof(numChannels), 3, pad: 1, StrideFrom = nameof(strides))] public partial Conv2d Conv1 { get; }
    [BatchNorm, Relu] public partial BatchNorm Bn1 { get; }
    [Conv(nameof(numChannels), 3, pad: 1)] public partial Conv2d Conv2 { get; }
    [BatchNorm] public partial BatchNorm Bn2 { get; }
    [From(Graph.Input), When(nameof(use1x1Conv)), Conv(nameof(numChannels), 1, StrideFrom = nameof(strides))] public partial Conv2d Conv3 { get; }
    [Add(nameof(Bn2), nameof(Conv3)), Relu] public partial Add Out { get; }
}

/// <summary>A small Inception block: three branches from the block's input, joined over channels.</summary>
[Block]
public partial class SmallInception(int c1, int c2, int c3)
{
    [Conv(nameof(c1), 1), Relu] public partial Conv2d P1 { get; }
    [From(Graph.Input), Conv(nameof(c2), 3, pad: 1), Tanh] public partial Conv2d P2 { get; }
    [From(Graph.Input), MaxPool(3, stride: 1, pad: 1)] public partial Pool2d P3a { get; }
    [Conv(nameof(c3), 1)] public partial Conv2d P3b { get; }
    [Concat(nameof(P1), nameof(P2), nameof(P3b))] public partial Concat Out { get; }
}

/// <summary>
/// Blocks in a model: an identity-shortcut residual use, a stage of two (the first projecting with a strided 1×1 conv),
/// an Inception use read by [From], and a head that adds two block outputs. Every path and name goes through the
/// block expansion.
/// </summary>
[Model, Input(2, 6, 6)]
public partial class BlockNet
{
    [Conv(3, 3, pad: 1), Relu] public partial Conv2d Stem { get; }

    /// <summary>An identity shortcut.</summary>
    public ResidualBlock B1 { get; } = new(3);

    /// <summary>A projecting stage.</summary>
    public ResidualBlock[] Stage { get; } = Blocks.Repeat(2, i => new ResidualBlock(4, use1x1Conv: i == 0, strides: i == 0 ? 2 : 1));

    /// <summary>Branches from the stage.</summary>
    public SmallInception Mixed { get; } = new(2, 1, 1);

    [From(nameof(Stage)), Conv(4, 1)] public partial Conv2d Side { get; }
    [Add(nameof(Mixed), nameof(Side))] public partial Add Join { get; }
    [Flatten, Dense(3)] public partial Dense Out { get; }
}
