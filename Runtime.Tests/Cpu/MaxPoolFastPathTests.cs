using Strata.Cpu;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// Max pooling's inner-window fast path picks the same winners as the clipped general path: the first maximum in
/// row-major order, or the last NaN (PyTorch's CPU rule <c>val &gt; max || isnan(val)</c>), on small and parallel calls.
/// </summary>
public class MaxPoolFastPathTests
{
    // batch, channels, height, width, kernel, stride, pad
    public static readonly TheoryData<int, int, int, int, int, int, int> Geometries = new()
    {
        { 2, 3, 8, 8, 2, 2, 0 },
        { 1, 2, 9, 7, 2, 2, 0 },     // odd sizes: the last row and column are dropped
        { 2, 2, 9, 9, 3, 2, 1 },
        { 1, 3, 8, 7, 3, 1, 1 },
        { 2, 2, 10, 9, 3, 2, 0 },
        { 1, 2, 9, 9, 4, 3, 2 },
        { 8, 16, 32, 32, 2, 2, 0 },  // big enough to run on several threads
        { 4, 16, 33, 31, 3, 2, 1 },
        { 2, 3, 20, 37, 3, 1, 1 },   // wide enough for 16 outputs of stride 1 at a time
        { 1, 2, 6, 40, 2, 1, 0 },
        { 2, 3, 10, 37, 2, 2, 1 },   // 2 × 2 at stride 2, padded: 8 backward outputs at a time from the first inner one
        { 1, 2, 6, 40, 2, 2, 0 },    // 2 × 2 at stride 2: 16 outputs, then 4 through masks
        { 64, 6, 28, 28, 2, 2, 0 },  // LeNet's first pooling: 14 outputs a row, all through masks
        { 3, 16, 10, 10, 2, 2, 0 },  // LeNet's second: 5 a row
        { 1, 2, 6, 64, 2, 2, 0 },    // two whole vectors of outputs a row
        { 1, 2, 7, 67, 2, 2, 0 },    // 33 outputs a row, odd sizes: one masked output past two whole vectors
        { 2, 3, 16, 16, 3, 2, 1 },   // ResNet's stem pooling at CIFAR size: a 16-float row per vector
        { 1, 2, 15, 16, 3, 2, 1 },   // the same on an odd height: the last window has two rows
    };

    [Theory]
    [MemberData(nameof(Geometries))]
    public void Forward_and_backward_pick_the_same_winners_as_a_plain_reference(int n, int c, int h, int w, int kernel, int stride, int pad)
    {
        var g = new PoolGeometry(n, c, h, w, kernel, stride, pad, (h + 2 * pad - kernel) / stride + 1, (w + 2 * pad - kernel) / stride + 1);
        var random = new Random(h * 31 + kernel);

        // Few distinct values make ties common; some NaNs, sometimes two in one window.
        var x = new float[n * c * h * w];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = random.Next(40) == 0 ? float.NaN : random.Next(-3, 1);
        }

        var dy = new float[n * c * g.OutHeight * g.OutWidth];
        for (var i = 0; i < dy.Length; i++)
        {
            dy[i] = random.Next(1, 1000);
        }

        var (expectedY, expectedDx) = Reference(g, x, dy);
        var device = Device.Cpu();
        using var xs = device.FromArray(x, n, c, h, w);
        using var y = device.Allocate(n, c, g.OutHeight, g.OutWidth);
        using var dys = device.FromArray(dy, n, c, g.OutHeight, g.OutWidth);
        using var dx = device.Allocate(n, c, h, w);

        Pool2dCpu.MaxForward(g, xs, y);
        Assert.Equal(expectedY, y.ToArray());

        Pool2dCpu.MaxForwardGeneral(g, xs, y);
        Assert.Equal(expectedY, y.ToArray());

        dx.Span.Fill(123f); // overwritten, not accumulated into
        Pool2dCpu.MaxBackward(g, xs, dys, dx);
        Assert.Equal(expectedDx, dx.ToArray());
    }

    [Fact]
    public void A_nan_wins_its_window_and_the_last_nan_takes_the_gradient()
    {
        var g = new PoolGeometry(1, 1, 2, 4, 2, 2, 0, 1, 2);
        var device = Device.Cpu();
        using var x = device.FromArray([1f, float.NaN, 5f, 6f, float.NaN, 9f, 7f, 8f], 1, 1, 2, 4);
        using var y = device.Allocate(1, 1, 1, 2);
        using var dy = device.FromArray([10f, 20f], 1, 1, 1, 2);
        using var dx = device.Allocate(1, 1, 2, 4);

        Pool2dCpu.MaxForward(g, x, y);
        Pool2dCpu.MaxBackward(g, x, dy, dx);

        Assert.True(float.IsNaN(y.Span[0]));
        Assert.Equal(8f, y.Span[1]);
        Assert.Equal([0f, 0f, 0f, 0f, 10f, 0f, 0f, 20f], dx.ToArray());
    }

    /// <summary>A direct loop over each window's real cells, written from the rule, not from the kernels.</summary>
    private static (float[] Y, float[] Dx) Reference(PoolGeometry g, float[] x, float[] dy)
    {
        var y = new float[dy.Length];
        var dx = new float[x.Length];
        for (var plane = 0; plane < g.Batch * g.Channels; plane++)
        {
            for (var oh = 0; oh < g.OutHeight; oh++)
            {
                for (var ow = 0; ow < g.OutWidth; ow++)
                {
                    var winner = -1;
                    for (var ih = oh * g.Stride - g.Pad; ih < oh * g.Stride - g.Pad + g.Kernel; ih++)
                    {
                        for (var iw = ow * g.Stride - g.Pad; iw < ow * g.Stride - g.Pad + g.Kernel; iw++)
                        {
                            if (ih < 0 || iw < 0 || ih >= g.InHeight || iw >= g.InWidth)
                            {
                                continue;
                            }

                            var index = (plane * g.InHeight + ih) * g.InWidth + iw;
                            if (winner < 0 || float.IsNaN(x[index]) || (!float.IsNaN(x[winner]) && x[index] > x[winner]))
                            {
                                winner = index;
                            }
                        }
                    }

                    var output = (plane * g.OutHeight + oh) * g.OutWidth + ow;
                    y[output] = x[winner];
                    dx[winner] += dy[output];
                }
            }
        }

        return (y, dx);
    }
}
