using Strata.Cpu;
using Strata.Runtime.Tests.Reference;
using Xunit;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// Conv2dCpu's batch-wide implicit GEMM (columns packed straight from x, panels crossing sample boundaries, weights
/// packed once per version) and its chunked backward, against float64 nested loops: groups, dilation, stride, 1×1
/// fast paths, outputs smaller than a panel, ragged channel counts, a batch large enough to take two chunks, and the
/// transposed forward (positions as GEMM rows) that few positions take. With AVX-512 a few small-window shapes take
/// <see cref="DirectConv"/> instead (noted below); <see cref="CpuKernelPathTests"/> runs LeNet's on the GEMM path too.
/// </summary>
public class ConvBatchedGemmTests
{
    // batch, in channels, height, width, out channels, kernel, stride, pad, groups, dilation
    public static readonly TheoryData<int, int, int, int, int, int, int, int, int, int> Geometries = new()
    {
        { 5, 4, 9, 7, 6, 3, 2, 1, 2, 2 },     // groups, dilation and stride together; 5×4 outputs, panels span samples
        { 7, 8, 2, 2, 16, 3, 1, 1, 1, 1 },    // 2×2 outputs (VGG's last block): eight samples per 32-column panel
        { 3, 6, 5, 5, 6, 3, 1, 1, 6, 1 },     // depthwise: one-row A per group
        { 4, 6, 6, 6, 10, 1, 1, 0, 2, 1 },    // pointwise with groups: the input is the columns, dx written directly
        { 3, 5, 7, 7, 9, 1, 2, 0, 1, 1 },     // 1×1 strided: not pointwise
        { 9, 1, 28, 28, 6, 5, 1, 2, 1, 1 },   // LeNet C1: forward and dw direct with AVX-512 (DirectConv), else 6-row tiles, 28-wide rows across panels
        { 2, 3, 8, 8, 40, 3, 1, 1, 1, 1 },    // 64 positions: direct with AVX-512 (narrow rows), else whole panels inside one sample, ragged row block
        { 30, 4, 32, 32, 8, 3, 1, 1, 1, 1 },  // 36 × 1024 columns a sample: backward takes two chunks of samples
        { 2, 3, 9, 9, 4, 3, 2, 3, 1, 3 },     // padding wider than the dilated reach: rows of zeros
        { 2, 32, 6, 6, 24, 3, 1, 1, 1, 1 },   // depth 288: two depth slices summed in the accumulator
        { 3, 70, 5, 5, 16, 3, 1, 1, 1, 1 },   // depth 630: three slices, the last one short
        { 2, 64, 9, 9, 6, 3, 1, 2, 2, 2 },    // stride 1, dilated, grouped, 32 channels a group: dx as a flipped convolution padded 2
        { 2, 32, 8, 8, 4, 3, 1, 0, 1, 2 },    // the same unpadded: the flipped convolution pads 4
        { 2, 4, 9, 9, 6, 3, 1, 2, 2, 2 },     // stride 1, dilated, grouped, few channels: dx through column gradients and fold
        { 1, 8, 2, 2, 64, 3, 1, 1, 1, 1 },    // batch 1, 2×2: forward with positions as GEMM rows
        { 1, 8, 4, 4, 40, 3, 1, 1, 2, 1 },    // the same with groups and 20 channels a group (a ragged panel)
        { 2, 6, 5, 5, 64, 3, 2, 1, 1, 2 },    // the same, strided and dilated
        { 4, 16, 4, 4, 16, 3, 1, 1, 2, 1 },   // 4×4 padded, two groups: four output rows a permute per tap
        { 2, 8, 8, 8, 8, 3, 1, 2, 1, 2 },     // 8×8, dilated 2 and padded 2: rows of 12, taps two apart
        { 2, 3, 40, 40, 8, 7, 2, 3, 1, 1 },   // a 7×7 stride-2 stem: a padded copy, rows of 20 gathered 16 at a time, then 4
        { 2, 4, 37, 37, 6, 1, 2, 0, 1, 1 },   // 1×1 stride 2 on odd rows, no copy: the gather must not read past x's last float
        { 2, 3, 33, 33, 5, 3, 2, 0, 1, 1 },   // unpadded stride 2, rows of exactly 16 outputs
        { 2, 128, 4, 4, 64, 3, 2, 1, 1, 1 },  // strided, 73,728 weights: dx's Wᵀ packed on all cores, a row block each
        { 5, 24, 2, 2, 40, 1, 2, 0, 1, 1 },   // 1×1 stride 2 to one position (ResNet-18's last shortcut): dW's slabs span samples, dY gathered
        { 7, 12, 4, 4, 20, 1, 2, 0, 1, 1 },   // the same to 2×2: four positions a sample
        { 20, 2048, 4, 4, 8, 1, 2, 0, 1, 1 }, // the same 2048 deep: slabs of 31 rows (64 panels of one task), ending inside samples
        { 3, 40, 4, 4, 16, 3, 1, 0, 1, 1 },   // unpadded 3×3 to 2×2: spanning slabs of three kernel rows each
        { 3, 16, 1, 1, 20, 3, 1, 1, 1, 1 },   // from here on SmallPlaneConv: a 1×1 plane (only the centre tap), W′ smaller than w
        { 9, 12, 2, 2, 18, 3, 2, 1, 1, 1 },   // 2×2 to 1×1, strided (ResNet's first 512-channel conv)
        { 8, 4, 2, 2, 6, 2, 1, 0, 1, 1 },     // a 2×2 kernel without padding: one output position reading all four
        { 3, 256, 1, 1, 300, 3, 1, 1, 1, 1 }, // W′ of 76,800 floats: expanded and folded on all cores, a channel each
        { 3, 64, 8, 8, 12, 3, 1, 1, 1, 1 },   // from here on ChannelsLastConv (AVX-512's 8-row blocks): ResNet's 8×8 stage, one panel; few samples, copied first
        { 64, 64, 8, 8, 40, 3, 1, 1, 1, 1 },  // samples enough (up to 16 cores) for each task to copy its own rows; two panels
        { 2, 60, 6, 16, 70, 3, 1, 1, 1, 1 },  // two blocks a row, 60 channels (4 copied one by one), three panels (one ragged), row chunks
        { 1, 32, 9, 24, 8, 5, 1, 2, 1, 1 },   // 5×5 padded 2 at batch 1: two kernel rows skipped at the top and bottom, row chunks
        { 2, 32, 10, 16, 33, 3, 2, 1, 1, 1 }, // stride 2 to 5×8: a block's positions read every other position
        { 20, 32, 4, 400, 8, 3, 1, 1, 1, 1 }, // rows of 402 × 32 floats: a task copies the input rows of one output row (up to 4 cores)
        { 2, 60, 10, 10, 16, 3, 1, 0, 1, 1 }, // unpadded: no tap skipped, no border
        { 2, 3, 32, 32, 64, 7, 2, 3, 1, 1 },  // ResNet-18's stem: 3 channels copied one by one, products of one kernel row (21 values)
        { 3, 64, 8, 8, 40, 3, 2, 1, 1, 1 },   // ResNet-18's strided entry to 4×4: a block spans two output rows, few samples
        { 64, 64, 8, 8, 16, 3, 2, 1, 1, 1 },  // the same with samples enough for each task to copy its own rows
        { 8, 64, 8, 4, 24, 3, 2, 1, 1, 1 },   // strided to rows of 2: a block spans four output rows, kernel rows skipped only at the plane's edges
        { 8, 16, 2, 2, 24, 3, 1, 1, 1, 1 },   // from here on TapMajorColumns: a 2×2 plane at batch 8, 4 of 9 taps inside
        { 8, 5, 3, 3, 7, 3, 1, 1, 1, 1 },     // a 3×3 plane: nine positions, as many as taps
        { 8, 6, 2, 3, 10, 3, 1, 2, 1, 2 },    // dilated and padded wider than the reach: 2×3 in, 2×3 out
        { 32, 16, 4, 4, 24, 3, 1, 1, 1, 1 },  // a 4×4 plane, one position a panel, ragged rows
        { 12, 8, 4, 4, 10, 3, 1, 1, 1, 1 },   // 4×4 at batch 12: panels span up to 3 positions (the union of their taps)
        { 9, 6, 8, 8, 16, 3, 2, 1, 1, 1 },    // strided 8×8 to 4×4: only the top and left rows of taps fall outside (channels last with AVX-512)
        { 8, 70, 4, 4, 16, 3, 1, 1, 1, 1 },   // depth 630: tap ranges cut by the depth slices of 256; dx as a flipped convolution too
        { 16, 36, 2, 2, 44, 3, 1, 1, 1, 1 },  // 2×2, 36 channels: dx as a flipped convolution skipping dY's padding, ragged rows
        { 10, 5, 6, 6, 8, 3, 1, 2, 1, 2 },    // dilated 2, padded 2: a centre position reads all nine taps, corners four
        { 8, 3, 8, 8, 8, 5, 1, 2, 1, 1 },     // a 5×5 kernel: up to five ranges of tap rows
        { 2, 64, 12, 12, 24, 3, 1, 1, 1, 1 }, // dw channels last (ChannelsLastWeightGradient): 144 positions a sample, two slabs of R
        { 2, 64, 5, 5, 260, 3, 1, 1, 1, 1 },  // the same with 260 output channels: the product's column panels split into groups
    };

    [Fact]
    public void Padded_small_planes_skip_the_padding_taps_and_large_or_unpadded_ones_do_not()
    {
        // (SmallPlaneConv, tried first, takes the 1×1 planes and the strided 2×2 one that would qualify too.)
        var tapMajor = Geometries.Select(Geometry).Where(g => TapMajorColumns.Applies(g) && !SmallPlaneConv.Applies(g)).ToArray();

        Assert.Equal(12, tapMajor.Length);
        Assert.All(tapMajor, g => Assert.True(g.Batch >= 8 && g.OutHeight * g.OutWidth <= 64, g.ToString()));

        // The VGG-style net's and ResNet-18's 4×4 stages at batch 32 and ResNet's strided 3×3 convs do; 8×8 at stride
        // 1 (84% of the taps inside), a 1×1 shortcut, batch 1 and an unpadded layer do not.
        Assert.True(TapMajorColumns.Applies(Geometry([32, 512, 4, 4, 512, 3, 1, 1, 1, 1])));
        Assert.True(TapMajorColumns.Applies(Geometry([32, 64, 8, 8, 128, 3, 2, 1, 1, 1])));
        Assert.False(TapMajorColumns.Applies(Geometry([32, 256, 8, 8, 256, 3, 1, 1, 1, 1])));
        Assert.False(TapMajorColumns.Applies(Geometry([32, 64, 8, 8, 128, 1, 2, 0, 1, 1])));
        Assert.False(TapMajorColumns.Applies(Geometry([1, 512, 4, 4, 512, 3, 1, 1, 1, 1])));
        Assert.False(TapMajorColumns.Applies(Geometry([32, 16, 6, 6, 16, 3, 1, 0, 1, 1])));
    }

    [Fact]
    public void Output_rows_of_whole_row_blocks_run_channels_last_and_other_layers_do_not()
    {
        // (DirectConv, tried first, takes windows of up to 512 values on rows of up to 16.)
        var channelsLast = Geometries.Select(Geometry).Where(g => ChannelsLastConv.Applies(g) && !DirectConv.Applies(g)).ToArray();

        if (ConvGemm.BlockRows == 8)
        {
            Assert.Equal(12, channelsLast.Length);
        }

        Assert.All(channelsLast, g => Assert.True(
            (g.OutWidth % ConvGemm.BlockRows == 0 || (g.Stride > 1 && ConvGemm.BlockRows % g.OutWidth == 0)) && g.KernelWidth * g.InChannels >= 16
            && g.Dilation == 1 && g.Groups == 1, g.ToString()));

        // ResNet-18's stem, 64→64 8×8 stage and strided entry into the 4×4 stage (two output rows a block) and the
        // VGG-style net's 16×16 and 8×8 layers do (with AVX-512's 8-row blocks); the 4×4 stages at stride 1, kernel
        // rows of fewer than 16 values (three channels, 3 wide), a 1×1 window, dilation and a 512-channel 3×3 weight
        // (a 590 KB panel) do not.
        Assert.Equal(ConvGemm.BlockRows == 8, ChannelsLastConv.Applies(Geometry([32, 3, 32, 32, 64, 7, 2, 3, 1, 1])));
        Assert.Equal(ConvGemm.BlockRows == 8, ChannelsLastConv.Applies(Geometry([32, 64, 8, 8, 64, 3, 1, 1, 1, 1])));
        Assert.Equal(ConvGemm.BlockRows == 8, ChannelsLastConv.Applies(Geometry([32, 64, 16, 16, 128, 3, 1, 1, 1, 1])));
        Assert.Equal(ConvGemm.BlockRows == 8, ChannelsLastConv.Applies(Geometry([1, 256, 8, 8, 256, 3, 1, 1, 1, 1])));
        Assert.Equal(ConvGemm.BlockRows == 8, ChannelsLastConv.Applies(Geometry([32, 64, 8, 8, 128, 3, 2, 1, 1, 1])));
        Assert.False(ChannelsLastConv.Applies(Geometry([32, 128, 4, 4, 128, 3, 1, 1, 1, 1])));
        Assert.False(ChannelsLastConv.Applies(Geometry([32, 3, 32, 32, 64, 3, 1, 1, 1, 1])));
        Assert.False(ChannelsLastConv.Applies(Geometry([32, 64, 8, 8, 64, 1, 1, 0, 1, 1])));
        Assert.False(ChannelsLastConv.Applies(Geometry([32, 64, 8, 8, 64, 3, 1, 2, 1, 2])));
        Assert.False(ChannelsLastConv.Applies(Geometry([32, 512, 8, 8, 512, 3, 1, 1, 1, 1])));
    }

    [Fact]
    public void The_small_plane_geometries_take_the_dense_product_and_the_others_do_not()
    {
        var small = Geometries.Select(Geometry).Where(g => SmallPlaneConv.Applies(g)).ToArray();

        Assert.Equal(4, small.Length);
        Assert.All(small, g => Assert.True(g.InHeight * g.InWidth <= 9, g.ToString()));

        // ResNet-18 at 3×32×32: the 1×1 stage and its strided entry from 2×2 do, at any batch (W′ is no larger than
        // w); the 2×2 stage at stride 1 (W′ 16 values per channel pair against 9), the 4×4 one and the 1×1 shortcuts
        // do not.
        Assert.False(SmallPlaneConv.Applies(Geometry([32, 256, 2, 2, 256, 3, 1, 1, 1, 1])));
        Assert.True(SmallPlaneConv.Applies(Geometry([32, 512, 1, 1, 512, 3, 1, 1, 1, 1])));
        Assert.True(SmallPlaneConv.Applies(Geometry([32, 256, 2, 2, 512, 3, 2, 1, 1, 1])));
        Assert.False(SmallPlaneConv.Applies(Geometry([32, 128, 4, 4, 128, 3, 1, 1, 1, 1])));
        Assert.False(SmallPlaneConv.Applies(Geometry([32, 256, 2, 2, 512, 1, 2, 0, 1, 1])));
        Assert.True(SmallPlaneConv.Applies(Geometry([1, 512, 1, 1, 512, 3, 1, 1, 1, 1])));
        Assert.False(SmallPlaneConv.Applies(Geometry([1, 256, 2, 2, 256, 3, 1, 1, 1, 1])));
        Assert.True(SmallPlaneConv.Applies(Geometry([1, 256, 2, 2, 512, 3, 2, 1, 1, 1])));
    }

    private static ConvGeometry Geometry(object[] row)
    {
        var (n, c, h, w, oc, k, stride, pad, groups, dilation) =
            ((int)row[0], (int)row[1], (int)row[2], (int)row[3], (int)row[4], (int)row[5], (int)row[6], (int)row[7], (int)row[8], (int)row[9]);
        var span = dilation * (k - 1) + 1;
        return new ConvGeometry(n, c, h, w, oc, k, k, stride, pad, (h + 2 * pad - span) / stride + 1, (w + 2 * pad - span) / stride + 1, groups, dilation);
    }

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_and_backward_match_float64_loops(int n, int c, int h, int w, int oc, int k, int stride, int pad, int groups, int dilation)
    {
        var span = dilation * (k - 1) + 1;
        var g = new ConvGeometry(n, c, h, w, oc, k, k, stride, pad, (h + 2 * pad - span) / stride + 1, (w + 2 * pad - span) / stride + 1,
            groups, dilation);
        var random = new Random(g.GetHashCode());
        var device = Device.Cpu();
        var x = RandomData.Uniform(random, n * c * h * w);
        var weights = RandomData.Uniform(random, oc * g.GroupInChannels * k * k);
        var bias = RandomData.Uniform(random, oc);
        var workspace = new CpuWorkspace();
        var xTensor = device.FromArray(x, x.Length);
        var wTensor = device.FromArray(weights, weights.Length);
        var y = device.Allocate(n, oc, g.OutHeight, g.OutWidth);
        y.CopyFrom(RandomData.Uniform(random, y.Length, 50, 60));

        Conv2dCpu.Forward<IdentityActivation>(g, xTensor, wTensor, device.FromArray(bias, oc), y, workspace);

        var xd = x.ToDouble();
        var wd = weights.ToDouble();
        Closeness.AssertClose(ReferenceLayers.Conv2dPreActivation(g, xd, wd, bias.ToDouble()), y.Span, Closeness.ForwardTolerance, what: $"y {g}");

        var r = RandomData.Uniform(random, y.Length);
        var dy = device.FromArray(r, r.Length);
        var dx = device.FromArray(RandomData.Uniform(random, x.Length, 7, 8), x.Length);
        var dw = device.FromArray(RandomData.Uniform(random, weights.Length, 7, 8), weights.Length);
        var db = device.Allocate(oc);
        Conv2dCpu.Backward<IdentityActivation>(g, xTensor, wTensor, y, dy, dx, dw, db, workspace);

        // dw and db sum n·positions terms of random sign: float32 rounding grows with the typical size of such a sum,
        // √terms, not with the (cancelled) result, so that is the floor; a wrong tap or sample is off by about as much.
        var (expectedDx, expectedDw, expectedDb) = Gradients(g, xd, wd, r.ToDouble());
        var terms = Math.Sqrt(n * g.OutHeight * g.OutWidth);
        Closeness.AssertClose(expectedDw, dw.Span, Closeness.ForwardTolerance, floor: terms, what: $"dw {g}");
        Closeness.AssertClose(expectedDx, dx.Span, Closeness.ForwardTolerance, what: $"dx {g}");
        Closeness.AssertClose(expectedDb, db.Span, Closeness.ForwardTolerance, floor: terms, what: $"db {g}");
    }

    [Fact]
    public void Weights_are_packed_once_per_version_and_a_change_is_seen()
    {
        // Rows of 20 and a 36-value window: the GEMM path (DirectConv takes narrower rows or smaller windows).
        var g = new ConvGeometry(3, 4, 20, 20, 8, 3, 3, 1, 1, 20, 20);
        var random = new Random(5);
        var device = Device.Cpu();
        var x = RandomData.Uniform(random, 3 * 4 * 400);
        var weights = RandomData.Uniform(random, 8 * 4 * 9);
        var xTensor = device.FromArray(x, x.Length);
        var wTensor = device.FromArray(weights, weights.Length);
        var y = device.Allocate(3, 8, 20, 20);
        var workspace = new CpuWorkspace();

        for (var i = 0; i < 3; i++)
        {
            Conv2dCpu.Forward<IdentityActivation>(g, xTensor, wTensor, null, y, workspace);
        }

        Assert.Equal(1, workspace.PackedWeights.Packs);

        wTensor.Span[0] += 1;
        wTensor.MarkChanged();
        Conv2dCpu.Forward<IdentityActivation>(g, xTensor, wTensor, null, y, workspace);

        Assert.Equal(2, workspace.PackedWeights.Packs);
        Closeness.AssertClose(ReferenceLayers.Conv2dPreActivation(g, x.ToDouble(), wTensor.ToArray().ToDouble(), null), y.Span,
            Closeness.ForwardTolerance, what: "y after MarkChanged");
    }

    /// <summary>dx, dw and db of Σ r·conv(x, w) (+ b), by nested loops in float64.</summary>
    private static (double[] Dx, double[] Dw, double[] Db) Gradients(ConvGeometry g, double[] x, double[] w, double[] r)
    {
        var dx = new double[x.Length];
        var dw = new double[w.Length];
        var db = new double[g.OutChannels];
        var perGroup = g.GroupInChannels;
        for (var n = 0; n < g.Batch; n++)
        for (var oc = 0; oc < g.OutChannels; oc++)
        for (var oh = 0; oh < g.OutHeight; oh++)
        for (var ow = 0; ow < g.OutWidth; ow++)
        {
            var gradient = r[((n * g.OutChannels + oc) * g.OutHeight + oh) * g.OutWidth + ow];
            db[oc] += gradient;
            var group = oc / g.GroupOutChannels;
            for (var c = 0; c < perGroup; c++)
            for (var kh = 0; kh < g.KernelHeight; kh++)
            for (var kw = 0; kw < g.KernelWidth; kw++)
            {
                var ih = oh * g.Stride - g.Pad + kh * g.Dilation;
                var iw = ow * g.Stride - g.Pad + kw * g.Dilation;
                if (ih < 0 || ih >= g.InHeight || iw < 0 || iw >= g.InWidth)
                {
                    continue;
                }

                var wi = ((oc * perGroup + c) * g.KernelHeight + kh) * g.KernelWidth + kw;
                var xi = ((n * g.InChannels + group * perGroup + c) * g.InHeight + ih) * g.InWidth + iw;
                dw[wi] += gradient * x[xi];
                dx[xi] += gradient * w[wi];
            }
        }

        return (dx, dw, db);
    }
}
