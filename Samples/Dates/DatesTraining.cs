using Strata.Seq2Seq;
using Strata.Training;

namespace Strata.Samples;

/// <summary>
/// Teacher-forced training of a declared date normaliser (any <see cref="IEncoderDecoderModel"/> over DateTokens) with
/// Adam and d2l's gradient clipping (norm 1), and its evaluation by greedy and beam decoding.
/// </summary>
public sealed class DatesTraining
{
    private readonly EncoderDecoderTraining _teacher = new();
    private readonly (int[] Source, int[] Target)[] _train;
    private readonly Adam _optimizer;
    private readonly Random _random;
    private readonly int _batchSize;

    public DatesTraining(IEncoderDecoderModel model, IEnumerable<(string Text, string Iso)> train, int batchSize, float learningRate, int seed)
    {
        Model = model;
        _train = train.Select(p => (DateTokens.Source(p.Text), DateTokens.Target(p.Iso))).ToArray();
        _optimizer = new Adam(model.Parameters, learningRate);
        _random = new Random(seed);
        _batchSize = batchSize;
    }

    public IEncoderDecoderModel Model { get; }

    /// <summary>One shuffled pass; returns the mean masked cross-entropy.</summary>
    public double RunEpoch()
    {
        Model.Train();
        _random.Shuffle(_train);
        var (total, batches) = (0.0, 0);
        for (var start = 0; start < _train.Length; start += _batchSize)
        {
            var slice = _train.AsSpan(start, Math.Min(_batchSize, _train.Length - start)).ToArray();
            var batch = Seq2SeqBatch.Create(slice.Select(p => p.Source).ToArray(), slice.Select(p => p.Target).ToArray(), DateTokens.Bos, DateTokens.Eos);
            total += _teacher.ComputeGradients(Model, batch);
            GradientClipping.ClipByGlobalNorm(Model.Parameters, 1f);
            _optimizer.Step();
            batches++;
        }

        return total / batches;
    }

    /// <summary>Greedy decoding of every example: the fraction whose output equals the ISO date exactly.</summary>
    public double ExactMatch(IReadOnlyList<(string Text, string Iso)> examples)
    {
        var correct = 0;
        for (var start = 0; start < examples.Count; start += 256)
        {
            var slice = examples.Skip(start).Take(256).ToArray();
            var decoded = Seq2SeqDecoding.Greedy(Model, slice.Select(p => DateTokens.Source(p.Text)).ToArray(), DateTokens.Bos, DateTokens.Eos, DateTokens.MaxOutput);
            correct += slice.Zip(decoded).Count(pair => DateTokens.Text(pair.Second.Tokens) == pair.First.Iso);
        }

        return (double)correct / examples.Count;
    }

    /// <summary>Beam-search decoding of every example: the fraction decoded exactly.</summary>
    public double BeamExactMatch(IReadOnlyList<(string Text, string Iso)> examples, int beamWidth) =>
        (double)examples.Count(p => DateTokens.Text(Seq2SeqDecoding.BeamSearch(Model, DateTokens.Source(p.Text), DateTokens.Bos, DateTokens.Eos, DateTokens.MaxOutput, beamWidth)) == p.Iso)
        / examples.Count;
}
