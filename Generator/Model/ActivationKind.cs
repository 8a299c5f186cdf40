namespace Strata.Generator.Model
{
    /// <summary>The activation fused into a layer's epilogue; <see cref="Identity"/> when the property has none.</summary>
    internal enum ActivationKind
    {
        Identity,
        Relu,
        Sigmoid,
        Tanh,
        Relu6,

        /// <summary>max(x, 0) + slope · min(x, 0), PyTorch's LeakyReLU; not fused, but an in-place pass after its layer.</summary>
        LeakyRelu,
    }
}
