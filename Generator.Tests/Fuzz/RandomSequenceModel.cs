using System.Globalization;
using System.Text;

namespace Strata.Generator.Tests.Fuzz;

/// <summary>
/// Writes a random sequence <c>[Model]</c>: an <c>[Input(Sequence, ...)]</c>, then Embedding, OneHot, Rnn, Lstm, Gru
/// (with random Layers, Bidirectional, ReturnSequences and Dropout) and time-distributed Dense layers; now and then a
/// mistake of every kind a sequence model invites: malformed inputs, a vocabulary that disagrees, token ids fed to a
/// cell, Embedding after a cell, image layers or Flatten on a sequence, activations fused into cells, zero or negative
/// sizes and layer counts, and dropout probabilities outside [0, 1). Every source is valid C# syntax.
/// </summary>
internal sealed class RandomSequenceModel(Random random)
{
    // A careful model makes no deliberate mistake and follows the rules of rank, so that enough models get through to
    // test the emitted code.
    private bool _careful;

    private static readonly string[] Extremes = ["int.MinValue", "-1", "0", "int.MaxValue", "65536"];
    private static readonly string[] Probabilities = ["0", "0.2", "0.5", "0.9", "1", "-0.1", "double.NaN"];
    private static readonly string[] Activations = ["Relu", "Sigmoid", "Tanh", "Relu6"];

    /// <summary>The source of model <paramref name="className"/> in namespace Fuzz, one file.</summary>
    public string Next(string className)
    {
        _careful = random.NextDouble() < 0.5;
        var tokens = Chance(0.5);
        var vocabulary = random.Next(2, 12);
        var text = new StringBuilder("using Strata;\nusing static Strata.Dims;\n\nnamespace Fuzz;\n\n");
        text.Append("/// <summary>A random sequence model.</summary>\n[Model, ").Append(Input(tokens, vocabulary)).Append("]\n");
        text.Append("public partial class ").Append(className).Append("\n{\n");
        var layers = random.Next(_careful ? 1 : 0, 5);
        var sequence = true;
        var ids = tokens;
        for (var i = 0; i < layers; i++)
        {
            text.Append("    ").Append(Layer(i, ref ids, ref sequence, vocabulary)).Append('\n');
        }

        return text.Append("}\n").ToString();
    }

    private string Input(bool tokens, int vocabulary)
    {
        if (Mistake(0.05))
        {
            return new[] { "Input(Sequence)", "Input(Tokens, Sequence, 5)", "Input(Sequence, Tokens)", "Input(Sequence, 0)", "Input(Sequence, 3, 4)", "Input(3, Sequence)" }[random.Next(6)];
        }

        return tokens
            ? $"Input(Sequence, Tokens, {(Mistake(0.03) ? Extreme() : Int(vocabulary))})"
            : $"Input(Sequence, {(Mistake(0.03) ? Extreme() : Int(random.Next(1, 6)))})";
    }

    private string Layer(int index, ref bool ids, ref bool sequence, int vocabulary)
    {
        string attribute, type;
        var name = "L" + Int(index);
        int kind;
        if (_careful)
        {
            // Token ids need an Embedding or OneHot first; after a many-to-one cell only Dense fits.
            kind = ids ? random.Next(2) : sequence ? 2 + random.Next(4) : 5;
        }
        else
        {
            kind = random.Next(Mistake(0.1) ? 12 : 6);
        }

        switch (kind)
        {
            case 0:
                (attribute, type) = ($"Embedding({Vocabulary(vocabulary)}, {Size()})", "Embedding");
                ids = false;
                break;
            case 1:
                (attribute, type) = ($"OneHot({Vocabulary(vocabulary)})", "OneHot");
                ids = false;
                break;
            case 2:
                (attribute, type) = (Recurrent("Rnn", Chance(0.3) ? ", RnnActivation.Relu" : string.Empty, ref sequence), "Rnn");
                break;
            case 3:
                (attribute, type) = (Recurrent("Lstm", string.Empty, ref sequence), "Lstm");
                break;
            case 4:
                (attribute, type) = (Recurrent("Gru", string.Empty, ref sequence), "Gru");
                break;
            case 5:
                (attribute, type) = ($"Dense({Size()}{(Chance(0.2) ? ", bias: false" : string.Empty)})", "Dense");
                break;
            case 6:
                (attribute, type) = ("Conv(2, 3)", "Conv2d");
                break;
            case 7:
                (attribute, type) = ("Flatten, Dense(" + Size() + ")", "Dense");
                break;
            case 8:
                // Over the valid steps of a sequence; on token ids an error (STRATA0043); after a many-to-one cell, BatchNorm1d.
                (attribute, type) = ("BatchNorm", "BatchNorm");
                break;
            case 9:
                // Per step over the features; on token ids an error (STRATA0043).
                (attribute, type) = ("LayerNorm", "LayerNorm");
                break;
            case 10:
                (attribute, type) = ("MaxPool(2)", "Pool2d");
                break;
            default:
                // The bridge reads images, never sequences or ids (STRATA0012).
                (attribute, type) = ("ToSequence(SequenceAxis.Width)", "ToSequence");
                break;
        }

        var fusedActivation = kind == 5 ? Chance(0.4) : Mistake(0.05);
        if (fusedActivation)
        {
            attribute += ", " + Activations[random.Next(Activations.Length)];
        }

        if (Mistake(0.03))
        {
            type = new[] { "Lstm", "Gru", "Rnn", "Dense", "Embedding" }[random.Next(5)];
        }

        return $"[{attribute}] public partial {type} {name} {{ get; }}";
    }

    private string Recurrent(string cell, string activation, ref bool sequence)
    {
        var text = new StringBuilder(cell).Append('(').Append(Size()).Append(activation);
        var layers = Mistake(0.05) ? Extreme() : Int(random.Next(1, 3));
        var named = new List<string>();
        if (Chance(0.4))
        {
            named.Add("Layers = " + layers);
        }

        if (Chance(0.4))
        {
            named.Add("Bidirectional = true");
        }

        var returnSequences = !Chance(0.3);
        if (!returnSequences)
        {
            named.Add("ReturnSequences = false");
        }

        if (Chance(_careful ? 0 : 0.15))
        {
            named.Add("Dropout = " + Probabilities[random.Next(Probabilities.Length)]);
        }

        // A many-to-one cell ends the sequence; a careful model puts only Dense after it.
        sequence &= returnSequences;
        return text.Append(named.Count == 0 ? string.Empty : ", " + string.Join(", ", named)).Append(')').ToString();
    }

    private string Vocabulary(int vocabulary) => Mistake(0.1) ? Int(vocabulary + 1) : Int(vocabulary);

    private string Size() => Mistake(0.05) ? Extreme() : Int(random.Next(1, 7));

    private string Extreme() => Extremes[random.Next(Extremes.Length)];

    private bool Chance(double probability) => random.NextDouble() < probability;

    /// <summary>A deliberate mistake, never in a careful model.</summary>
    private bool Mistake(double probability) => !_careful && Chance(probability);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
