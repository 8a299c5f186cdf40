namespace Strata
{
    /// <summary>Which axis of an image [C, H, W] becomes the steps of the sequence that <see cref="ToSequenceAttribute"/> makes.</summary>
    public enum SequenceAxis
    {
        /// <summary>
        /// Each column is a step: [C, H, W] → W steps of C·H features, ordered channel-major then row, as PyTorch's
        /// <c>x.permute(0, 3, 1, 2).reshape(N, W, C * H)</c>; a CRNN reads text left to right this way.
        /// </summary>
        Width,

        /// <summary>
        /// Each pixel is a step: [C, H, W] → H·W steps (row-major) of C features, as PyTorch's
        /// <c>x.flatten(2).transpose(1, 2)</c>; a ViT reads its patch embeddings this way.
        /// </summary>
        Pixels,
    }
}
