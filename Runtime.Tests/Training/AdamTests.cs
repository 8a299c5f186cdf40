using Strata.Training;
using Xunit;

namespace Strata.Runtime.Tests.Training;

public class AdamTests
{
    [Fact]
    public void The_first_step_moves_each_weight_by_about_lr_against_its_gradient_sign()
    {
        // After bias correction, m̂ = g and v̂ = g², so the step is lr·g/(|g| + ε) ≈ lr·sign(g).
        var parameter = new Parameter(Device.Cpu(), "w", 3);
        parameter.Value.CopyFrom([1f, 1f, 1f]);
        parameter.Grad.CopyFrom([0.5f, -3f, 1e-3f]);
        new Adam([parameter], learningRate: 0.01f).Step();

        var w = parameter.Value.ToArray();
        Assert.Equal(0.99, w[0], 1e-6);
        Assert.Equal(1.01, w[1], 1e-6);
        Assert.Equal(1 - 0.01 * 1e-3 / (1e-3 + 1e-8), w[2], 1e-6);
    }

    [Fact]
    public void Bias_correction_and_weight_decay_follow_pytorch_over_four_steps()
    {
        const double lr = 0.02, beta1 = 0.8, beta2 = 0.95, eps = 1e-6, lambda = 0.1;
        var parameters = OptimizerTestData.Parameters(Device.Cpu());
        var weights = parameters.Select(p => p.Value.ToArray().Select(x => (double)x).ToArray()).ToArray();
        var m = weights.Select(w => new double[w.Length]).ToArray();
        var v = weights.Select(w => new double[w.Length]).ToArray();
        var optimizer = new Adam(parameters, (float)lr, (float)beta1, (float)beta2, (float)eps, (float)lambda);

        for (var step = 1; step <= 4; step++)
        {
            OptimizerTestData.SetGradients(parameters, step);
            for (var p = 0; p < parameters.Length; p++)
            {
                var g = parameters[p].Grad.ToArray();
                for (var i = 0; i < g.Length; i++)
                {
                    // torch.optim.Adam (amsgrad off): g += λw; m, v moving averages; w −= lr·m̂/(√v̂ + ε).
                    var d = g[i] + lambda * weights[p][i];
                    m[p][i] = beta1 * m[p][i] + (1 - beta1) * d;
                    v[p][i] = beta2 * v[p][i] + (1 - beta2) * d * d;
                    var mHat = m[p][i] / (1 - Math.Pow(beta1, step));
                    var vHat = v[p][i] / (1 - Math.Pow(beta2, step));
                    weights[p][i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
                }
            }

            optimizer.Step();
        }

        Assert.Equal(4, optimizer.StepCount);
        for (var p = 0; p < parameters.Length; p++)
        {
            var actual = parameters[p].Value.ToArray();
            for (var i = 0; i < actual.Length; i++)
            {
                Assert.Equal(weights[p][i], actual[i], 1e-5);
            }
        }
    }

    [Fact]
    public void An_update_split_across_the_cores_follows_pytorch_and_skips_a_frozen_parameter()
    {
        // 90,003 unfrozen elements: the update runs in chunks that start inside parameters, some of odd lengths.
        const double lr = 0.01, beta1 = 0.9, beta2 = 0.999, eps = 1e-8;
        var random = new Random(5);
        var parameters = new[] { 50_000, 10_000, 40_003 }.Select((length, i) =>
        {
            var parameter = new Parameter(Device.Cpu(), "p" + i, length);
            parameter.Value.CopyFrom(Enumerable.Range(0, length).Select(_ => random.NextSingle() - 0.5f).ToArray());
            return parameter;
        }).ToArray();
        parameters[1].IsFrozen = true;
        var frozen = parameters[1].Value.ToArray();
        var weights = parameters.Select(p => p.Value.ToArray().Select(x => (double)x).ToArray()).ToArray();
        var m = weights.Select(w => new double[w.Length]).ToArray();
        var v = weights.Select(w => new double[w.Length]).ToArray();
        var optimizer = new Adam(parameters, (float)lr);

        for (var step = 1; step <= 2; step++)
        {
            foreach (var p in new[] { 0, 2 })
            {
                var g = Enumerable.Range(0, weights[p].Length).Select(_ => random.NextSingle() - 0.5f).ToArray();
                parameters[p].Grad.CopyFrom(g);
                for (var i = 0; i < g.Length; i++)
                {
                    m[p][i] = beta1 * m[p][i] + (1 - beta1) * g[i];
                    v[p][i] = beta2 * v[p][i] + (1 - beta2) * g[i] * g[i];
                    weights[p][i] -= lr * (m[p][i] / (1 - Math.Pow(beta1, step))) / (Math.Sqrt(v[p][i] / (1 - Math.Pow(beta2, step))) + eps);
                }
            }

            optimizer.Step();
        }

        Assert.Equal(frozen, parameters[1].Value.ToArray());
        foreach (var p in new[] { 0, 2 })
        {
            var actual = parameters[p].Value.ToArray();
            for (var i = 0; i < actual.Length; i++)
            {
                Assert.Equal(weights[p][i], actual[i], 1e-5);
            }
        }
    }

    [Fact]
    public void The_gpu_kernel_matches_the_cpu_loop()
    {
        var cpuParameters = OptimizerTestData.Parameters(Device.Cpu());
        using var gpu = Device.IlgpuCpu();
        var gpuParameters = OptimizerTestData.Parameters(gpu);
        var cpuOptimizer = new Adam(cpuParameters, 0.01f, weightDecay: 0.05f);
        var gpuOptimizer = new Adam(gpuParameters, 0.01f, weightDecay: 0.05f);

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
    public void Betas_outside_zero_to_one_are_rejected()
    {
        var parameter = new Parameter(Device.Cpu(), "w", 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([parameter], beta1: 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam([parameter], beta2: -0.1f));
    }
}
