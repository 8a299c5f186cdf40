using Strata.Generator.Model;

namespace Strata.Generator.Layers
{
    /// <summary><c>[MaxPool(kernel, stride: kernel, pad: 0)]</c>, PyTorch's <c>nn.MaxPool2d</c>; padding counts as −∞.</summary>
    internal sealed class MaxPool : Pooling
    {
        public static readonly MaxPool Definition = new();

        public override LayerKind Kind => LayerKind.MaxPool;

        public override string Name => "MaxPool";

        public override string Example => "MaxPool(2)";
    }
}
