namespace Strata.IO;

/// <summary>
/// A tensor of a weights file that has the name of one of the model's parameters but cannot fill it: another shape, or
/// a dtype that is not a float type.
/// </summary>
public sealed class ParameterMismatch
{
    internal ParameterMismatch(string name, int[] modelShape, SafeTensor fileTensor)
    {
        Name = name;
        ModelShape = Array.AsReadOnly((int[])modelShape.Clone());
        FileShape = fileTensor.Shape;
        FileDType = fileTensor.DType;
    }

    /// <summary>The state_dict name, e.g. <c>C1.weight</c>.</summary>
    public string Name { get; }

    /// <summary>The parameter's shape in the model.</summary>
    public IReadOnlyList<int> ModelShape { get; }

    /// <summary>The tensor's shape in the file.</summary>
    public IReadOnlyList<long> FileShape { get; }

    /// <summary>The tensor's dtype in the file.</summary>
    public SafeTensorsDType FileDType { get; }

    /// <summary>For example <c>C1.weight: the model has [6, 1, 5, 5], the file F32 [6, 1, 3, 3]</c>.</summary>
    public override string ToString() =>
        $"{Name}: the model has [{string.Join(", ", ModelShape)}], the file {FileDType} [{string.Join(", ", FileShape)}]" +
        (ModelState.IsFloat(FileDType) ? "" : " (not a float type)");
}
