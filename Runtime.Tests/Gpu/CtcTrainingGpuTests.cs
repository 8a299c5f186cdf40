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
/// and comes back once, after the epoch's steps.
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

        // The blank held down, so the best paths read labels (all-blank paths would decode nothing, whatever their order).
        cpuModel.Out.Bias!.Value.CopyFrom([-2f, 0f, 0f, 0f]);
        gpuModel.Out.Bias!.Value.CopyFrom([-2f, 0f, 0f, 0f]);

        for (var p = 0; p < cpuModel.Parameters.Count; p++)
        {
            Assert.Equal(cpuModel.Parameters[p].Value.ToArray(), gpuModel.Parameters[p].Value.ToArray());
        }

        var cpuSgd = new Sgd(cpuModel.Parameters, 0f, momentum: 0.9f);
        var gpuSgd = new Sgd(gpuModel.Parameters, 0f, momentum: 0.9f);
        using var cpu = new CtcTraining(cpuModel, cpuSgd, BatchSize, seed: 2) { ClipNorm = 1f };
        using var gpu = new CtcTraining(gpuModel, gpuSgd, BatchSize, seed: 2) { ClipNorm = 1f };

        // Epoch 1 leaves the weights alone (and loads the kernels); epoch 2 learns, logged: its metrics are measured on
        // weights that change from batch to batch.
        var expected = cpu.RunEpoch(lines);
        var actual = gpu.RunEpoch(lines);
        Assert.Equal(cpuModel.Parameters[0].Value.ToArray(), gpuModel.Parameters[0].Value.ToArray());
        var still = gpuModel.Parameters[0].Value.ToArray();
        (cpuSgd.LearningRate, gpuSgd.LearningRate) = (0.1f, 0.1f);
        var log = new List<TransferEvent>();
        device.TransferLog = log;
        var expectedLearning = cpu.RunEpoch(lines);
        var actualLearning = gpu.RunEpoch(lines);
        device.TransferLog = null;

        Assert.NotEqual(still, gpuModel.Parameters[0].Value.ToArray()); // the second epoch did learn
        foreach (var (cpuEpoch, gpuEpoch) in new[] { (expected, actual), (expectedLearning, actualLearning) })
        {
            Assert.Equal(cpuEpoch.MeanLoss, gpuEpoch.MeanLoss, 1e-4 * cpuEpoch.MeanLoss);
            Assert.Equal(cpuEpoch.LineAccuracy, gpuEpoch.LineAccuracy);
            Assert.Equal(cpuEpoch.CharacterErrorRate, gpuEpoch.CharacterErrorRate);
        }

        Assert.NotEqual(1.0, actual.CharacterErrorRate); // labels were read: all-empty transcriptions score exactly 1

        // Each step: the batch's features up, the recurrent layer's all-full lengths up when the batch size differs from
        // the last step's (3 after the last epoch's 1, then 3, then 1), the CTC labels and lengths up, the loss down.
        // After the last step, one download of the epoch's best paths.
        var (u, d) = (TransferEvent.Upload, TransferEvent.Download);
        TransferEvent[] steps = [u, u, u, d, /* same size */ u, u, d, u, u, u, d, /* best paths */ d];
        Assert.True(steps.SequenceEqual(log), string.Join(", ", log));
    }

    [Fact]
    public void The_arg_max_kernel_compiles_to_ptx() =>
        PtxCompiler.AssertCompiles(typeof(CtcBestPathGpu), nameof(CtcBestPathGpu.ArgMaxKernel));
}
