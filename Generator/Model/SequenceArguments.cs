namespace Strata.Generator.Model
{
    /// <summary>
    /// What recurrent, Embedding and OneHot attributes add to <see cref="LayerSpec"/>: the vocabulary of Embedding and
    /// OneHot, and the recurrent options with PyTorch's defaults.
    /// </summary>
    /// <param name="Vocab">Embedding's and OneHot's vocabulary size; null for recurrent layers.</param>
    /// <param name="Layers">Stacked recurrent layers (num_layers).</param>
    /// <param name="Bidirectional">Whether each recurrent layer has a reverse direction.</param>
    /// <param name="ReturnSequences">Whether the output is the sequence or each sequence's last valid step.</param>
    /// <param name="Dropout">Dropout between stacked layers, and where it was written.</param>
    /// <param name="RnnRelu">Whether an Rnn uses relu instead of tanh.</param>
    /// <param name="RnnActivation">Rnn's activation argument as written (RnnActivation's value), so a cast to a value that is neither Tanh nor Relu is reported; null for other kinds.</param>
    internal sealed record SequenceArguments(
        LayerArgument? Vocab,
        LayerArgument Layers,
        bool Bidirectional,
        bool ReturnSequences,
        DoubleArgument Dropout,
        bool RnnRelu,
        LayerArgument? RnnActivation = null);

    /// <summary>A floating-point attribute argument and where a diagnostic about it should point.</summary>
    internal sealed record DoubleArgument(double Value, SourceLocation Location);
}
