namespace Strata.Runtime.Tests.Coverage;

/// <summary>The three oracles every layer and activation needs (DESIGN.md, "Correctness oracles").</summary>
public enum Check
{
    /// <summary>The forward pass agrees with ONNX Runtime on the exported model.</summary>
    Onnx,

    /// <summary>The backward pass agrees with central finite differences on a float64 reference.</summary>
    Gradient,

    /// <summary>The generated GPU kernels compile to PTX.</summary>
    Ptx,
}
