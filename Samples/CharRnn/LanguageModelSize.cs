namespace Strata.Samples;

/// <summary>d2l's character language model sizes (chapter 9), shared by the three cells.</summary>
public static class LanguageModelSize
{
    /// <summary>
    /// Token ids the models accept and predict: d2l's Time Machine vocabulary (26 letters, space and &lt;unk&gt;). Any
    /// text preprocessed like it has at most these 28 tokens.
    /// </summary>
    public const int Vocabulary = 28;

    /// <summary>The hidden state size, as in d2l.</summary>
    public const int Hidden = 256;
}
