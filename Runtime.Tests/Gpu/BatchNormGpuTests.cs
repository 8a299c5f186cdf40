using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// BatchNormGpu on ILGPU's CPU accelerator against BatchNormCpu (itself checked against the float64 reference and
/// finite differences through the generated models), in training and evaluation, with and without a fused activation:
/// outputs, saved statistics, running statistics and gradients; its argument checks; and its kernels compile to PTX.
/// </summary>
public class BatchNormGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    public static TheoryData<string> Kernels => PtxCompiler.EntryPoints(typeof(BatchNormKernels));

    [Theory]
    [InlineData(true, false, 2, 3, 20)]
    [InlineData(true, true, 3, 5, 1)]
    [InlineData(false, true, 2, 4, 6)]
    [InlineData(false, false, 1, 3, 1)]
    [InlineData(true, true, 3, 2, 150)] // 450 values per channel: each thread of a 256-wide group sums more than one
    public void Forward_and_backward_equal_the_cpu(bool training, bool relu, int batch, int channels, int planeSize)
    {
        var random = new Random(batch * 1000 + channels * 10 + planeSize);
        var x = RandomData.Uniform(random, batch * channels * planeSize, -3f, 3f);
        var dy = RandomData.Uniform(random, x.Length);
        var weight = RandomData.Uniform(random, channels);
        var bias = RandomData.Uniform(random, channels);
        var mean = RandomData.Uniform(random, channels);
        var variance = RandomData.Uniform(random, channels, 0.5f, 2f);
        var cpu = Run(Device.Cpu(), cpu: true);
        var gpu = Run(fixture.Device, cpu: false);

        for (var i = 0; i < cpu.Length; i++)
        {
            Closeness.AssertClose(cpu[i].ToDouble(), gpu[i], 1e-5, what: $"output {i} (training {training}, relu {relu})");
        }

        float[][] Run(Device device, bool cpu)
        {
            var running = new RunningStatistics(device, "Bn", channels);
            running.Mean.Value.CopyFrom(mean);
            running.Variance.Value.CopyFrom(variance);
            var (xs, w, b) = (device.FromArray(x, x.Length), device.FromArray(weight, channels), device.FromArray(bias, channels));
            var (savedMean, savedInvStd, y) = (device.Allocate(channels), device.Allocate(channels), device.Allocate(x.Length));
            var (dys, dx, dw, db) = (device.FromArray(dy, dy.Length), device.Allocate(x.Length), device.Allocate(channels), device.Allocate(channels));
            if (cpu && relu)
            {
                BatchNormCpu.Forward<ReluActivation>(batch, channels, planeSize, 0.1f, 1e-5f, training, xs, w, b, running, savedMean, savedInvStd, y);
                BatchNormCpu.Backward<ReluActivation>(batch, channels, planeSize, training, xs, w, savedMean, savedInvStd, y, dys, dx, dw, db);
            }
            else if (cpu)
            {
                BatchNormCpu.Forward<IdentityActivation>(batch, channels, planeSize, 0.1f, 1e-5f, training, xs, w, b, running, savedMean, savedInvStd, y);
                BatchNormCpu.Backward<IdentityActivation>(batch, channels, planeSize, training, xs, w, savedMean, savedInvStd, y, dys, dx, dw, db);
            }
            else
            {
                var activation = relu ? DenseActivation.Relu : DenseActivation.Identity;
                BatchNormGpu.Forward(batch, channels, planeSize, activation, 0.1f, 1e-5f, training, xs, w, b, running, savedMean, savedInvStd, y);
                BatchNormGpu.Backward(batch, channels, planeSize, activation, training, xs, w, savedMean, savedInvStd, y, dys, dx, dw, db);
            }

            Assert.Equal(training ? 1 : 0, running.BatchesTracked.Int64Values[0]);
            return [y.ToArray(), savedMean.ToArray(), savedInvStd.ToArray(), running.Mean.Value.ToArray(), running.Variance.Value.ToArray(),
                dx.ToArray(), dw.ToArray(), db.ToArray()];
        }
    }

    [Fact]
    public void Wrong_sizes_one_value_per_channel_and_bad_hyperparameters_are_rejected_before_a_launch()
    {
        var device = fixture.Device;
        var running = new RunningStatistics(device, "Bn", 3);
        var (w, b, m, s) = (device.Allocate(3), device.Allocate(3), device.Allocate(3), device.Allocate(3));

        Assert.Contains("'y'", Assert.Throws<ArgumentException>(() =>
            BatchNormGpu.Forward(2, 3, 4, DenseActivation.Identity, 0.1f, 1e-5f, true, device.Allocate(2, 3, 4), w, b, running, m, s, device.Allocate(5))).Message, StringComparison.Ordinal);
        Assert.Contains("more than 1 value per channel", Assert.Throws<ArgumentException>(() =>
            BatchNormGpu.Forward(1, 3, 1, DenseActivation.Identity, 0.1f, 1e-5f, true, device.Allocate(1, 3), w, b, running, m, s, device.Allocate(1, 3))).Message, StringComparison.Ordinal);
        Assert.Equal("eps", Assert.Throws<ArgumentOutOfRangeException>(() =>
            BatchNormGpu.Forward(2, 3, 1, DenseActivation.Identity, 0.1f, 0f, true, device.Allocate(2, 3), w, b, running, m, s, device.Allocate(2, 3))).ParamName);
        Assert.Equal("momentum", Assert.Throws<ArgumentOutOfRangeException>(() =>
            BatchNormGpu.Forward(2, 3, 1, DenseActivation.Identity, float.NaN, 1e-5f, true, device.Allocate(2, 3), w, b, running, m, s, device.Allocate(2, 3))).ParamName);
        Assert.Equal(0, running.BatchesTracked.Int64Values[0]);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    [Covers(Check.Ptx, typeof(BatchNormAttribute))]
    public void Kernel_compiles_to_ptx(string kernel) => PtxCompiler.AssertCompiles(typeof(BatchNormKernels), kernel);

    /// <summary>The per-channel sums are group reductions: shared memory, barriers and warp shuffles in the PTX.</summary>
    [Theory]
    [InlineData(nameof(BatchNormKernels.Statistics))]
    [InlineData(nameof(BatchNormKernels.ParameterGradients))]
    [Covers(Check.Ptx, typeof(BatchNormAttribute))]
    public void Reduction_kernel_compiles_to_a_group_reduction(string kernel)
    {
        var ptx = PtxCompiler.CompileExplicitlyGrouped(typeof(BatchNormKernels).GetMethod(kernel)!);

        Assert.Contains(".entry", ptx, StringComparison.Ordinal);
        Assert.Contains(".shared", ptx, StringComparison.Ordinal);
        Assert.Contains("bar.sync", ptx, StringComparison.Ordinal);
        Assert.Contains("shfl.sync", ptx, StringComparison.Ordinal);
    }
}
