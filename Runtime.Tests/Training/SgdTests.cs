using Strata.Training;
using Xunit;

namespace Strata.Runtime.Tests.Training;

public class SgdTests
{
    [Fact]
    public void Plain_step_is_w_minus_lr_times_g()
    {
        var parameter = new Parameter(Device.Cpu(), "w", 3);
        parameter.Value.CopyFrom([1f, -2f, 0.5f]);
        parameter.Grad.CopyFrom([0.5f, 1f, -4f]);
        new Sgd([parameter], learningRate: 0.1f).Step();

        var w = parameter.Value.ToArray();
        Assert.Equal(0.95, w[0], 1e-6);
        Assert.Equal(-2.1, w[1], 1e-6);
        Assert.Equal(0.9, w[2], 1e-6);
    }

    [Fact]
    public void Momentum_and_weight_decay_follow_pytorch_over_three_steps()
    {
        const double lr = 0.05, mu = 0.9, lambda = 0.01;
        var parameters = OptimizerTestData.Parameters(Device.Cpu());
        var weights = parameters.Select(p => p.Value.ToArray().Select(x => (double)x).ToArray()).ToArray();
        var velocities = weights.Select(w => new double[w.Length]).ToArray();
        var optimizer = new Sgd(parameters, (float)lr, (float)mu, (float)lambda);

        for (var step = 0; step < 3; step++)
        {
            OptimizerTestData.SetGradients(parameters, step);
            for (var p = 0; p < parameters.Length; p++)
            {
                var g = parameters[p].Grad.ToArray();
                for (var i = 0; i < g.Length; i++)
                {
                    // torch.optim.SGD, dampening 0: d = g + λw; b = d at step 1, else μb + d; w −= lr·b.
                    var d = g[i] + lambda * weights[p][i];
                    velocities[p][i] = step == 0 ? d : mu * velocities[p][i] + d;
                    weights[p][i] -= lr * velocities[p][i];
                }
            }

            optimizer.Step();
        }

        for (var p = 0; p < parameters.Length; p++)
        {
            var actual = parameters[p].Value.ToArray();
            for (var i = 0; i < actual.Length; i++)
            {
                Assert.Equal(weights[p][i], actual[i], 1e-6);
            }
        }
    }

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(0.9f, 0.01f)]
    public void The_gpu_kernel_matches_the_cpu_loop(float momentum, float weightDecay)
    {
        var cpuParameters = OptimizerTestData.Parameters(Device.Cpu());
        using var gpu = Device.IlgpuCpu();
        var gpuParameters = OptimizerTestData.Parameters(gpu);
        var cpuOptimizer = new Sgd(cpuParameters, 0.1f, momentum, weightDecay);
        var gpuOptimizer = new Sgd(gpuParameters, 0.1f, momentum, weightDecay);

        for (var step = 0; step < 3; step++)
        {
            OptimizerTestData.SetGradients(cpuParameters, step);
            OptimizerTestData.SetGradients(gpuParameters, step);
            cpuOptimizer.Step();
            gpuOptimizer.Step();
        }

        for (var p = 0; p < cpuParameters.Length; p++)
        {
            var expected = cpuParameters[p].Value.ToArray();
            var actual = gpuParameters[p].Value.ToArray();
            for (var i = 0; i < expected.Length; i++)
            {
                Assert.Equal(expected[i], actual[i], 1e-6f);
            }
        }
    }

    [Fact]
    public void Bad_arguments_are_rejected()
    {
        var parameter = new Parameter(Device.Cpu(), "w", 1);
        Assert.Throws<ArgumentException>(() => new Sgd([], 0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([parameter], -0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([parameter], 0.1f, momentum: float.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Sgd([parameter], 0.1f, weightDecay: -1));
    }
}
