using Strata.Runtime.Tests.Reference;
using Strata.Seq2Seq;
using Xunit;

namespace Strata.Runtime.Tests.Seq2Seq;

/// <summary>
/// The assembled encoder–decoder: teacher-forcing batches, the wiring of the gradients from the loss back into the
/// encoder (every parameter against central differences on a float64 reference of the whole model), and the decoders.
/// Each kernel it chains has its own float64 finite-difference test (AttentionGruCpuTests, RecurrentCpuTests, …).
/// </summary>
public class AttentionSeq2SeqTests
{
    private static readonly int[][] Sources = [[3, 1, 4, 1, 5], [9, 2], [6, 5, 3, 5]];

    private static readonly int[][] Targets = [[7, 8, 9], [4], [5, 6]];

    [Fact]
    public void A_batch_shifts_the_target_behind_bos_and_ends_the_output_with_eos()
    {
        var batch = Seq2SeqBatch.Create(Sources, Targets, bos: 1, eos: 2);
        Assert.Equal((3, 5, 4), (batch.Batch, batch.SourceSteps, batch.TargetSteps));
        Assert.Equal([5, 2, 4], batch.SourceLengths);
        Assert.Equal([4, 2, 3], batch.TargetLengths);
        Assert.Equal([1, 7, 8, 9, 1, 4, 0, 0, 1, 5, 6, 0], batch.TargetInput);
        Assert.Equal([7, 8, 9, 2, 4, 2, 0, 0, 5, 6, 2, 0], batch.TargetOutput);
    }

    [Fact]
    public void Parameters_have_d2l_names()
    {
        var model = new AttentionSeq2Seq(new Seq2SeqSizes(10, 12, 4, 6, 5));
        Assert.Equal(
            [
                "encoder.embedding.weight", "encoder.rnn.weight_ih_l0", "encoder.rnn.weight_hh_l0", "encoder.rnn.bias_ih_l0", "encoder.rnn.bias_hh_l0",
                "decoder.attention.W_q.weight", "decoder.attention.W_k.weight", "decoder.attention.w_v.weight", "decoder.embedding.weight",
                "decoder.rnn.weight_ih_l0", "decoder.rnn.weight_hh_l0", "decoder.rnn.bias_ih_l0", "decoder.rnn.bias_hh_l0",
                "decoder.dense.weight", "decoder.dense.bias",
            ],
            model.Parameters.Select(p => p.Name));
        Assert.Equal([18, 6 + 4], model.Parameters.Single(p => p.Name == "decoder.rnn.weight_ih_l0").Shape);
        Assert.Equal([5, 6], model.Parameters.Single(p => p.Name == "decoder.attention.W_k.weight").Shape);
    }

    [Fact]
    public void The_loss_and_every_gradient_match_a_float64_reference_and_its_finite_differences()
    {
        var model = new AttentionSeq2Seq(new Seq2SeqSizes(10, 12, 4, 6, 5), seed: 3);
        var batch = Seq2SeqBatch.Create(Sources, Targets, bos: 1, eos: 2);
        var loss = model.ComputeGradients(batch);
        var reference = new ReferenceSeq2Seq(10, 12, 4, 6, 5);
        var point = model.Parameters.Select(p => p.Value.ToArray().ToDouble()).ToArray();
        double Loss(double[][] p) => reference.Loss(
            p, batch.Batch, batch.SourceSteps, batch.TargetSteps, batch.Source, batch.SourceLengths, batch.TargetInput, batch.TargetOutput, batch.TargetLengths);

        Closeness.AssertClose([Loss(point)], [loss], Closeness.ForwardTolerance, what: "loss");
        for (var i = 0; i < point.Length; i++)
        {
            var index = i;
            var expected = FiniteDifferences.Gradient(values => Loss(point.Select((p, j) => j == index ? values : p).ToArray()), point[i]);
            Closeness.AssertClose(expected, model.Parameters[i].Grad.ToArray(), Closeness.GradientTolerance, floor: 1e-2, what: model.Parameters[i].Name);
        }

        Assert.Contains(model.Parameters.Single(p => p.Name == "encoder.rnn.weight_hh_l0").Grad.ToArray(), g => g != 0);
    }

    [Fact]
    public void Beam_width_one_is_greedy_and_each_attention_row_is_a_distribution_over_the_source()
    {
        var model = new AttentionSeq2Seq(new Seq2SeqSizes(10, 12, 4, 6), seed: 7);
        var greedy = model.Greedy(Sources, bos: 1, eos: 2, maxSteps: 6);
        for (var i = 0; i < Sources.Length; i++)
        {
            Assert.Equal(greedy[i].Tokens, model.BeamSearch(Sources[i], bos: 1, eos: 2, maxSteps: 6, beamWidth: 1));
            Assert.Equal(Sources[i].Length, greedy[i].Attention[0].Length);
            Assert.All(greedy[i].Attention, row => Assert.Equal(1f, row.Sum(), 4));
        }
    }

    [Fact]
    public void A_beam_wide_enough_to_keep_every_hypothesis_finds_the_exhaustive_best()
    {
        // Five target tokens (eos = 2) and three steps: at most 4² live hypotheses × 5 tokens, so a beam of 80 drops none.
        const int eos = 2, steps = 3;
        var model = new AttentionSeq2Seq(new Seq2SeqSizes(10, 5, 4, 6), seed: 11);
        var tokens = new[] { 0, 1, 3, 4 };
        var sequences = new List<int[]> { Array.Empty<int>() };
        for (var length = 1; length <= steps; length++)
        {
            sequences.AddRange(sequences.Where(z => z.Length == length - 1).SelectMany(z => tokens.Select(t => (int[])[.. z, t])).ToList());
        }

        var winners = new List<int[]>();
        foreach (var source in Sources)
        {
            // log P(z) by teacher forcing: a batch whose "eos" is z's last token scores exactly z's tokens.
            double LogProbability(int[] z) => -z.Length * model.ComputeGradients(Seq2SeqBatch.Create([source], [z[..^1]], bos: 1, eos: z[^1]));
            var hypotheses = sequences.Where(z => z.Length < steps).Select(z => (Tokens: z, LogP: LogProbability([.. z, eos])))
                .Concat(sequences.Where(z => z.Length == steps).Select(z => (Tokens: z, LogP: LogProbability(z)))).ToList();
            foreach (var penalty in new[] { 0.0, 0.75, 1.5, 3.0 })
            {
                var best = hypotheses.MaxBy(h => h.LogP / Math.Pow(h.Tokens.Length + 1, penalty)).Tokens;
                Assert.Equal(best, model.BeamSearch(source, bos: 1, eos: eos, maxSteps: steps, beamWidth: 80, lengthPenalty: penalty));
                winners.Add(best);
            }
        }

        // Not every winner is the empty output: the search had to find longer ones too.
        Assert.Contains(winners, w => w.Length >= 2);
    }
}
