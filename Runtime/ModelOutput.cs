namespace Strata;

/// <summary>
/// The check a generated model's <c>Predict(input, output)</c> runs on the tensor the caller gives for the result, so
/// every model rejects a wrong device or shape with the same clear <see cref="ArgumentException"/>.
/// </summary>
public static class ModelOutput
{
    /// <summary>
    /// Throws <see cref="ArgumentException"/> unless <paramref name="output"/> is on <paramref name="device"/> and shaped
    /// [<paramref name="batch"/>, ..<paramref name="sample"/>], where a −1 in <paramref name="sample"/> (the time
    /// dimension of a sequence model's output) stands for <paramref name="steps"/>.
    /// </summary>
    /// <param name="output">The tensor given for the result.</param>
    /// <param name="device">The model's device.</param>
    /// <param name="sample">The model's per-sample output shape (its OutputShape).</param>
    /// <param name="batch">The input's batch size.</param>
    /// <param name="steps">The input's number of steps (sequence models; ignored when <paramref name="sample"/> has no −1).</param>
    /// <param name="model">The model's name, for the message.</param>
    public static void Check(Tensor output, Device device, IReadOnlyList<int> sample, int batch, int steps, string model)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(sample);
        var shape = output.Shape;
        var matches = output.Device == device && shape.Length == sample.Count + 1 && shape[0] == batch;
        for (var axis = 0; matches && axis < sample.Count; axis++)
        {
            matches = shape[axis + 1] == (sample[axis] < 0 ? steps : sample[axis]);
        }

        if (!matches)
        {
            throw Mismatch(output, device, sample, batch, steps, model);
        }
    }

    // Apart, so that the lambda's closure over steps is allocated only when the check fails.
    private static ArgumentException Mismatch(Tensor output, Device device, IReadOnlyList<int> sample, int batch, int steps, string model)
    {
        var expected = string.Join(", ", sample.Select(d => d < 0 ? steps : d).Prepend(batch));
        return new ArgumentException(
            $"{model}.Predict writes its result into output [{expected}] on {device}; got [{string.Join(", ", output.Shape)}] on {output.Device}.",
            nameof(output));
    }
}
