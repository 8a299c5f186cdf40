using Strata.Runtime.Tests.Coverage;
using Strata.Cpu;
using Strata.Gpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// Conv2dGpu on ILGPU's CPU accelerator against Conv2dCpu (itself checked against float64 references and finite
/// differences) at tiny sizes, forward and backward; and its kernels compile to PTX. Tolerance 1e-4 relative.
/// </summary>
public class Conv2dGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    /// <summary>The convolution kernels that are not tiled GEMMs (those are checked by TiledGemmTests).</summary>
    public static TheoryData<string> Kernels => new(
        "Conv2dKernels.BiasGradient", "DepthwiseConvKernels.Forward", "DepthwiseConvKernels.InputGradient", "DepthwiseConvKernels.WeightGradient");

    // [batch, channels, height, width, out channels, kernel height, kernel width, stride, pad], activation, bias
    public static TheoryData<int[], DenseActivation, bool> Cases()
    {
        var cases = new TheoryData<int[], DenseActivation, bool>
        {
            { [2, 3, 6, 5, 4, 3, 3, 1, 1], DenseActivation.Relu, true },      // same padding, uneven image
            { [1, 2, 7, 7, 3, 3, 2, 2, 0], DenseActivation.Tanh, false },     // rectangular kernel, stride 2
            { [2, 2, 5, 6, 3, 1, 1, 1, 0], DenseActivation.Identity, true },  // pointwise (the CPU reads x as its columns)
            { [3, 1, 8, 7, 2, 5, 5, 1, 2], DenseActivation.Sigmoid, true },   // LeNet's C1 shape, smaller
            { [1, 2, 9, 8, 3, 3, 3, 3, 2], DenseActivation.Relu6, false },    // stride 3, pad 2: windows skip inputs
            { [2, 2, 4, 5, 2, 3, 2, 2, 1], DenseActivation.Relu, false },     // stride 2 with padding, odd width
        };

        // Every activation with and without bias, on one small geometry.
        foreach (var activation in Enum.GetValues<DenseActivation>())
        {
            foreach (var bias in new[] { true, false })
            {
                cases.Add([2, 2, 5, 4, 3, 3, 3, 1, 1], activation, bias);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Forward_and_backward_match_the_cpu(int[] sizes, DenseActivation activation, bool bias)
    {
        var g = Geometry(sizes[0], sizes[1], sizes[2], sizes[3], sizes[4], sizes[5], sizes[6], sizes[7], sizes[8]);
        var data = Data.Create(g, seed: sizes.Aggregate(17, (hash, size) => hash * 31 + size) + (int)activation * 2 + (bias ? 1 : 0));

        var cpu = Run(Device.Cpu(), g, bias, data, inputGradient: true,
            (x, wt, b, y) => CpuActivations.Invoke(typeof(Conv2dCpu), nameof(Conv2dCpu.Forward), activation, g, x, wt, b, y, new CpuWorkspace()),
            (x, wt, y, dy, dx, dw, db) => CpuActivations.Invoke(typeof(Conv2dCpu), nameof(Conv2dCpu.Backward), activation, g, x, wt, y, dy, dx, dw, db, new CpuWorkspace()));
        var gpu = Run(fixture.Device, g, bias, data with { Y = cpu["y"] }, inputGradient: true,
            (x, wt, b, y) => Conv2dGpu.Forward(g, activation, x, wt, b, y),
            (x, wt, y, dy, dx, dw, db) => Conv2dGpu.Backward(g, activation, x, wt, y, dy, dx, dw, db));

        AssertSame(cpu, gpu, $"{g} {activation} bias={bias}");
    }

    [Fact]
    public void Backward_without_an_input_gradient_still_gives_the_weight_and_bias_gradients()
    {
        var g = Geometry(2, 2, 5, 5, 2, 3, 3, 2, 1);
        var data = Data.Create(g, seed: 7);

        var cpu = Run(Device.Cpu(), g, true, data, inputGradient: false,
            (x, wt, b, y) => Conv2dCpu.Forward<SigmoidActivation>(g, x, wt, b, y, new CpuWorkspace()),
            (x, wt, y, dy, dx, dw, db) => Conv2dCpu.Backward<SigmoidActivation>(g, x, wt, y, dy, dx, dw, db, new CpuWorkspace()));
        var gpu = Run(fixture.Device, g, true, data with { Y = cpu["y"] }, inputGradient: false,
            (x, wt, b, y) => Conv2dGpu.Forward(g, DenseActivation.Sigmoid, x, wt, b, y),
            (x, wt, y, dy, dx, dw, db) => Conv2dGpu.Backward(g, DenseActivation.Sigmoid, x, wt, y, dy, dx, dw, db));

        Assert.DoesNotContain("dx", gpu.Keys);
        AssertSame(cpu, gpu, "no dx");
    }

    [Fact]
    public void An_empty_batch_launches_nothing_and_zeroes_the_parameter_gradients()
    {
        var g = Geometry(0, 2, 4, 4, 3, 3, 3, 1, 1);
        var device = fixture.Device;
        var (x, w, y) = (device.Allocate(0, 2, 4, 4), device.Allocate(3, 2, 3, 3), device.Allocate(0, 3, 4, 4));
        var dw = device.FromArray(Enumerable.Repeat(5f, 54).ToArray(), 3, 2, 3, 3);
        var db = device.FromArray([5f, 5f, 5f], 3);

        Conv2dGpu.Forward(g, DenseActivation.Relu, x, w, db, y);
        Conv2dGpu.Backward(g, DenseActivation.Relu, x, w, y, device.Allocate(0, 3, 4, 4), device.Allocate(0, 2, 4, 4), dw, db);

        Assert.All(dw.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(db.ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Wrong_sizes_and_devices_are_rejected_before_a_launch()
    {
        var g = Geometry(1, 2, 5, 5, 3, 3, 3, 1, 1);
        var device = fixture.Device;
        var (x, w, y) = (device.Allocate(1, 2, 5, 5), device.Allocate(3, 2, 3, 3), device.Allocate(1, 3, 5, 5));

        Assert.Contains("'y'", Assert.Throws<ArgumentException>(() => Conv2dGpu.Forward(g, DenseActivation.Relu, x, w, null, device.Allocate(1, 3, 4, 4))).Message, StringComparison.Ordinal);
        Assert.Contains("'b'", Assert.Throws<ArgumentException>(() => Conv2dGpu.Forward(g, DenseActivation.Relu, x, w, device.Allocate(2), y)).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => Conv2dGpu.Forward(g with { OutHeight = 4 }, DenseActivation.Relu, x, w, null, y));
        Assert.Throws<ArgumentException>(() => Conv2dGpu.Forward(g, DenseActivation.Relu, Device.Cpu().Allocate(1, 2, 5, 5), w, null, y));
        Assert.Contains("'dw'", Assert.Throws<ArgumentException>(() =>
            Conv2dGpu.Backward(g, DenseActivation.Relu, x, w, y, device.Allocate(1, 3, 5, 5), null, device.Allocate(3), null)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    [Covers(Check.Ptx, typeof(ConvAttribute))]
    public void Kernel_compiles_to_ptx(string kernel)
    {
        var (type, name) = (kernel.Split('.')[0], kernel.Split('.')[1]);
        var method = typeof(Conv2dGpu).Assembly.GetType("Strata.Gpu." + type, throwOnError: true)!
            .GetMethod(name, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)!;

        var ptx = PtxCompiler.CompileEither(method);

        Assert.Contains(".entry", ptx, StringComparison.Ordinal);
    }

    // [batch, channels, height, width, out channels, kernel, stride, pad, groups, dilation]
    public static TheoryData<int[]> GroupedCases => new(
        [2, 4, 7, 6, 6, 3, 1, 1, 2, 1],   // two groups, implicit GEMM per group
        [2, 3, 7, 8, 6, 3, 2, 1, 3, 1],   // depthwise, channel multiplier 2, stride 2
        [1, 4, 9, 9, 4, 3, 1, 2, 4, 2],   // depthwise, dilation 2
        [2, 2, 9, 7, 3, 3, 1, 2, 1, 2]);  // dilation 2, one group

    [Theory]
    [MemberData(nameof(GroupedCases))]
    public void Grouped_depthwise_and_dilated_convolutions_match_the_cpu(int[] s)
    {
        var (kernel, stride, pad, dilation) = (s[5], s[6], s[7], s[9]);
        var span = dilation * (kernel - 1) + 1;
        var g = new ConvGeometry(s[0], s[1], s[2], s[3], s[4], kernel, kernel, stride, pad,
            (s[2] + 2 * pad - span) / stride + 1, (s[3] + 2 * pad - span) / stride + 1, Groups: s[8], Dilation: dilation);
        var data = Data.Create(g, seed: s.Aggregate(5, (hash, size) => hash * 31 + size));

        var cpu = Run(Device.Cpu(), g, true, data, inputGradient: true,
            (x, wt, b, y) => Conv2dCpu.Forward<TanhActivation>(g, x, wt, b, y, new CpuWorkspace()),
            (x, wt, y, dy, dx, dw, db) => Conv2dCpu.Backward<TanhActivation>(g, x, wt, y, dy, dx, dw, db, new CpuWorkspace()));
        var gpu = Run(fixture.Device, g, true, data with { Y = cpu["y"] }, inputGradient: true,
            (x, wt, b, y) => Conv2dGpu.Forward(g, DenseActivation.Tanh, x, wt, b, y),
            (x, wt, y, dy, dx, dw, db) => Conv2dGpu.Backward(g, DenseActivation.Tanh, x, wt, y, dy, dx, dw, db));

        AssertSame(cpu, gpu, g.ToString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void A_batch_norm_scale_shift_and_a_residual_fuse_into_the_epilogue(int groups)
    {
        // y = relu((conv(x, w) + b)·scale + shift + residual), against the CPU convolution with the rest done here.
        var g = new ConvGeometry(2, 3, 6, 5, 6, 3, 3, 1, 1, 6, 5, Groups: groups);
        var random = new Random(40 + groups);
        var data = Data.Create(g, seed: 41 + groups);
        var scale = RandomData.Uniform(random, g.OutChannels, 0.5f, 2f);
        var shift = RandomData.Uniform(random, g.OutChannels);
        var residual = RandomData.Uniform(random, g.Batch * g.OutChannels * g.OutHeight * g.OutWidth);
        var cpu = Device.Cpu();
        var y = cpu.Allocate(g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
        Conv2dCpu.Forward<IdentityActivation>(g, cpu.FromArray(data.X, g.Batch, g.InChannels, g.InHeight, g.InWidth),
            cpu.FromArray(data.W, g.OutChannels, g.GroupInChannels, 3, 3), cpu.FromArray(data.B, g.OutChannels), y, new CpuWorkspace());
        var plane = g.OutHeight * g.OutWidth;
        var expected = y.ToArray().Select((v, i) => Math.Max(0.0, (double)v * scale[i / plane % g.OutChannels] + shift[i / plane % g.OutChannels] + residual[i])).ToArray();

        var device = fixture.Device;
        var actual = device.Allocate(y.Shape);
        Conv2dGpu.Forward(g, DenseActivation.Relu, device.FromArray(data.X, g.Batch, g.InChannels, g.InHeight, g.InWidth),
            device.FromArray(data.W, g.OutChannels, g.GroupInChannels, 3, 3), device.FromArray(data.B, g.OutChannels), actual,
            device.FromArray(residual, y.Shape), device.FromArray(scale, g.OutChannels), device.FromArray(shift, g.OutChannels));

        Closeness.AssertClose(expected, actual.ToArray(), Closeness.ForwardTolerance, what: $"groups {groups}");
        Assert.Throws<ArgumentException>(() => Conv2dGpu.Forward(g, DenseActivation.Relu, device.Allocate(g.Batch, g.InChannels, g.InHeight, g.InWidth),
            device.Allocate(g.OutChannels, g.GroupInChannels, 3, 3), null, actual, scale: device.Allocate(g.OutChannels)));
    }

    private static ConvGeometry Geometry(int n, int c, int h, int w, int oc, int kh, int kw, int stride, int pad) =>
        new(n, c, h, w, oc, kh, kw, stride, pad, (h + 2 * pad - kh) / stride + 1, (w + 2 * pad - kw) / stride + 1);

    /// <summary>
    /// Runs forward, then backward from <see cref="Data.Y"/> when given (so both devices take the activation's
    /// derivative from the same outputs: at a ReLU kink, rounding could otherwise flip it). Gradients start as garbage, to
    /// show they are overwritten.
    /// </summary>
    private static Dictionary<string, float[]> Run(
        Device device, ConvGeometry g, bool bias, Data data, bool inputGradient,
        Action<Tensor, Tensor, Tensor?, Tensor> forward,
        Action<Tensor, Tensor, Tensor, Tensor, Tensor?, Tensor, Tensor?> backward)
    {
        var x = device.FromArray(data.X, g.Batch, g.InChannels, g.InHeight, g.InWidth);
        var w = device.FromArray(data.W, g.OutChannels, g.GroupInChannels, g.KernelHeight, g.KernelWidth);
        var b = bias ? device.FromArray(data.B, g.OutChannels) : null;
        var y = device.Allocate(g.Batch, g.OutChannels, g.OutHeight, g.OutWidth);
        forward(x, w, b, y);
        var results = new Dictionary<string, float[]> { ["y"] = y.ToArray() };

        var outputs = data.Y is null ? y : device.FromArray(data.Y, y.Shape);
        var dy = device.FromArray(data.Dy, y.Shape);
        var dx = inputGradient ? device.FromArray(Garbage(x.Length), x.Shape) : null;
        var dw = device.FromArray(Garbage(w.Length), w.Shape);
        var db = bias ? device.FromArray(Garbage(g.OutChannels), g.OutChannels) : null;
        backward(x, w, outputs, dy, dx, dw, db);
        results["dy before the activation"] = dy.ToArray();
        results["dw"] = dw.ToArray();
        if (db is not null)
        {
            results["db"] = db.ToArray();
        }

        if (dx is not null)
        {
            results["dx"] = dx.ToArray();
        }

        return results;
    }

    private static void AssertSame(Dictionary<string, float[]> cpu, Dictionary<string, float[]> gpu, string what)
    {
        Assert.Equal(cpu.Keys.Order(), gpu.Keys.Order());
        foreach (var (name, expected) in cpu)
        {
            Closeness.AssertClose(expected.ToDouble(), gpu[name], Closeness.ForwardTolerance, what: $"{what}: {name}");
        }
    }

    private static float[] Garbage(int count) => Enumerable.Repeat(123f, count).ToArray();

    private sealed record Data(float[] X, float[] W, float[] B, float[] Dy, float[]? Y)
    {
        public static Data Create(in ConvGeometry g, int seed)
        {
            var random = new Random(seed);
            return new Data(
                RandomData.Uniform(random, g.Batch * g.InChannels * g.InHeight * g.InWidth, -3f, 3f), // ReLU6 reaches its ceiling
                RandomData.Uniform(random, g.OutChannels * g.GroupInChannels * g.KernelHeight * g.KernelWidth, -0.5f, 0.5f),
                RandomData.Uniform(random, g.OutChannels),
                RandomData.Uniform(random, g.Batch * g.OutChannels * g.OutHeight * g.OutWidth),
                null);
        }
    }
}
