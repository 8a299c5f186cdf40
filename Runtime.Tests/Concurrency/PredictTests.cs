using Strata.Runtime.Tests.Models;
using Strata.Runtime.Tests.Reference;
using Strata.Samples;

namespace Strata.Runtime.Tests.Concurrency;

/// <summary>
/// What Predict promises beyond thread safety: evaluation mode whatever the model's mode, no carried state, no effect
/// on what Forward lent or Backward needs, no allocation of its own after warm-up, and clear errors for a wrong output tensor.
/// </summary>
public class PredictTests
{
    [Fact]
    public void Predict_runs_in_evaluation_mode_while_the_model_trains()
    {
        var device = Device.Cpu();
        var model = new DropoutNet(device, seed: 1);
        using var x = device.FromArray(RandomData.Uniform(new Random(1), 3 * 2 * 5 * 5), 3, 2, 5, 5);
        Assert.True(model.IsTraining);

        using var predicted = model.Predict(x);

        model.Eval();
        Assert.Equal(model.Forward(x).ToArray(), predicted.ToArray());
    }

    [Fact]
    public void Predict_between_forward_and_backward_leaves_them_alone()
    {
        var device = Device.Cpu();
        var model = new TinyNet(device, seed: 1);
        var twin = new TinyNet(device, seed: 1);
        using var x = device.FromArray(RandomData.Uniform(new Random(1), 2 * 2 * 9 * 8), 2, 2, 9, 8);
        using var other = device.FromArray(RandomData.Uniform(new Random(2), 2 * 2 * 9 * 8), 2, 2, 9, 8);
        using var gradOutput = device.FromArray(RandomData.Uniform(new Random(3), 2 * 3), 2, 3);

        var y = model.Forward(x);
        using var predicted = model.Predict(other);
        var inputGradient = model.Backward(gradOutput, inputGradient: true)!.ToArray();

        Assert.Equal(twin.Forward(x).ToArray(), y.ToArray());
        Assert.Equal(twin.Backward(gradOutput, inputGradient: true)!.ToArray(), inputGradient);
        Assert.Equal(twin.Forward(other).ToArray(), predicted.ToArray());
    }

    [Fact]
    public void Predict_starts_every_sequence_from_zeros_even_when_the_model_carries_state()
    {
        var device = Device.Cpu();
        var model = new LstmNet(device, seed: 1);
        using var x = device.FromArray(RandomData.Uniform(new Random(1), 2 * 4 * 3), 2, 4, 3);
        var fresh = model.Forward(x).ToArray();
        model.CarryState = true;
        model.Forward(x);
        model.Forward(x);

        using var predicted = model.Predict(x);

        Assert.Equal(fresh, predicted.ToArray());
    }

    [Fact]
    public void What_predict_adds_around_the_kernels_allocates_nothing_after_warm_up()
    {
        // The CPU kernels themselves allocate a little per call at any size (their Parallel.For closures), in Forward
        // as in Predict; what Predict adds to them (checks, the read hold on the weights, renting and returning a
        // replica, the copy into the caller's tensor) must not.
        var device = Device.Cpu();
        var model = new LstmNet(device, seed: 1);
        var guard = model.Parameters[0].Guard!;
        var pool = new ReplicaPool<object>(_ => new object());
        using var input = device.Allocate(2, 4, 3);
        using var output = device.Allocate(2, 4, 2);
        using var result = device.Allocate(2, 4, 2);
        var plan = new int[2];
        int[] lengths = [4, 2];
        void Call()
        {
            ModelInput.Check(input, device, model.InputShape, "LstmNet", "[batch, steps, 3]");
            SequenceLengths.Check(lengths, 2, 4);
            ModelOutput.Check(output, device, model.OutputShape, 2, 4, "LstmNet");
            using var call = guard.BeginPredict();
            var replica = pool.Rent();
            SequenceLengths.Fill(plan, lengths, 4);
            output.CopyFrom(result);
            pool.Return(replica);
            using var exclusive = guard.Enter("Forward");
        }

        Call();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 20; i++)
        {
            Call();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void A_wrong_output_tensor_is_an_argument_exception_naming_the_expected_shape()
    {
        var device = Device.Cpu();
        var cnn = new LeNet(device, seed: 1);
        var lstm = new LstmNet(device, seed: 1);
        using var image = device.Allocate(2, 1, 28, 28);
        using var sequence = device.Allocate(2, 5, 3);
        using var wrong = device.Allocate(2, 9);

        var cnnError = Assert.Throws<ArgumentException>(() => cnn.Predict(image, wrong));
        var lstmError = Assert.Throws<ArgumentException>(() => lstm.Predict(sequence, [5, 2], wrong));

        Assert.Equal("output", cnnError.ParamName);
        Assert.Contains("LeNet.Predict writes its result into output [2, 10] on CPU; got [2, 9]", cnnError.Message);
        Assert.Contains("LstmNet.Predict writes its result into output [2, 5, 2] on CPU; got [2, 9]", lstmError.Message);
        Assert.Throws<ArgumentException>(() => lstm.Predict(sequence, [5, 6]));
    }
}
