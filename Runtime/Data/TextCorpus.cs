namespace Strata.Data;

/// <summary>
/// A character corpus for language models, as d2l's <c>load_corpus_time_machine</c>: the text preprocessed by
/// <see cref="TimeMachine.Preprocess"/>, a <see cref="Vocabulary"/> over ALL of it, and the token ids of its first
/// <c>maxTokens</c> characters (the vocabulary is built before the cut, as d2l does).
/// </summary>
public sealed class TextCorpus
{
    private TextCorpus(int[] tokens, Vocabulary vocabulary)
    {
        Tokens = tokens;
        Vocabulary = vocabulary;
    }

    /// <summary>The token id of each character, in order.</summary>
    public int[] Tokens { get; }

    /// <summary>The characters of the whole preprocessed text, with &lt;unk&gt; at 0.</summary>
    public Vocabulary Vocabulary { get; }

    /// <summary>
    /// Reads the UTF-8 text file at <paramref name="path"/>. <paramref name="maxTokens"/> null keeps every character.
    /// A missing file, or one with no letters, is an <see cref="ArgumentException"/> naming the path.
    /// </summary>
    public static TextCorpus Load(string path, int? maxTokens = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new ArgumentException($"The text file '{path}' does not exist.", nameof(path));
        }

        return FromText(File.ReadAllText(path), maxTokens, $"The text file '{path}'", nameof(path));
    }

    /// <summary>The corpus of <paramref name="text"/>, e.g. <see cref="TimeMachine.Opening"/> when no file is given.</summary>
    public static TextCorpus FromText(string text, int? maxTokens = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FromText(text, maxTokens, "The text", nameof(text));
    }

    private static TextCorpus FromText(string text, int? maxTokens, string what, string parameter)
    {
        if (maxTokens is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTokens), maxTokens, "Expected a positive token count, or null for all.");
        }

        if (text.Length == 0)
        {
            throw new ArgumentException($"{what} is empty; expected English text.", parameter);
        }

        var characters = TimeMachine.Preprocess(text);
        if (characters.Length == 0)
        {
            throw new ArgumentException(
                $"{what} has no letters A–Z (it holds {text.Length} characters); expected English text.", parameter);
        }

        var vocabulary = Vocabulary.Build([characters]);
        var kept = Math.Min(characters.Length, maxTokens ?? int.MaxValue);
        var tokens = new int[kept];
        vocabulary.Encode(characters, tokens);
        return new TextCorpus(tokens, vocabulary);
    }

    /// <inheritdoc />
    public override string ToString() => $"TextCorpus({Tokens.Length} tokens, {Vocabulary.Count}-token vocabulary)";
}
