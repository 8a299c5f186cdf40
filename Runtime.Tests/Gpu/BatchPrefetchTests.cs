using Strata.Runtime.Tests.Reference;
using Strata.Data;
using Strata.Gpu;
using Strata.Training;
using Xunit;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// The trainer's double-buffered batches on ILGPU's CPU accelerator (<see cref="DoubleBufferedInput"/>): the next batch
/// is uploaded on the device's copy stream while the current one computes. Checked by the weights (bit for bit the same
/// as uploading each batch when its step starts), the transfer counts, and the order in which the host issues the copies
/// and the waits (<see cref="Device.TransferLog"/>), not by timing: the CPU accelerator runs every stream synchronously.
/// </summary>
public class BatchPrefetchTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    private static Dataset Data(int samples)
    {
        var random = new Random(11);
        return new Dataset(
            Enumerable.Range(0, samples * 20).Select(_ => (float)random.NextDouble()).ToArray(),
            Enumerable.Range(0, samples).Select(n => n % 3).ToArray(), [1, 4, 5], 3);
    }

    [Fact]
    public void Prefetched_batches_train_to_the_same_weights_bit_for_bit()
    {
        var device = fixture.Device;
        var data = Data(7); // batches of 3, 3 and 1: the last step's batch has another size
        var plain = new TransferNet(device, seed: 3);
        var overlapped = new TransferNet(device, seed: 3);
        using var plainTrainer = new Trainer(plain, new Adam(plain.Parameters, 0.01f)) { Output = null, PrefetchBatches = false };
        using var overlappedTrainer = new Trainer(overlapped, new Adam(overlapped.Parameters, 0.01f)) { Output = null };

        var before = plain.Parameters[0].Value.ToArray();
        var plainHistory = plainTrainer.Fit(data, epochs: 2, batchSize: 3, seed: 4, showProgress: false);
        var overlappedHistory = overlappedTrainer.Fit(data, epochs: 2, batchSize: 3, seed: 4, showProgress: false);

        Assert.NotEqual(before, plain.Parameters[0].Value.ToArray()); // the steps did move the weights
        SameBits.Parameters(plain, overlapped);

        // The loss totals are atomic float adds, in whatever order the rows' threads get there: equal to round-off.
        for (var e = 0; e < 2; e++)
        {
            Assert.Equal(plainHistory.Epochs[e].Loss, overlappedHistory.Epochs[e].Loss, 1e-5f);
        }

        Assert.Equal(plainHistory.Epochs.Select(e => e.TrainAccuracy), overlappedHistory.Epochs.Select(e => e.TrainAccuracy));
    }

    [Fact]
    public void The_next_batch_is_copied_on_the_copy_stream_before_the_step_waits_for_its_compute()
    {
        var device = fixture.Device;
        var data = Data(8);
        var model = new TransferNet(device, seed: 1);
        using var trainer = new Trainer(model, new Sgd(model.Parameters, 0.05f)) { Output = null };
        trainer.Fit(data, epochs: 1, batchSize: 2, seed: 1, showProgress: false); // warm: kernels, buffers

        var log = new List<TransferEvent>();
        device.TransferLog = log;
        var (uploads, downloads) = (device.HostUploads, device.HostDownloads);
        trainer.Fit(data, epochs: 1, batchSize: 2, seed: 2, showProgress: false);
        device.TransferLog = null;

        const int steps = 4;
        Assert.Equal(steps * 2, device.HostUploads - uploads); // features and labels per step, as without prefetching
        Assert.Equal(steps, device.HostDownloads - downloads);

        Assert.Equal(steps, log.Count(e => e == TransferEvent.Download));
        Assert.Equal(steps + 1, log.Count(e => e == TransferEvent.Upload)); // the first batch's features, every step's labels
        PrefetchOrder.AssertPrefetchedBeforeTheLossRead(log, steps);

        // From the third batch on, a slot is refilled only after the compute stream released it (two steps earlier).
        Assert.True(log.Count(e => e == TransferEvent.ComputeReleaseWait) >= steps - 2);
    }

    [Fact]
    public void A_prefetch_the_next_step_does_not_take_leaves_the_batch_it_runs_correct()
    {
        var device = fixture.Device;
        var data = Data(6);
        var model = new TransferNet(device, seed: 2);
        model.Eval();
        using var set = new ClassificationSet(data).Open(model);

        // Told batch {2, 3} follows, then run {4, 5}: the score must be {4, 5}'s, as a plain run computes it.
        set.Run([0, 1], backward: false, [2, 3]);
        var prefetchedMiss = set.Run([4, 5], backward: false, []);
        var plain = set.Run([4, 5], backward: false);
        Assert.Equal(plain.Loss, prefetchedMiss.Loss);
        Assert.Equal(plain.Correct, prefetchedMiss.Correct);
    }
}
