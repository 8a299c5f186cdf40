using Strata.Runtime.Tests.Coverage;
using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// AttentionGruGpu on ILGPU's CPU accelerator against AttentionGruCpu (itself checked against a float64 reference and
/// finite differences in AttentionGruCpuTests), at tiny sizes with a padded source and a short target: the outputs,
/// final state, attention weights and every gradient (W_q, W_k, w_v, the GRU's weights and biases, x, the memory and
/// h0) within 1e-4 relative; and every attention-GRU kernel compiles to PTX (the GRU cell's and the tiled GEMM's in
/// RecurrentGpuTests and TiledGemmTests).
/// </summary>
public class AttentionGruGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    private const int N = 2, T = 3, S = 4, I = 3, K = 4, H = 5, A = 4;

    private static readonly AttentionGruGeometry Geometry = new(N, T, S, I, K, H, A);

    public static TheoryData<bool> Ragged => new(true, false);

    public static TheoryData<string> Kernels => PtxCompiler.EntryPoints(typeof(AttentionGruKernels));

    [Theory]
    [MemberData(nameof(Ragged))]
    public void Forward_attention_and_every_gradient_match_the_cpu(bool ragged)
    {
        var random = new Random(ragged ? 31 : 37);
        var sizes = new[] { A * H, A * K, A, 3 * H * (K + I), 3 * H * H, 3 * H, 3 * H, N * T * I, N * S * K, N * H, N * T * H, N * H };
        var values = sizes.Select(size => RandomData.Uniform(random, size)).ToArray();
        int[] sourceLengths = ragged ? [S, 2] : [S, S];
        int[]? targetLengths = ragged ? [T, 2] : null;

        var cpu = Run(Device.Cpu(), values, sourceLengths, targetLengths, ragged);
        var gpu = Run(fixture.Device, values, sourceLengths, targetLengths, ragged);

        Assert.Equal(cpu.Select(r => r.Name), gpu.Select(r => r.Name));
        for (var i = 0; i < cpu.Count; i++)
        {
            Assert.Contains(cpu[i].Values, v => v != 0);
            Closeness.AssertClose(cpu[i].Values.ToDouble(), gpu[i].Values, Closeness.ForwardTolerance, what: $"ragged {ragged}: {cpu[i].Name}");
        }
    }

    /// <summary>
    /// The lengths stay on the device with the tape: a step with the lengths of the step before copies nothing either
    /// way, and new target lengths are one upload.
    /// </summary>
    [Fact]
    public void Lengths_are_uploaded_once_and_again_only_when_they_change()
    {
        var device = fixture.Device;
        var random = new Random(41);
        Tensor Make(params int[] shape) => device.FromArray(RandomData.Uniform(random, shape.Aggregate(1, (a, b) => a * b)), shape);
        var weights = new AttentionGruWeights(Make(A, H), Make(A, K), Make(1, A), new RecurrentWeights(Make(3 * H, K + I), Make(3 * H, H), Make(3 * H), Make(3 * H)));
        var gradients = new AttentionGruWeights(Make(A, H), Make(A, K), Make(1, A), new RecurrentWeights(Make(3 * H, K + I), Make(3 * H, H), Make(3 * H), Make(3 * H)));
        var (x, memory, dy, y) = (Make(N, T, I), Make(N, S, K), Make(N, T, H), device.Allocate(N, T, H));
        int[] sources = [S, 2];
        using var tape = new AttentionGruGpuTape();
        (long Uploads, long Downloads) Step(int[]? targets)
        {
            var (uploads, downloads) = (device.HostUploads, device.HostDownloads);
            AttentionGruGpu.Forward(Geometry, x, memory, sources, targets, null, weights, y, tape);
            AttentionGruGpu.Backward(Geometry, memory, sources, targets, weights, tape, dy, null, gradients);
            return (device.HostUploads - uploads, device.HostDownloads - downloads);
        }

        Assert.Equal((2, 0), Step([T, 2]));
        Assert.Equal((0, 0), Step([T, 2]));
        Assert.Equal((1, 0), Step([2, T]));
        Assert.Equal((1, 0), Step(null));
        Assert.Equal((0, 0), Step(null));
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    [Covers(Check.Ptx, typeof(AttentionGruAttribute))]
    public void Kernel_compiles_to_ptx(string name) => PtxCompiler.AssertCompiles(typeof(AttentionGruKernels), name);

    private static List<(string Name, float[] Values)> Run(Device device, float[][] values, int[] sourceLengths, int[]? targetLengths, bool withStates)
    {
        Tensor Make(int index, params int[] shape) => device.FromArray(values[index], shape);
        var weights = new AttentionGruWeights(Make(0, A, H), Make(1, A, K), Make(2, 1, A),
            new RecurrentWeights(Make(3, 3 * H, K + I), Make(4, 3 * H, H), Make(5, 3 * H), Make(6, 3 * H)));
        var (x, memory) = (Make(7, N, T, I), Make(8, N, S, K));
        var h0 = withStates ? Make(9, N, H) : null;
        var dhN = withStates ? Make(11, N, H) : null;
        var dy = Make(10, N, T, H);
        var (y, hN, attention) = (device.Allocate(N, T, H), device.Allocate(N, H), device.Allocate(N, T, S));
        var gradients = new AttentionGruWeights(device.Allocate(A, H), device.Allocate(A, K), device.Allocate(1, A),
            new RecurrentWeights(device.Allocate(3 * H, K + I), device.Allocate(3 * H, H), device.Allocate(3 * H), device.Allocate(3 * H)));
        var (dx, dMemory, dh0) = (device.Allocate(N, T, I), device.Allocate(N, S, K), device.Allocate(N, H));
        if (device.IsGpu)
        {
            using var tape = new AttentionGruGpuTape();
            AttentionGruGpu.Forward(Geometry, x, memory, sourceLengths, targetLengths, h0, weights, y, tape, hN, attention);
            AttentionGruGpu.Backward(Geometry, memory, sourceLengths, targetLengths, weights, tape, dy, dhN, gradients, dx, dMemory, dh0);
        }
        else
        {
            var (tape, workspace) = (new AttentionGruTape(), new CpuWorkspace());
            AttentionGruCpu.Forward(Geometry, x, memory, sourceLengths, targetLengths, h0, weights, y, tape, workspace, hN, attention);
            AttentionGruCpu.Backward(Geometry, memory, sourceLengths, targetLengths, weights, tape, dy, dhN, gradients, workspace, dx, dMemory, dh0);
        }

        return
        [
            ("y", y.ToArray()), ("hN", hN.ToArray()), ("attention", attention.ToArray()),
            ("dW_q", gradients.QueryWeight.ToArray()), ("dW_k", gradients.KeyWeight.ToArray()), ("dw_v", gradients.ScoreWeight.ToArray()),
            ("dW_ih", gradients.Gru.WeightIh.ToArray()), ("dW_hh", gradients.Gru.WeightHh.ToArray()),
            ("db_ih", gradients.Gru.BiasIh.ToArray()), ("db_hh", gradients.Gru.BiasHh.ToArray()),
            ("dx", dx.ToArray()), ("dMemory", dMemory.ToArray()), ("dh0", dh0.ToArray()),
        ];
    }
}
