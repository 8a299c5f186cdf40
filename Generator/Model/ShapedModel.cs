namespace Strata.Generator.Model
{
    /// <summary>A model whose every shape fits: the input to the generator's lowering pass.</summary>
    internal sealed record ShapedModel(string? Namespace, string ClassName, Shape Input, EquatableArray<ShapedLayer> Layers)
    {
        public Shape Output => Layers[Layers.Count - 1].Output;
    }
}
