namespace Strata;

/// <summary>
/// A generated model with two inputs (<c>[Input]</c> and <c>[SecondInput(name, ...)]</c>), each a sequence with its own
/// step count and lengths: an encoder–decoder reads the source as its first input and the (shifted) target as its
/// second. Its one-input <see cref="IModel.Forward(Tensor)"/> and <see cref="IModel.Predict(Tensor)"/> throw: call the
/// overloads that take both. <see cref="IModel.Backward"/> back-propagates through both and returns the first input's
/// gradient when asked (token ids have none).
/// </summary>
public interface IEncoderDecoderModel : IModel
{
    /// <summary>The name of the second input, as layers read it (<c>[From("target")]</c>).</summary>
    string SecondInputName { get; }

    /// <summary>The per-sample shape of the second input; −1 marks its time dimension.</summary>
    IReadOnlyList<int> SecondInputShape { get; }

    /// <summary>
    /// Runs the model on <paramref name="input"/> [batch, steps, ...] with <paramref name="lengths"/> and
    /// <paramref name="second"/> [batch, secondSteps, ...] with <paramref name="secondLengths"/> (null: all full). The
    /// output is lent: it stays valid until the next call.
    /// </summary>
    Tensor Forward(Tensor input, int[]? lengths, Tensor second, int[]? secondLengths);

    /// <summary>Forward in evaluation on a replica, thread-safe; the caller owns the returned tensor.</summary>
    Tensor Predict(Tensor input, int[]? lengths, Tensor second, int[]? secondLengths);

    /// <summary>
    /// The attention weights [batch, secondSteps, steps] of the model's first attention layer (an <c>[AttentionGru]</c>)
    /// in the last <see cref="Forward(Tensor, int[], Tensor, int[])"/>, lent until the next; null before one, or when
    /// the model has no such layer. Row t of a sequence is a distribution over its first lengths[n] source steps.
    /// </summary>
    Tensor? LastAttention { get; }

    /// <summary>Whether recurrent layers carry their final states into the next batch (the generated sequence models' CarryState).</summary>
    bool CarryState { get; set; }

    /// <summary>Forgets the carried states.</summary>
    void ResetState();
}
