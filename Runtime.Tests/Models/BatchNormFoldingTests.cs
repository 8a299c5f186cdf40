using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>A conv with bias, then BatchNorm with a LeakyReLU, which runs in place after the folded convolution.</summary>
[Model, Input(2, 5, 4)]
public partial class ConvBatchNormLeakyNet
{
    [Conv(3, 3)] public partial Conv2d Conv { get; }
    [BatchNorm, LeakyRelu(negativeSlope: 0.2f)] public partial BatchNorm Bn { get; }
    [Flatten, Dense(2)] public partial Dense Out { get; }
}

/// <summary>
/// Residual adds that fuse into the convolution before them in evaluation: one after a BatchNorm that folds its
/// convolution, with a LeakyReLU that runs in place after the fused call, and one after a plain 1×1 convolution, whose
/// other input is the first sum.
/// </summary>
[Model, Input(3, 5, 4)]
public partial class FusedResidualNet
{
    [Conv(3, 3, pad: 1)] public partial Conv2d Conv { get; }
    [BatchNorm] public partial BatchNorm Bn { get; }
    [Add(nameof(Bn), Graph.Input), LeakyRelu(negativeSlope: 0.2f)] public partial Add Sum { get; }
    [Conv(3, 1)] public partial Conv2d Mix { get; }
    [Add(nameof(Sum), nameof(Mix)), Relu] public partial Add Out { get; }
    [Flatten, Dense(2)] public partial Dense Head { get; }
}

/// <summary>
/// In evaluation a BatchNorm after a convolution folds into it, and a residual Add after either fuses into the
/// convolution's epilogue. The folded and fused models must equal the float64 reference of the separate layers, forward
/// (Forward and Predict) and backward, and must follow every change of the six tensors a fold reads: the conv's weight
/// and bias, γ, β, and the running statistics a training forward moves. BlockNet has both fusions inside blocks: an
/// identity shortcut, a projecting 1×1 shortcut (the later input a plain convolution), and a join of two branches.
/// </summary>
public class BatchNormFoldingTests
{
    private const int Batch = 3;

    public static TheoryData<string, bool> Fused()
    {
        var data = new TheoryData<string, bool>();
        foreach (var type in new[] { typeof(FusedResidualNet), typeof(BlockNet) })
        {
            data.Add(type.AssemblyQualifiedName!, false);
            data.Add(type.AssemblyQualifiedName!, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Fused))]
    public void Fused_residual_adds_match_the_reference_forward_predict_and_backward(string modelName, bool onIlgpuCpu)
    {
        var type = TestModels.Named(modelName);
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var random = new Random(20261205);
        var model = BatchNormModels.Create(type, device, random);
        var what = $"{type.Name} on {device}";
        model.Eval();
        var x = RandomData.Uniform(random, Batch * TestModels.Elements(model.InputShape), -2f, 2f);
        var r = RandomData.Uniform(random, Batch * TestModels.Elements(model.OutputShape));
        var reference = new AttributeReference(type, model);
        var parameters = model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();
        var statistics = BatchNormModels.RunningStatistics(model);
        double[] Forward(double[] input, IReadOnlyList<double[]> weights) => reference.Forward(Batch, input, weights, training: false, statistics);

        using (var predicted = model.Predict(device.FromArray(x, TestModels.BatchShape(model, Batch))))
        {
            Closeness.AssertClose(Forward(x.ToDouble(), parameters), predicted.ToArray(), Closeness.ForwardTolerance, what: what + " Predict");
        }

        var y = model.Forward(device.FromArray(x, TestModels.BatchShape(model, Batch))).ToArray();
        Closeness.AssertClose(Forward(x.ToDouble(), parameters), y, Closeness.ForwardTolerance, what: what + " Forward");
        var inputGradient = model.Backward(device.FromArray(r, [Batch, .. model.OutputShape]), inputGradient: true)!.ToArray();
        double Loss(double[] input, IReadOnlyList<double[]> weights) => ReferenceLayers.WeightedSum(r.ToDouble(), Forward(input, weights));
        for (var p = 0; p < parameters.Count; p++)
        {
            var index = p;
            var expected = FiniteDifferences.Gradient(values => Loss(x.ToDouble(), With(parameters, index, values)), parameters[p], 1e-5);
            Closeness.AssertClose(expected, model.Parameters[p].Grad.ToArray(), Closeness.GradientTolerance, what: $"{what} {model.Parameters[p].Name} gradient");
        }

        var expectedInput = FiniteDifferences.Gradient(values => Loss(values, parameters), x.ToDouble(), 1e-5);
        Closeness.AssertClose(expectedInput, inputGradient, Closeness.GradientTolerance, what: what + " input gradient");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_folded_evaluation_follows_weight_and_statistics_changes(bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var random = new Random(20261202);
        var model = BatchNormModels.Create(typeof(ConvBatchNormLeakyNet), device, random);
        model.Eval();
        var x = RandomData.Uniform(random, Batch * 40, -2f, 2f);

        AssertMatchesReference(model, x, "after creation");

        model.Parameters[0].Value.CopyFrom(RandomData.Uniform(random, model.Parameters[0].Value.Length, -1f, 1f));
        AssertMatchesReference(model, x, "after a new conv weight");

        model.Parameters[1].Value.CopyFrom(RandomData.Uniform(random, model.Parameters[1].Value.Length, -1f, 1f));
        model.Parameters[2].Value.CopyFrom(RandomData.Uniform(random, model.Parameters[2].Value.Length, 0.5f, 2f));
        model.Parameters[3].Value.CopyFrom(RandomData.Uniform(random, model.Parameters[3].Value.Length, -1f, 1f));
        AssertMatchesReference(model, x, "after a new conv bias, γ and β");

        model.Train();
        model.Forward(device.FromArray(RandomData.Uniform(random, Batch * 40, 1f, 5f), Batch, 2, 5, 4));
        model.Eval();
        AssertMatchesReference(model, x, "after a training forward moved the running statistics");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Backward_after_a_folded_evaluation_forward_matches_finite_differences(bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var random = new Random(7);
        var model = BatchNormModels.Create(typeof(ConvBatchNormLeakyNet), device, random);
        model.Eval();
        var x = RandomData.Uniform(random, Batch * 40, -2f, 2f);
        var r = RandomData.Uniform(random, Batch * 2);
        model.Forward(device.FromArray(x, Batch, 2, 5, 4));
        var inputGradient = model.Backward(device.FromArray(r, Batch, 2), inputGradient: true)!.ToArray();

        var reference = new AttributeReference(typeof(ConvBatchNormLeakyNet));
        var parameters = model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();
        var statistics = BatchNormModels.RunningStatistics(model);
        double Loss(double[] input, IReadOnlyList<double[]> weights) =>
            ReferenceLayers.WeightedSum(r.ToDouble(), reference.Forward(Batch, input, weights, training: false, statistics));
        for (var p = 0; p < parameters.Count; p++)
        {
            var index = p;
            var expected = FiniteDifferences.Gradient(values => Loss(x.ToDouble(), With(parameters, index, values)), parameters[p], 1e-5);
            Closeness.AssertClose(expected, model.Parameters[p].Grad.ToArray(), Closeness.GradientTolerance, what: $"{model.Parameters[p].Name} gradient on {device}");
        }

        var expectedInput = FiniteDifferences.Gradient(values => Loss(values, parameters), x.ToDouble(), 1e-5);
        Closeness.AssertClose(expectedInput, inputGradient, Closeness.GradientTolerance, what: $"input gradient on {device}");
    }

    private static void AssertMatchesReference(IModel model, float[] x, string when)
    {
        var expected = new AttributeReference(typeof(ConvBatchNormLeakyNet)).Forward(
            Batch, x.ToDouble(), model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList(), training: false, BatchNormModels.RunningStatistics(model));
        var actual = model.Forward(model.Device.FromArray(x, Batch, 2, 5, 4)).ToArray();
        Closeness.AssertClose(expected, actual, Closeness.ForwardTolerance, what: $"evaluation {when} on {model.Device}");
        using var predicted = model.Predict(model.Device.FromArray(x, Batch, 2, 5, 4));
        Closeness.AssertClose(expected, predicted.ToArray(), Closeness.ForwardTolerance, what: $"Predict {when} on {model.Device}");
    }

    private static List<double[]> With(IReadOnlyList<double[]> parameters, int index, double[] replacement)
    {
        var copy = parameters.ToList();
        copy[index] = replacement;
        return copy;
    }
}
