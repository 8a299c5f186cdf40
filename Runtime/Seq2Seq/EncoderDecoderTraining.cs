using Strata.Training;

namespace Strata.Seq2Seq;

/// <summary>
/// Teacher forcing on a declared encoder–decoder (<see cref="IEncoderDecoderModel"/> whose first input is the source's
/// token ids and second the target's, shifted behind &lt;bos&gt;, and whose output is logits over the target
/// vocabulary): one Forward over the batch, the cross-entropy averaged over the valid target positions, one Backward.
/// </summary>
public sealed class EncoderDecoderTraining
{
    private readonly SequenceCrossEntropy _loss = new();

    /// <summary>
    /// Returns the mean loss of <paramref name="batch"/> and writes every parameter's gradient (overwritten). The model
    /// stays in the mode it is in (call Train() first to train).
    /// </summary>
    public float ComputeGradients(IEncoderDecoderModel model, Seq2SeqBatch batch)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        using var source = Ids(model.Device, batch.Source, batch.Batch, batch.SourceSteps);
        using var target = Ids(model.Device, batch.TargetInput, batch.Batch, batch.TargetSteps);
        var logits = model.Forward(source, batch.SourceLengths, target, batch.TargetLengths);
        using var gradient = model.Device.Allocate(logits.Shape);
        var loss = _loss.Compute(logits, batch.TargetOutput, gradient, batch.TargetLengths);
        model.Backward(gradient);
        return loss;
    }

    /// <summary>Token ids as a model reads them: a [batch, steps] tensor of their values on <paramref name="device"/>.</summary>
    public static Tensor Ids(Device device, int[] ids, int batch, int steps)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(ids);
        return device.FromArray(ids.Select(i => (float)i).ToArray(), batch, steps);
    }
}
