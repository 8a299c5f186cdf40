namespace Strata.Data;

/// <summary>
/// Sentences tagged character by character: <see cref="Tokens"/> holds the character ids and <see cref="Tags"/> one
/// tag per character (same lengths; padding tagged 0), both [Count, MaxLength].
/// </summary>
public sealed record SlotTaggingSet(IReadOnlyList<string> Sentences, Vocabulary Vocabulary, PaddedSequences Tokens, PaddedSequences Tags)
{
    /// <summary>The number of sentences.</summary>
    public int Count => Sentences.Count;
}
