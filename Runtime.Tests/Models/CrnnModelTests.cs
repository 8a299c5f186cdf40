using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Onnx;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// [ToSequence] in generated image models: a CRNN (convs, columns as steps, a bidirectional LSTM, a per-step Dense) and a
/// ViT-style bridge (pixels as steps, per-step LayerNorm, a bidirectional GRU reduced to its last steps, a Dense head),
/// with random parameters, on the CPU and on the GPU kernels (ILGPU's CPU accelerator): forward against the float64
/// reference that computes the bridge from PyTorch's permute/reshape definition (≤ 1e-4), backward against its central
/// finite differences for every parameter and the input (≤ 1e-3), forward against ONNX Runtime (≤ 1e-4, fresh seed per
/// run), the two devices against each other, and the bridge alone against hand-laid-out values.
/// </summary>
public class CrnnModelTests
{
    private const int Batch = 2;
    private const int Seed = 20261203;

    public static TheoryData<string, bool> Cases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var model in CrnnModels.All)
        {
            data.Add(model.AssemblyQualifiedName!, false);
            data.Add(model.AssemblyQualifiedName!, true);
        }

        return data;
    }

    public static TheoryData<string> Models() => TestModels.Names(CrnnModels.All);

    [Theory]
    [MemberData(nameof(Cases))]
    [Covers(Check.Gradient, typeof(ToSequenceAttribute))]
    public void Forward_and_backward_match_the_float64_reference(string modelName, bool onIlgpuCpu)
    {
        var type = TestModels.Named(modelName);
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var what = $"{type.Name} on {device} (seed {Seed})";
        var random = new Random(Seed);
        var model = CrnnModels.Create(type, device, random);
        model.Train();
        var x = RandomData.Uniform(random, Batch * TestModels.Elements(model.InputShape), -2f, 2f);
        var r = RandomData.Uniform(random, Batch * TestModels.Elements(model.OutputShape));
        var parameters = model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();

        var y = model.Forward(device.FromArray(x, TestModels.BatchShape(model, Batch))).ToArray();
        var inputGradient = model.Backward(device.FromArray(r, [Batch, .. model.OutputShape]), inputGradient: true)!.ToArray();

        var reference = new AttributeReference(type);
        var (xDouble, rDouble) = (x.ToDouble(), r.ToDouble());
        Closeness.AssertClose(reference.Forward(Batch, xDouble, parameters), y, Closeness.ForwardTolerance, what: what + " output");
        for (var p = 0; p < parameters.Count; p++)
        {
            var index = p;
            var expected = FiniteDifferences.Gradient(
                values => ReferenceLayers.WeightedSum(rDouble, reference.Forward(Batch, xDouble, With(parameters, index, values))), parameters[p], 1e-5);
            Closeness.AssertClose(expected, model.Parameters[p].Grad.ToArray(), Closeness.GradientTolerance, what: $"{what} {model.Parameters[p].Name} gradient");
        }

        var expectedInput = FiniteDifferences.Gradient(values => ReferenceLayers.WeightedSum(rDouble, reference.Forward(Batch, values, parameters)), xDouble, 1e-5);
        Closeness.AssertClose(expectedInput, inputGradient, Closeness.GradientTolerance, what: what + " input gradient");
    }

    [Theory]
    [MemberData(nameof(Models))]
    [Covers(Check.Onnx, typeof(ToSequenceAttribute))]
    public void Forward_matches_onnx_runtime(string modelName)
    {
        var type = TestModels.Named(modelName);
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var device = Device.Cpu();
        var model = CrnnModels.Create(type, device, random);
        model.Eval();
        var x = RandomData.Uniform(random, Batch * TestModels.Elements(model.InputShape), -2f, 2f);
        using var oracle = OnnxRuntimeOracle.Export(model);

        var actual = model.Forward(device.FromArray(x, TestModels.BatchShape(model, Batch))).ToArray();

        Closeness.AssertClose(oracle.Run(x).ToDouble(), actual, Closeness.ForwardTolerance, what: $"{type.Name} (seed {seed})");
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void The_gpu_kernels_compute_what_the_cpu_does_forward_backward_and_in_predict(string modelName)
    {
        var type = TestModels.Named(modelName);
        using var ilgpu = Device.IlgpuCpu();
        var cpu = CrnnModels.Create(type, Device.Cpu(), new Random(Seed));
        var gpu = CrnnModels.Create(type, ilgpu, new Random(Seed));
        var random = new Random(Seed + 1);
        var x = RandomData.Uniform(random, Batch * TestModels.Elements(cpu.InputShape), -2f, 2f);
        var r = RandomData.Uniform(random, Batch * TestModels.Elements(cpu.OutputShape));
        var results = new List<float[]>[2];
        foreach (var (model, device, i) in new[] { (cpu, Device.Cpu(), 0), (gpu, ilgpu, 1) })
        {
            using var input = device.FromArray(x, TestModels.BatchShape(model, Batch));
            var y = model.Forward(input).ToArray();
            var dx = model.Backward(device.FromArray(r, [Batch, .. model.OutputShape]), inputGradient: true)!.ToArray();
            using var predicted = model.Predict(input);
            results[i] = [y, dx, predicted.ToArray(), .. model.Parameters.Select(p => p.Grad.ToArray())];
        }

        for (var k = 0; k < results[0].Count; k++)
        {
            Closeness.AssertClose(results[0][k].ToDouble(), results[1][k], 1e-5, what: $"{type.Name} result {k}");
        }
    }

    [Fact]
    public void Columns_are_steps_of_channel_major_features_and_pixels_steps_of_channels()
    {
        // x[c, h, w] = 100c + 10h + w on [2, 3, 4], so each value says where it came from.
        var x = new float[24];
        for (var c = 0; c < 2; c++)
        for (var h = 0; h < 3; h++)
        for (var w = 0; w < 4; w++)
        {
            x[(c * 3 + h) * 4 + w] = 100 * c + 10 * h + w;
        }

        var device = Device.Cpu();
        var columns = new ColumnsOnlyNet(device, 1);
        var pixels = new PixelsOnlyNet(device, 1);

        Assert.Equal([4, 6], columns.OutputShape);
        Assert.Equal([12, 2], pixels.OutputShape);
        // Step w holds (c, h) = (0,0) (0,1) (0,2) (1,0) (1,1) (1,2) of column w.
        Assert.Equal([0f, 10f, 20f, 100f, 110f, 120f, 1f, 11f, 21f, 101f, 111f, 121f],
            columns.Forward(device.FromArray(x, 1, 2, 3, 4)).ToArray()[..12]);
        // Step h·4 + w holds channels 0 and 1 of pixel (h, w).
        Assert.Equal([0f, 100f, 1f, 101f, 2f, 102f, 3f, 103f, 10f, 110f],
            pixels.Forward(device.FromArray(x, 1, 2, 3, 4)).ToArray()[..10]);

        // Backward is the inverse permutation: the gradient of the output, read back, is the input's layout.
        var sequence = columns.Forward(device.FromArray(x, 1, 2, 3, 4)).ToArray();
        var dx = columns.Backward(device.FromArray(sequence, 1, 4, 6), inputGradient: true)!.ToArray();
        Assert.Equal(x, dx);
    }

    [Fact]
    public void The_summary_shows_the_fixed_step_counts_and_counts_flops_over_every_step()
    {
        var model = new CrnnNet(Device.Cpu(), 1);
        var summary = model.Summary;

        Assert.Contains("ToSequence, 6 columns as steps of 12", summary, StringComparison.Ordinal);
        Assert.Contains("[T=6, 12]", summary, StringComparison.Ordinal);
        Assert.Contains("[T=6, 5]", summary, StringComparison.Ordinal);
        // Dense(5) on 12 features over 6 steps: 2 · 12 · 5 · 6 = 720 FLOPs per sample.
        Assert.Matches(@"Out\s+Dense[^\n]*\s720\n", summary);
        Assert.Equal([1, 8, 12], model.InputShape);
        Assert.Equal([6, 5], model.OutputShape);
    }

    private static IReadOnlyList<double[]> With(IReadOnlyList<double[]> parameters, int index, double[] values) =>
        parameters.Select((p, i) => i == index ? values : p).ToList();
}
