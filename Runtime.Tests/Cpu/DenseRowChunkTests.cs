using Strata.Cpu;
using Strata.Runtime.Tests.Reference;
using Xunit;

namespace Strata.Runtime.Tests.Cpu;

/// <summary>
/// DenseCpu's forward on wide inputs runs its rows in chunks (the packed A of a chunk stays in L2): batches of several
/// chunks with a ragged last one, with and without a bias and with ReLU, against the float64 reference.
/// </summary>
public class DenseRowChunkTests
{
    [Theory]
    [InlineData(1100, 512, 40, true)]  // 512-row chunks: two full ones and 76 rows
    [InlineData(300, 1024, 33, false)] // 256-row chunks: one full and 44 rows
    public void Chunked_rows_match_the_float64_reference(int batch, int inFeatures, int outFeatures, bool withBias)
    {
        var random = new Random(batch + inFeatures);
        var cpu = Device.Cpu();
        var xs = RandomData.Uniform(random, batch * inFeatures);
        var ws = RandomData.Uniform(random, outFeatures * inFeatures, -0.1f, 0.1f);
        var bs = RandomData.Uniform(random, outFeatures);
        var y = cpu.Allocate(batch, outFeatures);
        DenseCpu.Forward<ReluActivation>(batch, inFeatures, outFeatures, cpu.FromArray(xs, [batch, inFeatures]), cpu.FromArray(ws, [outFeatures, inFeatures]),
            withBias ? cpu.FromArray(bs, [outFeatures]) : null, y, new CpuWorkspace());

        var expected = ReferenceLayers.DensePreActivation(batch, inFeatures, outFeatures, xs.ToDouble(), ws.ToDouble(), withBias ? bs.ToDouble() : null)
            .Select(v => Math.Max(v, 0)).ToArray();
        Closeness.AssertClose(expected, y.ToArray(), Closeness.ForwardTolerance);
    }
}
