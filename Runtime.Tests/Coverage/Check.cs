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

    /// <summary>
    /// For a layer ONNX opset 17 cannot express (an attention-GRU): the export refuses the model with the reason,
    /// instead of writing a wrong graph. It stands in for <see cref="Onnx"/>, and only for the layers in
    /// LayerCoverageTests.WithoutOnnxForm.
    /// </summary>
    OnnxRefused,
}
