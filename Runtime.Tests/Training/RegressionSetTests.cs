using Strata.Training;

namespace Strata.Runtime.Tests.Training;

/// <summary>A linear map from 3 features to 2 outputs.</summary>
[Model, Input(3)]
public partial class LinearRegressionNet
{
    [Dense(2)] public partial Dense Out { get; }
}

public class RegressionSetTests
{
    [Fact]
    public void One_full_batch_step_is_gradient_descent_on_the_mean_squared_error_computed_by_hand()
    {
        var (features, targets) = Linear(new Random(3), count: 5);
        var model = new LinearRegressionNet(Device.Cpu(), seed: 1);
        var w = model.Out.Weight.Value.ToArray().Select(v => (double)v).ToArray(); // [2, 3]
        var b = model.Out.Bias!.Value.ToArray().Select(v => (double)v).ToArray();
        const double Rate = 0.1;

        // d/dW of mean((Wx + b − y)²) over the 5 × 2 outputs is 2/10 Σ (Wx + b − y) xᵀ.
        var (gradW, gradB, loss) = (new double[6], new double[2], 0.0);
        for (var n = 0; n < 5; n++)
        {
            for (var o = 0; o < 2; o++)
            {
                var error = b[o] - targets[(n * 2) + o];
                for (var i = 0; i < 3; i++)
                {
                    error += w[(o * 3) + i] * features[(n * 3) + i];
                }

                loss += error * error / 10;
                gradB[o] += 2 * error / 10;
                for (var i = 0; i < 3; i++)
                {
                    gradW[(o * 3) + i] += 2 * error / 10 * features[(n * 3) + i];
                }
            }
        }

        using var trainer = new Trainer(model, new Sgd(model.Parameters, (float)Rate)) { Output = null };
        var epoch = trainer.Fit(new RegressionSet(features, [3], targets, [2]), epochs: 1, batchSize: 5, seed: 0).Last;

        Assert.Equal(loss, epoch.Loss, 1e-5);
        Assert.Null(epoch.TrainAccuracy);
        Assert.Equal(w.Zip(gradW, (v, g) => v - (Rate * g)), model.Out.Weight.Value.ToArray().Select(v => (double)v), new Tolerance(1e-6));
        Assert.Equal(b.Zip(gradB, (v, g) => v - (Rate * g)), model.Out.Bias.Value.ToArray().Select(v => (double)v), new Tolerance(1e-6));
    }

    [Fact]
    public void Minibatch_training_recovers_the_linear_map_and_evaluation_reports_loss_without_accuracy()
    {
        var (features, targets) = Linear(new Random(4), count: 200);
        var model = new LinearRegressionNet(Device.Cpu(), seed: 1);
        using var trainer = new Trainer(model, new Adam(model.Parameters, 0.05f)) { Output = null };
        var set = new RegressionSet(features, [3], targets, [2]);

        var history = trainer.Fit(set, epochs: 40, batchSize: 20, seed: 1, evaluation: set);

        Assert.Null(history.Last.EvalAccuracy);
        Assert.True(history.Last.EvalLoss < 1e-3, $"eval loss {history.Last.EvalLoss}");
        Assert.Equal(Truth.SelectMany(row => row), model.Out.Weight.Value.ToArray().Select(v => (double)v), new Tolerance(0.02));
        Assert.Throws<ArgumentException>(() => new Trainer(model, new Sgd(model.Parameters, 0.1f))
        {
            Output = null, EarlyStopping = new EarlyStopping(patience: 1, EarlyStoppingMetric.EvalAccuracy),
        }.Fit(set, 1, 20, 0, evaluation: set));
    }

    [Fact]
    public void Mismatched_shapes_and_non_finite_values_are_argument_exceptions_that_name_them()
    {
        Assert.Contains("12 feature and 3 target", Assert.Throws<ArgumentException>(() => new RegressionSet(new float[12], [3], new float[3], [2])).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>(() => new RegressionSet([1, 2, float.NaN], [3], [0, 0], [2])).Message);
        var model = new LinearRegressionNet(Device.Cpu(), seed: 1);
        using var trainer = new Trainer(model, new Sgd(model.Parameters, 0.1f)) { Output = null };
        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(new RegressionSet(new float[4], [4], new float[2], [2]), 1, 1, 0));
        Assert.Contains("[3] to [2]", error.Message);
        Assert.Contains("[4]", error.Message);
    }

    private static readonly double[][] Truth = [[1.5, -2, 0.5], [0, 1, -1]];

    /// <summary>Features drawn uniformly in [−1, 1) and targets Truth · x + (0.3, −0.2), without noise.</summary>
    private static (float[] Features, float[] Targets) Linear(Random random, int count)
    {
        var features = Enumerable.Range(0, count * 3).Select(_ => (float)((2 * random.NextDouble()) - 1)).ToArray();
        var targets = new float[count * 2];
        for (var n = 0; n < count; n++)
        {
            for (var o = 0; o < 2; o++)
            {
                targets[(n * 2) + o] = (float)((o == 0 ? 0.3 : -0.2) + Enumerable.Range(0, 3).Sum(i => Truth[o][i] * features[(n * 3) + i]));
            }
        }

        return (features, targets);
    }
}
