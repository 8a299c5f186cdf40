namespace Strata.Onnx;

/// <summary>A node attribute of an ONNX graph: an int, a float or a list of ints.</summary>
public sealed record OnnxAttribute
{
    private OnnxAttribute(string name, long? integer, float? real, long[]? integers)
    {
        Name = name;
        Integer = integer;
        Real = real;
        Integers = integers;
    }

    /// <summary>The attribute name, e.g. <c>kernel_shape</c>.</summary>
    public string Name { get; }

    internal long? Integer { get; }

    internal float? Real { get; }

    internal long[]? Integers { get; }

    /// <summary>An INT attribute.</summary>
    public static OnnxAttribute Int(string name, long value) => new(name, value, null, null);

    /// <summary>A FLOAT attribute.</summary>
    public static OnnxAttribute Float(string name, float value) => new(name, null, value, null);

    /// <summary>An INTS attribute.</summary>
    public static OnnxAttribute Ints(string name, params long[] values) => new(name, null, null, values);
}
