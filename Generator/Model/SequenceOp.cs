namespace Strata.Generator.Model
{
    /// <summary>
    /// One operation of a sequence model. Tensors are [batch, steps, size] when they are per step, [batch, size] otherwise.
    /// </summary>
    /// <param name="Kind">What it computes.</param>
    /// <param name="Layer">The property it implements; buffers are named after it.</param>
    /// <param name="Field">The field stem of its handle and parameters.</param>
    /// <param name="Cell">The recurrent cell (Rnn, Lstm or Gru); Dense for other kinds.</param>
    /// <param name="RnnRelu">Whether an Rnn uses relu.</param>
    /// <param name="Activation">Dense's fused activation.</param>
    /// <param name="HasBias">Whether a Dense adds a bias.</param>
    /// <param name="InputSize">Features per step read (the vocabulary for Embedding and OneHot).</param>
    /// <param name="OutputSize">Features written per step, or per sample when <paramref name="OutputPerStep"/> is false.</param>
    /// <param name="Hidden">Recurrent hidden size.</param>
    /// <param name="Layers">Recurrent stacked layers.</param>
    /// <param name="Directions">1, or 2 when bidirectional.</param>
    /// <param name="Dropout">
    /// The dropout p on the output of each recurrent layer but the last, as the float the kernels use; 0 when there is
    /// none or only one layer.
    /// </param>
    /// <param name="InputPerStep">Whether the input has a time dimension (a Dense after ReturnSequences = false has none).</param>
    /// <param name="OutputPerStep">Whether the output has a time dimension.</param>
    /// <param name="Source">The layer whose output it reads; null for the model input.</param>
    /// <param name="IsOutput">Whether its output is the model's.</param>
    /// <param name="InputGradient">When backward computes the gradient of its input; null when never (token ids).</param>
    internal sealed record SequenceOp(
        SequenceOpKind Kind,
        string Layer,
        string Field,
        LayerKind Cell,
        bool RnnRelu,
        ActivationKind Activation,
        bool HasBias,
        int InputSize,
        int OutputSize,
        int Hidden,
        int Layers,
        int Directions,
        float Dropout,
        bool InputPerStep,
        bool OutputPerStep,
        string? Source,
        bool IsOutput,
        InputGradientNeed? InputGradient)
    {
        /// <summary>Whether the layers between which dropout acts draw masks in training.</summary>
        public bool DropsBetweenLayers => Dropout > 0;
    }
}
