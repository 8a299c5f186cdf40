using Strata.Data;
using Strata.Training;
using static Strata.Dims;

namespace Strata.Runtime.Tests.Training;

/// <summary>A small character model: d2l's language model with 8 hidden units.</summary>
[Model, Input(Sequence, Tokens, 28)]
public partial class TinyLanguageModel
{
    [OneHot(28)] public partial OneHot Encode { get; }
    [Lstm(8)]    public partial Lstm Body { get; }
    [Dense(28)]  public partial Dense Next { get; }
}

/// <summary>The truncated-BPTT training loop on both devices.</summary>
public class LanguageModelTrainingTests
{
    [Fact]
    public void The_gpu_kernels_train_the_same_model_as_the_cpu_path_epoch_by_epoch()
    {
        var corpus = TextCorpus.FromText(TimeMachine.Opening, maxTokens: 160);

        var cpu = Perplexities(Device.Cpu(), corpus);
        var gpu = Perplexities(Device.IlgpuCpu(), corpus);

        // Same seed, same batches, same carried states: the two paths differ only in float rounding, which three epochs of
        // SGD at lr 1 amplify; 1e-3 leaves room for other summation orders (AVX2, more cores) yet catches any real slip.
        Assert.Equal(cpu.Length, gpu.Length);
        for (var epoch = 0; epoch < cpu.Length; epoch++)
        {
            Assert.True(Math.Abs(cpu[epoch] - gpu[epoch]) <= 1e-3 * cpu[epoch], $"epoch {epoch}: CPU {cpu[epoch]}, IlgpuCpu {gpu[epoch]}");
        }

        // And the loop learns: the first epoch starts near the uniform 28, later ones fall.
        Assert.True(cpu[^1] < cpu[0], string.Join(", ", cpu));
    }

    [Fact]
    public void A_corpus_too_short_for_one_batch_at_every_offset_is_refused()
    {
        var corpus = TextCorpus.FromText("time traveller");
        var model = new TinyLanguageModel(Device.Cpu(), seed: 1);

        Assert.ThrowsAny<ArgumentException>(() => new LanguageModelTraining(model, corpus.Tokens, batchSize: 4, steps: 5, learningRate: 1f, clipNorm: 1f, seed: 1));
    }

    private static double[] Perplexities(Device device, TextCorpus corpus)
    {
        var model = new TinyLanguageModel(device, seed: 3);
        using var training = new LanguageModelTraining(model, corpus.Tokens, batchSize: 4, steps: 5, learningRate: 1f, clipNorm: 1f, seed: 3);
        return Enumerable.Range(0, 3).Select(_ => training.RunEpoch().Perplexity).ToArray();
    }
}
