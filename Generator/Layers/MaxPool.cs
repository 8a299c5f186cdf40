using Strata.Generator.Emit;
using Strata.Generator.Model;

namespace Strata.Generator.Layers
{
    /// <summary><c>[MaxPool(kernel, stride: kernel, pad: 0)]</c>, PyTorch's <c>nn.MaxPool2d</c>; padding counts as −∞.</summary>
    internal sealed class MaxPool : Pooling
    {
        public static readonly MaxPool Definition = new();

        public override LayerKind Kind => LayerKind.MaxPool;

        public override string Name => "MaxPool";

        protected override string ForwardCall(OpWriter w, string geometry) => $"MaxForward({geometry}, {w.X}, {w.Y})";

        /// <summary>Each input element gathers the gradients of the windows whose first maximum it is.</summary>
        protected override string BackwardCall(OpWriter w, string geometry) => $"MaxBackward({geometry}, {w.X}, {w.GradY}, {w.GradX})";

        protected override (string OpType, string[] Attributes) OnnxOperator(PoolArgs args) => ("MaxPool", new string[0]);

        public override string Example => "MaxPool(2)";
    }
}
