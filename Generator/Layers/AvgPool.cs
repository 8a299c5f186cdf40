using System.Text;
using Strata.Generator.Model;

namespace Strata.Generator.Layers
{
    /// <summary>
    /// <c>[AvgPool(kernel, stride: kernel, pad: 0, countIncludePad: true)]</c>, PyTorch's <c>nn.AvgPool2d</c>:
    /// with countIncludePad false, a window's padded elements are left out of its divisor.
    /// </summary>
    internal sealed class AvgPool : Pooling
    {
        public static readonly AvgPool Definition = new();

        public override LayerKind Kind => LayerKind.AvgPool;

        public override string Name => "AvgPool";

        public override string Example => "AvgPool(2)";

        protected override void AppendDetails(StringBuilder text, ShapedLayer layer)
        {
            if (layer.Pad > 0 && !layer.Spec.CountIncludePad)
            {
                text.Append(", padding not counted");
            }
        }
    }
}
