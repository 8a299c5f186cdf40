using Strata.Data;
using Strata.Runtime.Tests.Data;
using Strata.Samples;
using Strata.Training;

namespace Strata.Runtime.Tests.Learning;

/// <summary>Many-to-many learning: the CharRnn sample's training loop, on the first 10,000 characters of The Time Machine.</summary>
public class CharRnnLearningTests
{
    [Fact]
    public void The_rnn_language_model_beats_the_best_model_that_sees_only_the_previous_character()
    {
        var corpus = TextCorpus.Load(RepoData.Path("text", "timemachine.txt"), maxTokens: 10_000);
        var model = new RnnLanguageModel(Device.Cpu(), seed: 1);
        using var training = new LanguageModelTraining(model, corpus.Tokens, batchSize: 32, steps: 35, learningRate: 1f, clipNorm: 1f, seed: 1);

        var last = default(LanguageModelEpoch);
        for (var epoch = 0; epoch < 40; epoch++)
        {
            last = training.RunEpoch();
        }

        // The bigram model fitted to this very text is the best any predictor from one character of context can do on
        // it (about 9.9; the unigram's is 17.4), so a lower training perplexity means the hidden state carries more.
        var bigram = BigramPerplexity(corpus.Tokens);
        Assert.True(last.Perplexity < 0.9 * bigram, $"perplexity {last.Perplexity:F2} after 40 epochs; the bigram model's is {bigram:F2}");
    }

    [Fact]
    public void Greedy_text_starts_with_the_prefix_and_adds_the_requested_characters_from_the_vocabulary()
    {
        var corpus = TextCorpus.FromText(TimeMachine.Opening);
        var model = new LstmLanguageModel(Device.Cpu(), seed: 1);

        var text = GreedyText.Continue(model, corpus.Vocabulary, "time traveller", 50);

        Assert.StartsWith("time traveller", text, StringComparison.Ordinal);
        var added = text["time traveller".Length..];
        Assert.True(added.Length >= 50, added);
        Assert.True(model.IsTraining);
        Assert.False(model.CarryState);
    }

    private static double BigramPerplexity(int[] tokens)
    {
        var pairs = new Dictionary<(int, int), int>();
        var firsts = new Dictionary<int, int>();
        for (var t = 1; t < tokens.Length; t++)
        {
            pairs[(tokens[t - 1], tokens[t])] = pairs.GetValueOrDefault((tokens[t - 1], tokens[t])) + 1;
            firsts[tokens[t - 1]] = firsts.GetValueOrDefault(tokens[t - 1]) + 1;
        }

        var logLikelihood = 0.0;
        foreach (var ((previous, _), count) in pairs)
        {
            logLikelihood += count * Math.Log((double)count / firsts[previous]);
        }

        return Math.Exp(-logLikelihood / (tokens.Length - 1));
    }
}
