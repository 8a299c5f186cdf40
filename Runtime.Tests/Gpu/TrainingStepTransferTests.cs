using static Strata.Dims;
using Strata.Data;
using Strata.Training;
using Xunit;

namespace Strata.Runtime.Tests.Gpu;

/// <summary>
/// A conv with BatchNorm, dropout, the image's columns as steps, an LSTM keeping its last step and a dense classifier:
/// [1, 4, 5] → [3]. Small enough for ILGPU's CPU accelerator; every kind of kernel a training step launches.
/// </summary>
[Model, Input(1, 4, 5)]
public partial class TransferNet
{
    [Conv(2, 3, pad: 1), Relu] public partial Conv2d C1 { get; }
    [BatchNorm] public partial BatchNorm Bn { get; }
    [Dropout(0.25)] public partial Dropout Drop { get; }
    [ToSequence(SequenceAxis.Width)] public partial ToSequence Columns { get; }
    [Lstm(3, ReturnSequences = false)] public partial Lstm Rnn { get; }
    [Dense(3)] public partial Dense Out { get; }
}

/// <summary>Token ids through an embedding, a GRU keeping its last step and a dense classifier.</summary>
[Model, Input(Sequence, Tokens, 6)]
public partial class TransferTokenNet
{
    [Embedding(6, 3)] public partial Embedding Embed { get; }
    [Gru(3, ReturnSequences = false)] public partial Gru Rnn { get; }
    [Dense(2)] public partial Dense Out { get; }
}

/// <summary>
/// Counts the host↔device copies of whole GPU training steps through <see cref="Trainer"/> on ILGPU's CPU accelerator
/// (<see cref="Device.HostUploads"/>, <see cref="Device.HostDownloads"/>): once warmed up, a step uploads its batch
/// (features or ids, and labels) and downloads the loss totals, nothing else, with Adam and gradient clipping on.
/// </summary>
public class TrainingStepTransferTests
{
    private const int Samples = 8;
    private const int BatchSize = 4;
    private const int Steps = Samples / BatchSize;

    [Fact]
    public void A_warm_image_step_uploads_its_batch_and_downloads_only_the_loss()
    {
        using var device = Device.IlgpuCpu();
        var model = new TransferNet(device, seed: 1);
        var random = new Random(5);
        var data = new Dataset(
            Enumerable.Range(0, Samples * 20).Select(_ => (float)random.NextDouble()).ToArray(),
            Enumerable.Range(0, Samples).Select(n => n % 3).ToArray(), [1, 4, 5], 3);
        using var trainer = new Trainer(model, new Adam(model.Parameters, 0.01f)) { Output = null, MaxGradientNorm = 0.5f };
        trainer.Fit(data, epochs: 1, batchSize: BatchSize, seed: 1, showProgress: false);

        var (uploads, downloads) = (device.HostUploads, device.HostDownloads);
        var history = trainer.Fit(data, epochs: 1, batchSize: BatchSize, seed: 2, showProgress: false);

        Assert.Equal(Steps * 2, device.HostUploads - uploads);     // the features and the labels
        Assert.Equal(Steps * 1, device.HostDownloads - downloads); // the loss and the count of right predictions, together
        Assert.True(float.IsFinite(history.Epochs[0].Loss), $"loss {history.Epochs[0].Loss}");
    }

    [Fact]
    public void A_warm_token_step_uploads_its_ids_and_labels_and_downloads_only_the_loss()
    {
        using var device = Device.IlgpuCpu();
        var model = new TransferTokenNet(device, seed: 1);
        const int length = 4;
        var random = new Random(6);
        var ids = Enumerable.Range(0, Samples * length).Select(_ => random.Next(6)).ToArray();

        // Equal lengths: the lengths stay on the device after the first batch, so only ids and labels go up.
        var sequences = new PaddedSequences(ids, Enumerable.Repeat(length, Samples).ToArray(), length, padValue: 0);
        var set = new SequenceClassificationSet(sequences, Enumerable.Range(0, Samples).Select(n => n % 2).ToArray(), 2);
        using var trainer = new Trainer(model, new Sgd(model.Parameters, 0.1f, momentum: 0.9f)) { Output = null, MaxGradientNorm = 1f };
        trainer.Fit(set, epochs: 1, batchSize: BatchSize, seed: 1, showProgress: false);

        var (uploads, downloads) = (device.HostUploads, device.HostDownloads);
        trainer.Fit(set, epochs: 1, batchSize: BatchSize, seed: 2, showProgress: false);

        Assert.Equal(Steps * 2, device.HostUploads - uploads);
        Assert.Equal(Steps * 1, device.HostDownloads - downloads);
    }

    [Fact]
    public void The_counters_count_each_copy_once_and_only_on_a_gpu()
    {
        using var device = Device.IlgpuCpu();
        using var tensor = device.Allocate(3);
        var (uploads, downloads) = (device.HostUploads, device.HostDownloads);

        tensor.CopyFrom([1f, 2f, 3f]);
        var back = tensor.ToArray();
        using var copy = device.Allocate(3);
        copy.CopyFrom(tensor);

        Assert.Equal([1f, 2f, 3f], back);
        Assert.Equal(1, device.HostUploads - uploads);
        Assert.Equal(1, device.HostDownloads - downloads);
        Device.Cpu().Allocate(2).CopyFrom([1f, 2f]);
        Assert.Equal(0, Device.Cpu().HostUploads + Device.Cpu().HostDownloads);
    }
}
