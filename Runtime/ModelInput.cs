namespace Strata;

/// <summary>
/// The check every generated model's Forward runs on the batch it is given, so that all models reject a wrong device,
/// shape or an empty batch with the same clear <see cref="ArgumentException"/>.
/// </summary>
public static class ModelInput
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="input"/> is on <paramref name="device"/> and shaped
    /// [batch, ..<paramref name="sample"/>] with a batch of at least 1. A −1 in <paramref name="sample"/> is the time
    /// dimension of a sequence model: any number of steps from 1.
    /// </summary>
    /// <param name="input">The batch given to Forward.</param>
    /// <param name="device">The model's device.</param>
    /// <param name="sample">The model's per-sample input shape (its InputShape).</param>
    /// <param name="model">The model's name, for the message.</param>
    /// <param name="expected">The expected shape as the message shows it, e.g. "[batch, 1, 28, 28]".</param>
    public static void Check(Tensor input, Device device, IReadOnlyList<int> sample, string model, string expected)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(sample);
        var shape = input.Shape;
        var matches = input.Device == device && shape.Length == sample.Count + 1;
        for (var axis = 0; matches && axis < sample.Count; axis++)
        {
            matches = sample[axis] < 0 || shape[axis + 1] == sample[axis];
        }

        if (!matches)
        {
            throw new ArgumentException($"{model} expects input {expected} on {device}; got [{string.Join(", ", shape)}] on {input.Device}.", nameof(input));
        }

        if (shape[0] < 1)
        {
            throw new ArgumentException(
                $"{model} got an empty batch, input [{string.Join(", ", shape)}]: the batch must be at least 1 (expected {expected}).", nameof(input));
        }

        for (var axis = 0; axis < sample.Count; axis++)
        {
            if (sample[axis] < 0 && shape[axis + 1] < 1)
            {
                throw new ArgumentException(
                    $"{model} got sequences of no steps, input [{string.Join(", ", shape)}]: each sequence must have at least 1 step (expected {expected}).",
                    nameof(input));
            }
        }
    }
}
