namespace Strata.Generator.Model
{
    /// <summary>The layer attributes a property may carry.</summary>
    internal enum LayerKind
    {
        Conv,
        MaxPool,
        AvgPool,
        Dense,
        Flatten,
        Dropout,
        Rnn,
        Lstm,
        Gru,
        Embedding,
        OneHot,
        Add,
        Concat,
        Softmax,
        Gelu,
        ConvTranspose,
        GlobalAvgPool,
        BatchNorm,
        LayerNorm,
        AdaptiveAvgPool,
        ToSequence,
        MultiHeadAttention,
        PositionalEncoding,
        PositionEmbedding,
        ClassToken,
        TakeStep,
        MeanOverSteps,
        PatchEmbedding,
        AttentionGru,
    }
}
