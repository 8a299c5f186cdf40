using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// DenseGpu on ILGPU's CPU accelerator against DenseCpu (itself checked against float64 references and finite
/// differences), every activation with and without bias. Its kernels (the tiled GEMM, SumRows, ActivationKernels) are
/// compiled to PTX by TiledGemmTests, SequenceKernelPtxTests and ActivationGpuTests. Tolerance 1e-4 relative.
/// </summary>
public class DenseGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    private const int Batch = 3, In = 7, Out = 5;

    public static TheoryData<DenseActivation, bool> Cases()
    {
        var cases = new TheoryData<DenseActivation, bool>();
        foreach (var activation in Enum.GetValues<DenseActivation>())
        {
            cases.Add(activation, true);
            cases.Add(activation, false);
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_and_backward_match_the_cpu(DenseActivation activation, bool bias)
    {
        var random = new Random(51 + (int)activation * 2 + (bias ? 1 : 0));
        var x = RandomData.Uniform(random, Batch * In, -3f, 3f);
        var w = RandomData.Uniform(random, Out * In);
        var b = RandomData.Uniform(random, Out);
        var dy = RandomData.Uniform(random, Batch * Out);

        var cpu = Run(Device.Cpu(), bias, x, w, b, dy, null,
            (xs, ws, bs, y) => CpuActivations.Invoke(typeof(DenseCpu), nameof(DenseCpu.Forward), activation, Batch, In, Out, xs, ws, bs, y, new CpuWorkspace()),
            (xs, ws, y, dys, dx, dw, db) => CpuActivations.Invoke(typeof(DenseCpu), nameof(DenseCpu.Backward), activation, Batch, In, Out, xs, ws, y, dys, dx, dw, db, new CpuWorkspace()));
        var gpu = Run(fixture.Device, bias, x, w, b, dy, cpu[0].Values,
            (xs, ws, bs, y) => DenseGpu.Forward(Batch, In, Out, activation, xs, ws, bs, y),
            (xs, ws, y, dys, dx, dw, db) => DenseGpu.Backward(Batch, In, Out, activation, xs, ws, y, dys, dx, dw, db));

        Assert.Equal(cpu.Select(r => r.Name), gpu.Select(r => r.Name));
        for (var i = 0; i < cpu.Count; i++)
        {
            Closeness.AssertClose(cpu[i].Values.ToDouble(), gpu[i].Values, Closeness.ForwardTolerance, what: $"{activation} bias={bias}: {cpu[i].Name}");
        }
    }

    [Fact]
    public void An_empty_batch_launches_nothing_and_zeroes_the_parameter_gradients()
    {
        var device = fixture.Device;
        var (x, w, y) = (device.Allocate(0, In), device.Allocate(Out, In), device.Allocate(0, Out));
        var dw = device.FromArray(Enumerable.Repeat(5f, Out * In).ToArray(), Out, In);
        var db = device.FromArray(Enumerable.Repeat(5f, Out).ToArray(), Out);

        DenseGpu.Forward(0, In, Out, DenseActivation.Tanh, x, w, db, y);
        DenseGpu.Backward(0, In, Out, DenseActivation.Tanh, x, w, y, device.Allocate(0, Out), device.Allocate(0, In), dw, db);

        Assert.All(dw.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(db.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Wrong_sizes_are_rejected_before_a_launch()
    {
        var device = fixture.Device;
        var (x, w, y) = (device.Allocate(Batch, In), device.Allocate(Out, In), device.Allocate(Batch, Out));

        Assert.Contains("'b'", Assert.Throws<ArgumentException>(() => DenseGpu.Forward(Batch, In, Out, DenseActivation.Relu, x, w, device.Allocate(Out + 1), y)).Message, StringComparison.Ordinal);
        Assert.Contains("'y'", Assert.Throws<ArgumentException>(() =>
            DenseGpu.Backward(Batch, In, Out, DenseActivation.Relu, x, w, device.Allocate(Batch), y, null, device.Allocate(Out, In), null)).Message, StringComparison.Ordinal);
        Assert.Contains("'db'", Assert.Throws<ArgumentException>(() =>
            DenseGpu.Backward(Batch, In, Out, DenseActivation.Relu, x, w, y, device.Allocate(Batch, Out), null, device.Allocate(Out, In), device.Allocate(2))).Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Forward, then backward from <paramref name="outputs"/> when given (the CPU's y, so both devices take the
    /// derivative from the same outputs); gradients start as garbage, to show they are overwritten.
    /// </summary>
    private static List<(string Name, float[] Values)> Run(
        Device device, bool bias, float[] xs, float[] ws, float[] bs, float[] dys, float[]? outputs,
        Action<Tensor, Tensor, Tensor?, Tensor> forward, Action<Tensor, Tensor, Tensor, Tensor, Tensor?, Tensor, Tensor?> backward)
    {
        var x = device.FromArray(xs, Batch, In);
        var w = device.FromArray(ws, Out, In);
        var b = bias ? device.FromArray(bs, Out) : null;
        var y = device.Allocate(Batch, Out);
        forward(x, w, b, y);
        var results = new List<(string, float[])> { ("y", y.ToArray()) };

        var dy = device.FromArray(dys, Batch, Out);
        var dx = device.FromArray(Enumerable.Repeat(9f, Batch * In).ToArray(), Batch, In);
        var dw = device.FromArray(Enumerable.Repeat(9f, Out * In).ToArray(), Out, In);
        var db = bias ? device.FromArray(Enumerable.Repeat(9f, Out).ToArray(), Out) : null;
        backward(x, w, outputs is null ? y : device.FromArray(outputs, Batch, Out), dy, dx, dw, db);
        results.Add(("dy before the activation", dy.ToArray()));
        results.Add(("dx", dx.ToArray()));
        results.Add(("dw", dw.ToArray()));
        if (db is not null)
        {
            results.Add(("db", db.ToArray()));
        }

        return results;
    }
}
