using Strata.Cpu;
using Strata.Runtime.Tests.Reference;
using Xunit;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// A convolution backward's first pass, dY ·= act′(Y) and the bias sums, against float64 definitions: at LeNet's first
/// layer at batch 64 (the parallel path) and at a size one thread takes.
/// </summary>
public class ConvOutputGradientTests
{
    [Theory]
    [InlineData(64, 6, 784)]
    [InlineData(3, 5, 7)]
    public void Relu_derivative_and_bias_sums_match_the_definition(int batch, int channels, int positions)
    {
        var random = new Random(batch);
        var count = batch * channels * positions;

        // Y as a ReLU leaves it, about half zeros.
        var outputs = RandomData.Uniform(random, count).Select(v => Math.Max(v, 0f)).ToArray();
        var gradients = RandomData.Uniform(random, count);
        var device = Device.Cpu();
        var y = device.FromArray(outputs, count);
        var dy = device.FromArray(gradients, count);
        var db = device.FromArray(Enumerable.Repeat(float.NaN, channels).ToArray(), channels);

        ConvOutputGradient.Backward<ReluActivation>(batch * channels, channels, positions, y, dy, db, new CpuWorkspace());

        var expected = new double[count];
        var sums = new double[channels];
        for (var i = 0; i < count; i++)
        {
            expected[i] = outputs[i] > 0 ? gradients[i] : 0;
            sums[i / positions % channels] += expected[i];
        }

        Closeness.AssertClose(expected, dy.Span, 0, what: "dY · relu′(Y)");
        Closeness.AssertClose(sums, db.Span, 1e-5, floor: positions, what: "db");
    }

    [Fact]
    public void Identity_without_a_bias_leaves_the_gradient_alone_and_with_one_sums_it()
    {
        var device = Device.Cpu();
        float[] values = [1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f];
        var dy = device.FromArray(values, 8);
        ConvOutputGradient.Backward<IdentityActivation>(4, 2, 2, device.Allocate(8), dy, null, new CpuWorkspace());
        Assert.Equal(values, dy.Span.ToArray());

        var db = device.Allocate(2);
        ConvOutputGradient.Backward<IdentityActivation>(4, 2, 2, device.Allocate(8), dy, db, new CpuWorkspace());

        // Planes (sample 0, channel 0) = [1, 2], (0, 1) = [3, 4], (1, 0) = [5, 6], (1, 1) = [7, 8].
        Assert.Equal([14f, 22f], db.Span.ToArray());
    }
}
