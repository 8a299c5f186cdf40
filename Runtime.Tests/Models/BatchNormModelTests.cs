using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// BatchNorm in generated models, on the CPU and on the GPU kernels (ILGPU's CPU accelerator), against a float64
/// reference written from PyTorch's definition: the training-mode forward (batch statistics) and its update of the
/// running statistics (the batch's mean and unbiased variance, by momentum; num_batches_tracked + 1), the
/// evaluation-mode forward (running statistics, left unchanged), and central finite differences of both modes'
/// backward, for every parameter and the input. Weights and running statistics are random, not PyTorch's 1, 0, 0, 1.
/// </summary>
public class BatchNormModelTests
{
    private const int Batch = 3;
    private const int Seed = 20261201;

    public static TheoryData<string, bool, bool> Cases()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var model in BatchNormModels.All)
        {
            foreach (var training in new[] { true, false })
            {
                data.Add(model.AssemblyQualifiedName!, training, false);
                data.Add(model.AssemblyQualifiedName!, training, true);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    [Covers(Check.Gradient, typeof(BatchNormAttribute))]
    public void Forward_running_statistics_and_backward_match_the_float64_reference(string modelName, bool training, bool onIlgpuCpu) =>
        CheckAgainstReference(modelName, training, frozenStatistics: false, onIlgpuCpu);

    public static TheoryData<string, bool> Models()
    {
        var data = new TheoryData<string, bool>();
        foreach (var model in BatchNormModels.All)
        {
            data.Add(model.AssemblyQualifiedName!, false);
            data.Add(model.AssemblyQualifiedName!, true);
        }

        return data;
    }

    /// <summary>
    /// Frozen running statistics (<c>Freezing.ParametersAndStatistics</c>' part for BatchNorm) make a training model
    /// normalise exactly as evaluation does, and leave the statistics alone: the forward, the statistics and both modes'
    /// finite differences are the evaluation reference's.
    /// </summary>
    [Theory]
    [MemberData(nameof(Models))]
    public void Frozen_statistics_in_training_normalise_as_evaluation_does_and_stay_as_they_were(string modelName, bool onIlgpuCpu) =>
        CheckAgainstReference(modelName, training: true, frozenStatistics: true, onIlgpuCpu);

    private static void CheckAgainstReference(string modelName, bool training, bool frozenStatistics, bool onIlgpuCpu)
    {
        var type = TestModels.Named(modelName);
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var what = $"{type.Name} on {device} in {(training ? "training" : "evaluation")} mode{(frozenStatistics ? " with frozen statistics" : "")} (seed {Seed})";
        var random = new Random(Seed);
        var model = BatchNormModels.Create(type, device, random);
        if (training)
        {
            model.Train();
        }
        else
        {
            model.Eval();
        }

        foreach (var buffer in model.Buffers)
        {
            buffer.IsFrozen = frozenStatistics;
        }

        // Frozen statistics train as evaluation runs, so evaluation is the reference.
        training &= !frozenStatistics;

        var x = RandomData.Uniform(random, Batch * TestModels.Elements(model.InputShape), -3f, 3f);
        var r = RandomData.Uniform(random, Batch * TestModels.Elements(model.OutputShape));
        var parameters = model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();
        var statistics = BatchNormModels.RunningStatistics(model);

        var y = model.Forward(device.FromArray(x, TestModels.BatchShape(model, Batch))).ToArray();
        var inputGradient = model.Backward(device.FromArray(r, [Batch, .. model.OutputShape]), inputGradient: true)!.ToArray();

        var reference = new AttributeReference(type, model);
        var xDouble = x.ToDouble();
        var rDouble = r.ToDouble();
        double[] Forward(double[] input, IReadOnlyList<double[]> weights) => reference.Forward(Batch, input, weights, training, statistics);
        Closeness.AssertClose(Forward(xDouble, parameters), y, Closeness.ForwardTolerance, what: what + " output");
        AssertRunningStatistics(type, model, training, statistics, BatchNormInput(type, model, xDouble, parameters), what);

        for (var p = 0; p < parameters.Count; p++)
        {
            var index = p;
            var expected = FiniteDifferences.Gradient(
                values => ReferenceLayers.WeightedSum(rDouble, Forward(xDouble, With(parameters, index, values))), parameters[p], 1e-5);
            Closeness.AssertClose(expected, model.Parameters[p].Grad.ToArray(), Closeness.GradientTolerance,
                what: $"{what} {model.Parameters[p].Name} gradient");
        }

        var expectedInput = FiniteDifferences.Gradient(values => ReferenceLayers.WeightedSum(rDouble, Forward(values, parameters)), xDouble, 1e-5);
        Closeness.AssertClose(expectedInput, inputGradient, Closeness.GradientTolerance, what: what + " input gradient");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void One_value_per_channel_in_training_is_an_ArgumentException_and_evaluation_takes_it(bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var model = new BatchNorm1dNet(device, seed: 1);
        var single = device.FromArray([1f, 2f, 3f, 4f, 5f], 1, 5);

        var error = Assert.Throws<ArgumentException>(() => model.Forward(single));
        Assert.Contains("Expected more than 1 value per channel when training", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, model.Bn.Running.BatchesTracked.Int64Values[0]);
        Assert.Equal(new float[5], model.Bn.Running.Mean.Value.ToArray());

        model.Eval();
        Assert.Equal([1, 3], model.Forward(single).Shape);

        // An image has several values per channel even in a batch of one, so training takes it.
        var image = new BatchNorm2dNet(device, seed: 1);
        Assert.Equal([1, 3, 5, 4], image.Forward(device.FromArray(RandomData.Uniform(new Random(2), 60), 1, 3, 5, 4)).Shape);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Predict_uses_the_running_statistics_the_model_trained_and_leaves_them_alone(bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var random = new Random(Seed);
        var model = BatchNormModels.Create(typeof(ConvBatchNormSigmoidNet), device, random);
        model.Forward(device.FromArray(RandomData.Uniform(random, Batch * 40, -2f, 4f), Batch, 2, 5, 4));
        var statistics = BatchNormModels.RunningStatistics(model);
        var x = device.FromArray(RandomData.Uniform(random, Batch * 40), Batch, 2, 5, 4);

        // Predict runs in evaluation mode on a replica, even while the model itself is in training mode.
        using var predicted = model.Predict(x);
        var expected = new AttributeReference(typeof(ConvBatchNormSigmoidNet))
            .Forward(Batch, x.ToArray().ToDouble(), model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList(), training: false, statistics);

        Closeness.AssertClose(expected, predicted.ToArray(), Closeness.ForwardTolerance, what: $"Predict on {device}");
        Assert.Equal(statistics, BatchNormModels.RunningStatistics(model));
        Assert.Equal(1, model.Buffers[2].Int64Values[0]);
        Assert.True(model.IsTraining);
    }

    [Fact]
    public void A_new_model_has_PyTorchs_initial_weights_and_buffers_named_as_in_its_state_dict()
    {
        var model = new ConvBatchNormSigmoidNet(Device.Cpu(), seed: 3);

        Assert.Equal(["Conv.weight", "Bn.weight", "Bn.bias"], model.Parameters.Select(p => p.Name));
        Assert.Equal(["Bn.running_mean", "Bn.running_var", "Bn.num_batches_tracked"], model.Buffers.Select(b => b.Name));
        Assert.All(model.Bn.Weight.Value.ToArray(), v => Assert.Equal(1f, v));
        Assert.All(model.Bn.Bias.Value.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(model.Bn.Running.Mean.Value.ToArray(), v => Assert.Equal(0f, v));
        Assert.All(model.Bn.Running.Variance.Value.ToArray(), v => Assert.Equal(1f, v));
        Assert.True(model.Bn.Running.BatchesTracked.IsInt64);
        Assert.Empty(model.Bn.Running.BatchesTracked.Shape);
        Assert.Empty(((IModel)new DenseBiasNet(Device.Cpu(), seed: 3)).Buffers);
    }

    /// <summary>
    /// In training the running statistics move to (1 − momentum) · old + momentum · (the batch's mean, unbiased
    /// variance) and the counter counts the batch; in evaluation all three stay as they were.
    /// </summary>
    private static void AssertRunningStatistics(Type type, IModel model, bool training, List<double[]> before, double[] bnInput, string what)
    {
        var attribute = (BatchNormAttribute)type.GetProperty("Bn")!.GetCustomAttributes(typeof(BatchNormAttribute), false).Single();
        int[] shape = type == typeof(ConvBatchNormSigmoidNet) ? [3, 3, 2] : [.. model.InputShape]; // Conv(3, 3) on [2, 5, 4]
        var planeSize = shape.Skip(1).Aggregate(1, (a, d) => a * d);
        var channels = shape[0];
        var (_, mean, unbiased) = ReferenceBatchNorm.Train(Batch, channels, planeSize, bnInput, new double[channels], new double[channels], attribute.Eps);
        var momentum = attribute.Momentum;
        var expectedMean = training ? before[0].Select((old, c) => (1 - momentum) * old + momentum * mean[c]).ToArray() : before[0];
        var expectedVar = training ? before[1].Select((old, c) => (1 - momentum) * old + momentum * unbiased[c]).ToArray() : before[1];

        Closeness.AssertClose(expectedMean, model.Buffers[0].Value.ToArray(), Closeness.ForwardTolerance, what: what + " running_mean");
        Closeness.AssertClose(expectedVar, model.Buffers[1].Value.ToArray(), Closeness.ForwardTolerance, what: what + " running_var");
        Assert.Equal(training ? 1 : 0, model.Buffers[2].Int64Values[0]);
    }

    /// <summary>What reaches the model's BatchNorm: the input, or the conv's output in ConvBatchNormSigmoidNet.</summary>
    private static double[] BatchNormInput(Type type, IModel model, double[] x, List<double[]> parameters)
    {
        if (type != typeof(ConvBatchNormSigmoidNet))
        {
            return x;
        }

        var g = new Strata.Cpu.ConvGeometry(Batch, 2, 5, 4, 3, 3, 3, 1, 0, 3, 2);
        return ReferenceLayers.Conv2dPreActivation(g, x, parameters[0], null);
    }

    private static List<double[]> With(IReadOnlyList<double[]> parameters, int index, double[] replacement)
    {
        var copy = parameters.ToList();
        copy[index] = replacement;
        return copy;
    }
}
