using Strata.Runtime.Tests.Reference;
using Strata.Data;
using Strata.Gpu;
using Strata.Training;
using Xunit;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>A convolution, the columns as steps, an LSTM and a per-step dense layer: [1, 4, 6] → [6, 4], a CRNN small enough for ILGPU's CPU accelerator.</summary>
[Model, Input(1, 4, 6)]
public partial class TinyCtcNet
{
    [Conv(2, 3, pad: 1), Relu] public partial Conv2d C1 { get; }
    [ToSequence(SequenceAxis.Width)] public partial ToSequence Columns { get; }
    [Lstm(3)] public partial Lstm Rnn { get; }
    [Dense(4)] public partial Dense Out { get; }
}

/// <summary>
/// <see cref="CtcTraining"/> on ILGPU's CPU accelerator: an epoch's loss, line accuracy and character error rate are the
/// CPU path's (itself checked line by line in CtcTrainingTests), with the weights still and learning, while a step
/// copies nothing back but the loss: the greedy decoding's arg-max stays on the device (<see cref="CtcBestPathGpu"/>)
/// and comes back once, after the epoch's steps. The next batch goes up on the copy stream during the step before
/// (<see cref="CtcTraining.PrefetchBatches"/>), to the same weights bit for bit as without.
/// </summary>
public class CtcTrainingGpuTests(IlgpuCpuFixture fixture) : IClassFixture<IlgpuCpuFixture>
{
    private const int Samples = 7, BatchSize = 3, Steps = 6;

    private static CtcDataset Lines()
    {
        var random = new Random(21);
        var features = Enumerable.Range(0, Samples * 24).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var labels = Enumerable.Range(0, Samples).Select(_ => Enumerable.Range(0, random.Next(1, 3)).Select(_ => random.Next(1, 4)).ToArray()).ToArray();
        var lengths = Enumerable.Range(0, Samples).Select(n => Steps - (n % 3)).ToArray();
        return new CtcDataset(features, [1, 4, 6], labels, lengths);
    }

    [Fact]
    public void Epochs_on_the_device_measure_what_the_cpu_measures_and_a_step_downloads_only_the_loss()
    {
        var lines = Lines();
        var device = fixture.Device;
        var cpuModel = new TinyCtcNet(Device.Cpu(), seed: 4);
        var gpuModel = new TinyCtcNet(device, seed: 4);
        var plainModel = new TinyCtcNet(device, seed: 4);
        foreach (var model in new[] { cpuModel, gpuModel, plainModel })
        {
            // The blank held down, so the best paths read labels (all-blank paths would decode nothing, whatever their order).
            model.Out.Bias!.Value.CopyFrom([-2f, 0f, 0f, 0f]);
        }

        for (var p = 0; p < cpuModel.Parameters.Count; p++)
        {
            Assert.Equal(cpuModel.Parameters[p].Value.ToArray(), gpuModel.Parameters[p].Value.ToArray());
        }

        // Clipping runs (its launches, and no copy back), at a bound too high to bind: the device sums the norm with float
        // atomics, whose order could change its last bits, and so the weights', were it to scale the gradients.
        const float clip = 1e3f;
        var optimizers = new[] { cpuModel, gpuModel, plainModel }.Select(m => new Sgd(m.Parameters, 0f, momentum: 0.9f)).ToArray();
        using var cpu = new CtcTraining(cpuModel, optimizers[0], BatchSize, seed: 2) { ClipNorm = clip };
        using var gpu = new CtcTraining(gpuModel, optimizers[1], BatchSize, seed: 2) { ClipNorm = clip };
        using var plain = new CtcTraining(plainModel, optimizers[2], BatchSize, seed: 2) { ClipNorm = clip, PrefetchBatches = false };

        // Epoch 1 leaves the weights alone (and loads the kernels); epoch 2 learns, logged: its metrics are measured on
        // weights that change from batch to batch.
        var expected = cpu.RunEpoch(lines);
        var actual = gpu.RunEpoch(lines);
        plain.RunEpoch(lines);
        var still = gpuModel.Parameters[0].Value.ToArray();
        Assert.Equal(cpuModel.Parameters[0].Value.ToArray(), still);
        foreach (var optimizer in optimizers)
        {
            optimizer.LearningRate = 0.1f;
        }

        var expectedLearning = cpu.RunEpoch(lines);
        var (actualLearning, counts, log) = Logged(gpu, lines, device);
        var (plainLearning, plainCounts, plainLog) = Logged(plain, lines, device);

        Assert.NotEqual(still, gpuModel.Parameters[0].Value.ToArray()); // the second epoch did learn
        foreach (var (cpuEpoch, gpuEpoch) in new[] { (expected, actual), (expectedLearning, actualLearning) })
        {
            Assert.Equal(cpuEpoch.MeanLoss, gpuEpoch.MeanLoss, 1e-4 * cpuEpoch.MeanLoss);
            Assert.Equal(cpuEpoch.LineAccuracy, gpuEpoch.LineAccuracy);
            Assert.Equal(cpuEpoch.CharacterErrorRate, gpuEpoch.CharacterErrorRate);
        }

        Assert.NotEqual(1.0, actual.CharacterErrorRate); // labels were read: all-empty transcriptions score exactly 1

        // Each step: the batch's features up (the first batch's on the default stream, the others on the copy stream
        // during the step before), the recurrent layer's all-full lengths up when the batch size differs from the last
        // step's (3 after the last epoch's 1, then 3, then 1), the CTC labels and lengths up, the loss down. After the
        // last step, one download of the epoch's best paths.
        var (u, c, d) = (TransferEvent.Upload, TransferEvent.CopyStreamUpload, TransferEvent.Download);
        TransferEvent[] copies = [u, u, c, u, d, /* same size */ c, u, d, u, u, d, /* best paths */ d];
        Assert.True(copies.SequenceEqual(log.Where(e => e is TransferEvent.Upload or TransferEvent.CopyStreamUpload or TransferEvent.Download)), string.Join(", ", log));
        PrefetchOrder.AssertPrefetchedBeforeTheLossRead(log, steps: 3);

        // Without prefetching: the same weights bit for bit, the same metrics and as many copies, none on the copy stream.
        SameBits.Parameters(plainModel, gpuModel);

        Assert.Equal(plainLearning, actualLearning);
        Assert.Equal(plainCounts, counts);
        Assert.DoesNotContain(TransferEvent.CopyStreamUpload, plainLog);
    }

    [Fact]
    public void The_arg_max_kernel_compiles_to_ptx() =>
        PtxCompiler.AssertCompiles(typeof(CtcBestPathGpu), nameof(CtcBestPathGpu.ArgMaxKernel));

    /// <summary>An epoch, its uploads and downloads and its ordered transfer log.</summary>
    private static (CtcEpoch Epoch, (long Uploads, long Downloads) Counts, List<TransferEvent> Log) Logged(
        CtcTraining training, CtcDataset lines, Device device)
    {
        var log = new List<TransferEvent>();
        device.TransferLog = log;
        var (uploads, downloads) = (device.HostUploads, device.HostDownloads);
        var epoch = training.RunEpoch(lines);
        device.TransferLog = null;
        return (epoch, (device.HostUploads - uploads, device.HostDownloads - downloads), log);
    }
}
