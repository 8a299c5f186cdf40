using System.Text;
using Strata.Generator.Emit;
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

        protected override string ForwardCall(OpWriter w, string geometry) =>
            $"AvgForward({geometry}, {CountIncludePad(w)}, {w.X}, {w.Y})";

        protected override string BackwardCall(OpWriter w, string geometry) =>
            $"AvgBackward({geometry}, {CountIncludePad(w)}, {w.GradY}, {w.GradX})";

        protected override (string OpType, string[] Attributes) OnnxOperator(PoolArgs args) =>
            ("AveragePool", new[] { OnnxWriter.IntAttribute("count_include_pad", args.CountIncludePad ? 1 : 0) });

        public override string Example => "AvgPool(2)";

        private static string CountIncludePad(OpWriter w) => ((PoolArgs)w.Op.Args).CountIncludePad ? "true" : "false";

        protected override void AppendDetails(StringBuilder text, ShapedLayer layer)
        {
            if (layer.Pad > 0 && !layer.Spec.CountIncludePad)
            {
                text.Append(", padding not counted");
            }
        }
    }
}
