namespace Strata;

/// <summary>
/// What a generated model whose input is a sequence (<c>[Input(Sequence, ...)]</c>) offers beyond <see cref="IModel"/>:
/// variable lengths and state carried across batches, so one training loop serves every recurrent model.
/// </summary>
public interface ISequenceModel : IModel
{
    /// <summary>
    /// Runs the model on a batch [batch, steps, ..features] (or [batch, steps] token ids) on <see cref="IModel.Device"/>.
    /// <paramref name="lengths"/> gives each sequence's valid length (1..steps); steps past it are padding: recurrent
    /// layers leave their state alone there and output zeros, and ReturnSequences = false takes each sequence's own last
    /// valid step. Null means all are full.
    /// </summary>
    Tensor Forward(Tensor input, int[]? lengths);

    /// <summary>
    /// <see cref="IModel.Predict(Tensor)"/> with each sequence's valid length, as <see cref="Forward(Tensor, int[])"/>
    /// takes them (null means all are full). Thread-safe; it ignores <see cref="CarryState"/>: every call starts from zeros.
    /// </summary>
    Tensor Predict(Tensor input, int[]? lengths);

    /// <summary>
    /// <see cref="IModel.Predict(Tensor, Tensor)"/> with each sequence's valid length (null means all are full).
    /// Thread-safe; every call starts from zero state.
    /// </summary>
    void Predict(Tensor input, int[]? lengths, Tensor output);

    /// <summary>
    /// When true, each Forward starts from the final states of the previous one (each sequence's state at its last valid
    /// step), for truncated BPTT over a long stream split into batches; gradients do not flow into the previous batch.
    /// Batches must then keep the same size. When false (the default), every Forward starts from zeros. Setting it while
    /// another thread is in Forward or Backward throws <see cref="InvalidOperationException"/>.
    /// </summary>
    bool CarryState { get; set; }

    /// <summary>Forgets the carried states, so the next Forward starts from zeros (e.g. at the start of an epoch).</summary>
    void ResetState();
}
