using System.Globalization;
using System.Text;

namespace Strata.Generator.Tests.Fuzz;

/// <summary>
/// Writes a random <c>[Model]</c> class: mostly plausible layers with small sizes, and now and then a mistake of every
/// kind a user can make: extreme and negative arguments, missing or empty [Input], wrong property types and member
/// kinds, two layers or two activations on one property, activations alone, duplicate and reserved names, hand-written
/// constructors, and class shapes the generator rejects. Models are graphs too: [Add] and [Concat] of earlier layers
/// or the input, [From] branches, grouped and dilated convolutions, and names that are unknown or read too early. Every source is valid C# syntax, so every error the compiler
/// finds is one the generator must have reported first.
/// </summary>
internal sealed class RandomModel(Random random)
{
    // A careful model makes no deliberate mistake and picks each layer to fit the rank it receives, so that enough
    // models get through to test the emitted code; shapes can still collapse or drop rows.
    private bool _careful;
    private bool _flat;
    private string? _block;

    private static readonly string[] Extremes = ["int.MinValue", "-1", "0", "int.MaxValue", "65536", "46341"];
    private static readonly string[] LayerNames = ["C1", "C2", "S1", "S2", "F1", "Hidden", "D1", "Out", "Head", "x"];
    private static readonly string[] OddNames = ["Forward", "Summary", "Device", "Train", "_plan", "@class", "MemoryPlan", "Parameters", "_c1", "_outWeight"];
    private static readonly string[] Activations = ["Relu", "Sigmoid", "Tanh", "Relu6"];
    private static readonly string[] Probabilities = ["0", "0.1", "0.5", "0.9", "1", "-0.5", "2.5", "double.NaN", "0.999999999"];

    /// <summary>The source of model <paramref name="className"/> in namespace Fuzz, one file.</summary>
    public string Next(string className)
    {
        _careful = random.NextDouble() < 0.5;
        _flat = false;
        _block = Chance(0.3) ? "Blk" + className : null;
        var text = new StringBuilder("using Strata;\n\nnamespace Fuzz;\n\n");
        var nested = Mistake(0.01);
        if (nested)
        {
            text.Append("/// <summary>Holds a nested model.</summary>\npublic partial class Outer").Append(className).Append("\n{\n");
        }

        text.Append("/// <summary>A random model.</summary>\n[").Append(ClassAttributes()).Append("]\n");
        text.Append(Mistake(0.02) ? "public class " : Mistake(0.01) ? "public static partial class " : Chance(0.3) ? "internal partial class " : "public partial class ");
        text.Append(className).Append(Mistake(0.01) ? "<T>" : string.Empty).Append("\n{\n");
        var layers = random.Next(0, 7);
        var names = new List<string>();
        for (var i = 0; i < layers; i++)
        {
            text.Append("    ").Append(LayerProperty(names, className)).Append('\n');
        }

        if (Chance(0.05))
        {
            text.Append("    ").Append(OtherMember(names, className)).Append('\n');
        }

        text.Append("}\n");
        if (nested)
        {
            text.Append("}\n");
        }

        if (_block is not null)
        {
            text.Append('\n').Append(Block(_block));
        }

        if (Chance(0.03))
        {
            // A second partial declaration, with a member that may clash with a layer.
            text.Append("\npartial class ").Append(className).Append("\n{\n    ").Append(OtherMember(names, className, constructors: false)).Append("\n}\n");
        }

        return text.ToString();
    }

    private string ClassAttributes()
    {
        var attributes = new List<string> { "Model" };
        if (!Mistake(0.03))
        {
            attributes.Add(Mistake(0.02) ? "Input()" : "Input(" + string.Join(", ", Enumerable.Range(0, Pick(1, 3, 3, 3, 2)).Select(_ => Dimension())) + ")");
        }

        return string.Join(", ", attributes.OrderBy(_ => random.Next()));
    }

    private string Dimension() => Mistake(0.03) ? Extremes[random.Next(Extremes.Length)] : Int(random.Next(_careful ? 6 : 1, 17));

    private string LayerProperty(List<string> names, string className)
    {
        var attributes = new List<string>();
        var kind = _careful && _flat ? new[] { 5, 6, 8, 10 }[random.Next(4)] : _careful ? new[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11 }[random.Next(11)] : random.Next(12);
        _flat |= kind is 5 or 6 or 7 or 11;
        if (Chance(0.12))
        {
            return GraphLayer(names, className);
        }

        if (_block is not null && !_flat && Chance(0.3))
        {
            return BlockUse(names, className);
        }

        if (Chance(0.06))
        {
            return ElementLayer(names, className);
        }

        var (layer, type) = kind switch
        {
            0 or 1 or 2 => (Conv(), "Conv2d"),
            3 => ("MaxPool(" + Window() + ")", "Pool2d"),
            4 => ("AvgPool(" + Window() + (Chance(0.3) ? ", countIncludePad: false" : string.Empty) + ")", "Pool2d"),
            5 or 6 => ((!_flat || Chance(0.6) ? "Flatten, " : string.Empty) + "Dense(" + Size() + (Chance(0.2) ? ", bias: false" : string.Empty) + ")", "Dense"),
            7 => ("Flatten", "Flatten"),
            8 => ("Dropout" + (Chance(0.2) ? string.Empty : "(" + (Mistake(0.15) ? Probabilities[random.Next(Probabilities.Length)] : "0.25") + ")"), "Dropout"),
            10 => ("BatchNorm" + (Chance(0.7) ? string.Empty : Mistake(0.3) ? "(momentum: " + Probabilities[random.Next(Probabilities.Length)] + ", eps: " + Probabilities[random.Next(Probabilities.Length)] + ")" : "(momentum: 0.01)"), "BatchNorm"),
            11 => ("GlobalAvgPool", "GlobalAvgPool"),
            _ => (Chance(0.5) ? "Conv(4, 3), MaxPool(2)" : string.Empty, Chance(0.5) ? "Conv2d" : "Pool2d"),
        };
        if (layer.Length > 0)
        {
            attributes.Add(layer);
        }

        if (kind <= 6 && Chance(0.15))
        {
            attributes.Insert(0, "From(" + Source(names) + ")");
        }

        var activations = kind is 7 or 8 && _careful ? 0 : Chance(0.4) ? 1 : Mistake(0.03) ? 2 : 0;
        for (var a = 0; a < activations; a++)
        {
            attributes.Insert(random.Next(attributes.Count + 1), Activations[random.Next(Activations.Length)]);
        }

        if (attributes.Count == 0)
        {
            attributes.Add(Activations[random.Next(Activations.Length)]);
        }

        if (Mistake(0.03))
        {
            type = new[] { "Conv2d", "Pool2d", "Dense", "Flatten", "Dropout", "BatchNorm", "GlobalAvgPool" }[random.Next(7)];
        }

        var name = Name(names, className);
        var declaration = (_careful ? 3 : random.Next(100)) switch
        {
            0 => $"public {type} {name} {{ get; }}",
            1 => $"public static partial {type} {name} {{ get; }}",
            2 => $"public partial {type} {name} {{ get; set; }}",
            _ => $"{(Chance(0.2) ? "internal" : "public")} partial {type} {name} {{ get; }}",
        };
        return "[" + string.Join(", ", attributes) + "] " + declaration;
    }

    /// <summary>An [Add] or a [Concat] of earlier layers or the input, now and then of a name that does not fit.</summary>
    private string GraphLayer(List<string> names, string className)
    {
        var add = Chance(0.5);
        var count = add ? 2 : Mistake(0.1) ? 1 : random.Next(2, 4);
        var sources = string.Join(", ", Enumerable.Range(0, count).Select(_ => Source(names)));
        var activation = add && Chance(0.4) ? ", " + Activations[random.Next(Activations.Length)] : string.Empty;
        var name = Name(names, className);
        return add
            ? $"[Add({sources}){activation}] public partial Add {name} {{ get; }}"
            : $"[Concat({sources})] public partial Concat {name} {{ get; }}";
    }

    /// <summary>
    /// A [Block] with int and bool parameters whose layers read them through nameof, expressions, StrideFrom and
    /// [When], joined by Add and Concat with the block's input; now and then an expression that does not read or has no
    /// value, a non-partial class or a block that uses itself.
    /// </summary>
    private string Block(string name)
    {
        var text = new StringBuilder("/// <summary>A random block.</summary>\n[Block]\n");
        text.Append(Mistake(0.03) ? "public class " : "public partial class ").Append(name);
        text.Append(Mistake(0.02) ? "(int c, double f, int s = 1)" : "(int c, bool f = false, int s = 1)").Append("\n{\n");
        var layers = new List<string>();
        var count = random.Next(Mistake(0.02) ? 0 : 1, 5);
        for (var i = 0; i < count; i++)
        {
            var layer = "L" + Int(i);
            var previous = layers.Count == 0 ? "Graph.Input" : "nameof(" + layers[random.Next(layers.Count)] + ")";
            var line = random.Next(8) switch
            {
                0 => $"[Conv(nameof(c), 3, pad: 1, StrideFrom = nameof(s)){Activation()}] public partial Conv2d {layer} {{ get; }}",
                1 => $"[Conv({Expression()}, 1){Activation()}] public partial Conv2d {layer} {{ get; }}",
                2 => $"[When({Condition()}), Conv(nameof(c), 1)] public partial Conv2d {layer} {{ get; }}",
                3 => $"[BatchNorm, Relu] public partial BatchNorm {layer} {{ get; }}",
                4 => $"[From(Graph.Input), When(\"!f\"), Conv(Graph.InChannels, 1, GroupsFrom = {(Chance(0.5) ? "Graph.InChannels" : "\"1\"")})] public partial Conv2d {layer} {{ get; }}",
                5 => $"[Add({previous}, Graph.Input){Activation()}] public partial Add {layer} {{ get; }}",
                6 => $"[Concat(Graph.Input, {previous})] public partial Concat {layer} {{ get; }}",
                _ => $"[MaxPool(2, stride: 1)] public partial Pool2d {layer} {{ get; }}",
            };
            text.Append("    ").Append(line).Append('\n');
            layers.Add(layer);
        }

        if (Mistake(0.03))
        {
            text.Append("    /// <summary>Itself.</summary>\n    public ").Append(name).Append(" Again { get; } = new(2);\n");
        }

        return text.Append("}\n").ToString();
    }

    private string Activation() => Chance(0.3) ? ", " + Activations[random.Next(Activations.Length)] : string.Empty;

    /// <summary>An int expression of the block's parameters, or by mistake one that does not read or divides by zero.</summary>
    private string Expression() =>
        Mistake(0.1) ? new[] { "\"cc\"", "\"c +\"", "\"c / (s - s)\"", "\"f\"", "\"\"" }[random.Next(5)]
        : new[] { "nameof(c)", "\"c * 2\"", "\"inChannels\"", "\"f ? c : c + 1\"", "\"(c + s) / 2\"" }[random.Next(5)];

    /// <summary>A bool condition, or by mistake an int.</summary>
    private string Condition() =>
        Mistake(0.1) ? "nameof(c)" : new[] { "nameof(f)", "\"!f\"", "\"c > 2 && s == 1\"", "\"inChannels == c\"" }[random.Next(4)];

    /// <summary>A use of the model's block: one, an array or Blocks.Repeat, now and then without an initializer or with a variable.</summary>
    private string BlockUse(List<string> names, string className)
    {
        var name = Name(names, className);
        string Make() => $"new({Size()}, {(Chance(0.5) ? "true" : "false")}{(Chance(0.3) ? ", s: " + Stride() : string.Empty)})";
        var (type, initializer) = random.Next(Mistake(0.1) ? 5 : 3) switch
        {
            0 => (_block, " = " + Make() + ";"),
            1 => (_block + "[]", " = [" + Make() + ", " + Make() + "];"),
            2 => (_block + "[]", $" = Blocks.Repeat({Int(random.Next(1, 3))}, i => new {_block}({Size()}, i == 0, s: i + 1));"),
            3 => (_block, string.Empty),
            _ => (_block, " = new(System.Environment.ProcessorCount);"),
        };
        return $"/// <summary>A block use.</summary>\n    public {type} {name} {{ get; }}{initializer}";
    }

    /// <summary>
    /// A transposed convolution, a softmax, a layer norm, an adaptive pool, a GELU, or the bridge to a sequence (now and
    /// then followed by a recurrent layer, as in a CRNN), now and then with arguments that do not fit.
    /// </summary>
    private string ElementLayer(List<string> names, string className)
    {
        var name = Name(names, className);
        return random.Next(6) switch
        {
            4 => $"[ToSequence({(Mistake(0.1) ? "(SequenceAxis)(" + Int(random.Next(-1, 4)) + ")" : Chance(0.5) ? "SequenceAxis.Width" : "SequenceAxis.Pixels")})] public partial ToSequence {name} {{ get; }}"
                 + (Chance(0.6) ? "\n    " + RecurrentLayer(names, className) : string.Empty),
            0 => $"[ConvTranspose({Size()}, {Kernel()}, stride: {Stride()}, pad: {Pad()}, outputPadding: {(Mistake(0.2) ? Stride() : "0")})] public partial ConvTranspose2d {name} {{ get; }}",
            1 => $"[Softmax] public partial Softmax {name} {{ get; }}",
            2 => $"[LayerNorm{(Chance(0.7) ? string.Empty : "(eps: " + (Mistake(0.3) ? Probabilities[random.Next(Probabilities.Length)] : "1e-3") + ")")}] public partial LayerNorm {name} {{ get; }}",
            3 => $"[AdaptiveAvgPool({Size()}, {Size()}){(Chance(0.3) ? ", " + Activations[random.Next(Activations.Length)] : string.Empty)}] public partial Pool2d {name} {{ get; }}",
            _ => $"[Gelu] public partial Gelu {name} {{ get; }}",
        };
    }

    /// <summary>A recurrent layer, as a CRNN puts after the bridge.</summary>
    private string RecurrentLayer(List<string> names, string className)
    {
        var kind = new[] { "Lstm", "Gru", "Rnn" }[random.Next(3)];
        var options = (Chance(0.5) ? ", Bidirectional = true" : string.Empty) + (Chance(0.3) ? ", ReturnSequences = false" : string.Empty);
        return $"[{kind}({Size()}{options})] public partial {kind} {Name(names, className)} {{ get; }}";
    }

    /// <summary>What a layer reads by name: an earlier layer or the input, or by mistake a name that is no layer yet.</summary>
    private string Source(List<string> names) =>
        Mistake(0.05) ? "\"Nowhere\""
        : names.Count == 0 || Chance(0.25) ? "Graph.Input"
        : "nameof(" + names[random.Next(names.Count)] + ")";

    /// <summary>A member that is not a layer, possibly named like a layer or a generated member.</summary>
    /// <remarks>The second partial declaration writes no constructor: two of one kind would be the user's own CS0111.</remarks>
    private string OtherMember(List<string> names, string className, bool constructors = true) =>
        "/// <summary>Not a layer.</summary>\n    " + random.Next(constructors ? 4 : 2) switch
    {
        0 => $"public int {Name(names, className)} => 0;",
        1 => $"public int {Name(names, className)}() => 0;",
        2 => $"public {className}(Device device, int seed) {{ _ = device; _ = seed; }}",
        _ => $"public {className}(int seed) : this(Device.Cpu(), seed) {{ }}",
    };

    private string Name(List<string> names, string className)
    {
        string name;
        if (Mistake(0.02))
        {
            name = Chance(0.2) ? "MemoryPlan" : OddNames[random.Next(OddNames.Length)];
        }
        else if (names.Count > 0 && Mistake(0.02))
        {
            name = names[random.Next(names.Count)];
        }
        else
        {
            name = LayerNames[random.Next(LayerNames.Length)] + "_" + Int(names.Count);
        }

        names.Add(name);
        return name;
    }

    private string Conv()
    {
        var text = new StringBuilder("Conv(").Append(Size()).Append(", ").Append(Kernel());
        if (Chance(0.3))
        {
            text.Append(", stride: ").Append(Stride());
        }

        if (Chance(0.3))
        {
            text.Append(", pad: ").Append(Pad());
        }

        if (Chance(0.15))
        {
            text.Append(", bias: false");
        }

        if (Chance(0.1))
        {
            text.Append(", Groups = ").Append(Mistake(0.1) ? Extremes[random.Next(Extremes.Length)] : Int(Pick(1, 2, 3, 4)));
        }

        if (Chance(0.1))
        {
            text.Append(", Dilation = ").Append(Mistake(0.1) ? Extremes[random.Next(Extremes.Length)] : Int(Pick(1, 2, 3)));
        }

        if (Chance(0.1))
        {
            text.Append(", KernelWidth = ").Append(Mistake(0.1) ? Extremes[random.Next(Extremes.Length)] : Int(random.Next(0, 4)));
        }

        return text.Append(')').ToString();
    }

    private string Window()
    {
        var text = new StringBuilder(Kernel());
        if (Chance(0.4))
        {
            text.Append(", stride: ").Append(Chance(0.2) ? "0" : Stride());
        }

        if (Chance(0.25))
        {
            text.Append(", pad: ").Append(Pad());
        }

        return text.ToString();
    }

    private string Size() => Mistake(0.04) ? Extremes[random.Next(Extremes.Length)] : Int(random.Next(1, 9));

    private string Kernel() => Mistake(0.04) ? Extremes[random.Next(Extremes.Length)] : Int(random.Next(1, _careful ? 4 : 5));

    private string Stride() => Mistake(0.05) ? Extremes[random.Next(Extremes.Length)] : Int(random.Next(1, 4));

    private string Pad() => Mistake(0.05) ? Extremes[random.Next(Extremes.Length)] : Int(random.Next(0, _careful ? 2 : 3));

    private int Pick(params int[] values) => values[random.Next(values.Length)];

    private bool Chance(double probability) => random.NextDouble() < probability;

    /// <summary>A deliberate mistake, never in a careful model.</summary>
    private bool Mistake(double probability) => !_careful && Chance(probability);

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);
}
