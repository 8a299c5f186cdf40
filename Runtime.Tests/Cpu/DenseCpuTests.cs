using Strata.Cpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;
using Xunit;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>DenseCpu against a float64 reference and finite differences on it.</summary>
public class DenseCpuTests
{
    // batch, in features, out features
    public static readonly TheoryData<int, int, int> ForwardSizes = new()
    {
        { 1, 1, 1 },
        { 3, 7, 5 },
        { 1, 784, 120 },
        { 37, 129, 65 },
        { 64, 256, 128 },
    };

    public static readonly TheoryData<int, int, int> BackwardSizes = new()
    {
        { 1, 5, 3 },
        { 3, 9, 7 },
        { 5, 17, 33 },
    };

    public static readonly TheoryData<ReferenceActivation> Activations = ReferenceActivations.All;

    [Theory]
    [MemberData(nameof(ForwardSizes))]
    public void Forward_matches_the_float64_reference(int batch, int inFeatures, int outFeatures)
    {
        CheckForward<SigmoidActivation>(batch, inFeatures, outFeatures, ReferenceActivation.Sigmoid, withBias: true);
        CheckForward<IdentityActivation>(batch, inFeatures, outFeatures, ReferenceActivation.Identity, withBias: false);
    }

    [Theory]
    [MemberData(nameof(Activations))]
    public void Forward_fuses_every_activation(ReferenceActivation kind) => kind.Dispatch(new ForwardCheck());

    [Theory]
    [MemberData(nameof(BackwardSizes))]
    [Covers(Check.Gradient, typeof(DenseAttribute))]
    public void Backward_matches_finite_differences(int batch, int inFeatures, int outFeatures)
    {
        CheckBackward<TanhActivation>(batch, inFeatures, outFeatures, ReferenceActivation.Tanh, withBias: true, withInputGradient: true);
        CheckBackward<IdentityActivation>(batch, inFeatures, outFeatures, ReferenceActivation.Identity, withBias: false, withInputGradient: false);
    }

    [Theory]
    [MemberData(nameof(Activations))]
    [Covers(Check.Gradient, typeof(ReluAttribute), typeof(SigmoidAttribute), typeof(TanhAttribute), typeof(Relu6Attribute))]
    public void Backward_handles_every_activation(ReferenceActivation kind) => kind.Dispatch(new BackwardCheck());

    [Fact]
    public void Wrong_lengths_are_rejected()
    {
        var device = Device.Cpu();
        var workspace = new CpuWorkspace();
        var x = device.Allocate(4, 10);
        var w = device.Allocate(3, 10);
        var b = device.Allocate(3);
        var y = device.Allocate(4, 3);

        var error = Assert.Throws<ArgumentException>(() => DenseCpu.Forward<ReluActivation>(4, 10, 3, x, device.Allocate(10, 4), b, y, workspace));
        Assert.Contains("'w' should hold [3, 10] = 30 values, but it is [10, 4] = 40 values", error.Message);
        Assert.Throws<ArgumentException>(() => DenseCpu.Forward<ReluActivation>(4, 10, 3, device.Allocate(4, 9), w, b, y, workspace));
        Assert.Throws<ArgumentException>(() => DenseCpu.Forward<ReluActivation>(4, 10, 3, x, w, device.Allocate(4), y, workspace));
        Assert.Throws<ArgumentException>(() => DenseCpu.Forward<ReluActivation>(4, 10, 3, x, w, b, device.Allocate(4, 4), workspace));
        Assert.Throws<ArgumentException>(() =>
            DenseCpu.Backward<ReluActivation>(4, 10, 3, x, w, y, device.Allocate(4, 3), device.Allocate(4, 11), device.Allocate(3, 10), b, workspace));
        Assert.Throws<ArgumentException>(() =>
            DenseCpu.Backward<ReluActivation>(4, 10, 3, x, w, y, device.Allocate(4, 3), null, device.Allocate(3, 9), b, workspace));
    }

    private static void CheckForward<TActivation>(int batch, int inFeatures, int outFeatures, ReferenceActivation kind, bool withBias)
        where TActivation : struct, IActivation
    {
        var random = new Random(batch * 1000 + inFeatures * 10 + outFeatures);
        var device = Device.Cpu();
        var x = RandomData.Uniform(random, batch * inFeatures);
        var w = RandomData.Uniform(random, outFeatures * inFeatures);
        var b = withBias ? RandomData.Uniform(random, outFeatures) : null;
        var y = device.FromArray(RandomData.Uniform(random, batch * outFeatures, 50, 60), batch, outFeatures);

        DenseCpu.Forward<TActivation>(batch, inFeatures, outFeatures, device.FromArray(x, batch, inFeatures),
            device.FromArray(w, outFeatures, inFeatures), b is null ? null : device.FromArray(b, outFeatures), y, new CpuWorkspace());

        var expected = ReferenceLayers.Activate(kind,
            ReferenceLayers.DensePreActivation(batch, inFeatures, outFeatures, x.ToDouble(), w.ToDouble(), b?.ToDouble()));
        Closeness.AssertClose(expected, y.Span, Closeness.ForwardTolerance, what: $"dense {batch}×{inFeatures}→{outFeatures} {kind}");
    }

    private static void CheckBackward<TActivation>(
        int batch, int inFeatures, int outFeatures, ReferenceActivation kind, bool withBias, bool withInputGradient)
        where TActivation : struct, IActivation
    {
        var (x, w, b) = KinkFreeParameters(batch, inFeatures, outFeatures, kind, withBias);
        var device = Device.Cpu();
        var workspace = new CpuWorkspace();
        var r = RandomData.Uniform(new Random(23), batch * outFeatures);
        var xTensor = device.FromArray(x, batch, inFeatures);
        var wTensor = device.FromArray(w, outFeatures, inFeatures);
        var y = device.Allocate(batch, outFeatures);
        DenseCpu.Forward<TActivation>(batch, inFeatures, outFeatures, xTensor, wTensor, b is null ? null : device.FromArray(b, outFeatures), y, workspace);
        var dy = device.FromArray(r, batch, outFeatures);
        var dx = withInputGradient ? device.FromArray(RandomData.Uniform(new Random(1), x.Length, 7, 8), batch, inFeatures) : null;
        var dw = device.FromArray(RandomData.Uniform(new Random(2), w.Length, 7, 8), outFeatures, inFeatures);
        var db = b is null ? null : device.FromArray(RandomData.Uniform(new Random(3), outFeatures, 7, 8), outFeatures);

        DenseCpu.Backward<TActivation>(batch, inFeatures, outFeatures, xTensor, wTensor, y, dy, dx, dw, db, workspace);

        var rd = r.ToDouble();
        var xd = x.ToDouble();
        var wd = w.ToDouble();
        var bd = b?.ToDouble();
        double Loss(double[] xs, double[] ws, double[]? bs) =>
            ReferenceLayers.WeightedSum(rd, ReferenceLayers.Activate(kind, ReferenceLayers.DensePreActivation(batch, inFeatures, outFeatures, xs, ws, bs)));

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

    /// <summary>Random parameters whose pre-activations stay at least 0.05 from every kink (see Conv2dCpuTests).</summary>
    private static (float[] X, float[] W, float[]? B) KinkFreeParameters(int batch, int inFeatures, int outFeatures, ReferenceActivation kind, bool withBias)
    {
        for (var seed = 0; ; seed++)
        {
            var random = new Random(seed);
            var x = RandomData.Uniform(random, batch * inFeatures, -3, 3);
            var w = RandomData.Uniform(random, outFeatures * inFeatures);
            var b = withBias ? RandomData.Uniform(random, outFeatures) : null;
            var z = ReferenceLayers.DensePreActivation(batch, inFeatures, outFeatures, x.ToDouble(), w.ToDouble(), b?.ToDouble());
            if (z.All(value => kind.DistanceToKink(value) > 0.05))
            {
                return (x, w, b);
            }
        }
    }

    private sealed class ForwardCheck : IActivationTest
    {
        public void Run<TActivation>(ReferenceActivation kind)
            where TActivation : struct, IActivation
        {
            CheckForward<TActivation>(5, 40, 37, kind, withBias: true);
            CheckForward<TActivation>(5, 40, 37, kind, withBias: false);
        }
    }

    private sealed class BackwardCheck : IActivationTest
    {
        public void Run<TActivation>(ReferenceActivation kind)
            where TActivation : struct, IActivation =>
            CheckBackward<TActivation>(4, 11, 9, kind, withBias: true, withInputGradient: true);
    }
}
