using Strata.Training;
using Xunit;

namespace Strata.Runtime.Tests.Training;

public class PerplexityTests
{
    [Fact]
    public void Uniform_predictions_over_V_tokens_have_perplexity_V()
    {
        // Equal logits over 28 classes: every position's cross-entropy is ln 28.
        var device = Device.Cpu();
        var loss = new SequenceCrossEntropy().Compute(device.Allocate(2, 5, 28), new int[10], device.Allocate(2, 5, 28));
        Assert.Equal(28, Perplexity.FromCrossEntropy(loss), 1e-4);
    }

    [Fact]
    public void Batches_are_weighted_by_their_token_count()
    {
        var perplexity = new Perplexity();
        perplexity.Add(1.0, 10);
        perplexity.Add(2.0, 30);
        Assert.Equal(40, perplexity.Tokens);
        Assert.Equal((1.0 * 10 + 2.0 * 30) / 40, perplexity.MeanCrossEntropy, 1e-12);
        Assert.Equal(Math.Exp(1.75), perplexity.Value, 1e-12);

        perplexity.Reset();
        Assert.Throws<InvalidOperationException>(() => perplexity.Value);
        Assert.Throws<ArgumentOutOfRangeException>(() => perplexity.Add(double.NaN, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => perplexity.Add(1, -1));
    }
}
