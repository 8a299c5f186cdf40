using Spectre.Console;
using Strata.Data;
using Strata.Training;
using Xunit;

namespace Strata.Runtime.Tests.Training;

public class TrainerTests
{
    [Fact]
    public void A_model_that_ends_in_a_softmax_is_refused_with_the_fix()
    {
        var model = new Strata.Runtime.Tests.Models.ProbabilityNet(Device.Cpu(), seed: 1);

        using var trainer = new Trainer(model, new Sgd(model.Parameters, 0.1f)) { Output = null };

        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(new Dataset(new float[3 * 4], [0, 1, 2], model.InputShape, 3), 1, 2, 0));
        Assert.True(model.OutputsProbabilities);
        Assert.Contains("already ends in a softmax", error.Message, StringComparison.Ordinal);
        Assert.Contains("Remove the final [Softmax]", error.Message, StringComparison.Ordinal);
    }

    private const int Features = 4, Classes = 3;

    /// <summary>Three Gaussian blobs in 4-D, one per class, with centres 4σ apart: linearly separable in practice.</summary>
    internal static Dataset Blobs(int count, int seed)
    {
        var random = new Random(seed);
        var features = new float[count * Features];
        var labels = new int[count];
        for (var n = 0; n < count; n++)
        {
            labels[n] = random.Next(Classes);
            for (var f = 0; f < Features; f++)
            {
                var centre = f == labels[n] ? 2.0 : -2.0 * (f % 2);
                var gaussian = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
                features[n * Features + f] = (float)(centre + 0.5 * gaussian);
            }
        }

        return new Dataset(features, labels, [Features], Classes);
    }

    /// <summary>The accuracy computed by the test itself: argmax of W·x + b in float64.</summary>
    private static double ReferenceAccuracy(SoftmaxRegression model, Dataset data)
    {
        var w = model.Weight.Value.ToArray();
        var b = model.Bias.Value.ToArray();
        var correct = 0;
        for (var n = 0; n < data.Count; n++)
        {
            var x = data.Sample(n).ToArray();
            var scores = Enumerable.Range(0, Classes)
                .Select(k => b[k] + Enumerable.Range(0, Features).Sum(f => (double)w[k * Features + f] * x[f]))
                .ToArray();
            correct += Array.IndexOf(scores, scores.Max()) == data.Label(n) ? 1 : 0;
        }

        return (double)correct / data.Count;
    }

    private static Trainer Quiet(IModel model, IOptimizer optimizer) => new(model, optimizer) { Output = null };

    [Fact]
    public void Fit_learns_separable_blobs_and_Evaluate_agrees_with_an_independent_accuracy()
    {
        var model = new SoftmaxRegression(Device.Cpu(), Features, Classes, seed: 1);
        using var trainer = Quiet(model, new Sgd(model.Parameters, learningRate: 0.1f, momentum: 0.9f));
        var evaluation = Blobs(200, seed: 8);
        var history = trainer.Fit(Blobs(300, seed: 7), epochs: 5, batchSize: 16, seed: 3, evaluation);

        var reference = ReferenceAccuracy(model, evaluation);
        Assert.True(reference >= 0.97, $"accuracy {reference:P2}");
        Assert.Equal(reference, trainer.Evaluate(evaluation, batchSize: 7), 1e-6);
        Assert.Equal(reference, history.Last.EvalAccuracy!.Value, 1e-6);
        Assert.True(history.Last.Loss < history.Epochs[0].Loss / 2, $"loss {history.Epochs[0].Loss} → {history.Last.Loss}");
        Assert.Equal([1, 2, 3, 4, 5], history.Epochs.Select(e => e.Epoch));
    }

    [Fact]
    public void Every_sample_is_seen_once_per_epoch_including_the_last_partial_batch()
    {
        var model = new SoftmaxRegression(Device.Cpu(), Features, Classes, seed: 1);
        using var trainer = Quiet(model, new Sgd(model.Parameters, 0.01f));
        trainer.Fit(Blobs(103, seed: 1), epochs: 2, batchSize: 10, seed: 0);

        var batches = model.ForwardCalls.Select(call => call.Batch).ToArray();
        Assert.Equal(Enumerable.Repeat(10, 10).Append(3).Concat(Enumerable.Repeat(10, 10)).Append(3), batches);
        Assert.Equal(22, model.BackwardCalls);
    }

    [Fact]
    public void Fit_trains_in_training_mode_and_evaluates_in_evaluation_mode()
    {
        var model = new SoftmaxRegression(Device.Cpu(), Features, Classes, seed: 1);
        using var trainer = Quiet(model, new Sgd(model.Parameters, 0.01f));
        trainer.Fit(Blobs(20, seed: 1), epochs: 1, batchSize: 10, seed: 0, evaluation: Blobs(5, seed: 2));

        Assert.Equal([(10, true), (10, true), (5, false)], model.ForwardCalls);
        Assert.True(model.IsTraining);
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights_and_another_seed_other_weights()
    {
        float[] Train(int seed)
        {
            var model = new SoftmaxRegression(Device.Cpu(), Features, Classes, seed: 1);
            using var trainer = Quiet(model, new Sgd(model.Parameters, 0.05f));
            trainer.Fit(Blobs(50, seed: 1), epochs: 2, batchSize: 8, seed: seed);
            return model.Weight.Value.ToArray();
        }

        Assert.Equal(Train(5), Train(5));
        Assert.NotEqual(Train(5), Train(6));
    }

    [Fact]
    public void A_gpu_model_trains_to_the_same_weights_as_the_cpu_model()
    {
        var train = Blobs(40, seed: 1);
        var cpuModel = new SoftmaxRegression(Device.Cpu(), Features, Classes, seed: 1);
        using (var trainer = Quiet(cpuModel, new Adam(cpuModel.Parameters, 0.01f)))
        {
            trainer.Fit(train, epochs: 2, batchSize: 16, seed: 4);
        }

        using var gpu = Device.IlgpuCpu();
        var gpuModel = new SoftmaxRegression(gpu, Features, Classes, seed: 1);
        using (var trainer = Quiet(gpuModel, new Adam(gpuModel.Parameters, 0.01f)))
        {
            trainer.Fit(train, epochs: 2, batchSize: 16, seed: 4);
        }

        var expected = cpuModel.Weight.Value.ToArray();
        var actual = gpuModel.Weight.Value.ToArray();
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], actual[i], 1e-5f);
        }
    }

    /// <summary>Plain SGD that records the learning rate of each step.</summary>
    private sealed class RecordingOptimizer(IReadOnlyList<Parameter> parameters) : IOptimizer
    {
        private readonly Sgd _sgd = new(parameters, 1f);

        public List<float> Rates { get; } = [];

        public float LearningRate { get => _sgd.LearningRate; set => _sgd.LearningRate = value; }

        public void Step()
        {
            Rates.Add(LearningRate);
            _sgd.Step();
        }
    }

    [Fact]
    public void The_schedule_sets_the_learning_rate_of_every_step_counted_across_epochs()
    {
        var model = new SoftmaxRegression(Device.Cpu(), Features, Classes, seed: 1);
        var optimizer = new RecordingOptimizer(model.Parameters);
        var schedule = new StepDecay(0.1f, stepSize: 3, gamma: 0.5f);
        using var trainer = new Trainer(model, optimizer) { Output = null, Schedule = schedule };

        // 11 samples in batches of 5: 3 steps an epoch, so StepSize 3 halves the rate once an epoch.
        var history = trainer.Fit(Blobs(11, seed: 1), epochs: 3, batchSize: 5, seed: 0);

        Assert.Equal(3, Trainer.StepsPerEpoch(11, 5));
        Assert.Equal(Enumerable.Range(0, 9).Select(schedule.LearningRateAt), optimizer.Rates);
        Assert.Equal([0.1f, 0.05f, 0.025f], history.Epochs.Select(e => e.LearningRate));

        // A second Fit counts from step 0 again.
        trainer.Fit(Blobs(11, seed: 1), epochs: 1, batchSize: 5, seed: 0);
        Assert.Equal(0.1f, optimizer.Rates[9]);
    }

    [Fact]
    public void A_schedule_shorter_than_the_run_fails_before_training()
    {
        var model = new SoftmaxRegression(Device.Cpu(), Features, Classes, seed: 1);
        using var trainer = new Trainer(model, new Sgd(model.Parameters, 1f)) { Output = null, Schedule = new OneCycle(0.1f, totalSteps: 5) };

        Assert.Throws<ArgumentOutOfRangeException>(() => trainer.Fit(Blobs(20, seed: 1), epochs: 2, batchSize: 5, seed: 0));
        Assert.Empty(model.ForwardCalls);
    }

    [Fact]
    public void Redirected_output_gets_one_plain_line_per_epoch()
    {
        var model = new SoftmaxRegression(Device.Cpu(), Features, Classes, seed: 1);
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        using var trainer = new Trainer(model, new Sgd(model.Parameters, 0.05f)) { Output = console };
        trainer.Fit(Blobs(30, seed: 1), epochs: 2, batchSize: 8, seed: 0, evaluation: Blobs(10, seed: 2));

        var lines = writer.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^epoch 1/2  loss \d+\.\d{4}  train \d+\.\d{2}%  eval \d+\.\d{2}%  [\d,]+ samples/s  \d+\.\d s\r?$", lines[0]);
        Assert.StartsWith("epoch 2/2", lines[1]);
        Assert.DoesNotContain('\u001b', writer.ToString());
    }

    [Fact]
    public void An_interactive_console_gets_a_live_progress_display_and_the_epoch_lines()
    {
        var model = new SoftmaxRegression(Device.Cpu(), Features, Classes, seed: 1);
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(writer),
        });
        using var trainer = new Trainer(model, new Sgd(model.Parameters, 0.05f)) { Output = console };
        var history = trainer.Fit(Blobs(30, seed: 1), epochs: 2, batchSize: 8, seed: 0);

        Assert.Equal(2, history.Epochs.Count);
        Assert.Contains('\u001b', writer.ToString());
        Assert.Contains("epoch 2/2  loss", writer.ToString());
    }

    [Fact]
    public void Mismatched_datasets_name_both_shapes()
    {
        var model = new SoftmaxRegression(Device.Cpu(), Features, Classes, seed: 1);
        using var trainer = Quiet(model, new Sgd(model.Parameters, 0.05f));
        var wrongShape = new Dataset(new float[10], [0, 1], [5], Classes);
        var tooManyClasses = new Dataset(new float[8], [0, 4], [Features], 5);

        var error = Assert.Throws<ArgumentException>(() => trainer.Fit(wrongShape, 1, 4, 0));
        Assert.Contains("[4]", error.Message);
        Assert.Contains("[5]", error.Message);
        Assert.Contains("5 classes", Assert.Throws<ArgumentException>(() => trainer.Evaluate(tooManyClasses, 4)).Message);
    }
}
