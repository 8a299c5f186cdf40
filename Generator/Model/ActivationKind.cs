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
    }
}
