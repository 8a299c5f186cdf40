namespace Strata.Zoo;

/// <summary>FCN's head (d2l): a 1×1 conv to class scores, then a transposed conv that upsamples 32×.</summary>
[Block]
public partial class FcnHead(int classes)
{
    [Conv(nameof(classes), 1)]                                public partial Conv2d Score { get; }
    [ConvTranspose(nameof(classes), 64, stride: 32, pad: 16)] public partial ConvTranspose2d Up { get; }
}

/// <summary>
/// A fully convolutional network for semantic segmentation as d2l builds it: ResNet-18 without its average pool and
/// fully connected layer, then <see cref="FcnHead"/>. Here at d2l's Pascal VOC settings: 3×320×480 input, 21 classes,
/// one score per class and pixel. Initialise the transposed conv with <see cref="FcnInitialization.Bilinear"/>.
/// </summary>
[Model, Input(3, 320, 480)]
public partial class FcnResNet18
{
    [Conv(64, 7, stride: 2, pad: 3, bias: false)] public partial Conv2d Conv1 { get; }
    [BatchNorm, Relu]                             public partial BatchNorm Bn1 { get; }
    [MaxPool(3, stride: 2, pad: 1)]               public partial Pool2d MaxPool { get; }
    public BasicBlock[] Layer1 { get; } = Blocks.Repeat(2, i => new BasicBlock(64));
    public BasicBlock[] Layer2 { get; } = Blocks.Repeat(2, i => new BasicBlock(128, i == 0 ? 2 : 1));
    public BasicBlock[] Layer3 { get; } = Blocks.Repeat(2, i => new BasicBlock(256, i == 0 ? 2 : 1));
    public BasicBlock[] Layer4 { get; } = Blocks.Repeat(2, i => new BasicBlock(512, i == 0 ? 2 : 1));
    public FcnHead Head { get; } = new(21);
}

/// <summary>
/// <see cref="FcnHead"/> for a backbone that downsamples 4× instead of 32×: the same 1×1 conv to class scores, then a
/// transposed conv that upsamples 4× (kernel 2·4, stride 4, padding 4/2, as d2l sizes its 32× one).
/// </summary>
[Block]
public partial class FcnHead4(int classes)
{
    [Conv(nameof(classes), 1)]                             public partial Conv2d Score { get; }
    [ConvTranspose(nameof(classes), 8, stride: 4, pad: 2)] public partial ConvTranspose2d Up { get; }
}

/// <summary>
/// The FCN that <c>Zoo --train fcn</c> trains on 64×64 canvases of MNIST digits (<see cref="Strata.Data.DigitCanvases"/>),
/// 11 classes (the ten digits and background). It departs from d2l's <see cref="FcnResNet18"/> in two places, both
/// because digit strokes are 2–3 pixels wide: the stem is the small-input one of <see cref="ResNet18Mnist"/> (a 3×3
/// stride-2 conv, no max-pool), and the backbone stops after ResNet-18's second stage (Layer1 and Layer2), so the
/// scores come at 16×16 (stride 4) and the head upsamples 4×. d2l's cut would leave a 2×2 map at this input, and even
/// stride 16 (all four stages with the small stem) paints each digit in 16-pixel blobs.
/// </summary>
[Model, Input(1, 64, 64)]
public partial class FcnResNet18Digits
{
    [Conv(64, 3, stride: 2, pad: 1, bias: false)] public partial Conv2d Conv1 { get; }
    [BatchNorm, Relu]                             public partial BatchNorm Bn1 { get; }
    public BasicBlock[] Layer1 { get; } = Blocks.Repeat(2, i => new BasicBlock(64));
    public BasicBlock[] Layer2 { get; } = Blocks.Repeat(2, i => new BasicBlock(128, i == 0 ? 2 : 1));
    public FcnHead4 Head { get; } = new(11);
}

/// <summary>d2l's bilinear initialisation of FCN's transposed conv.</summary>
public static class FcnInitialization
{
    /// <summary>
    /// d2l's <c>bilinear_kernel(in, out, k)</c>: channel i to channel i gets the k×k bilinear upsampling filter, every
    /// other pair zero; the bias (if any) is zeroed. The layer must have as many input as output channels.
    /// </summary>
    public static void Bilinear(ConvTranspose2d layer)
    {
        ArgumentNullException.ThrowIfNull(layer);
        var shape = layer.Weight.Shape; // [in, out, k, k]
        if (shape[0] != shape[1] || shape[2] != shape[3])
        {
            throw new ArgumentException($"Bilinear needs as many input as output channels and a square kernel, not [{string.Join(", ", shape)}].", nameof(layer));
        }

        var channels = shape[0];
        var k = shape[2];
        var factor = (k + 1) / 2;
        var center = k % 2 == 1 ? factor - 1 : factor - 0.5;
        var weights = new float[layer.Weight.Value.Length];
        for (var c = 0; c < channels; c++)
        {
            for (var y = 0; y < k; y++)
            {
                for (var x = 0; x < k; x++)
                {
                    weights[(((c * channels) + c) * k * k) + (y * k) + x] =
                        (float)((1 - (Math.Abs(y - center) / factor)) * (1 - (Math.Abs(x - center) / factor)));
                }
            }
        }

        layer.Weight.Value.CopyFrom(weights);
        if (layer.Bias is { } bias)
        {
            bias.Value.CopyFrom(new float[bias.Value.Length]);
        }
    }
}
