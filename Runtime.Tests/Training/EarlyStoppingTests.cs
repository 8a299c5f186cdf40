using Spectre.Console;
using Strata.Data;
using Strata.Training;

namespace Strata.Runtime.Tests.Training;

public class EarlyStoppingTests
{
    private const int Features = 4, Classes = 3;

    /// <summary>
    /// Clean blobs whose labels are shifted by one class for a fraction of the samples: a model trained on clean data
    /// first gets better on them, then over-confident, and the cross-entropy of the shifted ones makes the loss climb.
    /// </summary>
    private static Dataset NoisyLabels(int count, int seed, double shiftedFraction)
    {
        var clean = TrainerTests.Blobs(count, seed);
        var random = new Random(seed + 1);
        var labels = Enumerable.Range(0, count)
            .Select(n => random.NextDouble() < shiftedFraction ? (clean.Label(n) + 1) % Classes : clean.Label(n))
            .ToArray();
        return new Dataset(clean.Features.ToArray(), labels, [Features], Classes);
    }

    /// <summary>The mean cross-entropy of W·x + b over <paramref name="data"/>, in float64, from the test's own formula.</summary>
    private static double ReferenceLoss(SoftmaxRegression model, Dataset data)
    {
        var w = model.Weight.Value.ToArray();
        var b = model.Bias.Value.ToArray();
        var total = 0.0;
        for (var n = 0; n < data.Count; n++)
        {
            var x = data.Sample(n).ToArray();
            var scores = Enumerable.Range(0, Classes)
                .Select(k => b[k] + Enumerable.Range(0, Features).Sum(f => (double)w[k * Features + f] * x[f]))
                .ToArray();
            var max = scores.Max();
            total += Math.Log(scores.Sum(z => Math.Exp(z - max))) + max - scores[data.Label(n)];
        }

        return total / data.Count;
    }

    private static (SoftmaxRegression Model, TrainingHistory History) Run(int epochs, EarlyStopping? stopping, TextWriter? output = null)
    {
        var model = new SoftmaxRegression(Device.Cpu(), Features, Classes, seed: 1);
        var console = output is null ? null : AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        using var trainer = new Trainer(model, new Sgd(model.Parameters, 0.05f)) { Output = console, EarlyStopping = stopping };
        var history = trainer.Fit(TrainerTests.Blobs(60, seed: 7), epochs, batchSize: 10, seed: 3, NoisyLabels(60, seed: 8, 0.3));
        return (model, history);
    }

    /// <summary>Keras's rule, applied by the test to a full run's losses: the best epoch and the epoch training stops after.</summary>
    private static (int Best, int Stop) KerasRule(IReadOnlyList<double> losses, int patience, double minDelta)
    {
        var (best, bestValue, wait) = (0, double.PositiveInfinity, 0);
        for (var epoch = 1; epoch <= losses.Count; epoch++)
        {
            if (losses[epoch - 1] < bestValue - minDelta)
            {
                (best, bestValue, wait) = (epoch, losses[epoch - 1], 0);
            }
            else if (++wait >= patience)
            {
                return (best, epoch);
            }
        }

        return (best, losses.Count);
    }

    [Fact]
    public void The_eval_loss_stops_improving_after_epoch_4_so_patience_3_stops_after_epoch_7_and_restores_epoch_4()
    {
        var full = Run(30, stopping: null).History.Epochs.Select(e => (double)e.EvalLoss!.Value).ToArray();
        Assert.Equal((4, 7), KerasRule(full, patience: 3, minDelta: 0));

        var output = new StringWriter();
        var (model, history) = Run(30, new EarlyStopping(patience: 3, restoreBestWeights: true), output);

        Assert.Equal([1, 2, 3, 4, 5, 6, 7], history.Epochs.Select(e => e.Epoch));
        Assert.Equal(4, history.BestEpoch);
        Assert.True(history.StoppedEarly);
        Assert.True(history.RestoredBestWeights);
        var best = ((double)history.Epochs[3].EvalLoss!.Value).ToString("G5", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"\nstopped early: best EvalLoss {best} at epoch 4, none better in 3\n", output.ToString().ReplaceLineEndings("\n"));
        Assert.EndsWith("\nrestored the weights of epoch 4\n", output.ToString().ReplaceLineEndings("\n"));

        // The restored weights are exactly a 4-epoch run's, and their loss, computed here in float64, is epoch 4's.
        var four = Run(4, stopping: null).Model;
        Assert.Equal(four.Weight.Value.ToArray(), model.Weight.Value.ToArray());
        Assert.Equal(four.Bias.Value.ToArray(), model.Bias.Value.ToArray());
        Assert.Equal(history.Epochs[3].EvalLoss!.Value, ReferenceLoss(model, NoisyLabels(60, seed: 8, 0.3)), 1e-5);
    }

    [Fact]
    public void Without_restoring_the_model_keeps_the_last_epochs_weights()
    {
        var (model, history) = Run(30, new EarlyStopping(patience: 3));

        Assert.Equal(7, history.Epochs.Count);
        Assert.False(history.RestoredBestWeights);
        Assert.Equal(Run(7, stopping: null).Model.Weight.Value.ToArray(), model.Weight.Value.ToArray());
    }

    [Fact]
    public void Min_delta_turns_a_small_gain_into_no_improvement_as_keras_does()
    {
        // The smallest of these thresholds that changes the outcome of Keras's rule on the full run's losses.
        var full = Run(30, stopping: null).History.Epochs.Select(e => (double)e.EvalLoss!.Value).ToArray();
        var plain = KerasRule(full, patience: 3, minDelta: 0);
        var minDelta = new[] { 1e-4f, 3e-4f, 1e-3f, 3e-3f, 1e-2f, 3e-2f }.First(d => KerasRule(full, 3, d) != plain);
        var expected = KerasRule(full, patience: 3, minDelta);

        var history = Run(30, new EarlyStopping(patience: 3, minDelta: minDelta)).History;

        Assert.Equal(expected.Best, history.BestEpoch);
        Assert.Equal(expected.Stop, history.Epochs.Count);
    }

    [Fact]
    public void Accuracy_is_watched_for_a_rise()
    {
        // The eval accuracy reaches 70% at epoch 4 and stays there: no rise for 2 epochs stops after epoch 6.
        var history = Run(30, new EarlyStopping(patience: 2, EarlyStoppingMetric.EvalAccuracy)).History;

        Assert.Equal(4, history.BestEpoch);
        Assert.Equal(6, history.Epochs.Count);
        Assert.Equal(0.7f, history.Epochs[3].EvalAccuracy!.Value, 1e-6f);
    }

    [Fact]
    public void A_run_that_ends_before_its_patience_runs_out_is_not_stopped_but_still_restores_the_best_epoch()
    {
        var (model, history) = Run(6, new EarlyStopping(patience: 5, restoreBestWeights: true));

        Assert.Equal(6, history.Epochs.Count);
        Assert.False(history.StoppedEarly);
        Assert.Equal(4, history.BestEpoch);
        Assert.True(history.RestoredBestWeights);
        Assert.Equal(Run(4, stopping: null).Model.Weight.Value.ToArray(), model.Weight.Value.ToArray());
    }

    [Fact]
    public void Improvement_follows_keras_min_delta_rule_in_each_direction()
    {
        var loss = new EarlyStopping(patience: 1, minDelta: 0.1f);
        Assert.True(loss.IsImprovement(5, null));
        Assert.True(loss.IsImprovement(0.85, 1.0));
        Assert.False(loss.IsImprovement(0.95, 1.0));
        Assert.False(loss.IsImprovement(1.2, 1.0));

        var accuracy = new EarlyStopping(patience: 1, EarlyStoppingMetric.EvalAccuracy, minDelta: 0.01f);
        Assert.True(accuracy.IsImprovement(0.92, 0.9));
        Assert.False(accuracy.IsImprovement(0.905, 0.9));
        Assert.False(accuracy.IsImprovement(0.8, 0.9));
    }

    [Fact]
    public void Early_stopping_without_an_evaluation_set_and_bad_settings_are_rejected()
    {
        var model = new SoftmaxRegression(Device.Cpu(), Features, Classes, seed: 1);
        using var trainer = new Trainer(model, new Sgd(model.Parameters, 0.05f)) { Output = null, EarlyStopping = new EarlyStopping(2) };

        Assert.Contains("evaluation set", Assert.Throws<ArgumentException>(() => trainer.Fit(TrainerTests.Blobs(20, 1), 3, 5, 0)).Message);
        Assert.Empty(model.ForwardCalls);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(patience: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(patience: 1, minDelta: -0.1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EarlyStopping(patience: 1, (EarlyStoppingMetric)7));
    }

    [Fact]
    public void The_evaluation_loss_of_every_epoch_is_the_mean_cross_entropy()
    {
        var evaluation = NoisyLabels(60, seed: 8, 0.3);
        for (var epochs = 1; epochs <= 3; epochs++)
        {
            var (model, history) = Run(epochs, stopping: null);
            Assert.Equal(ReferenceLoss(model, evaluation), history.Last.EvalLoss!.Value, 1e-5);
        }
    }
}
