using Strata.Cpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;
using Xunit;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>Conv2dCpu against a float64 nested-loop convolution and finite differences on it.</summary>
public class Conv2dCpuTests
{
    // batch, in channels, height, width, out channels, kernel height, kernel width, stride, pad
    public static readonly TheoryData<int, int, int, int, int, int, int, int, int> ForwardGeometries = new()
    {
        { 1, 1, 5, 5, 1, 3, 3, 1, 0 },
        { 3, 2, 7, 6, 3, 3, 2, 1, 1 },     // non-square kernel
        { 3, 3, 9, 8, 5, 3, 3, 2, 1 },     // stride 2
        { 1, 2, 11, 10, 4, 5, 3, 2, 2 },   // pad 2, non-square
        { 2, 3, 8, 8, 4, 1, 1, 1, 0 },     // pointwise: the input is the columns
        { 2, 3, 7, 9, 5, 1, 1, 2, 0 },     // 1×1 but strided, so through im2col
        { 1, 16, 12, 12, 40, 3, 3, 1, 1 }, // parallel GEMM, ragged panels
        { 3, 3, 33, 31, 20, 3, 3, 1, 1 },  // parallel im2col, ragged row blocks
        { 1, 2, 6, 6, 3, 7, 2, 1, 1 },     // kernel taller than the image plus one pad: some rows all padding
        { 5, 1, 28, 28, 6, 5, 5, 1, 2 },   // LeNet C1: samples split across cores, direct (DirectConv), the plane as one run
        { 2, 3, 10, 40, 9, 3, 3, 1, 1 },   // direct: 40-wide rows (a full and a ragged 32-span), a partial channel block
        { 3, 2, 9, 11, 4, 4, 4, 1, 0 },    // direct, narrow rows (two per vector pair): even kernel, unpadded, rows of 8
        { 2, 3, 7, 12, 5, 3, 3, 1, 1 },    // direct, narrow rows: an odd number of them, the last pair half empty
        { 2, 2, 14, 14, 3, 5, 5, 1, 2 },   // direct by row pairs: the plane as one run would take as many spans (7)
        { 2, 3, 12, 32, 5, 3, 3, 1, 1 },   // direct by rows of one 32-span each, as many as one run would take
        { 2, 6, 14, 14, 16, 5, 5, 1, 0 },  // LeNet C3: direct in two blocks of 8 channels
        { 2, 3, 9, 20, 7, 3, 3, 1, 1 },    // direct, one block of 8 channels with the last idle
        { 1, 32, 4, 4, 60, 3, 3, 1, 1 },   // SmallPlaneRows: 16-float planes, two blocks; stored 8 × 8 at a time, 4 channels one by one
        { 1, 32, 2, 2, 40, 3, 3, 1, 1 },   // SmallPlaneRows: 4-float planes, one half-empty block, a ragged panel
        { 3, 16, 2, 2, 64, 3, 3, 1, 1 },   // SmallPlaneRows: blocks of two samples' positions, the last half empty
        { 3, 16, 4, 4, 64, 3, 3, 2, 1 },   // SmallPlaneRows at stride 2: 2 × 2 outputs from 4 × 4 planes
        { 2, 16, 2, 4, 64, 3, 3, 1, 1 },   // SmallPlaneRows: 8-float planes, one sample a block
        { 1, 512, 2, 2, 64, 3, 3, 1, 1 },  // SmallPlaneRows split by depth across the cores, partial products summed
        { 3, 256, 2, 2, 64, 3, 3, 1, 1 },  // SmallPlaneRows split by depth, blocks of two samples, the last half empty
        { 1, 99, 4, 4, 100, 3, 3, 1, 1 },  // SmallPlaneRows split by depth unevenly (49 and 50 channels on 2 cores), a ragged panel
    };

    public static readonly TheoryData<int, int, int, int, int, int, int, int, int> BackwardGeometries = new()
    {
        { 3, 2, 7, 6, 3, 3, 2, 1, 1 },
        { 1, 2, 7, 7, 2, 3, 3, 2, 2 },
        { 2, 2, 6, 5, 3, 1, 1, 1, 0 },
        { 2, 1, 8, 8, 2, 2, 3, 2, 0 },
        { 3, 2, 12, 12, 3, 5, 5, 1, 2 },   // samples split unevenly across cores, per-worker dW summed; direct dx
        { 2, 3, 9, 20, 5, 3, 3, 1, 1 },    // direct weight gradient (DirectConv): 27 taps, a partial channel block
        { 3, 1, 10, 35, 6, 5, 5, 1, 2 },   // direct weight gradient: LeNet C1's window, rows of 35 (three vectors)
        { 2, 6, 12, 12, 5, 5, 5, 1, 0 },   // direct weight and input gradients of LeNet C3's window (150 values), rows of 8
        { 1, 6, 14, 14, 4, 5, 5, 1, 0 },   // LeNet C3's planes: dx by row pairs over dY padded by 4, rows of only padding skipped
        { 2, 2, 9, 10, 3, 3, 3, 2, 1 },    // stride 2: dx through the GEMM path, not the flipped direct one (stride 1 only)
    };

    public static readonly TheoryData<ReferenceActivation> Activations = ReferenceActivations.All;

    [Theory]
    [MemberData(nameof(ForwardGeometries))]
    public void Forward_matches_the_float64_reference(int n, int c, int h, int w, int oc, int kh, int kw, int stride, int pad)
    {
        var g = Geometry(n, c, h, w, oc, kh, kw, stride, pad);
        CheckForward<TanhActivation>(g, ReferenceActivation.Tanh, withBias: true);
        CheckForward<IdentityActivation>(g, ReferenceActivation.Identity, withBias: false);
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Forward_fuses_every_activation(ReferenceActivation kind) =>
        kind.Dispatch(new ForwardCheck(Geometry(2, 3, 9, 8, 5, 3, 3, 1, 1)));

    [Theory]
    [MemberData(nameof(BackwardGeometries))]
    [Covers(Check.Gradient, typeof(ConvAttribute))]
    public void Backward_matches_finite_differences(int n, int c, int h, int w, int oc, int kh, int kw, int stride, int pad)
    {
        var g = Geometry(n, c, h, w, oc, kh, kw, stride, pad);
        CheckBackward<SigmoidActivation>(g, ReferenceActivation.Sigmoid, withBias: true, withInputGradient: true);
        CheckBackward<IdentityActivation>(g, ReferenceActivation.Identity, withBias: false, withInputGradient: false);
    }

    [Theory]
    [MemberData(nameof(Activations))]
    [Covers(Check.Gradient, typeof(ReluAttribute), typeof(SigmoidAttribute), typeof(TanhAttribute), typeof(Relu6Attribute))]
    public void Backward_handles_every_activation(ReferenceActivation kind) =>
        kind.Dispatch(new BackwardCheck(Geometry(2, 2, 6, 7, 3, 3, 3, 1, 1)));

    [Fact]
    public void Corr2d_edge_detector_gives_the_seed_numbers_exactly()
    {
        // The seed's example: X is 6×8, ones except columns 2..5; K = [1, −1] marks the edges with +1 and −1.
        var device = Device.Cpu();
        var image = new float[6 * 8];
        for (var row = 0; row < 6; row++)
        {
            for (var column = 0; column < 8; column++)
            {
                image[row * 8 + column] = column is >= 2 and <= 5 ? 0f : 1f;
            }
        }

        var g = Geometry(1, 1, 6, 8, 1, 1, 2, 1, 0);
        var y = device.Allocate(1, 1, 6, 7);
        Conv2dCpu.Forward<IdentityActivation>(g, device.FromArray(image, 1, 1, 6, 8), device.FromArray([1f, -1f], 1, 1, 1, 2), null, y, new CpuWorkspace());

        var expectedRow = new float[] { 0, 1, 0, 0, 0, -1, 0 };
        for (var row = 0; row < 6; row++)
        {
            Assert.Equal(expectedRow, y.Span.Slice(row * 7, 7).ToArray());
        }
    }

    [Fact]
    public void Wrong_lengths_and_geometry_are_rejected()
    {
        var device = Device.Cpu();
        var workspace = new CpuWorkspace();
        var g = Geometry(2, 3, 8, 8, 4, 3, 3, 1, 1);
        var x = device.Allocate(2, 3, 8, 8);
        var w = device.Allocate(4, 3, 3, 3);
        var b = device.Allocate(4);
        var y = device.Allocate(2, 4, 8, 8);

        var error = Assert.Throws<ArgumentException>(() => Conv2dCpu.Forward<ReluActivation>(g, device.Allocate(2, 3, 8, 7), w, b, y, workspace));
        Assert.Contains("'x' should hold [2, 3, 8, 8] = 384 values, but it is [2, 3, 8, 7] = 336 values", error.Message);
        Assert.Throws<ArgumentException>(() => Conv2dCpu.Forward<ReluActivation>(g, x, device.Allocate(4, 3, 3, 2), b, y, workspace));
        Assert.Throws<ArgumentException>(() => Conv2dCpu.Forward<ReluActivation>(g, x, w, device.Allocate(3), y, workspace));
        Assert.Throws<ArgumentException>(() => Conv2dCpu.Forward<ReluActivation>(g, x, w, b, device.Allocate(2, 4, 8, 9), workspace));
        Assert.Throws<ArgumentException>(() => Conv2dCpu.Forward<ReluActivation>(g with { OutHeight = 7 }, x, w, b, device.Allocate(2, 4, 7, 8), workspace));
        Assert.Throws<ArgumentException>(() =>
            Conv2dCpu.Backward<ReluActivation>(g, x, w, y, device.Allocate(2, 4, 8, 8), device.Allocate(2, 3, 8, 8), device.Allocate(4, 3, 3, 3), device.Allocate(5), workspace));
        Assert.Throws<ArgumentException>(() =>
            Conv2dCpu.Backward<ReluActivation>(g, x, w, y, device.Allocate(2, 4, 8, 8), device.Allocate(1, 3, 8, 8), device.Allocate(4, 3, 3, 3), b, workspace));
    }

    private static ConvGeometry Geometry(int n, int c, int h, int w, int oc, int kh, int kw, int stride, int pad) =>
        new(n, c, h, w, oc, kh, kw, stride, pad, (h + 2 * pad - kh) / stride + 1, (w + 2 * pad - kw) / stride + 1);

    private static void CheckForward<TActivation>(ConvGeometry g, ReferenceActivation kind, bool withBias)
        where TActivation : struct, IActivation
    {
        var random = new Random(g.GetHashCode());
        var device = Device.Cpu();
        var x = RandomData.Uniform(random, g.Batch * g.InChannels * g.InHeight * g.InWidth);
        var w = RandomData.Uniform(random, g.OutChannels * g.InChannels * g.KernelHeight * g.KernelWidth);
        var b = withBias ? RandomData.Uniform(random, g.OutChannels) : null;
        var y = device.Allocate(g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
        y.CopyFrom(RandomData.Uniform(random, y.Length, 50, 60)); // junk that must be overwritten

        Conv2dCpu.Forward<TActivation>(g, device.FromArray(x, x.Length), device.FromArray(w, w.Length),
            b is null ? null : device.FromArray(b, b.Length), y, new CpuWorkspace());

        var expected = ReferenceLayers.Activate(kind, ReferenceLayers.Conv2dPreActivation(g, x.ToDouble(), w.ToDouble(), b?.ToDouble()));
        Closeness.AssertClose(expected, y.Span, Closeness.ForwardTolerance, what: $"conv {g} {kind}");
    }

    private static void CheckBackward<TActivation>(ConvGeometry g, ReferenceActivation kind, bool withBias, bool withInputGradient)
        where TActivation : struct, IActivation
    {
        var (x, w, b) = KinkFreeParameters(g, kind, withBias);
        var device = Device.Cpu();
        var workspace = new CpuWorkspace();
        var r = RandomData.Uniform(new Random(17), g.Batch * g.OutChannels * g.OutHeight * g.OutWidth);
        var xTensor = device.FromArray(x, x.Length);
        var wTensor = device.FromArray(w, w.Length);
        var y = device.Allocate(r.Length);
        Conv2dCpu.Forward<TActivation>(g, xTensor, wTensor, b is null ? null : device.FromArray(b, b.Length), y, workspace);
        var dy = device.FromArray(r, r.Length);
        var dx = withInputGradient ? device.FromArray(RandomData.Uniform(new Random(1), x.Length, 7, 8), x.Length) : null;
        var dw = device.FromArray(RandomData.Uniform(new Random(2), w.Length, 7, 8), w.Length);
        var db = b is null ? null : device.FromArray(RandomData.Uniform(new Random(3), b.Length, 7, 8), b.Length);

        Conv2dCpu.Backward<TActivation>(g, xTensor, wTensor, y, dy, dx, dw, db, workspace);

        var rd = r.ToDouble();
        var xd = x.ToDouble();
        var wd = w.ToDouble();
        var bd = b?.ToDouble();
        double Loss(double[] xs, double[] ws, double[]? bs) =>
            ReferenceLayers.WeightedSum(rd, ReferenceLayers.Activate(kind, ReferenceLayers.Conv2dPreActivation(g, xs, ws, bs)));

        Closeness.AssertClose(FiniteDifferences.Gradient(ws => Loss(xd, ws, bd), wd), dw.Span, Closeness.GradientTolerance, what: $"dw {kind}");
        if (bd is not null)
        {
            Closeness.AssertClose(FiniteDifferences.Gradient(bs => Loss(xd, wd, bs), bd), db!.Span, Closeness.GradientTolerance, what: $"db {kind}");
        }

        if (dx is not null)
        {
            Closeness.AssertClose(FiniteDifferences.Gradient(xs => Loss(xs, wd, bd), xd), dx.Span, Closeness.GradientTolerance, what: $"dx {kind}");
        }
    }

    /// <summary>
    /// Random parameters whose pre-activations all stay at least 0.05 from the activation's kinks, so central
    /// differences (step 1e-3, moving a pre-activation by at most a few 1e-3) never straddle one. Inputs span ±3 so
    /// ReLU6 sees both its linear part and its ceiling.
    /// </summary>
    private static (float[] X, float[] W, float[]? B) KinkFreeParameters(ConvGeometry g, ReferenceActivation kind, bool withBias)
    {
        for (var seed = 0; ; seed++)
        {
            var random = new Random(seed);
            var x = RandomData.Uniform(random, g.Batch * g.InChannels * g.InHeight * g.InWidth, -3, 3);
            var w = RandomData.Uniform(random, g.OutChannels * g.InChannels * g.KernelHeight * g.KernelWidth);
            var b = withBias ? RandomData.Uniform(random, g.OutChannels) : null;
            var z = ReferenceLayers.Conv2dPreActivation(g, x.ToDouble(), w.ToDouble(), b?.ToDouble());
            if (z.All(value => kind.DistanceToKink(value) > 0.05))
            {
                return (x, w, b);
            }
        }
    }

    private sealed class ForwardCheck(ConvGeometry g) : IActivationTest
    {
        public void Run<TActivation>(ReferenceActivation kind)
            where TActivation : struct, IActivation
        {
            CheckForward<TActivation>(g, kind, withBias: true);
            CheckForward<TActivation>(g, kind, withBias: false);
        }
    }

    private sealed class BackwardCheck(ConvGeometry g) : IActivationTest
    {
        public void Run<TActivation>(ReferenceActivation kind)
            where TActivation : struct, IActivation => CheckBackward<TActivation>(g, kind, withBias: true, withInputGradient: true);
    }
}
