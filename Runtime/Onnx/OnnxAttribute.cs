namespace Strata.Onnx;

/// <summary>A node attribute of an ONNX graph: an int, a float, a string, or a list of ints or strings.</summary>
public sealed record OnnxAttribute
{
    private OnnxAttribute(string name, long? integer = null, float? real = null, long[]? integers = null, string? text = null, string[]? texts = null)
    {
        Name = name;
        Integer = integer;
        Real = real;
        Integers = integers;
        Text = text;
        Texts = texts;
    }

    /// <summary>The attribute name, e.g. <c>kernel_shape</c>.</summary>
    public string Name { get; }

    internal long? Integer { get; }

    internal float? Real { get; }

    internal long[]? Integers { get; }

    internal string? Text { get; }

    internal string[]? Texts { get; }

    /// <summary>An INT attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, integer: value);

    /// <summary>A FLOAT attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new(name, real: value);

    /// <summary>An INTS attribute.</summary>
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, integers: values);

    /// <summary>A STRING attribute, e.g. an RNN's <c>direction</c>.</summary>
    public static OnnxAttribute String(string name, string value) => new(name, text: value);

    /// <summary>A STRINGS attribute, e.g. an RNN's <c>activations</c>.</summary>
    public static OnnxAttribute Strings(string name, params string[] values) => new(name, texts: values);
}
