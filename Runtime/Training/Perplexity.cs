namespace Strata.Training;

/// <summary>
/// Perplexity, exp of the mean cross-entropy per token, accumulated over an epoch as d2l's <c>train_epoch_ch8</c> does:
/// each batch adds its mean loss weighted by its token count, so batches of different sizes count per token.
/// </summary>
public sealed class Perplexity
{
    private double _totalLoss;

    /// <summary>exp(<paramref name="meanCrossEntropy"/>), the perplexity of a mean per-token cross-entropy in nats.</summary>
    public static double FromCrossEntropy(double meanCrossEntropy) => Math.Exp(meanCrossEntropy);

    /// <summary>The number of tokens added since the last <see cref="Reset"/>.</summary>
    public long Tokens { get; private set; }

    /// <summary>The mean cross-entropy per token so far.</summary>
    public double MeanCrossEntropy => Tokens > 0
        ? _totalLoss / Tokens
        : throw new InvalidOperationException("No tokens were added, so there is no perplexity yet.");

    /// <summary>The perplexity so far: exp(<see cref="MeanCrossEntropy"/>).</summary>
    public double Value => FromCrossEntropy(MeanCrossEntropy);

    /// <summary>Adds a batch whose mean cross-entropy over <paramref name="tokens"/> tokens is <paramref name="meanCrossEntropy"/>.</summary>
    public void Add(double meanCrossEntropy, int tokens)
    {
        if (!double.IsFinite(meanCrossEntropy) || meanCrossEntropy < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(meanCrossEntropy), meanCrossEntropy, "Expected a finite, non-negative cross-entropy.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(tokens);
        _totalLoss += meanCrossEntropy * tokens;
        Tokens += tokens;
    }

    /// <summary>Forgets everything added, for the next epoch.</summary>
    public void Reset()
    {
        _totalLoss = 0;
        Tokens = 0;
    }
}
