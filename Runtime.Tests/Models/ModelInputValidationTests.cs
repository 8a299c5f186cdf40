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

    [Fact]
    public void An_empty_batch_is_rejected()
    {
        var model = new TinyNet(Device.Cpu(), seed: 1);

        Assert.ThrowsAny<ArgumentException>(() => model.Forward(Device.Cpu().Allocate(0, 2, 9, 8)));
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

        Assert.Equal(three.AsSpan(0, 3).ToArray(), one);
    }
}
