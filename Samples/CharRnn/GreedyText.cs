using Strata.Data;

namespace Strata.Samples;

/// <summary>d2l's <c>predict_ch8</c>: warm the state up on a prefix, then append the most likely next character.</summary>
public static class GreedyText
{
    /// <summary>
    /// Returns <paramref name="prefix"/> followed by <paramref name="count"/> generated characters. The model's mode and
    /// <see cref="ISequenceModel.CarryState"/> are restored afterwards and its carried state is reset, even on failure,
    /// so training can go on.
    /// </summary>
    public static string Continue(ISequenceModel model, Vocabulary vocabulary, string prefix, int count)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var ids = vocabulary.Encode(prefix);
        if (ids.Length == 0)
        {
            throw new ArgumentException("The prefix must hold at least one character.", nameof(prefix));
        }

        var (wasTraining, carried) = (model.IsTraining, model.CarryState);
        model.Eval();
        model.CarryState = true;
        model.ResetState();
        try
        {
            var text = new System.Text.StringBuilder(prefix);
            using var input = model.Device.Allocate(1, ids.Length);
            input.CopyFrom(Array.ConvertAll(ids, id => (float)id));
            var logits = model.Forward(input, null);
            using var next = model.Device.Allocate(1, 1);
            for (var i = 0; i < count; i++)
            {
                var id = LastStepArgmax(logits, vocabulary.Count);
                text.Append(vocabulary.Token(id));
                if (i + 1 < count)
                {
                    next.CopyFrom([id]);
                    logits = model.Forward(next, null);
                }
            }

            return text.ToString();
        }
        finally
        {
            model.ResetState();
            model.CarryState = carried;
            if (wasTraining)
            {
                model.Train();
            }
        }
    }

    /// <summary>The argmax over the vocabulary's tokens at the last step of a [1, steps, classes] output.</summary>
    private static int LastStepArgmax(Tensor logits, int vocabularySize)
    {
        var values = logits.ToArray();
        var classes = logits.Shape[^1];
        var last = values.AsSpan(values.Length - classes, vocabularySize);
        var best = 0;
        for (var c = 1; c < last.Length; c++)
        {
            if (last[c] > last[best])
            {
                best = c;
            }
        }

        return best;
    }
}
