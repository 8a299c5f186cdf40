using Microsoft.ML.OnnxRuntime;
using Strata.Runtime.Tests.Coverage;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// BatchNorm over the steps of a sequence model, as nn.BatchNorm1d on the packed steps: per feature over every valid
/// step of the batch, padded steps excluded from the statistics and the gradients and giving 0. With random weights and
/// running statistics, on the CPU and on the GPU kernels (ILGPU's CPU accelerator), with and without padding, in both
/// modes: the forward against the float64 reference (≤ 1e-4), the running statistics against the valid steps' mean and
/// unbiased variance, central finite differences for every parameter and the input (≤ 1e-3), and ONNX Runtime's
/// BatchNormalization between two Transposes in evaluation on the valid steps.
/// </summary>
public class BatchNormSequenceTests
{
    private const int Batch = 3;
    private const int Steps = 4;
    private const int Seed = 20261204;

    [Theory]
    [InlineData(true, true, false)]
    [InlineData(true, false, false)]
    [InlineData(false, true, false)]
    [InlineData(true, true, true)]
    [InlineData(false, true, true)]
    [Covers(Check.Gradient, typeof(BatchNormAttribute))]
    public void Padded_steps_do_not_count_and_backward_matches_finite_differences(bool training, bool withLengths, bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var what = $"BatchNormSequenceNet {(training ? "training" : "evaluating")}{(withLengths ? " with lengths" : string.Empty)} on {device} (seed {Seed})";
        var random = new Random(Seed);
        var model = new BatchNormSequenceNet(device, Seed);
        foreach (var parameter in model.Parameters)
        {
            parameter.Value.CopyFrom(RandomData.Uniform(random, parameter.Value.Length, -0.8f, 0.8f));
        }

        foreach (var running in new[] { model.Bn.Running, model.Bn2.Running })
        {
            running.Mean.Value.CopyFrom(RandomData.Uniform(random, running.Mean.Value.Length, -0.5f, 0.5f));
            running.Variance.Value.CopyFrom(RandomData.Uniform(random, running.Variance.Value.Length, 0.5f, 2f));
        }

        var statistics = BatchNormModels.RunningStatistics(model);
        if (training)
        {
            model.Train();
        }
        else
        {
            model.Eval();
        }

        int[]? lengths = withLengths ? [Steps, 2, 1] : null;
        var x = RandomData.Uniform(random, Batch * Steps * 3, -2f, 2f);
        // Padded steps hold large values, which would move every statistic if they counted.
        for (var n = 0; n < Batch; n++)
        {
            for (var t = lengths?[n] ?? Steps; t < Steps; t++)
            {
                x.AsSpan((n * Steps + t) * 3, 3).Fill(50f);
            }
        }

        var r = RandomData.Uniform(random, Batch * Steps * 2);
        var y = model.Forward(device.FromArray(x, [Batch, Steps, 3]), lengths).ToArray();
        var inputGradient = model.Backward(device.FromArray(r, [Batch, Steps, 2]), inputGradient: true)!.ToArray();

        var reference = new SequenceReference(typeof(BatchNormSequenceNet));
        var parameters = model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToList();
        var evaluation = training ? null : statistics;
        var (xDouble, rDouble) = (x.ToDouble(), r.ToDouble());
        double[] Reference(double[] input, IReadOnlyList<double[]> values) =>
            reference.Forward(Batch, Steps, input, values, lengths, runningStatistics: evaluation);

        Closeness.AssertClose(Reference(xDouble, parameters), y, Closeness.ForwardTolerance, what: what + " output");
        var (_, mean, unbiased) = ReferenceBatchNorm.Steps(Batch, Steps, 3, xDouble, lengths, parameters[0], parameters[1], 1e-5);
        var expectedMean = training ? statistics[0].Zip(mean, (old, m) => 0.9 * old + 0.1 * m).ToArray() : statistics[0];
        var expectedVar = training ? statistics[1].Zip(unbiased, (old, v) => 0.9 * old + 0.1 * v).ToArray() : statistics[1];
        Closeness.AssertClose(expectedMean, model.Bn.Running.Mean.Value.ToArray(), Closeness.ForwardTolerance, what: what + " Bn.running_mean");
        Closeness.AssertClose(expectedVar, model.Bn.Running.Variance.Value.ToArray(), Closeness.ForwardTolerance, what: what + " Bn.running_var");
        for (var p = 0; p < parameters.Count; p++)
        {
            var index = p;
            var expected = FiniteDifferences.Gradient(values => ReferenceLayers.WeightedSum(rDouble, Reference(xDouble, With(parameters, index, values))), parameters[p], 1e-5);
            Closeness.AssertClose(expected, model.Parameters[p].Grad.ToArray(), Closeness.GradientTolerance, what: $"{what} {model.Parameters[p].Name} gradient");
        }

        var expectedInput = FiniteDifferences.Gradient(values => ReferenceLayers.WeightedSum(rDouble, Reference(values, parameters)), xDouble, 1e-5);
        Closeness.AssertClose(expectedInput, inputGradient, Closeness.GradientTolerance, what: what + " input gradient");
    }

    [Fact]
    public void Evaluation_matches_onnx_runtime_on_the_valid_steps()
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        var model = new BatchNormSequenceNet(Device.Cpu(), seed);
        foreach (var running in new[] { model.Bn.Running, model.Bn2.Running })
        {
            running.Mean.Value.CopyFrom(RandomData.Uniform(random, running.Mean.Value.Length, -0.5f, 0.5f));
            running.Variance.Value.CopyFrom(RandomData.Uniform(random, running.Variance.Value.Length, 0.5f, 2f));
        }

        model.Eval();
        using var session = new InferenceSession(model.ToOnnx());
        int[] lengths = [2, 5, 1];
        var x = RandomData.Uniform(random, Batch * 5 * 3, -2, 2);
        var strata = model.Forward(Device.Cpu().FromArray(x, [Batch, 5, 3]), lengths).ToArray();

        using var input = OrtValue.CreateTensorValueFromMemory(x, [Batch, 5, 3]);
        using var lengthsValue = OrtValue.CreateTensorValueFromMemory(lengths, [lengths.Length]);
        using var options = new RunOptions();
        using var results = session.Run(options, ["input", "lengths"], [input, lengthsValue], ["output"]);
        var ort = results[0].GetTensorDataAsSpan<float>().ToArray();
        Closeness.AssertClose(Valid(ort, lengths).ToDouble(), Valid(strata, lengths), Closeness.ForwardTolerance, what: $"BatchNormSequenceNet (seed {seed})");
    }

    [Fact]
    public void One_valid_step_in_training_is_an_argument_exception_as_pytorch_raises()
    {
        var model = new BatchNormSequenceNet(Device.Cpu(), 1);
        var error = Assert.Throws<ArgumentException>(() => model.Forward(Device.Cpu().FromArray(new float[3 * 3], [1, 3, 3]), [1]));
        Assert.Contains("more than 1 value per channel", error.Message, StringComparison.Ordinal);
        Assert.Contains("one valid step", error.Message, StringComparison.Ordinal);
        model.Forward(Device.Cpu().FromArray(new float[3 * 3], [1, 3, 3]), [2]);
    }

    /// <summary>The outputs [N, 5, 2] at steps t &lt; lengths[n].</summary>
    private static float[] Valid(float[] output, int[] lengths) =>
        Enumerable.Range(0, lengths.Length).SelectMany(n => output.Skip(n * 5 * 2).Take(lengths[n] * 2)).ToArray();

    private static List<double[]> With(List<double[]> parameters, int index, double[] values) =>
        parameters.Select((p, i) => i == index ? values : p).ToList();
}
