namespace Strata.Runtime.Tests.Models;

/// <summary>Bad run-time input to a generated model is an ArgumentException that names both shapes, never a crash.</summary>
public class ModelInputValidationTests
{
    [Fact]
    public void A_batch_whose_sample_shape_differs_from_Input_names_the_expected_and_actual_shapes()
    {
        var model = new TinyNet(Device.Cpu(), seed: 1);

        var error = Assert.ThrowsAny<ArgumentException>(() => model.Forward(Device.Cpu().Allocate(4, 2, 8, 9)));

        Assert.Contains("[batch, 2, 9, 8]", error.Message);
        Assert.Contains("[4, 2, 8, 9]", error.Message);
    }

    [Fact]
    public void A_batch_without_the_batch_dimension_is_rejected()
    {
        var model = new TinyNet(Device.Cpu(), seed: 1);

        var error = Assert.ThrowsAny<ArgumentException>(() => model.Forward(Device.Cpu().Allocate(2, 9, 8)));

        Assert.Contains("[2, 9, 8]", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_empty_batch_is_an_argument_error_saying_the_batch_must_be_at_least_1(bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var model = new TinyNet(device, seed: 1);

        var error = Assert.Throws<ArgumentException>(() => model.Forward(device.Allocate(0, 2, 9, 8)));

        Assert.Equal("input", error.ParamName);
        Assert.Contains("TinyNet got an empty batch, input [0, 2, 9, 8]: the batch must be at least 1", error.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void An_empty_batch_of_sequences_or_token_ids_is_an_argument_error_saying_the_batch_must_be_at_least_1(bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var features = new LstmNet(device, seed: 1);
        var tokens = new EmbeddingLstmNet(device, seed: 1);

        var featureError = Assert.Throws<ArgumentException>(() => features.Forward(device.Allocate(0, 4, 3)));
        var lengthsError = Assert.Throws<ArgumentException>(() => features.Forward(device.Allocate(0, 4, 3), []));
        var tokenError = Assert.Throws<ArgumentException>(() => tokens.Forward(device.Allocate(0, 4)));

        Assert.Contains("LstmNet got an empty batch, input [0, 4, 3]: the batch must be at least 1", featureError.Message);
        Assert.Contains("the batch must be at least 1", lengthsError.Message);
        Assert.Contains("EmbeddingLstmNet got an empty batch, input [0, 4]: the batch must be at least 1", tokenError.Message);
    }

    [Fact]
    public void Sequences_of_no_steps_are_an_argument_error_saying_each_needs_a_step()
    {
        var model = new LstmNet(Device.Cpu(), seed: 1);

        var error = Assert.Throws<ArgumentException>(() => model.Forward(Device.Cpu().Allocate(2, 0, 3)));

        Assert.Contains("LstmNet got sequences of no steps, input [2, 0, 3]: each sequence must have at least 1 step", error.Message);
    }

    [Fact]
    public void A_sequence_batch_whose_features_differ_names_the_expected_and_actual_shapes()
    {
        var model = new LstmNet(Device.Cpu(), seed: 1);

        var error = Assert.Throws<ArgumentException>(() => model.Forward(Device.Cpu().Allocate(0, 4, 5)));

        Assert.Contains("LstmNet expects input [batch, steps, 3] on CPU; got [0, 4, 5] on CPU.", error.Message);
    }

    [Fact]
    public void A_tensor_on_another_device_is_rejected()
    {
        using var gpu = Device.IlgpuCpu();
        var model = new TinyNet(Device.Cpu(), seed: 1);

        var error = Assert.ThrowsAny<ArgumentException>(() => model.Forward(gpu.Allocate(1, 2, 9, 8)));

        Assert.Contains("CPU", error.Message);
    }

    [Fact]
    public void A_gradient_whose_shape_differs_from_the_last_output_is_rejected()
    {
        var model = new TinyNet(Device.Cpu(), seed: 1);
        model.Forward(Device.Cpu().Allocate(2, 2, 9, 8));

        var error = Assert.ThrowsAny<ArgumentException>(() => model.Backward(Device.Cpu().Allocate(3, 3)));

        Assert.Contains("[2, 3]", error.Message);
        Assert.Contains("[3, 3]", error.Message);
    }

    [Fact]
    public void Backward_before_any_forward_is_an_invalid_operation()
    {
        var model = new TinyNet(Device.Cpu(), seed: 1);

        Assert.Throws<InvalidOperationException>(() => model.Backward(Device.Cpu().Allocate(2, 3)));
    }

    [Fact]
    public void Changing_the_batch_size_between_calls_gives_the_same_per_sample_results()
    {
        var model = new TinyNet(Device.Cpu(), seed: 1);
        var x = Reference.RandomData.Uniform(new Random(4), 3 * 2 * 9 * 8);

        var three = model.Forward(Device.Cpu().FromArray(x, 3, 2, 9, 8)).ToArray();
        var one = model.Forward(Device.Cpu().FromArray(x.AsSpan(0, 2 * 9 * 8), 1, 2, 9, 8)).ToArray();

        // The same values up to rounding: one row's dense product runs row by row (Gemm's RunRow, four partial sums
        // per column), three rows in an 8-row block, so the sums' order and their last bits may differ. A stale
        // buffer or a wrong offset would be off by far more than 1e-6.
        Reference.Closeness.AssertClose(three.AsSpan(0, 3).ToArray().Select(v => (double)v).ToArray(), one, 1e-6, floor: 0.01);
    }
}
