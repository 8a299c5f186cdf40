using System;

namespace Strata
{
    /// <summary>
    /// Softmax over features (vectors, and each step of a sequence) or over channels at each pixel (images), as
    /// PyTorch's <c>nn.Softmax(dim=1)</c> (dim=-1 for sequences), in training and in evaluation, exported as ONNX
    /// Softmax: <c>[Softmax] public partial Softmax Probabilities { get; }</c>. Train with <c>SoftmaxCrossEntropy</c> on
    /// the logits before it, not on its output: the <c>Trainer</c> refuses a model that ends in a softmax.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property, Inherited = false)]
    public sealed class SoftmaxAttribute : LayerAttribute
    {
    }
}
