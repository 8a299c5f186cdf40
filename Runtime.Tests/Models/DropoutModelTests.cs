using Strata.Runtime.Tests.Coverage;
using System.Reflection;
using Strata.Runtime.Tests.Gpu;
using Strata.Runtime.Tests.Reference;

namespace Strata.Runtime.Tests.Models;

/// <summary>
/// A generated model with dropout layers: evaluation is the model without dropout, training drops and rescales, the
/// GPU kernels (on ILGPU's CPU accelerator) draw the same masks as the CPU path for the same seed, and every kernel
/// compiles to PTX.
/// </summary>
public class DropoutModelTests
{
    private const int Batch = 3;

    [Fact]
    public void Dropout_model_in_eval_mode_is_deterministic_and_equals_the_model_without_dropout()
    {
        var model = new DropoutNet(Device.Cpu(), seed: 1);
        var x = RandomData.Uniform(new Random(2), Batch * 50);
        model.Eval();

        var first = model.Forward(Device.Cpu().FromArray(x, Batch, 2, 5, 5)).ToArray();
        var second = model.Forward(Device.Cpu().FromArray(x, Batch, 2, 5, 5)).ToArray();

        Assert.Equal(first, second);
        Closeness.AssertClose(WithoutDropout(model, x), first, Closeness.ForwardTolerance, what: "eval output");
    }

    [Fact]
    public void Dropout_model_in_train_mode_draws_a_new_mask_each_forward()
    {
        var model = new DropoutNet(Device.Cpu(), seed: 1);
        var x = RandomData.Uniform(new Random(2), Batch * 50);

        var first = model.Forward(Device.Cpu().FromArray(x, Batch, 2, 5, 5)).ToArray();
        var second = model.Forward(Device.Cpu().FromArray(x, Batch, 2, 5, 5)).ToArray();

        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Dropout_model_gpu_kernels_on_the_ilgpu_cpu_accelerator_equal_the_cpu_path_for_the_same_seed()
    {
        using var gpu = Device.IlgpuCpu();
        var onCpu = new DropoutNet(Device.Cpu(), seed: 9);
        var onGpu = new DropoutNet(gpu, seed: 9);
        var random = new Random(10);
        var x = RandomData.Uniform(random, Batch * 50);
        var r = RandomData.Uniform(random, Batch * 4);

        for (var step = 0; step < 2; step++)
        {
            var cpuOutput = onCpu.Forward(Device.Cpu().FromArray(x, Batch, 2, 5, 5)).ToArray();
            var gpuOutput = onGpu.Forward(gpu.FromArray(x, Batch, 2, 5, 5)).ToArray();
            var cpuInputGradient = onCpu.Backward(Device.Cpu().FromArray(r, Batch, 4), inputGradient: true)!.ToArray();
            var gpuInputGradient = onGpu.Backward(gpu.FromArray(r, Batch, 4), inputGradient: true)!.ToArray();

            Closeness.AssertClose(cpuOutput.ToDouble(), gpuOutput, 1e-5, what: $"output at step {step}");
            Closeness.AssertClose(cpuInputGradient.ToDouble(), gpuInputGradient, 1e-5, what: $"input gradient at step {step}");
            for (var p = 0; p < onCpu.Parameters.Count; p++)
            {
                Closeness.AssertClose(onCpu.Parameters[p].Grad.ToArray().ToDouble(), onGpu.Parameters[p].Grad.ToArray(), 1e-5, what: onCpu.Parameters[p].Name + " gradient");
            }
        }
    }

    /// <summary>The model's conv and dense layers alone, in float64: what evaluation mode must compute.</summary>
    private static double[] WithoutDropout(DropoutNet model, float[] x)
    {
        var w1 = model.C1.Weight.Value.ToArray();
        var b1 = model.C1.Bias!.Value.ToArray();
        var w2 = model.Out.Weight.Value.ToArray();
        var b2 = model.Out.Bias!.Value.ToArray();
        var result = new double[Batch * 4];
        for (var n = 0; n < Batch; n++)
        {
            var hidden = new double[27];
            for (var oc = 0; oc < 3; oc++)
            {
                for (var oh = 0; oh < 3; oh++)
                {
                    for (var ow = 0; ow < 3; ow++)
                    {
                        double sum = b1[oc];
                        for (var ic = 0; ic < 2; ic++)
                        {
                            for (var kh = 0; kh < 3; kh++)
                            {
                                for (var kw = 0; kw < 3; kw++)
                                {
                                    sum += (double)w1[((oc * 2 + ic) * 3 + kh) * 3 + kw] * x[((n * 2 + ic) * 5 + oh + kh) * 5 + ow + kw];
                                }
                            }
                        }

                        hidden[(oc * 3 + oh) * 3 + ow] = Math.Max(0, sum);
                    }
                }
            }

            for (var o = 0; o < 4; o++)
            {
                double sum = b2[o];
                for (var i = 0; i < 27; i++)
                {
                    sum += w2[o * 27 + i] * hidden[i];
                }

                result[n * 4 + o] = sum;
            }
        }

        return result;
    }
}
