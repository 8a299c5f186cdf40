using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// The tensors a model lends (Forward's output, Backward's input gradient, a parameter's value and gradient) stay the
/// model's: <c>using var y = model.Forward(x)</c> leaves them alone on every device, and a result kept past the buffers'
/// life is an <see cref="ObjectDisposedException"/>, never a crash.
/// </summary>
public class LentTensorTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Disposing_a_forward_result_leaves_the_model_working(bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var model = new TinyNet(device, seed: 1);
        using var x = device.FromArray(RandomData.Uniform(new Random(2), 2 * 2 * 9 * 8), 2, 2, 9, 8);

        float[] first;
        using (var y = model.Forward(x))
        {
            first = y.ToArray();
        }

        using var again = model.Forward(x);

        Assert.Equal(first, again.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Disposing_a_sequence_models_output_and_input_gradient_leaves_it_training(bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var model = new LstmNet(device, seed: 1);
        using var x = device.FromArray(RandomData.Uniform(new Random(3), 2 * 4 * 3), 2, 4, 3);
        using var gradOutput = device.FromArray(RandomData.Uniform(new Random(4), 2 * 4 * 2), 2, 4, 2);

        float[] first, firstGrad;
        using (var y = model.Forward(x))
        {
            first = y.ToArray();
        }

        using (var dx = model.Backward(gradOutput, inputGradient: true))
        {
            firstGrad = dx!.ToArray();
        }

        using var again = model.Forward(x);
        Assert.Equal(first, again.ToArray());
        using var dxAgain = model.Backward(gradOutput, inputGradient: true);
        Assert.Equal(firstGrad, dxAgain!.ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Disposing_a_parameter_leaves_the_model_working(bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var model = new TinyNet(device, seed: 1);
        using var x = device.FromArray(RandomData.Uniform(new Random(2), 9 * 8 * 2), 1, 2, 9, 8);
        var first = model.Forward(x).ToArray();

        foreach (var parameter in model.Parameters)
        {
            parameter.Value.Dispose();
            parameter.Grad.Dispose();
        }

        Assert.Equal(first, model.Forward(x).ToArray());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_forward_result_kept_past_a_batch_size_change_is_an_object_disposed_error(bool onIlgpuCpu)
    {
        using var ilgpu = onIlgpuCpu ? Device.IlgpuCpu() : null;
        var device = ilgpu ?? Device.Cpu();
        var model = new TinyNet(device, seed: 1);
        var old = model.Forward(device.Allocate(2, 2, 9, 8));

        model.Forward(device.Allocate(3, 2, 9, 8));

        var error = Assert.Throws<ObjectDisposedException>(() => old.ToArray());
        Assert.Contains("batch size", error.Message);
    }
}
