using Strata.Runtime.Tests.Reference;
using static Strata.Dims;
using Strata.Data;
using Strata.Gpu;
using Strata.Runtime.Tests.Models;
using Strata.Training;
using Xunit;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>Token ids one-hot encoded, a GRU keeping each sequence's last valid step and a classifier: no atomics in its backward.</summary>
[Model, Input(Sequence, Tokens, 4)]
public partial class PrefetchTokenNet
{
    [OneHot(4)] public partial OneHot Encode { get; }
    [Gru(3, ReturnSequences = false)] public partial Gru Rnn { get; }
    [Dense(2)] public partial Dense Out { get; }
}

/// <summary>
/// The double-buffered batches (<see cref="PrefetchedInputs"/>) of the sets other than <see cref="ClassificationSet"/>
/// (see BatchPrefetchTests) on ILGPU's CPU accelerator: sequence classification and tagging, whose batches are padded to
/// lengths that change from batch to batch, and regression. For each: the weights after two epochs with a partial last
/// batch are bit for bit those of uploading each batch when its step starts; a warm epoch copies as often either way;
/// and every batch after the first is copied on the copy stream before the step that precedes it reads its loss, and
/// waited for only after that read. Checked by order, not timing: the CPU accelerator runs every stream synchronously.
/// And a prefetched batch that was forgotten is not taken for the same indices of another data set.
/// </summary>
public class SetPrefetchTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    private const int Samples = 7, BatchSize = 3;

    public static TheoryData<string> Sets => ["sequence classification", "sequence tagging", "regression"];

    [Theory]
    [MemberData(nameof(Sets))]
    public void Prefetched_batches_train_to_the_same_weights_and_are_copied_before_the_previous_step_reads_its_loss(string kind)
    {
        var device = fixture.Device;
        var (plain, plainSet) = Case(kind, device);
        var (overlapped, overlappedSet) = Case(kind, device);
        using var plainTrainer = new Trainer(plain, new Adam(plain.Parameters, 0.05f)) { Output = null, PrefetchBatches = false };
        using var overlappedTrainer = new Trainer(overlapped, new Adam(overlapped.Parameters, 0.05f)) { Output = null };
        var before = plain.Parameters[0].Value.ToArray();

        // A first epoch loads the kernels and makes the buffers; the second, logged, is a warm one.
        var (plainCounts, plainLog, plainEpochs) = TwoEpochs(plainTrainer, plainSet, device);
        var (counts, log, epochs) = TwoEpochs(overlappedTrainer, overlappedSet, device);

        Assert.NotEqual(before, plain.Parameters[0].Value.ToArray()); // the steps did move the weights
        SameBits.Parameters(plain, overlapped);

        // The loss totals are float atomics or group sums, in whatever order the threads get there: equal to round-off.
        for (var e = 0; e < 2; e++)
        {
            Assert.Equal(plainEpochs[e].Loss, epochs[e].Loss, 1e-5f);
            Assert.Equal(plainEpochs[e].TrainAccuracy, epochs[e].TrainAccuracy);
        }

        const int steps = 3; // batches of 3, 3 and 1
        Assert.Equal(plainCounts, counts); // the same uploads and downloads, whichever stream the features take
        Assert.Equal(steps, counts.Downloads);
        Assert.DoesNotContain(TransferEvent.CopyStreamUpload, plainLog);

        Assert.Equal(steps, log.Count(e => e == TransferEvent.Download));
        PrefetchOrder.AssertPrefetchedBeforeTheLossRead(log, steps);
    }

    [Fact]
    public void A_forgotten_prefetch_is_not_taken_for_the_same_indices_of_another_data_set()
    {
        float[] first = [1, 2, 3, 4], second = [5, 6, 7, 8];
        var source = first;
        using var inputs = new PrefetchedInputs(fixture.Device, _ => [2], (rows, features, _) =>
        {
            for (var i = 0; i < rows.Length; i++)
            {
                source.AsSpan(rows[i] * 2, 2).CopyTo(features.Slice(i * 2, 2));
            }
        });

        inputs.Acquire([0]);
        inputs.Prefetch([1]); // a pass cut short: row 1 of the first set stays in its slot, never taken
        inputs.Release();
        source = second;
        inputs.Forget();

        Assert.Equal([7f, 8f], inputs.Acquire([1]).Input.ToArray());
    }

    /// <summary>Two epochs; the second one's uploads and downloads and its ordered log.</summary>
    private static ((long Uploads, long Downloads) Counts, List<TransferEvent> Log, List<EpochMetrics> Epochs) TwoEpochs(
        Trainer trainer, ITrainingSet set, Device device)
    {
        var epochs = trainer.Fit(set, epochs: 1, batchSize: BatchSize, seed: 4, showProgress: false).Epochs.ToList();
        var log = new List<TransferEvent>();
        device.TransferLog = log;
        var (uploads, downloads) = (device.HostUploads, device.HostDownloads);
        epochs.AddRange(trainer.Fit(set, epochs: 1, batchSize: BatchSize, seed: 5, showProgress: false).Epochs);
        device.TransferLog = null;
        return ((device.HostUploads - uploads, device.HostDownloads - downloads), log, epochs);
    }

    /// <summary>A fresh model (the same weights every call) and its set of <see cref="Samples"/> samples.</summary>
    private static (IModel Model, ITrainingSet Set) Case(string kind, Device device)
    {
        var random = new Random(17);
        if (kind == "regression")
        {
            var features = Enumerable.Range(0, Samples * 6).Select(_ => (float)random.NextDouble()).ToArray();
            var targets = Enumerable.Range(0, Samples * 4).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
            return (new DenseTanhNet(device, seed: 2), new RegressionSet(features, [6], targets, [4]));
        }

        // Lengths 2 to 5, so the padded length changes from batch to batch.
        const int maxLength = 5;
        var lengths = Enumerable.Range(0, Samples).Select(n => 2 + (n * 3 % 4)).ToArray();
        var ids = Enumerable.Range(0, Samples * maxLength).Select(_ => random.Next(4)).ToArray();
        var tokens = new PaddedSequences(ids, lengths, maxLength, padValue: 0);
        if (kind == "sequence tagging")
        {
            var tags = new PaddedSequences(Enumerable.Range(0, Samples * maxLength).Select(_ => random.Next(4)).ToArray(), lengths, maxLength, padValue: 0);
            return (new OneHotRnnNet(device, seed: 2), new SequenceTaggingSet(tokens, tags, 4));
        }

        return (new PrefetchTokenNet(device, seed: 2), new SequenceClassificationSet(tokens, Enumerable.Range(0, Samples).Select(n => n % 2).ToArray(), 2));
    }
}
