using System;

namespace Strata
{
    /// <summary>
    /// GELU, x·Φ(x) with Φ the standard normal CDF, as PyTorch's <c>nn.GELU()</c> (the exact form, not the tanh
    /// approximation), element by element, the shape unchanged: <c>[Gelu] public partial Gelu Act { get; }</c>. Exported
    /// to ONNX (opset 17) as 0.5·x·(1 + Erf(x / √2)).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class GeluAttribute : LayerAttribute
    {
    }
}
