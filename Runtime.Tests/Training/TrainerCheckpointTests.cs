using Strata.IO;
using Strata.Training;

namespace Strata.Runtime.Tests.Training;

public sealed class TrainerCheckpointTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("strata-trainer-checkpoint-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_resumed_run_with_a_schedule_and_early_stopping_ends_as_the_straight_run_did()
    {
        var train = TrainerTests.Blobs(90, seed: 1);
        var evaluation = TrainerTests.Blobs(30, seed: 2);
        var path = Path.Combine(_directory, "run.ckpt");

        var (straight, straightHistory) = Fit(train, evaluation, epochs: 5, checkpoint: null, resumeFrom: null);
        Fit(train, evaluation, epochs: 3, checkpoint: path, resumeFrom: null);
        Assert.Equal(3, Checkpoint.Read(path).Epoch);
        var (resumed, resumedHistory) = Fit(train, evaluation, epochs: 5, checkpoint: path, resumeFrom: path);

        Assert.Equal(straight.Weight.Value.ToArray(), resumed.Weight.Value.ToArray());
        Assert.Equal(straight.Bias.Value.ToArray(), resumed.Bias.Value.ToArray());
        Assert.Equal(straightHistory.Epochs.Select(e => (e.Loss, e.EvalLoss, e.LearningRate)), resumedHistory.Epochs.Select(e => (e.Loss, e.EvalLoss, e.LearningRate)));
        Assert.Equal(straightHistory.BestEpoch, resumedHistory.BestEpoch);
        Assert.Equal(5, Checkpoint.Read(path).Epoch);
    }

    [Fact]
    public void Resuming_with_another_batch_size_or_seed_or_past_the_epochs_is_an_ArgumentException()
    {
        var train = TrainerTests.Blobs(40, seed: 1);
        var path = Path.Combine(_directory, "run.ckpt");
        Fit(train, null, epochs: 2, checkpoint: path, resumeFrom: null);

        var model = new SoftmaxRegression(Device.Cpu(), 4, 3, seed: 1);
        using var trainer = new Trainer(model, new Adam(model.Parameters)) { Output = null };
        Assert.Contains("batch size 8", Assert.Throws<ArgumentException>(() => trainer.Fit(train, 4, batchSize: 16, seed: 5, resumeFrom: path)).Message);
        Assert.Contains("seed 5", Assert.Throws<ArgumentException>(() => trainer.Fit(train, 4, batchSize: 8, seed: 6, resumeFrom: path)).Message);
        Assert.Contains("past the 1 epoch", Assert.Throws<ArgumentException>(() => trainer.Fit(train, 1, batchSize: 8, seed: 5, resumeFrom: path)).Message);

        using var plain = new Trainer(model, new PlainOptimizer()) { Output = null, CheckpointPath = path };
        Assert.Contains("IResumableOptimizer", Assert.Throws<ArgumentException>(() => plain.Fit(train, 1, 8, 5)).Message);
    }

    private static (SoftmaxRegression Model, TrainingHistory History) Fit(
        Strata.Data.Dataset train, Strata.Data.Dataset? evaluation, int epochs, string? checkpoint, string? resumeFrom)
    {
        var model = new SoftmaxRegression(Device.Cpu(), 4, 3, seed: 1);
        var steps = Trainer.StepsPerEpoch(train.Count, 8);
        using var trainer = new Trainer(model, new Adam(model.Parameters, 0.05f))
        {
            Output = null,
            CheckpointPath = checkpoint,
            Schedule = new CosineDecay(0.05f, totalSteps: 5 * steps, warmupSteps: 3),
            EarlyStopping = evaluation is null ? null : new EarlyStopping(patience: 10, restoreBestWeights: true),
        };
        return (model, trainer.Fit(train, epochs, batchSize: 8, seed: 5, evaluation, resumeFrom: resumeFrom));
    }

    private sealed class PlainOptimizer : IOptimizer
    {
        public float LearningRate { get; set; }

        public void Step()
        {
        }
    }
}
