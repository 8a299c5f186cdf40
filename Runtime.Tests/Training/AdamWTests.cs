using Strata.Runtime.Tests.Gpu;
using Strata.Training;

namespace Strata.Runtime.Tests.Training;

public class AdamWTests(IlgpuCpuFixture ilgpu) : IClassFixture<IlgpuCpuFixture>
{
    /// <summary>
    /// torch.optim.AdamW's published algorithm (amsgrad off, maximize off) in float64, written from its docs:
    /// θ ← θ − γλθ; m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; m̂ = m/(1−β1^t); v̂ = v/(1−β2^t); θ ← θ − γ·m̂/(√v̂ + ε).
    /// </summary>
    private static double[][] Reference(
        Parameter[] parameters, int steps, double lr, double beta1, double beta2, double eps, double lambda)
    {
        var theta = parameters.Select(p => p.Value.ToArray().Select(x => (double)x).ToArray()).ToArray();
        var m = theta.Select(w => new double[w.Length]).ToArray();
        var v = theta.Select(w => new double[w.Length]).ToArray();
        var gradients = OptimizerTestData.Parameters(Device.Cpu());
        for (var t = 1; t <= steps; t++)
        {
            OptimizerTestData.SetGradients(gradients, t);
            for (var p = 0; p < theta.Length; p++)
            {
                var g = gradients[p].Grad.ToArray();
                for (var i = 0; i < g.Length; i++)
                {
                    theta[p][i] -= lr * lambda * theta[p][i];
                    m[p][i] = beta1 * m[p][i] + (1 - beta1) * g[i];
                    v[p][i] = beta2 * v[p][i] + (1 - beta2) * g[i] * g[i];
                    var mHat = m[p][i] / (1 - Math.Pow(beta1, t));
                    var vHat = v[p][i] / (1 - Math.Pow(beta2, t));
                    theta[p][i] -= lr * mHat / (Math.Sqrt(vHat) + eps);
                }
            }
        }

        return theta;
    }

    private static void AssertFollows(double[][] expected, Parameter[] parameters, double tolerance)
    {
        for (var p = 0; p < parameters.Length; p++)
        {
            var actual = parameters[p].Value.ToArray();
            for (var i = 0; i < actual.Length; i++)
            {
                Assert.Equal(expected[p][i], actual[i], tolerance);
            }
        }
    }

    private Device On(string device) => device == "cpu" ? Device.Cpu() : ilgpu.Device;

    [Theory]
    [InlineData("cpu")]
    [InlineData("ilgpu")]
    public void Six_steps_follow_pytorchs_published_algorithm(string device)
    {
        const double lr = 0.05, beta1 = 0.8, beta2 = 0.95, eps = 1e-6, lambda = 0.3;
        var parameters = OptimizerTestData.Parameters(On(device));
        var expected = Reference(parameters, steps: 6, lr, beta1, beta2, eps, lambda);
        var optimizer = new AdamW(parameters, (float)lr, (float)beta1, (float)beta2, (float)eps, (float)lambda);

        for (var t = 1; t <= 6; t++)
        {
            OptimizerTestData.SetGradients(parameters, t);
            optimizer.Step();
        }

        Assert.Equal(6, optimizer.StepCount);
        AssertFollows(expected, parameters, 1e-5);
    }

    [Theory]
    [InlineData("cpu")]
    [InlineData("ilgpu")]
    public void The_defaults_are_pytorchs_and_follow_the_algorithm(string device)
    {
        var parameters = OptimizerTestData.Parameters(On(device));
        var expected = Reference(parameters, steps: 4, lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, lambda: 1e-2);
        var optimizer = new AdamW(parameters);
        Assert.Equal((1e-3f, 0.9f, 0.999f, 1e-8f, 1e-2f),
            (optimizer.LearningRate, optimizer.Beta1, optimizer.Beta2, optimizer.Epsilon, optimizer.WeightDecay));

        for (var t = 1; t <= 4; t++)
        {
            OptimizerTestData.SetGradients(parameters, t);
            optimizer.Step();
        }

        AssertFollows(expected, parameters, 1e-6);
    }

    [Fact]
    public void With_a_zero_gradient_every_weight_shrinks_by_one_minus_lr_lambda_each_step()
    {
        // Decoupled: the decay does not go through m and v, so with g = 0 the Adam part of the step is exactly zero.
        var parameter = new Parameter(Device.Cpu(), "w", 3);
        parameter.Value.CopyFrom([2f, -0.5f, 1e-3f]);
        var optimizer = new AdamW([parameter], learningRate: 0.1f, weightDecay: 0.5f);
        for (var t = 0; t < 3; t++)
        {
            optimizer.Step();
        }

        var shrink = Math.Pow(1 - 0.1 * 0.5, 3);
        Assert.Equal([2 * shrink, -0.5 * shrink, 1e-3 * shrink], parameter.Value.ToArray().Select(x => (double)x), new Tolerance(1e-7));
    }

    [Fact]
    public void Adam_with_its_l2_penalty_and_AdamW_take_different_steps()
    {
        var adam = OptimizerTestData.Parameters(Device.Cpu());
        var adamW = OptimizerTestData.Parameters(Device.Cpu());
        OptimizerTestData.SetGradients(adam, 1);
        OptimizerTestData.SetGradients(adamW, 1);
        new Adam(adam, 0.01f, weightDecay: 0.1f).Step();
        new AdamW(adamW, 0.01f, weightDecay: 0.1f).Step();

        Assert.NotEqual(adam[0].Value.ToArray(), adamW[0].Value.ToArray());
    }

    [Fact]
    public void Bad_hyperparameters_are_rejected()
    {
        var parameter = new Parameter(Device.Cpu(), "w", 1);
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW([parameter], beta1: 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW([parameter], beta2: -0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW([parameter], weightDecay: -1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW([parameter], learningRate: float.NaN));
        Assert.Throws<ArgumentException>(() => new AdamW([]));
    }
}
