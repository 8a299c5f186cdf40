using Strata.IO;

namespace Strata.Onnx;

/// <summary>
/// Builds a float32 ONNX model (nodes, weights as initializers, inputs and outputs) and serialises it as a
/// ModelProto with a protobuf writer of our own. Field numbers follow onnx/onnx.proto.
/// </summary>
public sealed class OnnxGraph(string name)
{
    private const int FloatElementType = 1;
    private const int Int32ElementType = 6;
    private const long IrVersion = 8;

    private readonly List<ProtoWriter> _nodes = [];
    private readonly List<ProtoWriter> _initializers = [];
    private readonly List<ProtoWriter> _inputs = [];
    private readonly List<ProtoWriter> _outputs = [];

    /// <summary>Declares a float input; a negative dimension is dynamic (named "batch" when it is the first).</summary>
    public void AddInput(string valueName, params int[] dims) => _inputs.Add(ValueInfo(valueName, FloatElementType, dims));

    /// <summary>
    /// Declares an int32 input, such as the sequence_lens of recurrent nodes; a negative dimension is dynamic (named
    /// "batch" when it is the first, so it is the float input's batch).
    /// </summary>
    public void AddInt32Input(string valueName, params int[] dims) => _inputs.Add(ValueInfo(valueName, Int32ElementType, dims));

    /// <summary>Declares a float output; a negative dimension is dynamic.</summary>
    public void AddOutput(string valueName, params int[] dims) => _outputs.Add(ValueInfo(valueName, FloatElementType, dims));

    /// <summary>Adds a constant float tensor (a weight).</summary>
    public void AddInitializer(string valueName, IReadOnlyList<int> dims, ReadOnlySpan<float> values)
    {
        var tensor = new ProtoWriter();
        tensor.WritePackedInt64(1, dims.Select(d => (long)d));
        tensor.WriteInt64(2, FloatElementType);
        tensor.WriteString(8, valueName);
        var raw = new byte[values.Length * sizeof(float)];
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).CopyTo(raw);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian.");
        }

        tensor.WriteBytes(9, raw);
        _initializers.Add(tensor);
    }

    /// <summary>Adds a constant int64 tensor (a shape operand, e.g. Reshape's target shape).</summary>
    public void AddInitializer(string valueName, IReadOnlyList<int> dims, ReadOnlySpan<long> values)
    {
        const int int64ElementType = 7;
        var tensor = new ProtoWriter();
        tensor.WritePackedInt64(1, dims.Select(d => (long)d));
        tensor.WriteInt64(2, int64ElementType);
        tensor.WritePackedInt64(7, values.ToArray());
        tensor.WriteString(8, valueName);
        _initializers.Add(tensor);
    }

    /// <summary>Adds an operator node of the default ONNX domain.</summary>
    public void AddNode(string opType, string[] inputs, string[] outputs, params OnnxAttribute[] attributes)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.WriteString(1, input);
        }

        foreach (var output in outputs)
        {
            node.WriteString(2, output);
        }

        node.WriteString(3, $"{opType}_{_nodes.Count}");
        node.WriteString(4, opType);
        foreach (var attribute in attributes)
        {
            node.WriteMessage(5, Attribute(attribute));
        }

        _nodes.Add(node);
    }

    /// <summary>The serialised ModelProto.</summary>
    public byte[] ToBytes(int opset = 17)
    {
        var graph = new ProtoWriter();
        _nodes.ForEach(n => graph.WriteMessage(1, n));
        graph.WriteString(2, name);
        _initializers.ForEach(t => graph.WriteMessage(5, t));
        _inputs.ForEach(v => graph.WriteMessage(11, v));
        _outputs.ForEach(v => graph.WriteMessage(12, v));

        var opsetImport = new ProtoWriter();
        opsetImport.WriteString(1, "");
        opsetImport.WriteInt64(2, opset);

        var model = new ProtoWriter();
        model.WriteInt64(1, IrVersion);
        model.WriteString(2, "Strata");
        model.WriteMessage(7, graph);
        model.WriteMessage(8, opsetImport);
        return model.ToArray();
    }

    /// <summary>Writes the model to <paramref name="path"/> atomically.</summary>
    public void Save(string path, int opset = 17) => AtomicFile.WriteAllBytes(path, ToBytes(opset));

    private static ProtoWriter ValueInfo(string valueName, int elementType, int[] dims)
    {
        var shape = new ProtoWriter();
        for (var i = 0; i < dims.Length; i++)
        {
            var dimension = new ProtoWriter();
            if (dims[i] >= 0)
            {
                dimension.WriteInt64(1, dims[i]);
            }
            else
            {
                dimension.WriteString(2, i == 0 ? "batch" : $"d{i}");
            }

            shape.WriteMessage(1, dimension);
        }

        var tensorType = new ProtoWriter();
        tensorType.WriteInt64(1, elementType);
        tensorType.WriteMessage(2, shape);

        var type = new ProtoWriter();
        type.WriteMessage(1, tensorType);

        var info = new ProtoWriter();
        info.WriteString(1, valueName);
        info.WriteMessage(2, type);
        return info;
    }

    private static ProtoWriter Attribute(OnnxAttribute attribute)
    {
        const int floatType = 1, intType = 2, stringType = 3, intsType = 7, stringsType = 8;
        var writer = new ProtoWriter();
        writer.WriteString(1, attribute.Name);
        if (attribute.Real is { } real)
        {
            writer.WriteFloat(2, real);
            writer.WriteInt64(20, floatType);
        }
        else if (attribute.Integer is { } integer)
        {
            writer.WriteInt64(3, integer);
            writer.WriteInt64(20, intType);
        }
        else if (attribute.Text is { } text)
        {
            writer.WriteString(4, text);
            writer.WriteInt64(20, stringType);
        }
        else if (attribute.Texts is { } texts)
        {
            foreach (var value in texts)
            {
                writer.WriteString(9, value);
            }

            writer.WriteInt64(20, stringsType);
        }
        else
        {
            foreach (var value in attribute.Integers!)
            {
                writer.WriteInt64(8, value);
            }

            writer.WriteInt64(20, intsType);
        }

        return writer;
    }
}
